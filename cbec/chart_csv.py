"""A chart's data as a CSV download (one file serves both languages, one set of column names, documented
on the Sources page) and as the cells and headers of the table on its page."""

from __future__ import annotations

import csv
import io

from .chart_labels import CODES, COLUMN_CODES
from .charts import CHARTS, ChartSpec, column_docs
from .fmt import mark, num
from .text_out import html_text as escape


def column_table(lang: str) -> str:
    """Every CSV column of the charts and what it holds (from each chart's words.yaml), in chart order."""
    head = "<th>列名</th><th>含义</th>" if lang == "zh" else "<th>Column</th><th>What it holds</th>"
    docs: dict[str, str] = {}
    for chart_id in CHARTS:
        for c, d in column_docs(chart_id).items():
            if lang in d:  # columns of the page table only (no meaning) are not in the CSVs
                docs.setdefault(c, d[lang])
    docs["sources"] = docs.pop("sources")  # every CSV ends with it
    rows = "".join(f"<tr><td><code>{c}</code></td><td>{escape(d)}</td></tr>" for c, d in docs.items())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def figure_csv(spec: ChartSpec) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(spec.columns)
    for (
        row
    ) in spec.rows:  # numbers as the source writes them: 16, not 16.0 (weak ones are flagged in 'confidence')
        writer.writerow(
            "" if v is None else int(v) if isinstance(v, float) and v.is_integer() else inert(v) for v in row
        )
    return out.getvalue()


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: object) -> object:
    """A text cell that a spreadsheet would read as a formula gets a leading ' (OWASP's advice for CSV
    downloads); numbers and other text are written as they are. The tables refuse such cells already
    (cbec/data_rules.py): this covers text a chart writes itself."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        try:
            float(value)
        except ValueError:
            return "'" + value
    return value


def cell(v: object, lang: str, column: str = "") -> str:
    if v is None or v == "":
        return "\u2013"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if isinstance(v, int) and 1900 < v < 2100:
            return str(v)
        return escape(mark(v, num(v), lang))  # a weakly sourced value carries its flag in the table too
    codes = (COLUMN_CODES[column].get(lang) or {}) if column in COLUMN_CODES else CODES[lang]
    return escape(codes.get(str(v), str(v)))


def header(chart_id: str, col: str, lang: str) -> str:
    return column_docs(chart_id)[col].get("header_zh", col) if lang == "zh" else col.replace("_", " ")
