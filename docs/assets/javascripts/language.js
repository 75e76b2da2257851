/*
 * Language switcher: sends the reader to this same page in the other language.
 *
 * Material's own switcher expects sibling language roots (/en/, /zh/); ours are nested (English
 * at the root, Chinese under zh/), where it sends readers to the home page. Every page exists in
 * both languages (a test checks), so the counterpart is a prefix swap. We also keep the switcher's
 * links and <html lang> right after instant navigation, which swaps only the page content.
 */
(function () {
  "use strict";
  var ROOT = new URL("../../", document.currentScript.src);

  function counterpart(lang) {
    var here = new URL(location.href);
    var rel = here.pathname.slice(ROOT.pathname.length);
    var page = rel.indexOf("zh/") === 0 ? rel.slice(3) : rel;
    return new URL((lang === "zh" ? "zh/" : "") + page + here.hash, ROOT).href;
  }

  function update() {
    var rel = location.pathname.slice(ROOT.pathname.length);
    document.documentElement.lang = rel.indexOf("zh/") === 0 ? "zh-Hans" : "en";
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (a) {
      a.href = counterpart(a.getAttribute("hreflang"));
    });
  }

  // A full page load on switching, so the header, navigation and search load in the new language.
  window.addEventListener("click", function (ev) {
    var a = ev.target instanceof Element && ev.target.closest("a.md-select__link[hreflang]");
    if (!a || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    location.assign(counterpart(a.getAttribute("hreflang")));
  }, true);

  if (window.document$) window.document$.subscribe(update); else update();
})();
