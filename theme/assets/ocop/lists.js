/*
 * OCOP Publisher: lists that hold every item on their page (the plan archive, the fairs): the
 * filter hides the items that do not match.
 */
(function (ocop) {
  "use strict";

  var formatNumber = ocop.formatNumber, searchable = ocop.searchable, parseQuery = ocop.parseQuery,
    score = ocop.score, addressBar = ocop.addressBar;

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

  ocop.start("[data-ocop-list]", setupList);
})(window.ocop);
