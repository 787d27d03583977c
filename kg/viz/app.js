// The kg view: sigma.js (WebGL) over a graphology graph; every text goes in through textContent.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var graph = new graphology.MultiDirectedGraph();
  var docs = data.documents;
  // the page's font list (template.html), for the labels drawn on the canvas
  var FONT = getComputedStyle(document.body).fontFamily;
  // a small graph (a --focus view) labels every node; a large one its biggest, and the neighbourhood of a selection
  var LABEL_ALL = data.nodes.length <= 150;
  data.nodes.forEach(function (n) {
    graph.addNode(n.id, {
      label: n.name, x: n.x, y: n.y, size: Math.min(3 + 2 * Math.sqrt(n.degree), 20),
      color: data.colours[n.type] || "#999", kind: n.type, aliases: n.aliases, locality: n.locality, docs: n.docs,
      community: n.community, forceLabel: LABEL_ALL
    });
  });
  data.edges.forEach(function (e) {
    if (!graph.hasNode(e.source) || !graph.hasNode(e.target)) return;
    graph.addDirectedEdgeWithKey(e.id, e.source, e.target, {
      label: e.title ? e.type + " (" + e.title + ")" : e.type, type: "arrow", size: 1,
      color: e.type === "SAME_AS_CANDIDATE" ? "#bbbbbb" : "#cccccc", kind: e.type, title: e.title,
      evidence: e.evidence, doc: e.doc, score: e.score
    });
  });

  var state = { labels: {}, doc: "", locality: "", community: "", selected: null, near: {} };
  Object.keys(data.colours).forEach(function (k) { state.labels[k] = true; });

  function visible(node, attrs) {
    if (!state.labels[attrs.kind]) return false;
    if (state.doc && attrs.docs.indexOf(state.doc) < 0) return false;
    if (state.locality && attrs.locality !== state.locality) return false;
    if (state.community !== "" && String(attrs.community) !== state.community) return false;
    return true;
  }

  var renderer = new Sigma(graph, document.getElementById("graph"), {
    renderEdgeLabels: graph.size <= 2000, labelRenderedSizeThreshold: 4, labelGridCellSize: 60, defaultEdgeType: "arrow",
    labelFont: FONT, edgeLabelFont: FONT,
    // large graphs stay responsive while the camera moves
    hideEdgesOnMove: graph.order > 5000, hideLabelsOnMove: graph.order > 5000,
    nodeReducer: function (node, attrs) {
      var res = Object.assign({}, attrs);
      if (!visible(node, attrs)) res.hidden = true;
      if (state.selected === node) res.highlighted = true;
      if (state.near[node]) res.forceLabel = true;
      return res;
    },
    edgeReducer: function (edge, attrs) {
      var res = Object.assign({}, attrs);
      var s = graph.source(edge), t = graph.target(edge);
      if (!visible(s, graph.getNodeAttributes(s)) || !visible(t, graph.getNodeAttributes(t))) res.hidden = true;
      return res;
    }
  });

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  // a link to the page a document was read from (http and https only), or its file name
  function source(d) {
    var box = el("div", [d.date, d.title].filter(Boolean).join(" · "), "source");
    if (d.url && /^https?:\/\//i.test(d.url)) {
      var a = el("a", d.url, "url");
      a.href = d.url; a.target = "_blank"; a.rel = "noopener noreferrer";
      box.appendChild(el("br")); box.appendChild(a);
    } else if (d.file) {
      box.appendChild(el("br")); box.appendChild(el("span", d.file, "file"));
    }
    return box;
  }

  function showDetails(node) {
    var previous = state.selected, before = Object.keys(state.near);
    state.selected = node;
    state.near = {};
    state.near[node] = true;
    graph.forEachNeighbor(node, function (m) { state.near[m] = true; });
    var a = graph.getNodeAttributes(node);
    var box = document.getElementById("details");
    box.replaceChildren();
    box.appendChild(el("h2", a.label));
    box.appendChild(el("div", a.kind + (a.locality ? " · " + a.locality : ""), "muted"));
    box.appendChild(el("div", "aliases: " + (a.aliases.length ? a.aliases.join("、") : "-")));
    var mine = a.docs.filter(function (d) { return docs[d]; })
      .sort(function (x, y) { return (docs[x].date || "") < (docs[y].date || "") ? -1 : 1; });
    if (mine.length) {
      box.appendChild(el("div", "documents (" + mine.length + ")", "muted"));
      var list = el("ul", null, "docs");
      mine.slice(0, 50).forEach(function (d) { var li = el("li"); li.appendChild(source(docs[d])); list.appendChild(li); });
      box.appendChild(list);
    }
    var facts = graph.edges(node).map(function (e) { return [e, graph.getEdgeAttributes(e)]; });
    facts.sort(function (x, y) { return x[0] < y[0] ? -1 : 1; });
    facts.forEach(function (pair) {
      var e = pair[0], ea = pair[1];
      var other = graph.source(e) === node ? graph.target(e) : graph.source(e);
      var arrow = graph.source(e) === node ? " → " : " ← ";
      var f = el("div", null, "fact");
      f.dataset.edge = e;
      var head = el("div", ea.label + arrow);
      var link = el("span", graph.getNodeAttribute(other, "label"), "link");
      link.addEventListener("click", function () { select(other); });
      head.appendChild(link);
      f.appendChild(head);
      if (ea.evidence) f.appendChild(el("div", "“" + ea.evidence + "”", "evidence"));
      var d = ea.doc && docs[ea.doc];
      if (d) f.appendChild(source(d));
      if (ea.score !== null && ea.score !== undefined) f.appendChild(el("div", "score " + ea.score, "source"));
      box.appendChild(f);
    });
    // only the two nodes whose highlight changed are reprocessed
    var changed = before.concat(Object.keys(state.near));
    if (previous) changed.push(previous);
    renderer.refresh({ partialGraph: { nodes: changed }, skipIndexation: true });
  }

  function select(node) {
    showDetails(node);
    var pos = renderer.getNodeDisplayData(node);
    if (!pos) return;
    // close enough to read, far enough to keep the neighbours (and their labels) in view
    var far = 0;
    graph.forEachNeighbor(node, function (m) {
      var q = renderer.getNodeDisplayData(m);
      if (q) far = Math.max(far, Math.abs(q.x - pos.x), Math.abs(q.y - pos.y));
    });
    var ratio = Math.min(1, Math.max(0.1, 2.4 * far));
    renderer.getCamera().animate({ x: pos.x, y: pos.y, ratio: ratio }, { duration: 300 });
  }

  function search(query) {
    var q = query.trim().toLowerCase();
    var list = document.getElementById("results");
    list.replaceChildren();
    if (!q) return [];
    var hits = graph.filterNodes(function (n, a) {
      return a.label.toLowerCase().indexOf(q) >= 0 || a.aliases.some(function (x) { return x.toLowerCase().indexOf(q) >= 0; });
    }).slice(0, 50);
    hits.forEach(function (n) {
      var li = el("li", graph.getNodeAttribute(n, "label") + " · " + graph.getNodeAttribute(n, "kind"));
      li.dataset.node = n;
      li.addEventListener("click", function () { select(n); });
      list.appendChild(li);
    });
    return hits;
  }

  // controls
  var labels = document.getElementById("labels");
  Object.keys(data.colours).forEach(function (k) {
    var lab = el("label"), box = el("input"), sw = el("span", null, "swatch");
    box.type = "checkbox"; box.checked = true; box.dataset.label = k;
    box.addEventListener("change", function () { state.labels[k] = box.checked; renderer.refresh(); });
    sw.style.background = data.colours[k];
    lab.appendChild(box); lab.appendChild(sw); lab.appendChild(document.createTextNode(k));
    labels.appendChild(lab);
  });
  var docSel = document.getElementById("doc-filter");
  Object.keys(docs).sort(function (a, b) { return (docs[a].date || "") < (docs[b].date || "") ? -1 : 1; })
    .forEach(function (d) { var o = el("option", (docs[d].date || "") + " " + docs[d].title); o.value = d; docSel.appendChild(o); });
  docSel.addEventListener("change", function () { state.doc = docSel.value; renderer.refresh(); });
  var locSel = document.getElementById("locality-filter");
  var localities = {};
  graph.forEachNode(function (n, a) { if (a.locality) localities[a.locality] = true; });
  Object.keys(localities).sort().forEach(function (l) { var o = el("option", l); o.value = l; locSel.appendChild(o); });
  locSel.addEventListener("change", function () { state.locality = locSel.value; renderer.refresh(); });
  var comSel = document.getElementById("community-filter");
  data.communities.forEach(function (c, i) {
    var o = el("option", (i + 1) + ". " + c.name + " (" + c.size + ")"); o.value = String(i); comSel.appendChild(o);
  });
  comSel.addEventListener("change", function () { state.community = comSel.value; renderer.refresh(); });
  var input = document.getElementById("search");
  input.addEventListener("input", function () { search(input.value); });
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { var hits = search(input.value); if (hits.length) select(hits[0]); }
  });
  renderer.on("clickNode", function (ev) { select(ev.node); });

  function rendered() {
    var count = 0;
    graph.forEachNode(function (n) { if (renderer.getNodeDisplayData(n)) count++; });
    return count;
  }
  document.getElementById("counts").textContent = graph.order + " nodes · " + graph.size + " edges";
  if (data.note) {
    var n = data.note, fmt = function (x) { return x.toLocaleString("en"); };
    document.getElementById("note").textContent =
      "Overview: the " + fmt(n.shown) + " nodes mentioned in the most documents, of " + fmt(n.total) +
      ", and the " + fmt(n.statements_shown) + " statements of relations between them, of " + fmt(n.relations_total) +
      " (one edge per pair, " + fmt(n.edges_drawn) + " edges; a node lists its first " + n.documents_per_node +
      " documents). Left out: " + Object.keys(n.left_out).map(function (k) { return k + " " + fmt(n.left_out[k]); }).join(", ") +
      ". kg viz --focus NAME draws a neighbourhood, --max-nodes N more or fewer, --all everything.";
  }
  window.kgView = { graph: graph, renderer: renderer, select: select, search: search, rendered: rendered };
  renderer.once("afterRender", function () {
    document.body.dataset.renderedNodes = String(rendered());
    document.body.dataset.ready = "true";
  });
  renderer.refresh();
})();
