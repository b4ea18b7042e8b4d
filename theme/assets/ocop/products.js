/*
 * OCOP Publisher: the catalog's products in the browser, shared by the catalog filter, the search
 * page and the embeds: the compact catalog data (see browser_data.py) decoded once per page, the
 * facet counts of a query, and product cards filled from the page's card template.
 */
(function (ocop) {
  "use strict";

  var slugify = ocop.slugify, searchable = ocop.searchable, getJSON = ocop.getJSON;

  var STATUS_LABELS = { expiring: "Sắp hết hạn", expired: "Hết hạn" };

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

  ocop.DIMS = DIMS;
  ocop.SELECTS = SELECTS;
  ocop.loadCatalog = loadCatalog;
  ocop.readState = readState;
  ocop.tally = tally;
  ocop.countOf = countOf;
  ocop.setText = setText;
  ocop.fillCard = fillCard;
  ocop.card = card;
})(window.ocop);
