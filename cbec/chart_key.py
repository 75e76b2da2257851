"""The colour key on the Charts gallery: what each colour and pattern means, the same in every chart.

Colours come from the chart theme (cbec/theme.py) and the roles from cbec/charts/common.py, so the key
cannot drift from the charts; words from cbec/charts/words.yaml. Swatches are CSS (site.css draws the
hatch and the dots), each given its light and dark colour as custom properties, so the key follows the
colour-scheme toggle without script.
"""

from __future__ import annotations

from .charts.common import COMPARISON, COMPUTED, EXPORTS, IMPORTS, OFFICIAL, REPORT
from .text_out import html_text
from .theme import SCHEMES
from .words import SHARED_WORDS

# (words key, palette slot, swatch pattern). In pairs, as a two-column key reads them row by row;
# the weak-source mark closes the third row.
ITEMS = (
    ("official_first", OFFICIAL, "hatch"),
    ("official_later", OFFICIAL, "solid"),
    ("report", REPORT, "solid"),
    ("computed", COMPUTED, "dots"),
    ("comparison", COMPARISON, "solid"),
    ("weak", None, None),
    ("exports", EXPORTS, "solid"),
    ("imports", IMPORTS, "solid"),
)


def colour_key(lang: str) -> str:
    words = SHARED_WORDS["key"]
    rows = []
    for key, slot, pattern in ITEMS:
        if slot is None:  # the weak-source marks: an asterisk by a value, an open marker on a line
            rows.append(
                f'<li><span class="chart-key__mark" aria-hidden="true">* ○</span>{html_text(words[key][lang])}</li>'
            )
            continue
        light, dark = (SCHEMES[s]["palette"][slot] for s in ("default", "slate"))
        rows.append(
            f'<li><span class="chart-key__swatch chart-key__swatch--{pattern}" '
            f'style="--key-light:{light};--key-dark:{dark}" aria-hidden="true"></span>'
            f"{html_text(words[key][lang])}</li>"
        )
    return f'<ul class="chart-key">{"".join(rows)}</ul>'
