"""Numbers that remember a weak source, so no page or chart can print one without saying so.

A row rated ``weak`` (one low-quality or untraceable source) keeps its numbers as ``Weak`` floats.
They behave as floats, but arithmetic on them stays ``Weak`` (a share or a ratio computed from a
weak figure is as weak as its input), and every formatter in ``fmt`` appends a visible marker.
Chart headlines refuse them outright (``headline``): a weak figure may be shown and flagged, but
never lead. This is why the flag lives in the value rather than in each page: a new page or chart
cannot forget it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # at run time values.py imports no table code: the loader stays unaware of flags
    from .records import Dataset, Record

R = TypeVar("R", bound="Record")


class Weak(float):
    """A float from a weakly sourced row; ``where`` names the row (file:line) for error messages."""

    where: str = ""

    def __new__(cls, value: float, where: str = "") -> Weak:
        obj = super().__new__(cls, value)
        obj.where = where
        return obj

    def _wrap(self, result: Any, other: Any = None) -> Any:
        if (
            isinstance(result, float) and result == result
        ):  # keep NaN out of it; ints from // stay floats here
            where = self.where or (other.where if isinstance(other, Weak) else "")
            return Weak(result, where)
        return result

    def __add__(self, o: Any) -> Any:
        return self._wrap(float(self) + float(o), o)  # noqa: E704

    def __radd__(self, o: Any) -> Any:
        return self._wrap(float(o) + float(self), o)  # noqa: E704

    def __sub__(self, o: Any) -> Any:
        return self._wrap(float(self) - float(o), o)  # noqa: E704

    def __rsub__(self, o: Any) -> Any:
        return self._wrap(float(o) - float(self), o)  # noqa: E704

    def __mul__(self, o: Any) -> Any:
        return self._wrap(float(self) * float(o), o)  # noqa: E704

    def __rmul__(self, o: Any) -> Any:
        return self._wrap(float(o) * float(self), o)  # noqa: E704

    def __truediv__(self, o: Any) -> Any:
        return self._wrap(float(self) / float(o), o)  # noqa: E704

    def __rtruediv__(self, o: Any) -> Any:
        return self._wrap(float(o) / float(self), o)  # noqa: E704

    def __neg__(self) -> Weak:
        return Weak(-float(self), self.where)  # noqa: E704

    def __abs__(self) -> Weak:
        return Weak(abs(float(self)), self.where)  # noqa: E704

    def __round__(self, ndigits: Any = None) -> Any:
        r = round(float(self), ndigits)
        return Weak(r, self.where) if ndigits is not None else r

    def __repr__(self) -> str:  # JSON and CSV output stay plain numbers
        return float.__repr__(self)


def is_weak(*values: Any) -> bool:
    return any(isinstance(v, Weak) for v in values)


class WeakHeadline(ValueError):
    """A chart or card tried to lead with a weakly sourced number."""


def headline(*values: Any, what: str) -> None:
    """Refuse weak values in a headline: they may be shown, flagged, but never lead."""
    weak = [v for v in values if isinstance(v, Weak)]
    if weak:
        raise WeakHeadline(
            f"{weak[0].where}: {what} would lead with {float(weak[0]):g}, which rests on a weak source; "
            "a weak figure may be shown with its flag but never in a headline"
        )


NUMERIC = (int, float)


def flag_record(rec: R, where: str) -> R:
    """The record with every float field made ``Weak`` (ints such as years stay as they are,
    except counts, which are floats-as-ints only where the table says so)."""
    changes: dict[str, Any] = {}  # field -> its Weak value (Any: the fields are of whichever record this is)
    firm = set(getattr(rec, "firm_fields", "").split(";"))  # confirmed by a better source (pilot_zones.csv)
    for f in dataclasses.fields(rec):
        v = getattr(rec, f.name)
        if f.name in ("line", "year", "batch", "order") or f.name in firm:
            continue
        if isinstance(v, float) or (
            isinstance(v, int) and not isinstance(v, bool) and f.name in COUNT_FIELDS
        ):
            changes[f.name] = Weak(v, where)
    return dataclasses.replace(rec, **changes) if changes else rec


COUNT_FIELDS = {"zones_added", "zones_revoked", "cumulative"}


def flag_weak(ds: Dataset) -> Dataset:
    """The dataset with every number of a weakly sourced row made ``Weak``."""
    from .data import TABLES, display_path  # the loader stays unaware of presentation concerns

    def flagged(rows: list[R], table: str) -> list[R]:
        path = display_path(ds.data_dir / TABLES[table].file)
        return [
            flag_record(r, f"{path}:{r.line}") if getattr(r, "confidence", "") == "weak" else r for r in rows
        ]

    facts = dict(zip(ds.facts, flagged(list(ds.facts.values()), "facts")))
    return dataclasses.replace(
        ds, cbec=flagged(ds.cbec, "cbec"), zones=flagged(ds.zones, "zones"), facts=facts
    )
