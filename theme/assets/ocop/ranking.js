/*
 * OCOP Publisher: finding records by what a visitor types, shared by the catalog, the search page,
 * the filtered lists and the embeds. Every word typed must start a word of the record, with or
 * without Vietnamese diacritics; words typed with their accents that also match with them rank
 * first, then matches in the name, then whole words. See README, "Search", for how a keystroke
 * stays cheap at 15,000 products.
 */
(function (ocop) {
  "use strict";

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

  ocop.fold = fold;
  ocop.slugify = slugify;
  ocop.formatNumber = formatNumber;
  ocop.searchable = searchable;
  ocop.parseQuery = parseQuery;
  ocop.score = score;
  ocop.Ranker = Ranker;
  ocop.warmUpRanking = warmUpRanking;
  ocop.addressBar = addressBar;
  ocop.getJSON = getJSON;
})(window.ocop);
