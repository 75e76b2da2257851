"""The <figure> block a page embeds for a chart: its static images (one per scheme and width class, the
first chart's shown one preloaded), the unit switch, and around them either one line to the chart's page
(a story page) or the full toolkit (the chart's own page: sources, notes, data table, downloads, embed);
and the Charts page's gallery. The figures, words, paths, CSV and embed it puts together have modules of
their own (chart_images, chart_labels, chart_paths, chart_csv, chart_embed)."""

from __future__ import annotations

from . import theme
from .chart_csv import cell, header
from .chart_embed import embed_block, embed_foot
from .chart_images import height
from .chart_labels import LABELS, source_link, sources_line, weak_suffix
from .chart_paths import PACKAGE_ZIP, chart_page_url, csv_path, download_path, json_path, static_path
from .charts import ChartSpec
from .data import Dataset
from .text_out import html_text as escape  # data text is text in every HTML context

__all__ = ["escape"]  # the macros escape with it too (and more names: see below)


# The page's side margins below Material's 960 px layout (.md-content__inner: .8rem of its 20 px root on
# each side): a chart's box is the viewport less these (up to its 800 px cap); from 960 px wide, with the
# table of contents beside it, it is 686 px or more, a desktop image in every layout.
GUTTER = 32


# The Charts page's grid (site.css ul.chart-gallery): columns of at least 14rem (280 px), 1.2rem (24 px)
# apart, across the page's column (the viewport less GUTTER) up to Material's 76.25em (1220 px), where
# its navigation sidebar appears: from there the column is 938 px or more and every thumbnail is
# phone-sized (measured up to 3000 px; tests/test_load_work.py checks 1219 and 1280).
GALLERY_MIN, GALLERY_GAP, GALLERY_SIDEBAR = 280, 24, 1220


def _box_class(box: float) -> str:
    """The width class a chart box ``box`` px wide shows (site.css's container queries)."""
    return [w for w in theme.WIDTHS.values() if w.min_box <= box][-1].name


def _gallery_thumb(vw: float) -> float:
    """A gallery thumbnail's width at viewport ``vw`` below GALLERY_SIDEBAR: the grid's auto-fill
    columns share the page's column."""
    col = vw - GUTTER
    n = max(1, int((col + GALLERY_GAP) // (GALLERY_MIN + GALLERY_GAP)))
    return (col - (n - 1) * GALLERY_GAP) / n


def _query(lo: float, hi: float | None) -> str:
    return " and ".join(
        ([f"(min-width: {lo:g}px)"] if lo else []) + ([f"(max-width: {hi - 0.02:.2f}px)"] if hi else [])
    )


def viewport_media(gallery: bool = False) -> dict[str, str]:
    """For each width class, the media query of the viewports at which a page's chart (or the gallery's
    thumbnail) is shown at that class: the box width bounds of theme.WIDTHS plus the page's margins, or,
    in the gallery, where the grid's columns are that wide."""
    classes = list(theme.WIDTHS.values())
    if not gallery:
        return {
            c.name: _query(
                c.min_box + GUTTER if i else 0,
                classes[i + 1].min_box + GUTTER if i + 1 < len(classes) else None,
            )
            or "all"
            for i, c in enumerate(classes)
        }
    # The viewports where the thumbnail's class can change: where the grid gains a column, and where
    # n columns reach a class's smallest box; between two of them it is one class.
    cuts = {0.0, float(GALLERY_SIDEBAR)}
    for n in range(1, GALLERY_SIDEBAR // GALLERY_MIN + 1):
        cuts.add(n * (GALLERY_MIN + GALLERY_GAP) - GALLERY_GAP + GUTTER)
        cuts.update(c.min_box * n + (n - 1) * GALLERY_GAP + GUTTER for c in classes[1:])
    edges = sorted(x for x in cuts if x <= GALLERY_SIDEBAR)
    spans: list[tuple[str, float, float | None]] = []
    for lo, hi in zip(edges, edges[1:] + [None]):
        name = _box_class(max(0.0, _gallery_thumb(lo))) if hi is not None else classes[0].name
        if spans and spans[-1][0] == name:
            spans[-1] = (name, spans[-1][1], hi)
        else:
            spans.append((name, lo, hi))
    return {
        c.name: ", ".join(_query(lo, hi) or "all" for n, lo, hi in spans if n == c.name)
        for c in classes
        if any(n == c.name for n, _, _ in spans)  # a class no thumbnail shows gets no preload
    }


def preloads(spec: ChartSpec, to_root: str, scheme: str, gallery: bool = False) -> str:
    """For a page's first chart: a preload at high priority of the one light image the viewport will
    show (media-matched), so the preload scanner asks for it before layout, as an eager image would
    (a lazy image waits for layout: 0.4 s of a chart page's LCP on Lighthouse's phone); the images
    themselves stay lazy, so the three hidden sizes are never fetched."""
    return "".join(
        f'<link rel="preload" as="image" href="{to_root}{static_path(spec.id, spec.lang, scheme, w)}" '
        f'media="{media}" fetchpriority="high">'
        for w, media in viewport_media(gallery).items()
    )


def picture_html(
    spec: ChartSpec,
    to_root: str,
    scheme: str,
    *,
    alt: bool = True,
    priority: bool = False,
    gallery: bool = False,
) -> str:
    """The chart's images in one scheme: one <img> per width class, of which site.css shows the
    one drawn for the width of the chart's box (a container query; no JavaScript needed).

    Images are lazy, so the browser fetches only the one it shows (hidden ones are display:none; an
    eager image is fetched even hidden). ``priority``: the light images of a page's first chart, often
    its largest paint, come with preloads(): the one the viewport shows is asked for at once, at high
    priority. width/height give each its aspect ratio, so the box is reserved before the image arrives
    (no layout shift). ``data-variant`` tells charts.js which themed figure the image shows.
    """
    lazy_attr = ' loading="lazy"'
    a11y = f' alt="{escape(spec.title)}" aria-describedby="fig-{spec.id}-summary"' if alt else ' alt=""'
    imgs = "".join(
        f'<img class="chart__img chart__img--{w}" data-variant="{scheme}/{w}" '
        f'src="{to_root}{static_path(spec.id, spec.lang, scheme, w)}" width="{c.width}" height="{height(spec, w)}"'
        f'{a11y}{lazy_attr} decoding="async">'
        for w, c in theme.WIDTHS.items()
    )
    tone = "dark" if scheme.startswith("slate") else "light"
    early = preloads(spec, to_root, scheme, gallery) if priority else ""
    return f'<span class="chart__static chart__static--{tone}">{early}{imgs}</span>'


def page_extras(spec: ChartSpec, url: str, citation: str) -> str:
    """On a chart's own page: Copy link (charts.js; a plain link without JavaScript) and Cite. The date
    and version of the data are said once, at the foot, with the next expected update (UX review 8)."""
    lab = LABELS[spec.lang]
    return (
        f'<p class="chart__meta"><a class="chart__copy" href="{escape(url)}" data-copied="{lab["copied"]}">'
        f"{lab['copy']}</a></p>\n"
        f'<details class="chart__cite"><summary>{lab["cite"]}</summary>\n<p>{escape(citation)}</p>\n</details>\n'
    )


def pictures(spec: ChartSpec, to_root: str, first: bool, alt: bool = True, gallery: bool = False) -> str:
    """The light and the dark images. On a page's first chart the light one the viewport shows (the
    default scheme, and what Lighthouse sees) is preloaded at high priority."""
    cny = picture_html(spec, to_root, "default", alt=alt, priority=first, gallery=gallery) + picture_html(
        spec, to_root, "slate", alt=alt
    )
    if not spec.money:
        return cny
    usd = picture_html(spec, to_root, "default-usd", alt=alt) + picture_html(
        spec, to_root, "slate-usd", alt=alt
    )
    # site.css shows one unit: the yuan images unless the figure's USD switch is checked.
    return (
        f'<span class="chart__unit chart__unit--cny">{cny}</span>'
        f'<span class="chart__unit chart__unit--usd">{usd}</span>'
    )


def unit_switch(spec: ChartSpec, fid: str) -> str:
    """Yuan or dollars (OWID's unit switch): two radio buttons before the plot, so site.css can show the
    chosen unit's images with no JavaScript (``input:checked ~ .chart__plot``); charts.js keeps the choice
    across pages and redraws a live chart in it."""
    if not spec.money:
        return ""
    lab = LABELS[spec.lang]
    return (
        f'<input type="radio" class="unit-switch__input unit-switch__input--cny" name="{fid}-unit" id="{fid}-cny" '
        f'value="cny" checked>'
        f'<input type="radio" class="unit-switch__input unit-switch__input--usd" name="{fid}-unit" id="{fid}-usd" '
        f'value="usd">'
        f'<p class="unit-switch" role="group" aria-label="{lab["unit"]}">'
        f'<label for="{fid}-cny">{lab["cny"]}</label><label for="{fid}-usd">{lab["usd"]}</label></p>'
        f'<p class="unit-switch__note">{lab["usd_note"]}</p>\n'
    )


def figure_html(
    spec: ChartSpec,
    ds: Dataset,
    to_root: str,
    plotly_path: str,
    *,
    site_url: str = "",
    home: str | None = None,
    first: bool = False,
    page_meta: str = "",
) -> str:
    """The <figure> a page embeds. ``to_root`` is the relative path from the page to the site root.

    The chart's own page (``home`` given) has everything in the HTML (title, the chart as an image,
    summary, sources, notes, full table, downloads, embed code), so the figure informs without
    JavaScript, in print, in feed readers and in a screen reader. An explainer page (``home`` None)
    shows the chart, its description, its unit switch and weak-source note, and one line that leads
    to that page (issue 28: the toolkit, ten phone lines per chart, broke the story's flow). charts.js
    swaps in the live chart only when a reader points at, taps or focuses the chart. ``home``: on a
    chart's own page, the explainer page to link back to; ``first``: the page's first chart (its light
    images at high priority); ``page_meta``: what only the chart's own page shows (``page_extras``).
    """
    lang, lab = spec.lang, LABELS[spec.lang]
    fid = f"fig-{spec.id}"
    summary = f'<p class="chart__summary" id="{fid}-summary">{escape(spec.summary)}</p>\n'
    if spec.describe_collapsed:  # still the image's description (aria-describedby reads hidden text)
        summary = (
            f'<details class="chart__describe"><summary>{lab["describe"]}</summary>\n{summary}</details>\n'
        )
    # the weak-source note explains the asterisk on the chart: an embed keeps it (site.css)
    weak = ' class="chart__note-weak"'
    notes = "".join(f"<li{weak if n.startswith('* ') else ''}>{escape(n)}</li>" for n in spec.notes)
    computed = f' <span class="chart__badge">{lab["computed"]}</span>' if spec.computed else ""
    keys = lab["keys" if home else "keys_story"]  # where every value is: the table here, or the chart page
    head_html = (
        f'<figcaption class="chart__head"><span class="chart__title" id="{fid}-title">{escape(spec.title)}</span>'
        f'<span class="chart__subtitle">{escape(spec.subtitle)}{computed}</span></figcaption>\n'
        f"{unit_switch(spec, fid)}"
        f'<div class="chart__plot" data-chart="{json_path(spec.id, lang)}" data-plotly="{plotly_path}" '
        f'data-describedby="{fid}-summary" tabindex="0">'
        f"{pictures(spec, to_root, first)}"
        f'<span class="chart__hint"><span class="chart__hint-idle" aria-hidden="true">{lab["hint"]}</span>'
        f'<span class="chart__hint-loading" role="status">{lab["loading"]}</span>'
        f'<span class="chart__hint-keys" aria-live="polite">{keys}</span></span></div>\n'
        f"{summary}"
    )
    if home is None:
        # On an explainer page (issue 28, 7): what reading the chart honestly needs (the image and its
        # description, the unit switch, the note that explains a weak-source asterisk) and one line that
        # leads to the chart's own page, where the sources, notes, data table, downloads and embed code are.
        weak_notes = "".join(f"<li{weak}>{escape(n)}</li>" for n in spec.notes if n.startswith("* "))
        colon, dot = ("：", "·") if lang == "zh" else (": ", " · ")
        return (
            f'<figure class="chart" id="{fid}" aria-labelledby="{fid}-title">\n'
            f"{head_html}"
            + (f'<ul class="chart__notes">{weak_notes}</ul>\n' if weak_notes else "")
            + f'<p class="chart__more">{lab["image_source"]}{colon}{sources_line(spec, ds)}'
            f'{dot}<a href="{to_root}{chart_page_url(spec.id, lang)}">{lab["more"]}</a></p>\n'
            "</figure>"
        )
    sep = "；" if lang == "zh" else "; "
    sources = sep.join(
        source_link(ds.sources[s], lang) + escape(weak_suffix(ds.sources[s], lang)) for s in spec.source_ids
    )
    columns = spec.display_columns or spec.columns  # the page's table may merge CSV columns to fit a phone
    keep = [i for i, c in enumerate(columns) if c != "sources"]
    head = "".join(f'<th scope="col">{escape(header(spec.id, columns[i], lang))}</th>' for i in keep)
    # data-label: on a phone each row becomes a card that names its columns (site.css)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{escape(header(spec.id, columns[i], lang))}">{cell(row[i], lang, columns[i])}</td>'
            for i in keep
        )
        + "</tr>"
        for row in (spec.display_rows or spec.rows)
    )
    links = (
        f'<a href="{to_root}{download_path(spec.id, lang, "svg")}" download>{lab["svg"]}</a>'
        f'<a href="{to_root}{download_path(spec.id, lang, "png")}" download>{lab["png"]}</a>'
        f'<a href="{to_root}{csv_path(spec.id)}" download>{lab["download"]}</a>'
        f'<a href="{to_root}{PACKAGE_ZIP}" download>{lab["all"]}</a>'
        f'<a href="{home}#{fid}" target="_top">{lab["home"]}</a>'
    )
    extra = page_meta + embed_block(spec, ds, site_url) + embed_foot(spec, ds, to_root)
    return (
        f'<figure class="chart chart--page" id="{fid}" aria-labelledby="{fid}-title" tabindex="-1">\n'
        f"{head_html}"
        f'<details class="chart__source"><summary><strong>{lab["sources"]}</strong> '
        f"{sources_line(spec, ds)}</summary>\n"
        f"<p>{sources}{'。' if lang == 'zh' else '.'}</p></details>\n"
        f'<ul class="chart__notes">{notes}</ul>\n'
        f'<details class="chart__data table-cards"><summary>{lab["table"]}</summary>\n'
        f"<table><caption>{escape(spec.subtitle)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
        f"</details>\n"
        f'<p class="chart__actions">{links}</p>\n'
        f"{extra}"
        "</figure>"
    )


def gallery(specs: list[ChartSpec], to_root: str) -> str:
    """The Charts page: a static thumbnail (light and dark) of every chart, linking to its page."""
    items = []
    for i, spec in enumerate(specs):
        items.append(
            f'<li class="chart-gallery__item"><a href="{to_root}{chart_page_url(spec.id, spec.lang)}">'
            f"{pictures(spec, to_root, i == 0, alt=False, gallery=True)}"
            f'<span class="chart-gallery__title">{escape(spec.title)}</span></a></li>'
        )
    return '<ul class="chart-gallery">\n' + "\n".join(items) + "\n</ul>"
