/*
 * Renders every chart on the page, on first load and after each of Material's instant
 * navigations, and re-themes them when the reader toggles light/dark.
 *
 * Why our own loader rather than a plugin: the known plugins either break under instant
 * navigation, ignore the palette toggle, or pull plotly.js from a CDN (see research notes).
 * Pages contain no inline script: each chart is a <div data-chart="assets/charts/ID.json">
 * in a reserved box; this file fetches plotly.js (once, from this site) and the figure JSON
 * when the chart nears the viewport.
 */
(function () {
  "use strict";

  // The site root, from this script's own URL (assets/javascripts/charts.js): correct at any
  // page depth, under a /REPO/ subpath and after instant navigation.
  var ROOT = new URL("../../", document.currentScript.src);
  var FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, "PingFang SC", ' +
    '"Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

  // Okabe-Ito colours (distinguishable with the common colour-vision deficiencies), tuned per
  // scheme for contrast; figures name a slot (trace.meta.c), never a colour.
  var THEMES = {
    "default": {
      fg: "#1f2328", muted: "#57606a", grid: "rgba(0,0,0,0.10)", line: "rgba(0,0,0,0.35)",
      hover: "#ffffff", palette: ["#0072B2", "#D55E00", "#007A5A", "#AA4499", "#B26B00", "#6E6E6E"]
    },
    slate: {
      fg: "#e2e4e9", muted: "#aab0bc", grid: "rgba(255,255,255,0.12)", line: "rgba(255,255,255,0.4)",
      hover: "#2e303e", palette: ["#56B4E9", "#F08A4B", "#3CC8A0", "#E08DC0", "#F0C24B", "#A7A7A7"]
    }
  };

  var plotly = null; // promise of window.Plotly, created on the first page that has a chart
  var live = new Set(); // rendered chart elements, purged when navigated away from

  function schemeName() {
    return document.body.getAttribute("data-md-color-scheme") === "slate" ? "slate" : "default";
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

  function clone(x) { return JSON.parse(JSON.stringify(x)); }

  function axisStyle(t) {
    return { gridcolor: t.grid, linecolor: t.line, zerolinecolor: t.line, tickcolor: t.line,
      tickfont: { color: t.muted }, title: { font: { color: t.muted } } };
  }

  function themed(fig, name) {
    var t = THEMES[name];
    var data = clone(fig.data).map(function (trace) {
      var slot = trace.meta && trace.meta.c;
      if (typeof slot === "number") {
        var c = t.palette[slot];
        if (trace.type === "bar") {
          trace.marker = trace.marker || {};
          trace.marker.color = c;
          trace.marker.line = Object.assign({}, trace.marker.line, { color: c });
        } else {
          trace.line = Object.assign({}, trace.line, { color: c });
          trace.marker = Object.assign({}, trace.marker, { color: c });
        }
      }
      return trace;
    });
    var layout = clone(fig.layout);
    layout.template = { layout: {
      font: { family: FONT, size: 13, color: t.fg },
      paper_bgcolor: "rgba(0,0,0,0)", plot_bgcolor: "rgba(0,0,0,0)",
      xaxis: axisStyle(t), yaxis: axisStyle(t),
      legend: { font: { color: t.fg } },
      hoverlabel: { bgcolor: t.hover, bordercolor: t.line, font: { color: t.fg, family: FONT } },
      annotationdefaults: { font: { color: t.fg } },
      shapedefaults: { line: { color: t.muted } }
    } };
    return { data: data, layout: layout };
  }

  // PNG export: the chart in the light scheme with its headline, subtitle and source on the image.
  function downloadPng(el) {
    var fig = el.chartFigure, img = fig.image, t = themed(fig, "default");
    var layout = t.layout;
    layout.paper_bgcolor = "#ffffff";
    layout.title = { text: "<b>" + img.title + "</b><br><span style='font-size:13px'>" + img.subtitle + "</span>",
      x: 0.01, xanchor: "left", y: 0.97, yanchor: "top" };
    layout.margin = Object.assign({}, layout.margin, { t: 110, b: 150 });
    layout.annotations = (layout.annotations || []).concat([{ text: img.source, xref: "paper", yref: "paper",
      x: 0, y: 0, yshift: -118, xanchor: "left", yanchor: "top", showarrow: false, font: { size: 11, color: "#57606a" } }]);
    var height = Math.round(el.getBoundingClientRect().height) + 260;
    window.Plotly.downloadImage({ data: t.data, layout: layout },
      { format: "png", width: 1100, height: height, filename: img.filename });
  }

  function config(Plotly) {
    return {
      responsive: true, displaylogo: false, showSendToCloud: false, scrollZoom: false,
      displayModeBar: "hover", // shown on hover or tap, so it never covers the chart's text
      modeBarButtons: [[{ name: "Download PNG", title: "Download this chart as a PNG (with title and source)",
        icon: Plotly.Icons.camera, click: downloadPng }]]
    };
  }

  // Give the drawn SVG the chart's accessible name and description; hide the decorative layers.
  function label(el) {
    var svgs = el.querySelectorAll("svg.main-svg");
    svgs.forEach(function (svg, i) {
      if (i === 0) {
        svg.setAttribute("role", "img");
        svg.setAttribute("aria-labelledby", el.closest("figure").id + "-title");
        svg.setAttribute("aria-describedby", el.getAttribute("data-describedby"));
      } else {
        svg.setAttribute("aria-hidden", "true");
      }
    });
  }

  function render(el) {
    if (el.dataset.state) return; // loading, rendered or failed already
    el.dataset.state = "loading";
    var figure = fetch(new URL(el.dataset.chart, ROOT).href).then(function (r) {
      if (!r.ok) throw new Error("chart data " + r.status);
      return r.json();
    });
    Promise.all([loadPlotly(el.dataset.plotly), figure]).then(function (res) {
      var Plotly = res[0], fig = res[1];
      if (!el.isConnected) return null;
      el.chartFigure = fig;
      var t = themed(fig, schemeName());
      return Plotly.newPlot(el, t.data, t.layout, config(Plotly)).then(function () {
        el.dataset.state = "rendered";
        el.dataset.scheme = schemeName();
        live.add(el);
        label(el);
      });
    }).catch(function (err) {
      el.dataset.state = "failed";
      el.classList.add("chart__plot--failed");
      el.textContent = "The interactive chart could not be loaded (" + err.message + "). Every value is in the data table below.";
    });
  }

  function sweep() {
    live.forEach(function (el) {
      if (!el.isConnected) {
        if (window.Plotly) window.Plotly.purge(el);
        live.delete(el);
      }
    });
  }

  function restyle() {
    var name = schemeName();
    live.forEach(function (el) {
      if (!el.isConnected || el.dataset.scheme === name) return;
      var t = themed(el.chartFigure, name);
      window.Plotly.react(el, t.data, t.layout, config(window.Plotly)).then(function () {
        el.dataset.scheme = name;
        label(el);
      });
    });
  }

  // Charts are drawn when they come near the viewport: a reader who never scrolls to a chart
  // never pays for plotly.js, and the main thread stays free while the page first loads.
  var nearby = "IntersectionObserver" in window ? new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) {
        nearby.unobserve(entry.target);
        render(entry.target);
      }
    });
  }, { rootMargin: "50% 0px" }) : null;

  function renderAll() {
    sweep();
    document.querySelectorAll(".chart__plot[data-chart]").forEach(function (el) {
      if (nearby) nearby.observe(el); else render(el);
    });
  }

  if (window.document$) {
    window.document$.subscribe(renderAll); // fires on first load and after every instant navigation
  } else {
    renderAll();
  }
  new MutationObserver(restyle).observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });

  // Printing: show every data table, so values reach the paper even if a chart does not.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details.chart__data").forEach(function (d) { d.open = true; });
  });

})();
