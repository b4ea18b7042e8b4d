/*
 * OCOP Publisher: instant filtering of the product catalog.
 *
 * The catalog works without JavaScript (server-rendered pages per star level,
 * group and province). This script enhances it: it loads the compact catalog
 * data once, filters by stars, group, province and text (with or without
 * Vietnamese diacritics), keeps the filter in the address bar so a filtered
 * view can be shared, and updates the counts beside every choice.
 * The plan archive and the fairs get the same kind of filter over the items on their page.
 * It runs under Material's document$ so it also works with instant loading.
 */
(function () {
  "use strict";

  var STATUS_LABELS = { expiring: "Sắp hết hạn", expired: "Hết hạn" };

  function fold(text) {
    return String(text).replace(/đ/g, "d").replace(/Đ/g, "D")
      .normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function formatNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function readState(params) {
    var stars = [];
    params.getAll("sao").forEach(function (v) { stars = stars.concat(v.split(",")); });
    return {
      q: params.get("q") || "",
      sao: stars.filter(Boolean),
      nhom: params.get("nhom") || "",
      tinh: params.get("tinh") || ""
    };
  }

  function matcher(state, skip) {
    var words = fold(state.q).split(/\s+/).filter(Boolean);
    return function (item) {
      if (skip !== "sao" && state.sao.length && state.sao.indexOf(String(item.stars)) < 0) return false;
      if (skip !== "nhom" && state.nhom && item.group !== state.nhom) return false;
      if (skip !== "tinh" && state.tinh && item.province !== state.tinh) return false;
      for (var i = 0; i < words.length; i++) {
        if (item.text.indexOf(words[i]) < 0) return false;
      }
      return true;
    };
  }

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

    function state() {
      return {
        q: form.elements.q.value.trim(),
        sao: Array.prototype.filter.call(form.querySelectorAll("input[name=sao]"), function (c) { return c.checked; })
          .map(function (c) { return c.value; }),
        nhom: form.elements.nhom.value,
        tinh: form.elements.tinh.value
      };
    }

    function applyState(s) {
      form.elements.q.value = s.q;
      form.querySelectorAll("input[name=sao]").forEach(function (c) { c.checked = s.sao.indexOf(c.value) >= 0; });
      form.elements.nhom.value = s.nhom;
      form.elements.tinh.value = s.tinh;
    }

    function card(item) {
      var node = template.content.firstElementChild.cloneNode(true);
      node.querySelector("a").href = base + "san-pham/" + item.slug + "/";
      var picture = node.querySelector("picture");
      var placeholder = node.querySelector(".ocop-card__placeholder");
      if (item.jpeg) {
        picture.querySelector("source").srcset = base + item.webp;
        var img = picture.querySelector("img");
        img.src = base + item.jpeg;
        img.alt = item.name;
        placeholder.remove();
      } else {
        picture.remove();
        placeholder.textContent = (data.groups[item.group] || "").charAt(0);
        placeholder.classList.add("ocop-group--" + item.group);
      }
      node.querySelector(".ocop-stars").dataset.stars = item.stars;
      node.querySelector(".ocop-stars__icons").textContent = "★".repeat(item.stars);
      node.querySelector(".ocop-stars__text").textContent = item.stars + " sao";
      node.querySelector(".ocop-card__title").textContent = item.name;
      node.querySelector("[data-field=producer]").textContent = item.producer || "Chưa ghi chủ thể";
      node.querySelector("[data-field=province]").textContent = data.provinces[item.province] || "";
      var status = node.querySelector(".ocop-status");
      if (STATUS_LABELS[item.status]) {
        status.hidden = false;
        status.textContent = STATUS_LABELS[item.status];
        status.classList.add("ocop-status--" + item.status);
      }
      return node;
    }

    function updateCounts(s) {
      ["sao", "nhom", "tinh"].forEach(function (dim) {
        var counts = {};
        var key = dim === "sao" ? "stars" : dim === "nhom" ? "group" : "province";
        data.items.filter(matcher(s, dim)).forEach(function (item) {
          counts[item[key]] = (counts[item[key]] || 0) + 1;
        });
        if (dim === "sao") {
          form.querySelectorAll("[data-count-for^='sao:']").forEach(function (el) {
            el.textContent = formatNumber(counts[el.dataset.countFor.slice(4)] || 0);
          });
        } else {
          Array.prototype.forEach.call(form.elements[dim].options, function (option) {
            if (option.value) option.textContent = option.dataset.label + " (" + formatNumber(counts[option.value] || 0) + ")";
          });
        }
      });
    }

    function render(resetPaging) {
      var s = state();
      if (resetPaging) shown = pageSize;
      var found = data.items.filter(matcher(s));
      var fragment = document.createDocumentFragment();
      found.slice(0, shown).forEach(function (item) { fragment.appendChild(card(item)); });
      grid.replaceChildren(fragment);
      countLine.textContent = formatNumber(found.length) + " sản phẩm";
      empty.hidden = found.length > 0;
      more.hidden = found.length <= shown;
      updateCounts(s);
      var params = new URLSearchParams();
      if (s.q) params.set("q", s.q);
      if (s.sao.length) params.set("sao", s.sao.join(","));
      if (s.nhom) params.set("nhom", s.nhom);
      if (s.tinh) params.set("tinh", s.tinh);
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    fetch(root.dataset.source, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (payload) {
        var fields = payload.fields;
        data = {
          groups: payload.groups,
          provinces: payload.provinces,
          items: payload.products.map(function (row) {
            var item = {};
            fields.forEach(function (name, i) { item[name] = row[i]; });
            return item;
          })
        };
        applyState(readState(new URLSearchParams(location.search)));
        form.hidden = false;
        root.classList.add("ocop-js");
        if (pager) pager.hidden = true;
        form.addEventListener("input", function () { render(true); });
        form.addEventListener("change", function () { render(true); });
        form.addEventListener("submit", function (event) { event.preventDefault(); });
        form.addEventListener("reset", function () { setTimeout(function () { render(true); }, 0); });
        more.addEventListener("click", function () { shown += pageSize; render(false); });
        render(true);
      })
      .catch(function () {
        /* Keep the server-rendered catalog: it works without this script. */
      });
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

    function update() {
      var words = fold(form.elements.q.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      var params = new URLSearchParams();
      if (form.elements.q.value.trim()) params.set("q", form.elements.q.value.trim());
      keys.forEach(function (k) { if (form.elements[k].value) params.set(k, form.elements[k].value); });
      items.forEach(function (item) {
        var ok = keys.every(function (k) { return !form.elements[k].value || item.getAttribute("data-" + k) === form.elements[k].value; })
          && words.every(function (w) { return item.dataset.text.indexOf(w) >= 0; });
        item.hidden = !ok;
        if (ok) shown++;
      });
      years.forEach(function (section) { section.hidden = !section.querySelector("[data-ocop-item]:not([hidden])"); });
      countLine.textContent = formatNumber(shown) + " " + countLine.dataset.noun;
      empty.hidden = shown > 0;
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }

    var params = new URLSearchParams(location.search);
    form.elements.q.value = params.get("q") || "";
    keys.forEach(function (k) { form.elements[k].value = params.get(k) || ""; });
    form.hidden = false;
    root.classList.add("ocop-js");
    form.addEventListener("input", update);
    form.addEventListener("change", update);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(update, 0); });
    update();
  }

  function init() {
    document.querySelectorAll("[data-ocop-catalog]").forEach(setup);
    document.querySelectorAll("[data-ocop-list]").forEach(setupList);
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(init);
  } else {
    document.addEventListener("DOMContentLoaded", init);
  }
})();
