/*
 * Keeps the header's language switcher pointing at this page in the other language.
 * The switcher is rendered once per full page load; Material's instant navigation swaps only
 * the content, so without this the links would keep pointing at the first page visited.
 * Every page exists in both languages (a test checks), so the mapping is a prefix swap.
 */
(function () {
  "use strict";
  var ROOT = new URL("../../", document.currentScript.src);

  function update() {
    var here = new URL(location.href);
    var rel = here.pathname.slice(ROOT.pathname.length);
    var page = rel.indexOf("zh/") === 0 ? rel.slice(3) : rel;
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (a) {
      var lang = a.getAttribute("hreflang");
      a.href = new URL((lang === "zh" ? "zh/" : "") + page + here.hash, ROOT).href;
    });
  }

  if (window.document$) window.document$.subscribe(update); else update();
})();
