"""Turn a ChartSpec into what the site serves: the figure block (HTML), its JSON and its CSV."""
from __future__ import annotations

import csv
import io
import json
from html import escape

import plotly.io as pio

from .data import Dataset, Source
from .figures import ChartSpec
from .fmt import num

CHART_DIR = "assets/charts"
DOWNLOAD_DIR = "downloads"


def json_path(chart_id: str) -> str:
    return f"{CHART_DIR}/{chart_id}.json"


def csv_path(chart_id: str) -> str:
    return f"{DOWNLOAD_DIR}/{chart_id}.csv"


def figure_json(spec: ChartSpec, ds: Dataset) -> str:
    """Figure JSON without template or uids (deterministic, small); plus what the PNG export prints."""
    fig = json.loads(pio.to_json(spec.figure, validate=True, remove_uids=True, engine="json"))
    fig["layout"].pop("template", None)
    fig["image"] = {
        "title": spec.title,
        "subtitle": spec.subtitle,
        "source": "Source: " + "; ".join(_short(ds.sources[s]) for s in spec.source_ids[:4])
                  + ("; and others" if len(spec.source_ids) > 4 else "") + ". Chart: China cross-border e-commerce explainer",
        "filename": spec.id,
    }
    return json.dumps(fig, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def figure_csv(spec: ChartSpec) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(spec.columns)
    for row in spec.rows:
        writer.writerow("" if v is None else v for v in row)
    return out.getvalue()


def _short(s: Source) -> str:
    return f"{s.publisher}, {_date(s.date_published)}"


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def _date(d: str) -> str:
    """'2021-09-08' -> '8 Sep 2021'; '2022-11' -> 'Nov 2022'; 'n.d.' -> 'undated'."""
    if d == "n.d.":
        return "undated"
    parts = d.split("-")
    if len(parts) == 1:
        return parts[0]
    month = MONTHS[int(parts[1]) - 1]
    return f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"


def short_publisher(s: Source) -> str:
    """'CGTN (citing the General Administration of Customs)' -> 'CGTN': the full name is on the Sources page."""
    return s.publisher.split(" (")[0]


def source_link(s: Source) -> str:
    return f'<a href="{escape(s.url)}" title="{escape(s.title)}">{escape(short_publisher(s))}, {_date(s.date_published)}</a>'


def _cell(v) -> str:
    if v is None or v == "":
        return "\u2013"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return num(v)
    return escape(str(v))


def figure_html(spec: ChartSpec, ds: Dataset, to_root: str, plotly_path: str) -> str:
    """The <figure> a page embeds. ``to_root`` is the relative path from the page to the site root.

    Everything a reader needs is in the HTML (title, summary, sources, notes, full table), so the
    figure still informs without JavaScript, in print and in a screen reader; charts.js only adds
    the interactive plot into the reserved box.
    """
    fid = f"fig-{spec.id}"
    head = [escape(c).replace("_", " ") for c in spec.columns if c != "sources"]
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for c, v in zip(spec.columns, row) if c != "sources") + "</tr>"
        for row in spec.rows)
    sources = "; ".join(source_link(ds.sources[s]) for s in spec.source_ids)
    notes = "".join(f"<li>{escape(n)}</li>" for n in spec.notes)
    computed = ' <span class="chart__badge">computed</span>' if spec.computed else ""
    return (
        f'<figure class="chart" id="{fid}" aria-labelledby="{fid}-title">\n'
        f'<figcaption class="chart__head"><span class="chart__title" id="{fid}-title">{escape(spec.title)}</span>'
        f'<span class="chart__subtitle">{escape(spec.subtitle)}{computed}</span></figcaption>\n'
        f'<div class="chart__plot" data-chart="{json_path(spec.id)}" data-plotly="{plotly_path}" '
        f'data-describedby="{fid}-summary" style="--chart-h: {spec.height}px"></div>\n'
        f'<p class="chart__summary" id="{fid}-summary">{escape(spec.summary)}</p>\n'
        f'<p class="chart__source"><strong>Sources:</strong> {sources}.</p>\n'
        f'<ul class="chart__notes">{notes}</ul>\n'
        f'<details class="chart__data"><summary>Data table: every value in this chart</summary>\n'
        f'<table><caption>{escape(spec.subtitle)}</caption><thead><tr>'
        + "".join(f'<th scope="col">{h}</th>' for h in head)
        + f"</tr></thead><tbody>{body}</tbody></table>\n</details>\n"
        f'<p class="chart__actions"><a href="{to_root}{csv_path(spec.id)}" download>Download this data (CSV)</a>'
        f' <a href="#{fid}">Link to this chart</a></p>\n'
        "</figure>"
    )
