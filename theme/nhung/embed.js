/*
 * OCOP Publisher: the embed loader for other sites (provincial portals, cooperatives' pages).
 *
 *   <script src="https://<catalog>/nhung/embed.js" async></script>
 *   <div data-ocop-catalog data-province="ca-mau" data-stars="4,5"></div>
 *
 * Every <div data-ocop-catalog> of the page (also those added later) gets a sandboxed iframe
 * showing /nhung/ with its data-* filters. The iframe reports its height by postMessage; only
 * messages from the catalog's own origin and from one of this loader's iframes are obeyed.
 * The loader defines no global, adds no stylesheet and touches no element but its own divs.
 * The catalog's own pages also mark their catalog with data-ocop-catalog, together with a
 * data-source attribute: divs with data-source are never taken over.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || !script.src) return;
  var page = new URL("./", script.src);
  var origin = page.origin;
  var FILTERS = ["province", "group", "stars", "producer", "event", "q", "limit", "layout"];
  var SELECTOR = "div[data-ocop-catalog]:not([data-source])";
  var frames = [];

  function embed(host) {
    if (host.hasAttribute("data-ocop-embedded")) return;
    host.setAttribute("data-ocop-embedded", "");
    var url = new URL(page.href);
    FILTERS.forEach(function (name) {
      var value = host.getAttribute("data-" + name);
      if (value) url.searchParams.set(name, value.trim());
    });
    url.searchParams.set("origin", location.origin);
    var frame = document.createElement("iframe");
    frame.src = url.href;
    frame.title = host.getAttribute("data-title") || "Sản phẩm OCOP";
    frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("referrerpolicy", "strict-origin-when-cross-origin");
    frame.style.cssText = "display:block;width:100%;min-width:0;height:30em;border:0;margin:0;padding:0;overflow:hidden;background:transparent";
    host.appendChild(frame);
    frames.push(frame);
  }

  function scan(node) {
    if (node.nodeType !== 1) return;
    if (node.matches(SELECTOR)) embed(node);
    node.querySelectorAll(SELECTOR).forEach(embed);
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (event.origin !== origin || !data || data.type !== "ocop-embed:height") return;
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) {
        var height = Math.ceil(Number(data.height));
        if (height > 0 && height < 100000) frames[i].style.height = height + "px";
      }
    }
  });

  new MutationObserver(function (records) {
    records.forEach(function (record) { record.addedNodes.forEach(scan); });
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan(document.documentElement);
})();
