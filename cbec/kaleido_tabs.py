"""kaleido that keeps its tab from one image to the next: plotly.js is loaded once per tab, not per image.

kaleido 1.5.0 reloads its tab after every image (``Kaleido._return_kaleido_tab`` calls
``tab.reload()``), so for each image Chromium loads plotly.js (3.5 MB) into a new page and Plotly draws
with none of its code warmed up: about three quarters of the drawing time of a cold build. ``Kaleido``
below puts the tab back as it is instead, after undoing what one image leaves in the page that changes
the next one's bytes. What an image leaves behind, as measured (every image of the build drawn with
kaleido's reload and with this, in several orders and with 1 and 2 tabs: the same bytes):

* Plotly's cache of text sizes (``Drawing.savedBBoxes``, keyed on a text and its style). No number
  changes, but a cached size skips a measurement, and a measurement is when Chromium writes an element's
  pending ``style`` attribute: with the cache warm from the previous image, ``style=""`` lands later in
  some elements' attribute lists (31 of the first 40 SVGs differed only in that). So the cache is emptied
  after every image, as a new page has it. Plotly empties it by itself after 10 000 measurements in a
  page (a counter out of reach); if that happened during an image, the image may differ from one drawn in
  a new page, so the tab is reloaded (kaleido's own way) and the image drawn again (``DrawAgain``).
* Plotly's hidden ``<svg id="js-plotly-tester">`` for measuring text stays (a new page makes it during
  its first image); the figure's own ``<div>`` is removed by ``Plotly.toImage``.
* The random 6-hex uid in the SVG's ids is new for each image either way; ``static_render.stable_svg``
  replaces it. Fonts are the renderer process's, which a reload kept too. MathJax is off.

This leans on kaleido's internals (``_return_kaleido_tab``, ``tabs_ready``, ``_KaleidoTab.tab`` and
``_current_js_id``, ``reload``) and on how plotly.js holds its cache, so ``check_versions`` stops the
build when kaleido or plotly.js is not the version this was checked with. tests/test_drawing.py compares
the bytes with kaleido's reload (``CBEC_CHART_RELOAD=1`` draws that way) and shows the comparison fails
when the cache is not emptied.
"""

from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path
from typing import Any

import kaleido

KALEIDO = "1.5.0"
PLOTLY_JS = "4.1.1"

# Empties Plotly's text-size cache, keeping a handle on the new one: if Plotly replaced it meanwhile (its
# flush after 10 000 measurements), the image just drawn saw the flush. "new": a page whose Drawing object
# has not been found yet (its first image was drawn as in kaleido's new page).
_RESET = """(() => {
  const d = window.__cbecDrawing;
  if (d === undefined) return "new";
  const kept = d.savedBBoxes === window.__cbecBoxes;
  d.savedBBoxes = window.__cbecBoxes = {};
  return kept ? "kept" : "flushed";
})()"""

# Plotly does not export its Drawing module; Plotly.newPlot's closure holds it. Run on each closure scope
# that DevTools lists for that function (``this.object``: the scope's variables).
_FIND = """function () {
  const scope = this.object;
  for (const name of Object.keys(scope)) {
    const v = scope[name];
    if (v && typeof v === "object" && typeof v.savedBBoxes === "object" && typeof v.bBox === "function") {
      window.__cbecDrawing = v;
      return true;
    }
  }
  return false;
}"""


class DrawAgain(Exception):
    """Plotly emptied its text-size cache during the image: it is drawn again in a new page."""


def check_versions(plotly_js: Path) -> str | None:
    """Why the installed kaleido or plotly.js is not the one ``Kaleido`` was checked with, or None."""
    found = importlib.metadata.version("kaleido")
    with plotly_js.open("rb") as f:
        m = re.search(rb"plotly\.js v(\S+)", f.read(200))
    js = m.group(1).decode() if m else "unknown"
    if (found, js) == (KALEIDO, PLOTLY_JS):
        return None
    return (
        f"cbec/kaleido_tabs.py keeps kaleido's tab between images using kaleido {KALEIDO}'s internals and "
        f"plotly.js {PLOTLY_JS}'s text-size cache, but kaleido {found} and plotly.js {js} are installed: "
        "run tests/test_drawing.py and update KALEIDO / PLOTLY_JS there, or set CBEC_CHART_RELOAD=1 "
        "(each image in a new page, as kaleido does; slower)"
    )


async def _send(tab: Any, command: str, **params: Any) -> dict[str, Any]:
    response: dict[str, Any] = await tab.tab.send_command(command, params=params)
    if "error" in response:
        raise RuntimeError(f"{command}: {response['error']}")
    result: dict[str, Any] = response["result"]
    if "exceptionDetails" in result:
        raise RuntimeError(f"{command}: {result['exceptionDetails'].get('exception', {}).get('description')}")
    return result


async def _evaluate(tab: Any, expression: str) -> Any:
    result = await _send(
        tab, "Runtime.evaluate", expression=expression, contextId=tab._current_js_id, returnByValue=True
    )
    return result["result"].get("value")


async def _find_drawing(tab: Any) -> None:
    """Make Plotly's Drawing object ``window.__cbecDrawing`` in this page."""
    newplot = await _send(tab, "Runtime.evaluate", expression="Plotly.newPlot", contextId=tab._current_js_id)
    inner = await _send(
        tab, "Runtime.getProperties", objectId=newplot["result"]["objectId"], ownProperties=True
    )
    scopes = next(p for p in inner["internalProperties"] if p["name"] == "[[Scopes]]")
    listed = await _send(
        tab, "Runtime.getProperties", objectId=scopes["value"]["objectId"], ownProperties=True
    )
    for scope in listed["result"]:
        if scope["name"].isdigit() and scope["value"].get("description") == "Closure":
            found = await _send(
                tab,
                "Runtime.callFunctionOn",
                functionDeclaration=_FIND,
                objectId=scope["value"]["objectId"],
                returnByValue=True,
            )
            if found["result"].get("value") is True:
                return
    raise RuntimeError(
        f"Plotly's Drawing object (its text-size cache) was not found in plotly.js {PLOTLY_JS}"
    )


class Kaleido(kaleido.Kaleido):  # type: ignore[misc]  # kaleido has no type information
    """``kaleido.Kaleido`` whose tabs draw image after image in one page (see the module's text)."""

    async def _return_kaleido_tab(self, tab: Any) -> None:
        state = await _evaluate(tab, _RESET)
        if state == "new":
            await _find_drawing(tab)
            await _evaluate(tab, _RESET)
        elif state == "flushed":
            await tab.reload()  # Plotly's counter starts at 0 again, as in kaleido's new page
        await self.tabs_ready.put(tab)
        if state == "flushed":
            raise DrawAgain

    async def calc_fig(self, fig: Any, opts: Any = None, **kwargs: Any) -> bytes:
        # DrawAgain comes from the tab's return (in kaleido's ``finally``), after the image
        while True:
            try:
                image: bytes = await super().calc_fig(fig, opts, **kwargs)
                return image
            except DrawAgain:
                continue
