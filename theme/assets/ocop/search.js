/*
 * OCOP Publisher: the site search page: products (from the catalog data) and every other kind of
 * record (producers, fairs, showrooms, plans), ranked as the catalog ranks them.
 */
(function (ocop) {
  "use strict";

  var formatNumber = ocop.formatNumber, searchable = ocop.searchable, parseQuery = ocop.parseQuery,
    Ranker = ocop.Ranker, warmUpRanking = ocop.warmUpRanking, addressBar = ocop.addressBar,
    getJSON = ocop.getJSON, loadCatalog = ocop.loadCatalog;

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

  ocop.start("[data-ocop-search]", setupSearch);
})(window.ocop);
