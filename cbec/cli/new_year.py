"""The mechanical part of the yearly update, when customs publishes a new year (CONTRIBUTING.md).

Usage: python -m cbec.cli.new_year YEAR [--date YYYY-MM-DD] [--data DIR]
       (make new-year YEAR=2026 [DATE=2027-01-20]: DATE for a back-dated release, today or earlier)

1. Lists the yearly tables (every resource in datapackage.json with a ``year`` column) that have
   no row for YEAR yet; for cbec_annual.csv it looks for the broad first release.
2. Raises the data version (the release date, YYYY.MM.DD) and its date in data/datapackage.json
   (``version``, ``created``) and CITATION.cff (``version``, ``date-released``) together. Only those
   lines change, so the files keep their layout.
3. Prints the checklist of what only a person can do.

It never writes a figure: the rows and their sources are for the person reading customs' release.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

from ..data import DATA_DIR, PACKAGE, DataError, read_package

ROOT = DATA_DIR.parent
CHECKLIST = """\
What only a person can do (CONTRIBUTING.md, "When customs publishes a new year"):
  [ ] data/cbec_annual.csv: add {year},broad,prelim (customs' January release: total, growth, exports and
      imports if given), citing the release; if last year's revised figure came out, add {prev},broad,revised
  [ ] data/goods_trade.csv: add {year} (total, exports, imports and their growth), from customs' release
  [ ] data/fx_annual.csv: add {year} when the Federal Reserve publishes its annual average (G.5A, early January);
      if the row cites the FRED copy (origin 'copy' in sources.csv), name {year} where the years from it are
      listed: fx_annual's description in data/datapackage.json (en, zh) and that source's used_for (en, zh)
  [ ] data/sources.csv: one row per new source (publisher, title, date published, URL, date accessed, confidence)
  [ ] rate each new row (confidence): a weak row is shown flagged but never becomes "the latest"
  [ ] docs/: nothing to edit for the year itself (pages say latest(), charts use the same rule); read the
      Home and Context pages in both languages and check the words still fit the new figures
  [ ] make test-fast, then make build, and look at the Home, Context and chart pages
"""


def yearly_tables(data_dir: Path) -> list[tuple[str, list[dict[str, Any]]]]:
    """(CSV file, rows) of every resource with a ``year`` column."""
    out = []
    for res in read_package(data_dir)["resources"]:
        if any(f["name"] == "year" for f in res["schema"]["fields"]):
            with (data_dir / res["path"]).open(encoding="utf-8", newline="") as f:
                out.append((res["path"], list(csv.DictReader(f))))
    return out


def missing(data_dir: Path, year: int) -> list[str]:
    """The yearly tables with no row for ``year`` (cbec_annual.csv: no broad first release)."""
    lacking = []
    for name, rows in yearly_tables(data_dir):
        mine = [r for r in rows if r["year"] == str(year)]
        if "vintage" in (rows[0] if rows else {}):
            mine = [r for r in mine if (r["scope"], r["vintage"]) == ("broad", "prelim")]
        if not mine:
            lacking.append(name)
    return lacking


def _set(path: Path, pattern: str, value: str) -> None:
    """Replace the one line matching ``pattern`` (group 1 kept, group 2 replaced by ``value``)."""
    text = path.read_text(encoding="utf-8")
    new, n = re.subn(pattern, lambda m: m.group(1) + value + m.group(3), text, count=1, flags=re.M)
    if n != 1:
        raise SystemExit(f"{path}: found no line matching {pattern!r}; edit the version by hand")
    path.write_text(new, encoding="utf-8")


def bump_version(data_dir: Path, citation: Path, day: dt.date) -> str:
    """The data version becomes the release date, in both files; returns it."""
    version = day.strftime("%Y.%m.%d")
    package = data_dir / PACKAGE
    _set(package, r'^(\s*"version": ")([^"]*)(",?)$', version)
    _set(package, r'^(\s*"created": ")([^"]*)(",?)$', f"{day.isoformat()}T00:00:00Z")
    _set(citation, r'^(version: ")([^"]*)(")$', version)
    _set(citation, r'^(date-released: ")([^"]*)(")$', day.isoformat())
    return version


ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def release_date(text: str, today: dt.date, current: dt.date | None = None) -> dt.date:
    """The ``--date`` of a back-dated release: YYYY-MM-DD, a real day, not after ``today`` and not before
    ``current``, the day of the data version it replaces (a version is its date: it only moves on)."""
    try:
        day = dt.date.fromisoformat(text) if ISO_DATE.match(text) else None
    except ValueError as e:
        raise ValueError(f"DATE {text!r} is not a day of the calendar ({e})") from None
    if day is None:
        raise ValueError(f"DATE must be YYYY-MM-DD, e.g. DATE=2027-01-20, not {text!r}")
    if day > today:
        raise ValueError(
            f"DATE {text} is in the future (today is {today.isoformat()}): a release is dated when it is made"
        )
    if current is not None and day < current:
        raise ValueError(
            f"DATE {text} is before the current data version's date ({current.isoformat()}): "
            "a new version cannot be older than the one it replaces"
        )
    return day


def version_date(data_dir: Path) -> dt.date | None:
    """The day of the data version now in ``data_dir`` (datapackage.json's created), if it gives one."""
    created = read_package(data_dir).get("created")
    try:
        return dt.date.fromisoformat(created[:10]) if isinstance(created, str) else None
    except ValueError:
        return None


def main(argv: list[str] | None = None, today: dt.date | None = None) -> int:
    """``today``: the day the routine runs (a test may play a later day)."""
    today = today or dt.date.today()
    ap = argparse.ArgumentParser(prog="make new-year YEAR=… [DATE=…]", description=__doc__.split("\n")[0])
    ap.add_argument("year", type=int)
    ap.add_argument(
        "--date",
        default=today.isoformat(),
        help="the date of the new data version, YYYY-MM-DD, today or earlier (default: today)",
    )
    ap.add_argument("--data", type=Path, default=DATA_DIR)
    ap.add_argument("--citation", type=Path, default=ROOT / "CITATION.cff")
    ap.add_argument("--force", action="store_true", help="accept a year older than the tables' newest")
    args = ap.parse_args(argv)
    if not 1990 <= args.year <= 2100:
        print(
            f"YEAR must be between 1990 and 2100 (as in datapackage.json), not {args.year}", file=sys.stderr
        )
        return 2
    try:
        day = release_date(args.date, today, version_date(args.data))
    except (DataError, ValueError) as e:
        print(f"Nothing changed: {e}", file=sys.stderr)
        return 2
    try:
        newest = max(
            (
                int(r["year"])
                for _, rows in yearly_tables(args.data)
                for r in rows
                if r.get("year", "").isdigit()
            ),
            default=None,
        )
    except (DataError, OSError, ValueError, KeyError) as e:
        print(f"Nothing changed: {e}", file=sys.stderr)
        return 2
    if newest is not None and args.year < newest and not args.force:
        print(
            f"Nothing changed: {args.year} is older than the newest year in the tables ({newest}); "
            "a new year comes after it (--force to raise the data version anyway)",
            file=sys.stderr,
        )
        return 2
    lacking = missing(args.data, args.year)
    print(f"Tables without a {args.year} row: {', '.join(lacking) if lacking else 'none'}")
    old = read_package(args.data).get("version", "?")
    version = bump_version(args.data, args.citation, day)
    if version == old:  # the version is the release date: a second release on one day keeps it
        print(f"Data version already {version} (that date) in {args.data / PACKAGE} and {args.citation}")
    else:
        print(f"Data version {old} -> {version} in {args.data / PACKAGE} and {args.citation}")
    print(CHECKLIST.format(year=args.year, prev=args.year - 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
