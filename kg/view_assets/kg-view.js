/* geopol-kg network view. Reads the graph from the JSON block #kg-data and draws it
 * with vis-network. Every piece of article text is inserted as a DOM text node
 * (textContent), never as HTML; only http(s) links are made clickable. */
(function () {
  "use strict";
  var timings = { start: performance.now() };
  window.kgTimings = timings;
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var meta = data.meta;
  var S = meta.strings;
  window.kgData = data;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url.trim()) ? url.trim() : null;
  }

  /* A tooltip / details element for a node or edge record of the JSON. */
  function buildTooltip(item) {
    var tip = item.tip || {};
    var box = el("div", "kg-tip");
    box.appendChild(el("div", "kg-tip-title", tip.title || item.label || item.id));
    var table = el("table", "kg-tip-rows");
    (tip.rows || []).forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("th", null, row[0]));
      tr.appendChild(el("td", null, row[1]));
      table.appendChild(tr);
    });
    box.appendChild(table);
    if (tip.text) box.appendChild(el("blockquote", "kg-tip-text", tip.text));
    if (tip.evidence && tip.evidence.length) {
      box.appendChild(el("div", "kg-tip-h", S.evidence));
      tip.evidence.forEach(function (ev) {
        var doc = typeof ev.doc === "number" ? data.docs[ev.doc] || {} : { title: ev.doc, url: ev.url };
        var wrap = el("div", "kg-tip-ev");
        wrap.appendChild(el("blockquote", "kg-tip-sentence", ev.text));
        var src = el("div", "kg-tip-src");
        if (doc.title) src.appendChild(el("span", "kg-tip-doc", doc.title));
        var url = safeUrl(doc.url);
        if (url) {
          var a = el("a", "kg-tip-link", url);
          a.href = url;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          src.appendChild(a);
        }
        wrap.appendChild(src);
        box.appendChild(wrap);
      });
    }
    if (tip.more) box.appendChild(el("div", "kg-tip-more", tip.more));
    return box;
  }
  window.kgBuildTooltip = buildTooltip;
  /* the vis id of the node with this IRI (tests and bookmarks speak IRIs) */
  window.kgNodeId = function (iri) {
    var found = data.nodes.find(function (n) { return n.iri === iri; });
    return found ? found.id : null;
  };

  var nodeById = new Map();
  var edgeById = new Map();
  data.nodes.forEach(function (n) { nodeById.set(n.id, n); });
  data.edges.forEach(function (e) { edgeById.set(e.id, e); });

  function visNode(n) {
    var v = {
      id: n.id, label: n.label, shape: n.shape, size: n.size, kind: n.kind,
      color: { background: n.color, border: n.focus ? "#111" : shade(n.color),
               highlight: { background: n.color, border: "#111" } },
      borderWidth: n.focus ? 4 : 1,
    };
    if (n.kind === "Claim") {
      v.shapeProperties = { borderDashes: n.dashedBorder ? [4, 3] : false };
      v.widthConstraint = { maximum: 180 };
      v.font = { size: 12 };
    }
    if (typeof n.x === "number") { v.x = n.x; v.y = n.y; }
    return v;
  }

  function visEdge(e) {
    var v = { id: e.id, from: e.from, to: e.to, rel: e.rel, width: e.width,
              color: { color: e.color, highlight: e.color, hover: e.color } };
    if (e.label) v.label = e.label;
    if (e.arrows) v.arrows = { to: { enabled: true, scaleFactor: 0.6 } };
    if (e.dashes) v.dashes = [6, 4];
    return v;
  }

  function shade(hex) {
    var n = parseInt(hex.slice(1), 16);
    var r = Math.max(0, (n >> 16) - 40), g = Math.max(0, ((n >> 8) & 255) - 40),
        b = Math.max(0, (n & 255) - 40);
    return "#" + ((1 << 24) + (r << 16) + (g << 8) + b).toString(16).slice(1);
  }

  var nodes = new vis.DataSet(data.nodes.map(visNode));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var hiddenKinds = new Set();
  var hiddenRels = new Set();
  var nodeView = new vis.DataView(nodes, {
    filter: function (n) { return !hiddenKinds.has(n.kind); },
  });
  var edgeView = new vis.DataView(edges, {
    filter: function (e) {
      if (hiddenRels.has(e.rel)) return false;
      var a = nodeById.get(e.from), b = nodeById.get(e.to);
      return !(a && hiddenKinds.has(a.kind)) && !(b && hiddenKinds.has(b.kind));
    },
  });

  var large = meta.large;
  var options = {
    autoResize: true,
    nodes: {
      font: { size: 14, face: "sans-serif", strokeWidth: 3, strokeColor: "#ffffff" },
      scaling: { label: { enabled: false } },
    },
    edges: {
      smooth: large ? false : { type: "continuous" },
      font: { size: 11, align: "middle", strokeWidth: 3, strokeColor: "#ffffff" },
      selectionWidth: 2,
    },
    interaction: {
      hover: true, tooltipDelay: 120, hideEdgesOnDrag: large, hideEdgesOnZoom: large,
      navigationButtons: false, keyboard: false, multiselect: false,
    },
    layout: { improvedLayout: false, randomSeed: 7 },
    physics: meta.physics
      ? { enabled: true, solver: "barnesHut",
          barnesHut: { gravitationalConstant: -6000, centralGravity: 0.6, springLength: 170,
                       springConstant: 0.04, avoidOverlap: 0.3 },
          stabilization: { enabled: true, iterations: 400, fit: true } }
      : { enabled: false },
  };

  var container = document.getElementById("kg-network");
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);
  window.kgNetwork = network;

  function ready(key) {
    timings[key] = performance.now();
    if (key === "stabilised") document.body.setAttribute("data-kg-ready", "1");
  }
  network.once("afterDrawing", function () {
    ready("drawn");
    if (!meta.physics) ready("stabilised");
  });
  if (!data.nodes.length) {
    ready("drawn");
    ready("stabilised");
  } else if (meta.physics) {
    network.once("stabilizationIterationsDone", function () {
      network.fit({ animation: false });
      ready("stabilised");
    });
  } else {
    network.fit({ animation: false });
  }

  /* --- header, notes ------------------------------------------------------------ */
  document.getElementById("kg-title").textContent = meta.title;
  function updateCounts() {
    document.getElementById("kg-counts").textContent =
      nodeView.length + " " + S.nodes + " / " + edgeView.length + " " + S.edges;
  }
  updateCounts();
  var notes = document.getElementById("kg-notes");
  meta.notes.forEach(function (note) { notes.appendChild(el("p", null, note)); });
  notes.hidden = meta.notes.length === 0;

  /* --- tooltip and details --------------------------------------------------------- */
  var tooltip = document.getElementById("kg-tooltip");
  var hideTimer = null;
  function showTooltip(item, pointer) {
    clearTimeout(hideTimer);
    tooltip.replaceChildren(buildTooltip(item));
    tooltip.hidden = false;
    var rect = container.getBoundingClientRect();
    var x = rect.left + pointer.x + 14, y = rect.top + pointer.y + 14;
    var w = tooltip.offsetWidth, h = tooltip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, x - w - 28);
    if (y + h > window.innerHeight - 8) y = Math.max(8, window.innerHeight - h - 8);
    tooltip.style.left = x + "px";
    tooltip.style.top = y + "px";
  }
  function hideTooltip() {
    hideTimer = setTimeout(function () { tooltip.hidden = true; }, 250);
  }
  tooltip.addEventListener("mouseenter", function () { clearTimeout(hideTimer); });
  tooltip.addEventListener("mouseleave", hideTooltip);
  network.on("hoverNode", function (p) { showTooltip(nodeById.get(p.node), p.pointer.DOM); });
  network.on("hoverEdge", function (p) { showTooltip(edgeById.get(p.edge), p.pointer.DOM); });
  network.on("blurNode", hideTooltip);
  network.on("blurEdge", hideTooltip);
  network.on("dragStart", function () { tooltip.hidden = true; });
  network.on("zoom", function () { tooltip.hidden = true; });

  var details = document.getElementById("kg-details");
  details.appendChild(el("p", "kg-hint", S.details_hint));
  function showDetails(item) {
    details.replaceChildren(item ? buildTooltip(item) : el("p", "kg-hint", S.details_hint));
  }
  network.on("click", function (p) {
    if (p.nodes.length) showDetails(nodeById.get(p.nodes[0]));
    else if (p.edges.length) showDetails(edgeById.get(p.edges[0]));
    else showDetails(null);
  });
  window.kgShowDetails = showDetails;

  /* --- search -------------------------------------------------------------------- */
  var names = document.getElementById("kg-search-names");
  var seen = new Set();
  var frag = document.createDocumentFragment();
  data.nodes.forEach(function (n) {
    if (n.kind === "Claim" || n.kind === "Event" || seen.has(n.label)) return;
    seen.add(n.label);
    var opt = document.createElement("option");
    opt.value = n.label;
    frag.appendChild(opt);
  });
  names.appendChild(frag);
  var input = document.getElementById("kg-search-input");
  input.placeholder = S.search;
  document.getElementById("kg-search-go").textContent = S.search_go;
  function findNode(query) {
    var q = query.trim().toLowerCase();
    if (!q) return null;
    var exact = null, partial = null;
    data.nodes.forEach(function (n) {
      if (hiddenKinds.has(n.kind) || exact) return;
      var all = [n.label].concat(n.names || []).map(function (s) { return s.toLowerCase(); });
      if (all.indexOf(q) >= 0) exact = n;
      else if (!partial && all.some(function (s) { return s.indexOf(q) >= 0; })) partial = n;
    });
    return exact || partial;
  }
  window.kgFindNode = findNode;
  document.getElementById("kg-search").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var status = document.getElementById("kg-search-status");
    var n = findNode(input.value);
    if (!n) { status.textContent = S.not_found; return; }
    status.textContent = "";
    network.selectNodes([n.id]);
    network.focus(n.id, { scale: Math.max(network.getScale(), 1.0),
                          animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showDetails(n);
  });
  var fit = document.getElementById("kg-fit");
  fit.textContent = S.fit;
  fit.addEventListener("click", function () { network.fit({ animation: false }); });

  /* --- filters ------------------------------------------------------------------- */
  function checkbox(parent, key, labelText, count, swatch, onChange) {
    var label = el("label", "kg-filter");
    var box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute("data-key", key);
    box.addEventListener("change", function () { onChange(box.checked); });
    label.appendChild(box);
    if (swatch) label.appendChild(swatch);
    label.appendChild(el("span", null, labelText));
    label.appendChild(el("span", "kg-count", count));
    parent.appendChild(label);
    return box;
  }
  function refresh() {
    nodeView.refresh();
    edgeView.refresh();
    updateCounts();
  }
  document.getElementById("kg-kinds-h").textContent = S.node_types;
  document.getElementById("kg-rels-h").textContent = S.relations;
  document.getElementById("kg-legend-h").textContent = S.legend;
  document.getElementById("kg-details-h").textContent = S.details;
  var kindFilter = document.getElementById("kg-kind-filter");
  data.legend.kinds.forEach(function (k) {
    checkbox(kindFilter, k.kind, k.label, k.count, shapeSwatch(k.shape, k.color), function (on) {
      if (on) hiddenKinds.delete(k.kind); else hiddenKinds.add(k.kind);
      refresh();
    });
  });
  var relFilter = document.getElementById("kg-rel-filter");
  data.relations.forEach(function (r) {
    checkbox(relFilter, r.id, r.label, r.count, null, function (on) {
      if (on) hiddenRels.delete(r.index); else hiddenRels.add(r.index);
      refresh();
    });
  });
  /* what: "kind" (key: Person, State ...) or "relation" (key: the relation's IRI) */
  window.kgSetFilter = function (what, key, visible) {
    var set = what === "kind" ? hiddenKinds : hiddenRels;
    var member = key;
    if (what !== "kind") {
      var rel = data.relations.find(function (r) { return r.id === key; });
      if (!rel) return;
      member = rel.index;
    }
    if (visible) set.delete(member); else set.add(member);
    var sel = (what === "kind" ? "#kg-kind-filter" : "#kg-rel-filter") + " input";
    document.querySelectorAll(sel).forEach(function (b) {
      if (b.getAttribute("data-key") === key) b.checked = visible;
    });
    refresh();
  };

  /* --- legend -------------------------------------------------------------------- */
  function shapeSwatch(shape, color) {
    var glyph = { dot: "●", square: "■", diamond: "◆", triangle: "▲", hexagon: "⬢",
                  star: "★", triangleDown: "▼", box: "▭", database: "⛁" }[shape] || "●";
    var span = el("span", "kg-swatch", glyph);
    span.style.color = color;
    return span;
  }
  var legend = document.getElementById("kg-legend");
  data.legend.kinds.forEach(function (k) {
    var row = el("div", "kg-legend-row");
    row.appendChild(shapeSwatch(k.shape, k.color));
    row.appendChild(el("span", null, k.label));
    legend.appendChild(row);
  });
  var quads = data.edges.some(function (e) { return e.quad; });
  if (quads) {
    data.legend.quads.forEach(function (q) {
      var row = el("div", "kg-legend-row");
      var line = el("span", "kg-line");
      line.style.background = q.color;
      row.appendChild(line);
      row.appendChild(el("span", null, (q.quad ? q.quad + " " : "") + q.label));
      legend.appendChild(row);
    });
  }
  if (data.edges.some(function (e) { return e.dashes; })) {
    var dashed = el("div", "kg-legend-row");
    dashed.appendChild(el("span", "kg-line kg-dashed"));
    dashed.appendChild(el("span", null, S.dashed));
    legend.appendChild(dashed);
  }
  if (data.legend.modalities.length) {
    legend.appendChild(el("div", "kg-legend-sub", S.modalities));
    data.legend.modalities.forEach(function (m) {
      var row = el("div", "kg-legend-row");
      var box = el("span", "kg-box" + (m.dashed ? " kg-dashed-box" : ""));
      box.style.background = m.color;
      row.appendChild(box);
      row.appendChild(el("span", null, m.modality));
      legend.appendChild(row);
    });
  }
})();
