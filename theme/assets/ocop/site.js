/*
 * OCOP Publisher: what every page of the site runs. It sets up the ``ocop`` namespace the page's
 * own features add to (each feature is a file of its own, loaded only by the pages that have it:
 * ranking.js, products.js, catalog.js, search.js, lists.js, embed-page.js, embed-builder.js)
 * and puts a search button in the header (Material's own search is not used).
 * Every feature works without JavaScript; these scripts enhance it.
 */
(function () {
  "use strict";

  var ocop = window.ocop = window.ocop || {};

  /* Runs ``setup`` on every element of the page that matches ``selector``: on each page Material
     shows (its document$, which also serves instant loading), or once the page is parsed. */
  function start(selector, setup) {
    function run() { document.querySelectorAll(selector).forEach(setup); }
    if (typeof document$ !== "undefined") {
      document$.subscribe(run);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  /* A search button in the header, on every page (Material's own search is not used). */
  function addHeaderSearch(header) {
    var config = document.getElementById("__config");
    if (!header || !config || header.querySelector(".ocop-header-search")) return;
    var base = JSON.parse(config.textContent).base || ".";
    var a = document.createElement("a");
    a.className = "md-header__button md-icon ocop-header-search";
    a.href = base.replace(/\/?$/, "/") + "tim-kiem/";
    a.title = "Tìm kiếm";
    a.setAttribute("aria-label", "Tìm kiếm");
    a.innerHTML = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true"><path d="M9.5 3A6.5 6.5 0 0 1 16 9.5c0 1.61-.59 3.09-1.56 4.23l.27.27h.79l5 5-1.5 1.5-5-5v-.79l-.27-.27A6.52 6.52 0 0 1 9.5 16 6.5 6.5 0 0 1 3 9.5 6.5 6.5 0 0 1 9.5 3m0 2C7 5 5 7 5 9.5S7 14 9.5 14 14 12 14 9.5 12 5 9.5 5"/></svg>';
    header.insertBefore(a, header.querySelector(".md-header__source"));
  }

  ocop.start = start;
  start(".md-header__inner", addHeaderSearch);
})();
