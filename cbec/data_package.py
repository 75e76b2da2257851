"""datapackage.json, the schema of every table: reading it, and validating the tables against it with
frictionless-py, each error raised as a DataError on the physical line of its cell. Also the partial
dates (YYYY, YYYY-MM, YYYY-MM-DD) a pattern accepts but the calendar does not."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import fields
from pathlib import Path
from typing import Any

from .csv_rows import Rows
from .data_error import DataError, display_path
from .records import TABLES, Table
from .symlinks import refusal

PACKAGE = "datapackage.json"


def read_package(data_dir: Path) -> dict[str, Any]:
    """datapackage.json as a dict, with the resources each table needs."""
    path = data_dir / PACKAGE
    if problem := refusal(path, data_dir, display_path(path)):
        raise DataError(path, 0, problem)
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(path, 0, "file is missing (the schema of every table)") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise DataError(path, getattr(e, "lineno", 0), f"not valid JSON: {e}") from None
    for t in TABLES.values():
        res = next((r for r in package.get("resources", []) if r.get("name") == t.resource), None)
        if res is None:
            raise DataError(path, 0, f"no resource named '{t.resource}' (for {t.file})")
        have = {f.get("name") for f in res.get("schema", {}).get("fields", [])}
        lacking = [f.name for f in fields(t.record) if f.name != "line" and f.name not in have]
        if lacking:
            raise DataError(
                path, 0, f"resource '{t.resource}' lacks field(s) the site reads: {', '.join(lacking)}"
            )
    return dict(package)


def resource(package: dict[str, Any], table: Table) -> dict[str, Any]:
    return next(r for r in package["resources"] if r["name"] == table.resource)


# --- validation by frictionless-py against datapackage.json


_PATTERN_REASONS = {  # what a pattern constraint means, by the field's kind (see datapackage.json)
    "id": "is not a source id: ids must be lower case, with letters a-z, digits and '-'",
    "ids": (
        "is not a ';'-separated list of source ids: ids must be lower case, with letters a-z, digits and '-', "
        "and no spaces"
    ),
    "key": "is not a key: keys must be lower case, with letters a-z, digits, '-' and '_'",
    "date": "is not a date (YYYY, YYYY-MM, YYYY-MM-DD or n.d.)",
    "url": "is not an http(s) URL (no spaces, quotes, '<' or '>')",
}
_TYPE_REASONS = {
    "integer": "is not a whole number",
    "year": "is not a year (four ASCII digits)",
    "number": "is not a number (use digits and a '.', no units or separators)",
    "date": "is not a date (YYYY-MM-DD)",
    "string": "is not an http(s) URL",
}


def _kind(pattern: str) -> str:
    if ";" in pattern:
        return "ids"
    if "https?" in pattern:
        return "url"
    if "[0-9]{4}" in pattern:
        return "date"
    return "key" if "_" in pattern else "id"


def _reason(error: Any, field: dict[str, Any]) -> str:
    cell = error.cell
    if error.type == "type-error":
        return f"'{cell}' {_TYPE_REASONS.get(field['type'], 'is not of type ' + field['type'])}"
    c = field.get("constraints", {})
    m = re.match(r'constraint "(\w+)"', error.note)
    constraint = m.group(1) if m else ""
    if constraint == "required":
        return "is empty but required"
    if constraint == "enum":
        return f"'{cell}' is not one of {', '.join(map(str, c['enum']))}"
    if constraint == "pattern":
        return f"'{cell}' {_PATTERN_REASONS[_kind(c['pattern'])]}"
    if constraint in ("minimum", "maximum"):
        unit = f" {field['unit']}" if field.get("unit") else ""
        band = f"{c.get('minimum', '…')} to {c.get('maximum', '…')}{unit}"
        side = "below" if constraint == "minimum" else "above"
        return f"{cell} is {side} the plausible range {band} (set in datapackage.json)"
    return str(error.note or error.message)


# What frictionless found valid in this process, by content: descriptors, and resources (descriptor and
# file bytes). Frictionless takes about 0.4 s per package, most of a load: `mkdocs serve` reloads the
# tables on every change, and the tests load the same or one-table-changed data hundreds of times. So
# only the resources not seen valid are validated; failures are never remembered (they raise).
_VALID: set[str] = set()


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big") + part)
    return h.hexdigest()


def _resource_key(data_dir: Path, package: dict[str, Any], res: Any) -> str | None:
    """The digest of a resource's descriptor and file (and the package's own properties), or None when it
    is not a plain readable file in ``data_dir`` or names other resources (foreign keys: valid only
    together with them)."""
    name = res.get("path") if isinstance(res, dict) else None
    if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith("."):
        return None
    if "foreignKeys" in (res.get("schema") or {}):
        return None
    try:
        content = (data_dir / name).read_bytes()
    except OSError:
        return None
    own = {k: v for k, v in package.items() if k != "resources"}
    return _digest(json.dumps([own, res], sort_keys=True).encode(), content)


def validate(data_dir: Path, package: dict[str, Any], tables: dict[str, Rows]) -> None:
    """Run frictionless-py over the package (the parts not already seen valid); raise the first error as
    a DataError on its physical line."""
    descriptor = _digest(json.dumps(package, sort_keys=True).encode())
    if descriptor not in _VALID:
        _check_descriptor(data_dir, package)
    resources = package.get("resources")
    if not isinstance(resources, list):
        _validate_tables(data_dir, package, tables)
        return
    keys = [_resource_key(data_dir, package, r) for r in resources]
    if None in keys:  # not plain files, or foreign keys: the whole package, nothing remembered
        _validate_tables(data_dir, package, tables)
        return
    todo = [r for r, k in zip(resources, keys) if k not in _VALID]
    if todo:  # without foreign keys, frictionless validates each resource on its own
        _validate_tables(data_dir, {**package, "resources": todo}, tables)
    # frictionless read the files again: remember only those still as they were hashed (an editor may
    # save one meanwhile, under `mkdocs serve`)
    after = [_resource_key(data_dir, package, r) for r in resources]
    _VALID.update([descriptor, *(k for k, a in zip(keys, after) if k and k == a)])


def _check_descriptor(data_dir: Path, package: dict[str, Any]) -> None:
    from frictionless import Package  # imported here: ~0.3 s, only needed once the files are readable

    report = Package.validate_descriptor(package)
    if not report.valid:
        raise DataError(
            data_dir / PACKAGE,
            0,
            "is not a valid Data Package: " + "; ".join(e.message for e in report.errors),
        )


def _validate_tables(data_dir: Path, package: dict[str, Any], tables: dict[str, Rows]) -> None:
    from frictionless import Package

    path = data_dir / PACKAGE
    try:
        report = Package(package, basepath=str(data_dir)).validate()
    except (
        Exception
    ) as e:  # a schema frictionless accepts but cannot apply, e.g. a minimum that is not a number
        raise DataError(
            path, 0, f"frictionless could not apply this schema ({type(e).__name__}: {e})"
        ) from None
    if report.valid:
        return
    by_resource = {t.resource: t for t in TABLES.values()}
    for task in report.tasks:
        if task.valid or task.name not in by_resource:
            continue
        rows = tables[task.name]
        schema = {f["name"]: f for f in resource(package, by_resource[task.name])["schema"]["fields"]}
        error = min(task.errors, key=lambda e: getattr(e, "row_number", 0) or 0)
        row_number = getattr(error, "row_number", None)  # 1 is the header, 2 the first row
        line = rows.lines[row_number - 2] if row_number and row_number >= 2 else 1
        field_name = getattr(error, "field_name", None)
        if error.type == "primary-key":
            key = resource(package, by_resource[task.name])["schema"]["primaryKey"]
            idx = [rows.header.index(k) for k in key]
            values = [rows.rows[(row_number or 2) - 2][i] for i in idx]
            first = next(ln for r, ln in zip(rows.rows, rows.lines) if [r[i] for i in idx] == values)
            shown = ", ".join(f"{k}={v}" for k, v in zip(key, values))
            raise DataError(rows.path, line, f"duplicate key ({shown}); first seen on line {first}")
        if field_name in schema and error.type in ("type-error", "constraint-error"):
            raise DataError(rows.path, line, _reason(error, schema[field_name]), field_name)
        if row_number is None and not hasattr(error, "label"):  # about the schema, not the file
            raise DataError(path, 0, f"resource '{task.name}': {error.message}")
        raise DataError(rows.path, line, error.message)
    raise DataError(path, 0, "; ".join(e.message for e in report.errors) or "is not valid")


_PARTIAL_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")


DATE_BAND = (1990, 2100)  # years, as the tables' year columns
FUTURE_ALLOWED = {("events.csv", "date")}  # a rule announced now may take effect later


def today() -> dt.date:
    """The latest date a published or accessed date may have: today (UTC) plus a day for time zones."""
    return dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)


def check_partial_dates(rows: Rows, schema: dict[str, Any]) -> None:
    """A date is a day of the calendar ('2021-02-30' matches YYYY-MM-DD and is not), within 1990-2100,
    not in the future (a source dated 2099 misdated every citation), and a source was published no later
    than it was accessed."""
    names = [f["name"] for f in schema["fields"]]
    for i, f in enumerate(schema["fields"]):
        partial = "[0-9]{4}" in f.get("constraints", {}).get("pattern", "")
        if not partial and f.get("type") != "date":
            continue
        for row, line in zip(rows.rows, rows.lines):
            m = _PARTIAL_DATE.fullmatch(row[i])
            if not m:
                continue
            try:
                first = dt.date(int(m[1]), int(m[2] or 1), int(m[3] or 1))
            except ValueError as e:
                raise DataError(rows.path, line, f"'{row[i]}' is not a valid date ({e})", f["name"]) from None
            if not DATE_BAND[0] <= first.year <= DATE_BAND[1]:
                raise DataError(
                    rows.path,
                    line,
                    f"'{row[i]}' is outside {DATE_BAND[0]}-{DATE_BAND[1]}, the years the site covers",
                    f["name"],
                )
            if first > today() and (rows.path.name, f["name"]) not in FUTURE_ALLOWED:
                raise DataError(rows.path, line, f"'{row[i]}' is in the future", f["name"])
            if f["name"] == "date_published" and "date_accessed" in names:
                accessed = row[names.index("date_accessed")]
                if _PARTIAL_DATE.fullmatch(accessed) and row[i] > accessed:
                    raise DataError(
                        rows.path,
                        line,
                        f"'{row[i]}' is after date_accessed '{accessed}': a source cannot be published after "
                        "it was read",
                        f["name"],
                    )
