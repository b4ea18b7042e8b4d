/*
 * OCOP Publisher: the embed guide (/nhung-danh-muc/): builds the snippet for the chosen filters and
 * previews it with the real loader.
 */
(function (ocop) {
  "use strict";

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
      if (limit && limit !== parseInt(root.dataset.limit, 10)) {
        found.push(["limit", String(Math.min(parseInt(root.dataset.maxLimit, 10), Math.max(1, limit)))]);
      }
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

  ocop.start("[data-ocop-embed-builder]", setupEmbedBuilder);
})(window.ocop);
