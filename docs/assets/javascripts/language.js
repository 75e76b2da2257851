/*
 * Language switcher: sends the reader to this same page in the other language.
 *
 * Material's own switcher expects sibling language roots (/en/, /zh/); ours are nested (English
 * at the root, Chinese under zh/), where it sends readers to the home page. Every page exists in
 * both languages (a test checks), so the counterpart is a prefix swap.
 *
 * Nothing here runs at load but two listeners: the switcher's links are pointed at the counterpart
 * when a reader reaches for them (pointer, focus or touch), and the click is handled when it
 * comes. <html lang> is written only when instant navigation has crossed into the other language:
 * assigning it, even to the value it holds, restyles the whole document (100-350 ms on a phone).
 */
(function () {
  "use strict";
  var ROOT = new URL("../../", document.currentScript.src);
  var SWITCH = "a.md-select__link[hreflang]";

  function counterpart(lang) {
    var here = new URL(location.href);
    var rel = here.pathname.slice(ROOT.pathname.length);
    var page = rel.indexOf("zh/") === 0 ? rel.slice(3) : rel;
    return new URL((lang === "zh" ? "zh/" : "") + page + here.hash, ROOT).href;
  }

  function pointLinks(ev) {
    if (!(ev.target instanceof Element) || !ev.target.closest(".md-select")) return;
    document.querySelectorAll(SWITCH).forEach(function (a) {
      var href = counterpart(a.getAttribute("hreflang"));
      if (a.href !== href) a.href = href;
    });
  }

  ["pointerover", "focusin", "touchstart"].forEach(function (type) {
    window.addEventListener(type, pointLinks, { capture: true, passive: true });
  });

  // A full page load on switching, so the header, navigation and search load in the new language.
  window.addEventListener("click", function (ev) {
    var a = ev.target instanceof Element && ev.target.closest(SWITCH);
    if (!a || ev.metaKey || ev.ctrlKey || ev.shiftKey) return;
    ev.preventDefault();
    ev.stopImmediatePropagation();
    location.assign(counterpart(a.getAttribute("hreflang")));
  }, true);

  // Instant navigation swaps only the page content: keep <html lang> right if a link crossed languages.
  function keepLang() {
    var lang = location.pathname.slice(ROOT.pathname.length).indexOf("zh/") === 0 ? "zh-Hans" : "en";
    if (document.documentElement.lang !== lang) document.documentElement.lang = lang;
  }

  if (window.document$) window.document$.subscribe(keepLang);
})();
