/*
 * OCOP Publisher: the embed page (/nhung/, inside other sites' iframes, see theme/nhung/embed.js):
 * the catalog's own filter over the catalog data, set by the address's parameters instead of a form.
 */
(function (ocop) {
  "use strict";

  var formatNumber = ocop.formatNumber, parseQuery = ocop.parseQuery, Ranker = ocop.Ranker,
    getJSON = ocop.getJSON, loadCatalog = ocop.loadCatalog, tally = ocop.tally, card = ocop.card;

  /* The embed page (/nhung/, inside other sites' iframes): the catalog's own filter (parseQuery,
     Ranker, tally) over the catalog data, set by the address's parameters instead of a form.
     A producer or an event narrows the products to those its open-data record lists. */
  var SLUG = /^[a-z0-9-]+$/;

  function setupEmbed(root) {
    if (root.dataset.ocopReady) return;
    root.dataset.ocopReady = "1";
    var params = new URLSearchParams(location.search);
    var state = {
      q: (params.get("q") || "").trim(), nhom: params.get("group") || "", tinh: params.get("province") || "",
      sao: (params.get("stars") || "").split(",").map(function (v) { return v.trim(); }).filter(Boolean), "hieu-luc": ""
    };
    /* how many cards: the address's limit, or the page's default, never more than the page's maximum */
    var limit = Math.min(parseInt(root.dataset.maxLimit, 10),
      Math.max(1, parseInt(params.get("limit"), 10) || parseInt(root.dataset.limit, 10)));
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

  ocop.start("[data-ocop-embed]", setupEmbed);
})(window.ocop);
