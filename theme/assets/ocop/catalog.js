/*
 * OCOP Publisher: instant filtering of the product catalog. The catalog works without JavaScript
 * (server-rendered pages per star level, group and province); this loads the compact catalog data
 * once, when a visitor starts to filter, filters by stars, group, province, certificate status and
 * text, keeps the filter in the address bar so a filtered view can be shared, and updates the
 * counts beside every choice.
 */
(function (ocop) {
  "use strict";

  var formatNumber = ocop.formatNumber, parseQuery = ocop.parseQuery, Ranker = ocop.Ranker,
    warmUpRanking = ocop.warmUpRanking, addressBar = ocop.addressBar, DIMS = ocop.DIMS,
    SELECTS = ocop.SELECTS, loadCatalog = ocop.loadCatalog, readState = ocop.readState, tally = ocop.tally,
    countOf = ocop.countOf, setText = ocop.setText, fillCard = ocop.fillCard, card = ocop.card;

  /* The catalog: the server-rendered first page stays until the visitor filters or searches
     (or opens a filtered link); only then is the catalog data fetched. */
  function setup(root) {
    if (root.dataset.ocopReady) return;
    root.dataset.ocopReady = "1";
    var form = root.querySelector("[data-ocop-filter]");
    var grid = root.querySelector("[data-ocop-grid]");
    var countLine = root.querySelector("[data-ocop-count]");
    var empty = root.querySelector("[data-ocop-empty]");
    var more = root.querySelector("[data-ocop-more]");
    var pager = root.querySelector("[data-ocop-pagination]");
    var template = document.querySelector("template[data-ocop-card]");
    var base = root.dataset.base;
    var pageSize = parseInt(root.dataset.pageSize, 10) || 48;
    var shown = pageSize;
    var data = null;
    var writeUrl = addressBar();
    var ranker = null;
    var loading = null;

    function state() {
      var s = {
        q: form.elements.q.value.trim(),
        sao: Array.prototype.filter.call(form.querySelectorAll("input[name=sao]"), function (c) { return c.checked; })
          .map(function (c) { return c.value; })
      };
      SELECTS.forEach(function (k) { s[k] = form.elements[k].value; });
      return s;
    }

    function applyState(s) {
      form.elements.q.value = s.q;
      form.querySelectorAll("input[name=sao]").forEach(function (c) { c.checked = s.sao.indexOf(c.value) >= 0; });
      SELECTS.forEach(function (k) { form.elements[k].value = s[k]; });
    }

    function showCounts(counts) {
      DIMS.forEach(function (dim, d) {
        if (dim === "sao") {
          form.querySelectorAll("[data-count-for^='sao:']").forEach(function (el) {
            setText(el, formatNumber(countOf(counts, data.dims, d, el.dataset.countFor.slice(4))));
          });
        } else {
          Array.prototype.forEach.call(form.elements[dim].options, function (option) {
            if (option.value) setText(option, option.dataset.label + " (" + formatNumber(countOf(counts, data.dims, d, option.value)) + ")");
          });
        }
      });
    }

    /* Whether the grid still holds the server-rendered cards (replaced at the first filtering;
       the script's own cards are refilled in place after that, each knowing its item). */
    var serverCards = true;
    var pending = 0;  /* the latest showCards call, so that a later keystroke drops the rest of an earlier one */

    /* Fills cards ``from`` to ``to`` of the grid with ``items``, reusing the cards there. */
    function fillCards(items, from, to) {
      var nodes = grid.children;
      var fragment = document.createDocumentFragment();
      for (var i = from; i < to; i++) {
        if (i >= nodes.length) {
          fragment.appendChild(card(template, base, data, items[i])).ocopItem = items[i];
        } else if (nodes[i].ocopItem !== items[i]) {
          fillCard(nodes[i], base, data, items[i]).ocopItem = items[i];
        }
      }
      grid.appendChild(fragment);
    }

    /* The cards in the window as [from, to): whole rows of the grid, measured from its first card
       (its width gives the columns, the next row's offset the height of a row), from the first row
       in the window to the last one, and one row more (rows may be taller than the first); null
       when there is no card to measure. On a phone the filters fill most of the first screen,
       and the grid starts low in it. */
    function inWindow() {
      var first = grid.firstElementChild;
      if (!first || !first.offsetHeight) return null;
      var columns = Math.max(1, Math.floor(grid.clientWidth / first.offsetWidth));
      var below = grid.children[columns];
      var pitch = below && below.offsetTop > first.offsetTop ? below.offsetTop - first.offsetTop : first.offsetHeight;
      var top = grid.getBoundingClientRect().top;
      var row = Math.max(0, Math.floor(-top / pitch));
      var rows = Math.max(0, Math.ceil((window.innerHeight - Math.max(0, top)) / pitch)) + 1;
      return [row * columns, (row + rows) * columns];
    }

    /* Shows ``items``: the cards in the window at once, the others once the window is painted
       (a keystroke that matches thousands of products then costs a screenful of cards, not a page
       of them; a further keystroke before then drops the rest). The grid is aria-busy until every
       card is filled. */
    function showCards(items) {
      var view = inWindow() || [0, items.length];
      if (serverCards) {
        grid.replaceChildren();
        serverCards = false;
      }
      while (grid.children.length > items.length) grid.lastElementChild.remove();
      var call = ++pending;
      var from = Math.min(view[0], grid.children.length);  /* cards are added in order */
      var to = Math.min(view[1], items.length);
      if (from >= to) {  /* fewer cards than where the window was: the first ones */
        from = 0;
        to = Math.min(view[1] - view[0], items.length);
      }
      fillCards(items, from, to);
      if (from === 0 && to === items.length) {
        grid.removeAttribute("aria-busy");
        return;
      }
      grid.setAttribute("aria-busy", "true");
      requestAnimationFrame(function () {
        setTimeout(function () {
          if (call !== pending) return;
          fillCards(items, 0, from);
          fillCards(items, to, items.length);
          grid.removeAttribute("aria-busy");
        }, 0);
      });
    }

    function render(resetPaging, typing) {
      var s = state();
      if (resetPaging) shown = pageSize;
      var result = tally(s, ranker.rank(parseQuery(s.q)), data.dims);
      var found = result.found;
      showCards(found.slice(0, shown));
      setText(countLine, formatNumber(found.length) + " sản phẩm");
      empty.hidden = found.length > 0;
      more.hidden = found.length <= shown;
      if (pager) pager.hidden = true;
      showCounts(result.counts);
      var params = new URLSearchParams();
      if (s.q) params.set("q", s.q);
      if (s.sao.length) params.set("sao", s.sao.join(","));
      SELECTS.forEach(function (k) { if (s[k]) params.set(k, s[k]); });
      writeUrl(params, typing);
    }

    function warmUp() {
      if (!serverCards) return;  /* the visitor has typed already */
      warmUpRanking(data.items, function (ranked) { tally(readState(new URLSearchParams()), ranked, data.dims); });
    }

    function activate() {
      if (!loading) {
        root.setAttribute("aria-busy", "true");
        loading = loadCatalog(root.dataset.source).then(function (loaded) {
          data = loaded;
          ranker = new Ranker(loaded.items);
          root.removeAttribute("aria-busy");
          root.dataset.ocopLoaded = "1";
          setTimeout(warmUp, 0);
        });
      }
      return loading;
    }

    function update(resetPaging, typing) {
      activate().then(function () { render(resetPaging, typing); }).catch(function () {
        root.removeAttribute("aria-busy");  /* keep the server-rendered catalog */
      });
    }

    var initial = readState(new URLSearchParams(location.search));
    applyState(initial);
    form.hidden = false;
    root.classList.add("ocop-js");
    form.elements.q.addEventListener("focus", function () { activate().catch(function () {}); });
    form.addEventListener("input", function (event) { update(true, event.target === form.elements.q); });
    /* A text box also fires "change" when it loses focus: re-rendering then would replace the card
       a visitor is clicking, and the click would be lost. Typing is handled by "input". */
    form.addEventListener("change", function (event) { if (event.target !== form.elements.q) update(true); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { update(true); }, 0); });
    more.addEventListener("click", function () { shown += pageSize; render(false); });
    if (initial.q || initial.sao.length || SELECTS.some(function (k) { return initial[k]; })) update(true);
  }

  ocop.start("[data-ocop-catalog][data-source]", setup);
})(window.ocop);
