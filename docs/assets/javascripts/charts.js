/*
 * Static first, interactive on demand.
 *
 * Every chart arrives as an image drawn at build time (cbec/static_render.py): light and dark,
 * one per width class, of which CSS shows one (a container query on the box), no JavaScript. This
 * file loads plotly.js (once, from this site) only when a reader asks for the live chart: a mouse
 * pointer entering the chart, a tap (click) or keyboard focus on it. The live chart is drawn
 * over the image, in the image's own box (the image stays in the layout, invisible, so the box
 * keeps its size: no layout shift), from the very figure the shown image was drawn from
 * (assets/charts/ID.json holds scheme -> width class -> themed figure; the shown <img> names
 * its variant in data-variant, picked by CSS from the scheme and the box's width). The live chart
 * is drawn at that image's own size and scaled by the same factor as the image (a CSS
 * transform), so text sizes, axes and labels are the image's, at every width.
 *
 * It explains itself: a hint under the chart ("Hover or tap for values"), a loading state, a
 * first tap that both loads the chart and shows the value under the finger, and arrow keys that
 * step through the values when the chart has keyboard focus.
 *
 * Material's instant navigation swaps the page without reloading scripts: the listeners sit on the
 * document, so new charts need no wiring, and live charts that left the page are purged.
 *
 * The iframe case: a chart page shown inside another site's <iframe> gets class "embedded" on
 * <html> (set in overrides/main.html before first paint), and CSS drops the site's chrome.
 */
(function () {
  "use strict";

  // The site root, from this script's own URL (assets/javascripts/charts.js): correct at any
  // page depth, under a /REPO/ subpath and after instant navigation.
  var ROOT = new URL("../../", document.currentScript.src);

  var plotly = null; // promise of window.Plotly, created on the first request for a live chart
  var live = new Set(); // chart boxes holding a live chart, purged when navigated away from

  // The image CSS shows (scheme and width class of the box), and so the variant to draw.
  function shownImage(box) {
    var imgs = box.querySelectorAll(".chart__static img[data-variant]");
    for (var i = 0; i < imgs.length; i++) if (imgs[i].offsetWidth > 0) return imgs[i];
    return imgs[0];
  }

  function loadPlotly(path) {
    if (window.Plotly) return Promise.resolve(window.Plotly);
    if (!plotly) {
      plotly = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = new URL(path, ROOT).href;
        s.async = true;
        s.onload = function () { resolve(window.Plotly); };
        s.onerror = function () { plotly = null; reject(new Error("plotly.js did not load")); };
        document.head.appendChild(s);
      });
    }
    return plotly;
  }

  // The live chart's settings. No modebar: the downloads (SVG, PNG with headline and source,
  // CSV) are plain links under every figure, drawn at build time, so they work without
  // JavaScript and nothing floats over the chart's text.
  var CONFIG = { responsive: false, displayModeBar: false, displaylogo: false, showSendToCloud: false,
    scrollZoom: false };

  function variant(box) {
    var img = shownImage(box);
    var key = img.dataset.variant.split("/");
    var v = box.chartFigures[key[0]][key[1]];
    // The image's own size (its width/height attributes are the size kaleido drew it at).
    var w = +img.getAttribute("width"), h = +img.getAttribute("height");
    var layout = Object.assign({}, v.layout, { autosize: false, width: w, height: h });
    return { data: JSON.parse(JSON.stringify(v.data)), layout: layout, key: img.dataset.variant, img: img };
  }

  // Scale the live chart like the image: same box, same factor.
  function fit(box, v) {
    var el = box.querySelector(".chart__live");
    var s = v.img.getBoundingClientRect().width / v.layout.width;
    el.style.width = v.layout.width + "px";
    el.style.height = v.layout.height + "px";
    el.style.transform = "scale(" + s + ")";
  }

  // Give the drawn SVG the chart's accessible name and description; hide the decorative layers.
  function label(box) {
    box.querySelectorAll(".chart__live svg.main-svg").forEach(function (svg, i) {
      if (i === 0) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-labelledby", box.closest("figure").id + "-title");
        svg.setAttribute("aria-describedby", box.getAttribute("data-describedby"));
      } else {
        svg.setAttribute("aria-hidden", "true");
      }
    });
  }

  // Show the value under a point (a tap's clientX/Y) in the live chart, as a hover would.
  function hoverAt(box, x, y) {
    var el = box.querySelector(".chart__live");
    var hit = document.elementFromPoint(x, y);
    if (!el || !hit || !el.contains(hit) || !hit.classList.contains("nsewdrag")) return;
    window.Plotly.Fx.hover(el, { clientX: x, clientY: y, target: hit }, hit.getAttribute("data-subplot"));
  }

  // Arrow keys step through every point with a value (trace by trace), shown as a hover label
  // and read out (the hint line under the chart is a polite live region).
  function step(box, dir) {
    var el = box.querySelector(".chart__live");
    var pts = [];
    (el.data || []).forEach(function (t, c) {
      if (t.hoverinfo === "skip" || t.visible === false) return;
      var values = (t.orientation === "h" ? t.x : t.y) || [];
      for (var p = 0; p < values.length; p++) {
        if (values[p] != null) pts.push({ curveNumber: c, pointNumber: p, subplot: (t.xaxis || "x") + (t.yaxis || "y") });
      }
    });
    if (!pts.length) return;
    var i = box.chartStep == null ? (dir > 0 ? 0 : pts.length - 1) : (box.chartStep + dir + pts.length) % pts.length;
    box.chartStep = i;
    window.Plotly.Fx.hover(el, [{ curveNumber: pts[i].curveNumber, pointNumber: pts[i].pointNumber }], pts[i].subplot);
    // Plotly emits no plotly_hover for a hover it is asked for, and throttles hovers to one per
    // 50 ms (constants.HOVERMINTIME): read the label once the last one has been drawn.
    clearTimeout(box.chartSay);
    box.chartSay = setTimeout(function () { announce(box); }, 60);
  }

  function announce(box) {
    var label = box.querySelector(".chart__live .hoverlayer .hovertext");
    var say = box.querySelector(".chart__hint-keys");
    if (!say || !label || !box.contains(document.activeElement)) return;
    var lines = label.querySelectorAll("tspan.line");
    say.textContent = (lines.length ? Array.prototype.map.call(lines, function (l) { return l.textContent; }).join("; ")
      : label.textContent).replace(/\s+/g, " ").trim();
  }

  function activate(box, tap) {
    if (box.dataset.state) return; // loading, live or failed already
    box.dataset.state = "loading";
    var figure = fetch(new URL(box.dataset.chart, ROOT).href).then(function (r) {
      if (!r.ok) throw new Error("chart data " + r.status);
      return r.json();
    });
    Promise.all([loadPlotly(box.dataset.plotly), figure]).then(function (res) {
      var Plotly = res[0];
      if (!box.isConnected) return null;
      box.chartFigures = res[1];
      var el = document.createElement("div");
      el.className = "chart__live";
      box.appendChild(el);
      var v = variant(box);
      fit(box, v);
      return Plotly.newPlot(el, v.data, v.layout, CONFIG).then(function () {
        box.dataset.variant = v.key;
        box.dataset.scheme = v.key.split("/")[0];
        box.dataset.drawn = v.key; // tests and bench wait for this
        box.dataset.state = "live";
        live.add(box);
        if (resized) resized.observe(box); // a new box width may show another variant
        label(box);
        var at = box.chartPointer || tap; // where the pointer is now, else where the tap was
        if (at) hoverAt(box, at.clientX, at.clientY); // the first tap (or pointing) shows its value too
      });
    }).catch(function (err) {
      box.dataset.state = "failed"; // the image stays: nothing is lost but the hover details
      if (window.console) console.warn("live chart: " + err.message);
    });
  }

  // A new scheme or box width: the image CSS shows may be another variant; follow it.
  function restyle() {
    live.forEach(function (box) {
      if (!box.isConnected) return;
      var v = variant(box);
      fit(box, v);
      if (box.dataset.variant === v.key) return;
      var el = box.querySelector(".chart__live");
      box.dataset.variant = v.key; // at once: a resize may call again before react resolves
      // newPlot, not react: react keeps some of the old layout's automatic margins (a legend
      // moved by the phone layout overprinted the tick labels of the wider one).
      window.Plotly.newPlot(el, v.data, v.layout, CONFIG).then(function () {
        box.chartStep = null;
        box.dataset.drawn = v.key;
        box.dataset.scheme = v.key.split("/")[0];
        label(box);
      });
    });
  }
  var resized = window.ResizeObserver ? new ResizeObserver(restyle) : null;

  function sweep() {
    live.forEach(function (box) {
      if (!box.isConnected) {
        if (window.Plotly) window.Plotly.purge(box.querySelector(".chart__live"));
        live.delete(box);
      }
    });
  }

  // One listener per kind on the document, not one per chart: nothing to do at load or after an
  // instant navigation but drop the charts that left the page (and, in an iframe, report the height).
  function boxOf(ev) {
    return ev.target instanceof Element ? ev.target.closest(".chart__plot[data-chart]") : null;
  }
  function ask(ev) {
    var box = boxOf(ev);
    if (!box) return;
    if (ev.type === "pointerover") { if (ev.pointerType === "mouse") activate(box); } // a touch asks by its tap
    else if (ev.type === "click") activate(box, { clientX: ev.clientX, clientY: ev.clientY }); // a tap
    else activate(box); // keyboard focus
  }
  ["pointerover", "click", "focusin"].forEach(function (type) {
    document.addEventListener(type, ask, { capture: true, passive: true });
  });
  // Where the mouse is while the chart loads: the live chart then shows the value under it.
  document.addEventListener("pointermove", function (e) {
    var box = boxOf(e);
    if (box) box.chartPointer = { clientX: e.clientX, clientY: e.clientY };
  }, { passive: true });
  document.addEventListener("pointerout", function (e) {
    var box = boxOf(e);
    if (box && !(e.relatedTarget instanceof Node && box.contains(e.relatedTarget))) box.chartPointer = null;
  }, { passive: true });
  document.addEventListener("keydown", function (e) {
    var box = e.target instanceof Element && e.target.matches(".chart__plot[data-chart]") ? e.target : null;
    var dir = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (!box || !dir || box.dataset.state !== "live") return;
    e.preventDefault(); // the arrows step through the chart, not scroll the page
    step(box, dir);
  });
  // Copy link on a chart's page (without JavaScript it is a plain link to the page).
  document.addEventListener("click", function (e) {
    var a = e.target instanceof Element && e.target.closest("a.chart__copy");
    if (!a || !navigator.clipboard) return;
    e.preventDefault();
    navigator.clipboard.writeText(a.href).then(function () { a.textContent = a.dataset.copied; });
  });

  // Yuan or dollars: the switch works by CSS alone (site.css); this keeps the reader's choice across
  // pages and charts (localStorage) and redraws a live chart in the unit its images now show.
  var UNIT_KEY = "cbec-unit";
  function storedUnit() {
    try { return localStorage.getItem(UNIT_KEY); } catch (err) { return null; } // storage may be blocked
  }
  function showUnit(unit) {
    document.querySelectorAll(".unit-switch__input--" + unit).forEach(function (i) { i.checked = true; });
    restyle();
  }
  document.addEventListener("change", function (e) {
    var t = e.target;
    if (!(t instanceof HTMLInputElement) || !t.classList.contains("unit-switch__input")) return;
    try { localStorage.setItem(UNIT_KEY, t.value); } catch (err) { /* the choice lasts this page only */ }
    showUnit(t.value);
  });

  // After instant navigation the link a reader followed is gone and focus with it, so the next Tab went
  // on from wherever that link had been, deep in the new page. As after a page load, it starts at the
  // top: the skip link (Material's, or a chart page's own: cbec/mkdocs/chart_skip.py) is the first stop.
  var firstPage = true;
  function focusFromTheTop() {
    if (firstPage) { firstPage = false; return; }
    var active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return; // the reader is somewhere
    var skip = document.querySelector("[data-md-component=skip]");
    if (!skip) return;
    skip.tabIndex = -1;
    skip.focus({ preventScroll: true });
    skip.blur(); // the starting point stays: the next Tab goes to the skip link inside
    skip.removeAttribute("tabindex");
  }

  // A skip link leads within the page: Material's instant navigation took its click for a navigation,
  // fetched the same page again and swapped it in, so the element the browser had focused was replaced
  // and the next Tab started from the top (a race a loaded machine lost). On the window, in the capture
  // phase, this runs before Material's listener and does what the link does without scripts.
  window.addEventListener("click", function (e) {
    var a = e.target instanceof Element ? e.target.closest("a.md-skip") : null;
    var target = a && a.hash ? document.getElementById(decodeURIComponent(a.hash.slice(1))) : null;
    if (!target) return;
    e.preventDefault();
    e.stopPropagation();
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView();
  }, true);

  function onPage() {
    sweep();
    var unit = storedUnit();
    if (unit === "usd" || unit === "cny") showUnit(unit);
    postHeight();
    focusFromTheTop();
  }
  if (window.document$) window.document$.subscribe(onPage); // the first page, and after every instant navigation
  else onPage();
  new MutationObserver(restyle).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  // In another site's <iframe>: tell the embed snippet's script how tall the page is, now and
  // whenever it changes (images arriving, the data table opened), so the frame has no scrollbar.
  var sentHeight = 0, heightObserver = null;
  function postHeight() {
    if (window.self === window.top || !window.ResizeObserver) return;
    var content = document.querySelector(".md-content");
    if (!content) return;
    var send = function () {
      var h = Math.ceil(content.getBoundingClientRect().bottom + window.scrollY);
      if (h !== sentHeight) { sentHeight = h; window.parent.postMessage({ cbecHeight: h }, "*"); }
    };
    if (heightObserver) heightObserver.disconnect();
    heightObserver = new ResizeObserver(send);
    heightObserver.observe(content);
    send();
  }

  // Printing: show every data table, so values reach the paper next to the chart image, and
  // fetch the light images print uses (lazy, and never loaded while the reader was in dark mode).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart__data").forEach(function (d) { d.open = true; });
    document.querySelectorAll(".chart__static--light img").forEach(function (i) { i.loading = "eager"; });
  });
})();
