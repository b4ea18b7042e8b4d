/*
 * OCOP Publisher: instant filtering of the product catalog, and the site search.
 *
 * The catalog works without JavaScript (server-rendered pages per star level,
 * group and province). This script enhances it: when a visitor starts to filter
 * it loads the compact catalog data once, filters by stars, group, province,
 * certificate status and text (word prefixes, with or without Vietnamese
 * diacritics, accent-exact matches first), keeps the filter in the address bar
 * so a filtered view can be shared, and updates the counts beside every choice.
 * The search page ranks products, producers, fairs, showrooms and plans the same way.
 * The plan archive and the fairs get the same kind of filter over the items on their page.
 * It runs under Material's document$ so it also works with instant loading.
 */
(function () {
  "use strict";

  var STATUS_LABELS = { expiring: "Sắp hết hạn", expired: "Hết hạn" };
  var SEPARATORS = /[^0-9a-zà-ỹđ]+/g;

  function fold(text) {
    return String(text).replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function slugify(text) {
    return fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function formatNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  /* The bit of a folded word's first letter in a mask of first letters: a to z one bit each
     (exact), digits and anything else sharing bits 26 and 27 (a hint only). */
  function letterBit(code) {
    return 1 << (code >= 97 && code <= 122 ? code - 97 : code >= 48 && code <= 57 ? 26 : 27);
  }

  /* Two bits for a word's first two letters, one in each of two masks (``pair`` and
     ``pair2``): for a given first letter the second one has a bit of its own in each, and two
     other words must collide, one in each mask, to pass for it. A hint, like the digits' bits. */
  function pairBit(first, second) {
    return 1 << ((second + 7 * first) & 31);
  }
  function pairBit2(first, second) {
    return 1 << ((second + 13 * first + 5) & 31);
  }

  /* The first letters of the words of ``folded`` (a string of words, each after a space) as a
     mask, of its one-letter words, and the first two letters of its longer words (two masks). */
  function initials(folded) {
    var all = 0;
    var single = 0;
    var pair = 0;
    var pair2 = 0;
    for (var i = 0; i < folded.length - 1; i++) {
      if (folded.charCodeAt(i) !== 32 || folded.charCodeAt(i + 1) === 32) continue;
      var first = folded.charCodeAt(i + 1);
      var bit = letterBit(first);
      all |= bit;
      if (i + 2 === folded.length || folded.charCodeAt(i + 2) === 32) {
        single |= bit;
      } else {
        pair |= pairBit(first, folded.charCodeAt(i + 2));
        pair2 |= pairBit2(first, folded.charCodeAt(i + 2));
      }
    }
    return { all: all, single: single, pair: pair, pair2: pair2 };
  }

  /* Searchable text: words separated by single spaces, with a leading space so that
     " " + word finds a word start. Kept both as written (lower case) and folded, with the
     masks of first letters that answer a one-letter word without reading the text, and of
     first pairs of letters that pass over most texts a longer word cannot match. */
  function searchable(name, other) {
    var lower = (" " + name + " " + other).normalize("NFC").toLowerCase().replace(SEPARATORS, " ");
    var folded = fold(lower);
    var foldedName = " " + fold(name).replace(/[^a-z0-9]+/g, " ");
    var words = initials(folded);
    return { lower: lower, folded: folded, name: foldedName, initials: words.all, singles: words.single,
      pairs: words.pair, pairs2: words.pair2, nameInitials: initials(foldedName).all };
  }

  /* A query: its words as typed and folded. Every word must start a word of the item
     (so "nuoc ma" matches while typing "nuoc mam"); words typed with their accents that
     also match with them rank first, then matches in the name, then whole words. */
  function parseQuery(q) {
    var typed = String(q).normalize("NFC").toLowerCase().replace(SEPARATORS, " ").trim();
    var words = typed ? typed.split(" ") : [];
    return words.map(function (w) {
      var needle = " " + fold(w);
      var bit = letterBit(needle.charCodeAt(1));
      var two = needle.length > 2;
      return { typed: w, needle: needle, accented: w !== fold(w), bit: bit, letter: needle.length === 2 && bit < 1 << 26,
        pair: two ? pairBit(needle.charCodeAt(1), needle.charCodeAt(2)) : 0,
        pair2: two ? pairBit2(needle.charCodeAt(1), needle.charCodeAt(2)) : 0 };
    });
  }

  /* The score of ``text`` for ``query``, 0 when a word does not match. A one-letter word (the
     first keystroke, which matches most of the catalog) is answered by the masks alone: it is a
     whole word when the text has that one-letter word anywhere (a longer word is judged by its
     first match). */
  function score(query, text) {
    var total = 1;
    for (var i = 0; i < query.length; i++) {
      var w = query[i];
      if (!(text.initials & w.bit) || (w.pair && !(text.pairs & w.pair && text.pairs2 & w.pair2))) return 0;
      var whole;
      if (w.letter) {
        whole = text.singles & w.bit;
      } else {
        var at = text.folded.indexOf(w.needle);
        if (at < 0) return 0;
        var end = at + w.needle.length;
        whole = end === text.folded.length || text.folded.charCodeAt(end) === 32;
      }
      if (w.accented && text.lower.indexOf(" " + w.typed) >= 0) total += 4;
      if (w.letter ? text.nameInitials & w.bit : text.name.indexOf(w.needle) >= 0) total += 2;
      if (whole) total += 1;
    }
    return total;
  }

  /* Ranks ``items`` (each with a .text from searchable) for successive queries, best first,
     the order of equal scores kept. A query that extends the previous one ("nuoc m" after
     "nuoc") can only match fewer items, so it looks only at the previous matches: each
     keystroke costs less than the one before. Scores are small integers, so the items are
     bucketed by score instead of sorted. */
  function Ranker(items) {
    this.items = items;
    this.key = null;
    this.pool = items;
  }

  Ranker.prototype.rank = function (query) {
    var key = query.map(function (w) { return w.typed; }).join(" ");
    if (!query.length) {
      this.key = null;
      this.pool = this.items;
      return this.items;
    }
    var pool = this.key !== null && key.indexOf(this.key) === 0 ? this.pool : this.items;
    var matches = [];
    var buckets = [];
    for (var i = 0; i < pool.length; i++) {
      var s = score(query, pool[i].text);
      if (!s) continue;
      matches.push(pool[i]);
      (buckets[s] || (buckets[s] = [])).push(pool[i]);
    }
    this.key = key;
    this.pool = matches;
    var ranked = [];
    for (var b = buckets.length - 1; b > 0; b--) {
      var bucket = buckets[b];
      if (bucket) for (var j = 0; j < bucket.length; j++) ranked.push(bucket[j]);
    }
    return ranked;
  };

  /* Ranks throwaway queries of one letter and then two over ``items`` (``use``, if given, gets each result),
     so that the browser compiles that code before the visitor types rather than during the first
     keystrokes (the ones with the most matches; the second takes another path through the ranking). */
  function warmUpRanking(items, use) {
    var throwaway = new Ranker(items);
    ["a", "an"].forEach(function (q) {
      var ranked = throwaway.rank(parseQuery(q));
      if (use) use(ranked);
    });
  }

  /* A writer of the filter into the address bar, so a filtered view can be shared. While the
     visitor types it writes once typing pauses: history.replaceState is slow on phones. */
  function addressBar() {
    var timer = null;
    return function (params, typing) {
      clearTimeout(timer);
      function write() {
        var query = params.toString();
        history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
      }
      if (typing) timer = setTimeout(write, 400); else write();
    };
  }

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  /* The facets of the catalog filter, by their URL/form name ("sao" is checkboxes, the others
     selects). An item's value for each is a small integer (its code), so that counting the
     matches of a keystroke adds into typed arrays instead of hashing strings. */
  var DIMS = ["sao", "nhom", "tinh", "hieu-luc"];
  var SELECTS = DIMS.slice(1);

  /* A facet's values: their codes (by value) and how many there are. */
  function codes(values) {
    var code = Object.create(null);  /* so that "constructor" is no facet value */
    values.forEach(function (v, i) { code[v] = i; });
    return { code: code, size: values.length };
  }

  /* The catalog's products, decoded once per page from the compact data (see browser_data.py). */
  var catalogCache = {};
  function loadCatalog(url) {
    if (!catalogCache[url]) {
      catalogCache[url] = getJSON(url).then(function (payload) {
        var dims = [codes(["0", "1", "2", "3", "4", "5"]), codes(Object.keys(payload.groups)),
          codes(Object.keys(payload.provinces)), codes(payload.statuses)];
        var items = payload.products.map(function (row) {
          var producer = row[5] >= 0 ? payload.producers[row[5]] : "";
          var province = payload.provinces[row[4]] || "";
          return {
            slug: row[0] || slugify(row[1]), name: row[1], stars: row[2], group: row[3], province: row[4],
            producer: producer, status: payload.statuses[row[6]],
            keys: [row[2], dims[1].code[row[3]], dims[2].code[row[4]], row[6]],
            image: row[7] ? payload.images + row[7] : "",
            text: searchable(row[1], [producer, province, row[8]].join(" "))
          };
        });
        return { groups: payload.groups, provinces: payload.provinces, dims: dims, items: items };
      });
    }
    return catalogCache[url];
  }

  function readState(params) {
    var stars = [];
    params.getAll("sao").forEach(function (v) { stars = stars.concat(v.split(",")); });
    var state = { q: params.get("q") || "", sao: stars.filter(Boolean) };
    SELECTS.forEach(function (k) { state[k] = params.get(k) || ""; });
    return state;
  }

  /* In one pass over the text matches: the items that pass every facet, and for each facet
     the counts of its values among the items that pass all the other facets (the live counts
     beside each choice). */
  function tally(state, matched, dims) {
    var accepted = DIMS.map(function (dim, d) {
      var values = dim === "sao" ? state.sao : (state[dim] ? [state[dim]] : []);
      if (!values.length) return null;
      var set = new Uint8Array(dims[d].size);  /* an unknown value accepts nothing */
      values.forEach(function (v) { if (v in dims[d].code) set[dims[d].code[v]] = 1; });
      return set;
    });
    var counts = dims.map(function (dim) { return new Int32Array(dim.size); });
    if (accepted.every(function (set) { return set === null; })) {  /* no facet chosen: every match is found */
      for (var m = 0; m < matched.length; m++) {
        for (var k = 0; k < DIMS.length; k++) counts[k][matched[m].keys[k]]++;
      }
      return { found: matched, counts: counts };
    }
    var found = [];
    for (var i = 0; i < matched.length; i++) {
      var keys = matched[i].keys;
      var failed = -1;
      var fails = 0;
      for (var d = 0; d < DIMS.length && fails < 2; d++) {
        if (accepted[d] !== null && !accepted[d][keys[d]]) { fails++; failed = d; }
      }
      if (fails === 0) {
        found.push(matched[i]);
        for (d = 0; d < DIMS.length; d++) counts[d][keys[d]]++;
      } else if (fails === 1) {
        counts[failed][keys[failed]]++;
      }
    }
    return { found: found, counts: counts };
  }

  /* The count of ``value`` of facet ``d`` in a tally's counts. */
  function countOf(counts, dims, d, value) {
    return value in dims[d].code ? counts[d][dims[d].code[value]] : 0;
  }

  function setText(node, text) {
    if (node.textContent !== text) node.textContent = text;
  }

  /* Fills a card, a copy of the page's card template, with ``item``. The catalog refills the
     cards it shows from one keystroke to the next: texts, links and images change, and the card
     ends up exactly as one filled fresh (hidden parts emptied too). */
  function fillCard(node, base, data, item) {
    var f = node.ocopFields || (node.ocopFields = {
      link: node.querySelector("a"), picture: node.querySelector("picture"), source: node.querySelector("source"),
      img: node.querySelector("img"), blank: node.querySelector("img").cloneNode(false),
      placeholder: node.querySelector(".ocop-card__placeholder"),
      stars: node.querySelector(".ocop-stars"), icons: node.querySelector(".ocop-stars__icons"),
      starsText: node.querySelector(".ocop-stars__text"), title: node.querySelector(".ocop-card__title"),
      producer: node.querySelector("[data-field=producer]"), province: node.querySelector("[data-field=province]"),
      status: node.querySelector(".ocop-status"), group: "", state: ""
    });
    f.link.href = base + "san-pham/" + item.slug + "/";
    f.picture.hidden = !item.image;
    f.placeholder.hidden = !!item.image;
    var jpeg = item.image ? base + item.image + ".jpg" : "";
    if (!jpeg) {
      f.source.removeAttribute("srcset");
      f.img.removeAttribute("src");
    } else if (f.img.getAttribute("src") !== jpeg) {
      /* a new <img>: one whose address changes keeps showing its old photo until the new one arrives */
      var img = f.blank.cloneNode(false);
      f.source.srcset = base + item.image + ".webp";
      img.src = jpeg;
      f.img.replaceWith(img);
      f.img = img;
    }
    f.img.alt = item.image ? item.name : "";
    setText(f.placeholder, item.image ? "" : (data.groups[item.group] || "").charAt(0));
    if (f.group) f.placeholder.classList.remove("ocop-group--" + f.group);
    f.group = item.image ? "" : item.group;
    if (f.group) f.placeholder.classList.add("ocop-group--" + f.group);
    f.stars.dataset.stars = item.stars;
    setText(f.icons, "★".repeat(item.stars));
    setText(f.starsText, item.stars + " sao");
    setText(f.title, item.name);
    setText(f.producer, item.producer || "Chưa ghi chủ thể");
    setText(f.province, data.provinces[item.province] || "");
    var label = STATUS_LABELS[item.status] || "";
    f.status.hidden = !label;
    setText(f.status, label);
    if (f.state) f.status.classList.remove("ocop-status--" + f.state);
    f.state = label ? item.status : "";
    if (f.state) f.status.classList.add("ocop-status--" + f.state);
    return node;
  }

  function card(template, base, data, item) {
    return fillCard(template.content.firstElementChild.cloneNode(true), base, data, item);
  }

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

  var KINDS = [
    ["chu-the", "Chủ thể sản xuất"], ["hoi-cho", "Hội chợ, sự kiện"], ["diem-ban", "Điểm bán"], ["ke-hoach", "Kế hoạch, văn bản"]
  ];

  /* The site search: products (from the catalog data) and every other kind of record. */
  function setupSearch(root) {
    if (root.dataset.ocopReady) return;
    root.dataset.ocopReady = "1";
    var form = root.querySelector("[data-ocop-search-form]");
    var input = form.elements.q;
    var status = root.querySelector("[data-ocop-search-status]");
    var results = root.querySelector("[data-ocop-search-results]");
    var base = root.dataset.base;
    var catalog = null;
    var rankers = {};
    var writeUrl = addressBar();
    var limits = {};

    function link(href, title, detail) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = href;
      a.textContent = title;
      li.appendChild(a);
      if (detail) {
        var span = document.createElement("span");
        span.className = "ocop-search__detail";
        span.textContent = detail;
        li.appendChild(span);
      }
      return li;
    }

    function section(key, heading, found, row, all) {
      var block = document.createElement("section");
      block.className = "ocop-search__group";
      block.dataset.kind = key;
      var h2 = document.createElement("h2");
      h2.textContent = heading + " (" + formatNumber(found.length) + ")";
      block.appendChild(h2);
      var list = document.createElement("ul");
      list.className = "ocop-search__list";
      var limit = limits[key] || 10;
      found.slice(0, limit).forEach(function (item) { list.appendChild(row(item)); });
      block.appendChild(list);
      if (all) {
        block.appendChild(all);
      } else if (found.length > limit) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "md-button";
        button.textContent = "Xem thêm";
        button.addEventListener("click", function () { limits[key] = limit + 20; render(); });
        block.appendChild(button);
      }
      return block;
    }

    function render(typing) {
      var q = input.value.trim();
      var params = new URLSearchParams();
      if (q) params.set("q", q);
      writeUrl(params, typing);
      var query = parseQuery(q);
      if (!query.length) {
        results.replaceChildren();
        status.textContent = "Gõ tên sản phẩm, chủ thể, hội chợ, điểm bán hay văn bản, có dấu hoặc không dấu.";
        return;
      }
      var fragment = document.createDocumentFragment();
      var total = 0;
      var products = rankers["san-pham"].rank(query);
      total += products.length;
      if (products.length) {
        var all = document.createElement("p");
        var more = document.createElement("a");
        more.href = base + "san-pham/?q=" + encodeURIComponent(q);
        more.textContent = "Lọc " + formatNumber(products.length) + " sản phẩm này theo hạng sao, nhóm, tỉnh ›";
        all.appendChild(more);
        fragment.appendChild(section("san-pham", "Sản phẩm", products, function (item) {
          return link(base + "san-pham/" + item.slug + "/", item.name,
            [item.stars + " sao", item.producer, catalog.provinces[item.province]].filter(Boolean).join(" · "));
        }, products.length > (limits["san-pham"] || 10) ? all : null));
      }
      KINDS.forEach(function (kind) {
        var found = rankers[kind[0]].rank(query);
        total += found.length;
        if (found.length) {
          fragment.appendChild(section(kind[0], kind[1], found, function (r) { return link(base + r.path, r.name, r.detail); }));
        }
      });
      results.replaceChildren(fragment);
      status.textContent = total ? formatNumber(total) + " kết quả cho “" + q + "”" : "Không tìm thấy kết quả nào cho “" + q + "”.";
    }

    status.textContent = "Đang tải dữ liệu tìm kiếm…";
    form.hidden = false;
    root.classList.add("ocop-js");
    input.value = new URLSearchParams(location.search).get("q") || "";
    Promise.all([loadCatalog(root.dataset.catalog), getJSON(root.dataset.source)]).then(function (loaded) {
      catalog = loaded[0];
      var records = loaded[1].items.map(function (row) {
        return { kind: row[0], path: row[1], name: row[2], detail: row[3], text: searchable(row[2], row[3]) };
      });
      rankers["san-pham"] = new Ranker(catalog.items);
      KINDS.forEach(function (kind) {
        rankers[kind[0]] = new Ranker(records.filter(function (r) { return r.kind === kind[0]; }));
      });
      form.addEventListener("input", function () { limits = {}; render(true); });
      form.addEventListener("submit", function (event) { event.preventDefault(); render(); });
      render();
      setTimeout(function () {
        if (input.value.trim()) return;  /* the visitor has typed already */
        Object.keys(rankers).forEach(function (key) { warmUpRanking(rankers[key].items); });
      }, 0);
    }).catch(function () {
      status.textContent = "Không tải được dữ liệu tìm kiếm. Hãy thử lại, hoặc duyệt danh mục sản phẩm.";
    });
  }

  /* A search button in the header, on every page (Material's own search is not used). */
  function addHeaderSearch() {
    var header = document.querySelector(".md-header__inner");
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

  /* Lists with every item on the page (plans, fairs): the filter hides the others. */
  function setupList(root) {
    if (root.dataset.ocopReady) return;
    root.dataset.ocopReady = "1";
    var form = root.querySelector("[data-ocop-list-filter]");
    var items = Array.prototype.slice.call(root.querySelectorAll("[data-ocop-item]"));
    var years = root.querySelectorAll("[data-ocop-group]");
    var countLine = root.querySelector("[data-ocop-count]");
    var empty = root.querySelector("[data-ocop-empty]");
    var keys = Array.prototype.map.call(form.querySelectorAll("select"), function (s) { return s.name; });
    var texts = items.map(function (item) { return searchable("", item.dataset.text); });
    var writeUrl = addressBar();

    function update(typing) {
      var query = parseQuery(form.elements.q.value);
      var shown = 0;
      var params = new URLSearchParams();
      if (form.elements.q.value.trim()) params.set("q", form.elements.q.value.trim());
      keys.forEach(function (k) { if (form.elements[k].value) params.set(k, form.elements[k].value); });
      items.forEach(function (item, i) {
        var ok = keys.every(function (k) { return !form.elements[k].value || item.getAttribute("data-" + k) === form.elements[k].value; })
          && score(query, texts[i]) > 0;
        item.hidden = !ok;
        if (ok) shown++;
      });
      years.forEach(function (section) { section.hidden = !section.querySelector("[data-ocop-item]:not([hidden])"); });
      countLine.textContent = formatNumber(shown) + " " + countLine.dataset.noun;
      empty.hidden = shown > 0;
      writeUrl(params, typing);
    }

    var params = new URLSearchParams(location.search);
    form.elements.q.value = params.get("q") || "";
    keys.forEach(function (k) { form.elements[k].value = params.get(k) || ""; });
    form.hidden = false;
    root.classList.add("ocop-js");
    form.addEventListener("input", function (event) { update(event.target === form.elements.q); });
    form.addEventListener("change", function (event) { if (event.target !== form.elements.q) update(false); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(function () { update(false); }, 0); });
    update(false);
  }


  /* The embed page (/nhung/, inside other sites' iframes): the catalog's own filter (parseQuery,
     Ranker, tally) over the catalog data, set by the address's parameters instead of a form.
     A producer or an event narrows the products to those its open-data record lists. */
  var EMBED_LIMIT = 12;
  var EMBED_MAX = 48;
  var SLUG = /^[a-z0-9-]+$/;

  function setupEmbed(root) {
    if (root.dataset.ocopReady) return;
    root.dataset.ocopReady = "1";
    var params = new URLSearchParams(location.search);
    var state = {
      q: (params.get("q") || "").trim(), nhom: params.get("group") || "", tinh: params.get("province") || "",
      sao: (params.get("stars") || "").split(",").map(function (v) { return v.trim(); }).filter(Boolean), "hieu-luc": ""
    };
    var limit = Math.min(EMBED_MAX, Math.max(1, parseInt(params.get("limit"), 10) || EMBED_LIMIT));
    var scope = [["producers", params.get("producer"), "chu-the/"], ["events", params.get("event"), "hoi-cho/"]]
      .filter(function (s) { return s[1]; });
    var base = root.dataset.base;
    var grid = root.querySelector("[data-ocop-grid]");
    var countLine = root.querySelector("[data-ocop-count]");
    var empty = root.querySelector("[data-ocop-empty]");
    var all = root.querySelector("[data-ocop-all]");
    var template = document.querySelector("template[data-ocop-card]");
    root.classList.add("ocop-embed--" + (params.get("layout") === "list" ? "list" : "grid"));

    /* The height goes to the page that embeds this one (its origin comes from the loader). */
    var target = params.get("origin") || "";
    if (!/^(https?:\/\/[^\/?#\s]+|null)$/.test(target)) target = "";  /* postMessage throws on anything else */
    function report() {
      if (!target || window.parent === window) return;
      /* the body's own height: the document's scrollHeight is never less than the iframe */
      window.parent.postMessage({ type: "ocop-embed:height", height: Math.ceil(document.body.getBoundingClientRect().height) },
        target === "null" ? "*" : target);
    }
    if (window.ResizeObserver) new ResizeObserver(report).observe(document.body);
    window.addEventListener("load", report);

    var catalogLink = new URLSearchParams();
    if (state.q) catalogLink.set("q", state.q);
    if (state.sao.length) catalogLink.set("sao", state.sao.join(","));
    if (state.nhom) catalogLink.set("nhom", state.nhom);
    if (state.tinh) catalogLink.set("tinh", state.tinh);
    all.href = scope.length === 1 && SLUG.test(scope[0][1]) ? base + scope[0][2] + scope[0][1] + "/"
      : base + "san-pham/" + (catalogLink.toString() ? "?" + catalogLink.toString() : "");

    var records = scope.map(function (s) {
      return SLUG.test(s[1]) ? getJSON(root.dataset.api + s[0] + "/" + s[1] + ".json") : Promise.reject(new Error("bad id"));
    });
    Promise.all([loadCatalog(root.dataset.source)].concat(records)).then(function (loaded) {
      var data = loaded[0];
      var items = data.items;
      loaded.slice(1).forEach(function (record) {
        var listed = {};
        record.products.forEach(function (p) { listed[p.id] = true; });
        items = items.filter(function (item) { return listed[item.slug]; });
      });
      var found = tally(state, new Ranker(items).rank(parseQuery(state.q)), data.dims).found;
      var fragment = document.createDocumentFragment();
      found.slice(0, limit).forEach(function (item) {
        var node = card(template, base, data, item);
        var link = node.querySelector("a");
        link.target = "_blank";
        link.rel = "noopener";
        fragment.appendChild(node);
      });
      grid.replaceChildren(fragment);
      countLine.textContent = formatNumber(found.length) + " sản phẩm";
      empty.hidden = found.length > 0;
      if (found.length > limit) all.textContent = "Xem tất cả " + formatNumber(found.length) + " sản phẩm ›";
      root.dataset.ocopLoaded = "1";
      report();
    }).catch(function () {
      empty.hidden = false;
      empty.textContent = scope.length ? "Không tìm thấy chủ thể hay sự kiện có mã này." : "Không tải được danh mục sản phẩm.";
      report();
    });
  }

  /* The embed guide: builds the snippet for the chosen filters and previews it with the real loader. */
  function setupEmbedBuilder(root) {
    if (root.dataset.ocopReady) return;
    root.dataset.ocopReady = "1";
    var form = root.querySelector("[data-ocop-embed-form]");
    var code = root.querySelector("[data-ocop-snippet]");
    var preview = root.querySelector("[data-ocop-preview]");
    var copy = root.querySelector("[data-ocop-copy]");
    /* the snippet names the loader by the site's public address when it has one (site_url) */
    var loader = root.dataset.address || new URL(root.dataset.loader, location.href).href;
    var timer = null;

    function attributes() {
      var found = [];
      ["province", "group"].forEach(function (k) { if (form.elements[k].value) found.push([k, form.elements[k].value]); });
      var stars = Array.prototype.filter.call(form.querySelectorAll("input[name=stars]"), function (c) { return c.checked; })
        .map(function (c) { return c.value; });
      if (stars.length) found.push(["stars", stars.join(",")]);
      ["producer", "event", "q"].forEach(function (k) {
        var v = form.elements[k].value.trim();
        if (v) found.push([k, v]);
      });
      var limit = parseInt(form.elements.limit.value, 10);
      if (limit && limit !== EMBED_LIMIT) found.push(["limit", String(Math.min(EMBED_MAX, Math.max(1, limit)))]);
      if (form.elements.layout.value === "list") found.push(["layout", "list"]);
      return found;
    }

    function escapeAttribute(text) {
      return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
    }

    function update(typing) {
      var found = attributes();
      code.textContent = '<script src="' + loader + '" async></' + 'script>\n<div data-ocop-catalog' +
        found.map(function (a) { return " data-" + a[0] + '="' + escapeAttribute(a[1]) + '"'; }).join("") + "></div>";
      clearTimeout(timer);
      timer = setTimeout(function () {
        var widget = document.createElement("div");
        widget.setAttribute("data-ocop-catalog", "");
        found.forEach(function (a) { widget.setAttribute("data-" + a[0], a[1]); });
        preview.replaceChildren(widget);  /* the loader on this page turns it into an iframe */
      }, typing ? 500 : 0);
    }

    form.hidden = false;
    copy.hidden = false;
    form.addEventListener("input", function (event) { update(event.target.type === "text" || event.target.type === "search"); });
    form.addEventListener("change", function () { update(false); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    copy.addEventListener("click", function () {
      navigator.clipboard.writeText(code.textContent).then(function () {
        copy.textContent = "Đã chép";
        setTimeout(function () { copy.textContent = "Chép đoạn mã"; }, 2000);
      }).catch(function () { window.getSelection().selectAllChildren(code); });
    });
    update(false);
  }

  function init() {
    addHeaderSearch();
    /* data-source: the site's catalog; a div[data-ocop-catalog] without it is an embed (embed.js) */
    document.querySelectorAll("[data-ocop-catalog][data-source]").forEach(setup);
    document.querySelectorAll("[data-ocop-embed]").forEach(setupEmbed);
    document.querySelectorAll("[data-ocop-embed-builder]").forEach(setupEmbedBuilder);
    document.querySelectorAll("[data-ocop-search]").forEach(setupSearch);
    document.querySelectorAll("[data-ocop-list]").forEach(setupList);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
