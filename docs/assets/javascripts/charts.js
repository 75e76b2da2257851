/*
 * Static first, interactive on demand.
 *
 * Every chart arrives as an image drawn at build time (scripts/static_render.py): a light and a
 * dark <picture>, each with a phone and a desktop source, shown by CSS with no JavaScript. This
 * file loads plotly.js (once, from this site) only when a reader asks for the live chart: a mouse
 * pointer entering the chart, a tap (click) or keyboard focus on it. The live chart is drawn
 * over the image, in the image's own box (the image stays in the layout, invisible, so the box
 * keeps its size: no layout shift), from the very figures the images were drawn from
 * (assets/charts/ID.json holds scheme -> width class -> themed figure), so colours and layout
 * match; this file only picks the variant: the scheme from body[data-md-color-scheme], the width
 * class from the same media query as the <picture>'s phone <source>.
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
  // The media query of the phone <source> (scripts/theme.py PHONE_MEDIA).
  var PHONE = window.matchMedia("screen and (max-width: 44.9375em)");

  var plotly = null; // promise of window.Plotly, created on the first request for a live chart
  var live = new Set(); // chart boxes holding a live chart, purged when navigated away from

  function schemeName() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "slate" : "default";
  }

  function widthClass() { return PHONE.matches ? "phone" : "desktop"; }

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
  var CONFIG = { responsive: true, displayModeBar: false, displaylogo: false, showSendToCloud: false,
    scrollZoom: false };

  function variant(box) {
    var v = box.chartFigures[schemeName()][widthClass()];
    var layout = Object.assign({}, v.layout, { autosize: true });
    delete layout.height; // the box (the invisible image) sets the size
    delete layout.width;
    return { data: JSON.parse(JSON.stringify(v.data)), layout: layout, key: schemeName() + "/" + widthClass() };
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

  function activate(box) {
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
      return Plotly.newPlot(el, v.data, v.layout, CONFIG).then(function () {
        box.dataset.variant = v.key;
        box.dataset.scheme = schemeName();
        box.dataset.state = "live";
        live.add(box);
        label(box);
      });
    }).catch(function (err) {
      box.dataset.state = "failed"; // the image stays: nothing is lost but the hover details
      if (window.console) console.warn("live chart: " + err.message);
    });
  }

  function restyle() {
    live.forEach(function (box) {
      if (!box.isConnected) return;
      var v = variant(box);
      if (box.dataset.variant === v.key) return;
      var el = box.querySelector(".chart__live");
      window.Plotly.react(el, v.data, v.layout, CONFIG).then(function () {
        box.dataset.variant = v.key;
        box.dataset.scheme = schemeName();
        label(box);
      });
    });
  }

  function sweep() {
    live.forEach(function (box) {
      if (!box.isConnected) {
        if (window.Plotly) window.Plotly.purge(box.querySelector(".chart__live"));
        live.delete(box);
      }
    });
  }

  // One listener per kind on the document, not one per chart: nothing to do at load or after an
  // instant navigation but drop the charts that left the page.
  function ask(ev) {
    if (ev.type === "pointerover" && ev.pointerType !== "mouse") return; // a touch asks by its tap
    var box = ev.target instanceof Element && ev.target.closest(".chart__plot[data-chart]");
    if (box) activate(box);
  }
  ["pointerover", "click", "focusin"].forEach(function (type) {
    document.addEventListener(type, ask, { capture: true, passive: true });
  });

  if (window.document$) window.document$.subscribe(sweep); // after every instant navigation
  new MutationObserver(restyle).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  if (PHONE.addEventListener) PHONE.addEventListener("change", restyle);

  // Printing: show every data table, so values reach the paper next to the chart image, and
  // fetch the light images print uses (lazy, and never loaded while the reader was in dark mode).
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart__data").forEach(function (d) { d.open = true; });
    document.querySelectorAll(".chart__static--light img").forEach(function (i) { i.loading = "eager"; });
  });
})();
