/* policykg offline network viewer: SVG drawing, force layout, drag, zoom, search, details.
 *
 * Reads the JSON in <script id="graph-data"> ({graph: node-link data, view: positions, names,
 * groups, title}) and needs nothing else: no CDN, no network. Writes its state into #status
 * ("ok: …" or "error: …") so a headless browser can check that the page ran.
 */
(function () {
  "use strict";

  var statusEl = document.getElementById("status");
  function setStatus(state, text) {
    statusEl.textContent = text;
    statusEl.setAttribute("data-state", state);
  }
  window.addEventListener("error", function (event) {
    setStatus("error", "error: " + (event.message || "script error"));
  });

  var SVGNS = "http://www.w3.org/2000/svg";
  var W = 1200, H = 800;
  var PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                 "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939", "#8c6d31", "#843c39"];
  var KIND_ZH = {
    GovernmentDepartment: "政府部门", PublicSecurityOrgan: "公安机关", PeoplesGovernment: "人民政府",
    PartyOrgan: "党委机关", Court: "法院", Procuratorate: "检察院", DevelopmentZone: "开发区/园区",
    Collective: "集体/泛指", OtherAgency: "其他单位", Agency: "单位", KeyTask: "重点任务", IPType: "知识产权类型"
  };

  var payload = JSON.parse(document.getElementById("graph-data").textContent);
  var graph = payload.graph, view = payload.view;
  var directed = !!graph.directed;

  var nodes = graph.nodes.map(function (d) {
    var p = view.positions[d.id] || [0.5, 0.5];
    return {
      id: d.id, data: d, name: view.names[d.id] || d.label || d.id,
      group: view.groups[d.id] || 0, x: p[0] * W, y: (1 - p[1]) * H, vx: 0, vy: 0,
      strength: 0, degree: 0, fixed: false, mode: d.bipartite || 0
    };
  });
  var byId = {};
  nodes.forEach(function (n, i) { byId[n.id] = i; });
  var links = graph.links.map(function (l) {
    var s = byId[l.source], t = byId[l.target];
    var w = typeof l.weight === "number" ? l.weight : 1;
    nodes[s].strength += w; nodes[t].strength += w;
    nodes[s].degree += 1; nodes[t].degree += 1;
    return { s: s, t: t, w: w, data: l };
  });
  var neighbours = nodes.map(function () { return {}; });
  links.forEach(function (l) { neighbours[l.s][l.t] = true; neighbours[l.t][l.s] = true; });
  var maxW = links.reduce(function (m, l) { return Math.max(m, l.w); }, 1);

  function radius(n) { return 6 + 2.2 * Math.sqrt(n.strength); }

  // ---------------------------------------------------------------- SVG scaffold
  var svg = document.getElementById("net");
  svg.setAttribute("viewBox", "0 0 " + W + " " + H);
  function el(name, attrs, parent) {
    var e = document.createElementNS(SVGNS, name);
    for (var k in attrs) { e.setAttribute(k, attrs[k]); }
    if (parent) { parent.appendChild(e); }
    return e;
  }
  var defs = el("defs", {}, svg);
  // Arrowheads in user units, so thick (heavy) arcs do not get huge heads.
  var marker = el("marker", { id: "arrow", viewBox: "0 -5 10 10", refX: 10, refY: 0, markerUnits: "userSpaceOnUse",
                              markerWidth: 12, markerHeight: 12, orient: "auto" }, defs);
  el("path", { d: "M0,-5L10,0L0,5", fill: "#888" }, marker);
  var background = el("rect", { x: 0, y: 0, width: W, height: H, fill: "#ffffff" }, svg);
  var viewport = el("g", { id: "viewport" }, svg);
  var linkLayer = el("g", { "class": "links" }, viewport);
  var nodeLayer = el("g", { "class": "nodes" }, viewport);

  links.forEach(function (l) {
    l.el = el("line", { "class": "link", "stroke-width": (1 + 5 * l.w / maxW).toFixed(2) }, linkLayer);
    if (directed) { l.el.setAttribute("marker-end", "url(#arrow)"); }
    var title = el("title", {}, l.el);
    title.textContent = nodes[l.s].name + (directed ? " → " : " — ") + nodes[l.t].name +
      "  权重 weight " + l.w + (l.data.tasks ? "  任务 " + l.data.tasks : "");
  });
  nodes.forEach(function (n, i) {
    n.g = el("g", { "class": "node", "data-index": i }, nodeLayer);
    var r = radius(n);
    if (n.mode === 1) {
      n.shape = el("rect", { x: -r, y: -r, width: 2 * r, height: 2 * r, rx: 2 }, n.g);
    } else {
      n.shape = el("circle", { r: r }, n.g);
    }
    n.label = el("text", { x: r + 3, y: 4 }, n.g);
    n.label.textContent = n.name;
    var title = el("title", {}, n.g);
    title.textContent = (n.data.full_name || n.name);
  });

  // ---------------------------------------------------------------- colours and legend
  var colourBy = "group";
  function colourKey(n) { return colourBy === "group" ? "社区 community " + n.group : (n.data.kind || "Agency"); }
  function paint() {
    var keys = [];
    nodes.forEach(function (n) { var k = colourKey(n); if (keys.indexOf(k) < 0) { keys.push(k); } });
    keys.sort(function (a, b) { return a.localeCompare(b, "en", { numeric: true }); });
    nodes.forEach(function (n) { n.shape.setAttribute("fill", PALETTE[keys.indexOf(colourKey(n)) % PALETTE.length]); });
    var legend = document.getElementById("legend");
    legend.innerHTML = "";
    keys.forEach(function (k, i) {
      var item = document.createElement("div");
      var sw = document.createElement("span");
      sw.className = "swatch";
      sw.style.background = PALETTE[i % PALETTE.length];
      item.appendChild(sw);
      var count = nodes.filter(function (n) { return colourKey(n) === k; }).length;
      item.appendChild(document.createTextNode((KIND_ZH[k] ? KIND_ZH[k] + " " : "") + k + " (" + count + ")"));
      legend.appendChild(item);
    });
  }

  // ---------------------------------------------------------------- drawing
  var zoom = { k: 1, x: 0, y: 0 };
  function render() {
    viewport.setAttribute("transform", "translate(" + zoom.x + "," + zoom.y + ") scale(" + zoom.k + ")");
    links.forEach(function (l) {
      var a = nodes[l.s], b = nodes[l.t];
      var x2 = b.x, y2 = b.y;
      if (directed) {  // stop the arrow at the target's rim
        var dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1, r = radius(b) + 2;
        x2 = b.x - dx / d * r; y2 = b.y - dy / d * r;
      }
      l.el.setAttribute("x1", a.x.toFixed(1)); l.el.setAttribute("y1", a.y.toFixed(1));
      l.el.setAttribute("x2", x2.toFixed(1)); l.el.setAttribute("y2", y2.toFixed(1));
    });
    nodes.forEach(function (n) {
      n.g.setAttribute("transform", "translate(" + n.x.toFixed(1) + "," + n.y.toFixed(1) + ")");
    });
  }

  // ---------------------------------------------------------------- force layout (for dragging and re-layout)
  var alpha = 0, running = false;
  function tick() {
    var i, j, a, b, dx, dy, d2, d, f;
    var ideal = 0.9 * Math.sqrt(W * H / Math.max(nodes.length, 1));
    for (i = 0; i < nodes.length; i++) {
      a = nodes[i];
      for (j = i + 1; j < nodes.length; j++) {
        b = nodes[j];
        dx = a.x - b.x; dy = a.y - b.y; d2 = dx * dx + dy * dy + 0.01;
        f = alpha * ideal * ideal / d2 * 0.15;
        a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
      }
    }
    links.forEach(function (l) {
      a = nodes[l.s]; b = nodes[l.t];
      dx = b.x - a.x; dy = b.y - a.y; d = Math.sqrt(dx * dx + dy * dy) || 1;
      var target = ideal * 0.8 / Math.sqrt(l.w);
      f = alpha * (d - target) / d * 0.08;
      a.vx += dx * f; a.vy += dy * f; b.vx -= dx * f; b.vy -= dy * f;
    });
    nodes.forEach(function (n) {
      n.vx += (W / 2 - n.x) * 0.01 * alpha; n.vy += (H / 2 - n.y) * 0.01 * alpha;
      if (n.fixed) { n.vx = 0; n.vy = 0; return; }
      n.vx *= 0.6; n.vy *= 0.6;
      var speed = Math.sqrt(n.vx * n.vx + n.vy * n.vy), cap = 40;
      if (speed > cap) { n.vx *= cap / speed; n.vy *= cap / speed; }
      n.x += n.vx; n.y += n.vy;
    });
    alpha *= 0.985;
  }
  function animate() {
    if (alpha < 0.005) { running = false; return; }
    tick(); render();
    window.requestAnimationFrame(animate);
  }
  function heat(value) {
    alpha = Math.max(alpha, value);
    if (!running) { running = true; window.requestAnimationFrame(animate); }
  }

  // ---------------------------------------------------------------- details and highlighting
  var info = document.getElementById("info");
  function row(key, value) {
    var tr = document.createElement("tr");
    var th = document.createElement("th"); th.textContent = key;
    var td = document.createElement("td"); td.textContent = value;
    tr.appendChild(th); tr.appendChild(td);
    return tr;
  }
  var MEASURES = [
    ["degree_out", "出度 out-degree"], ["degree_in", "入度 in-degree"],
    ["betweenness", "中介中心性 betweenness"], ["closeness", "接近中心性 closeness"],
    ["closeness_out", "出接近中心性 out-closeness"], ["closeness_in", "入接近中心性 in-closeness"],
    ["eigenvector", "特征向量中心性 eigenvector"], ["constraint", "约束 constraint"],
    ["effective_size", "有效规模 effective size"], ["core_number", "k-核 k-core"], ["core", "核心/边缘 core"]
  ];
  function showNode(n) {
    info.innerHTML = "";
    var h = document.createElement("h2"); h.textContent = n.name; info.appendChild(h);
    var table = document.createElement("table");
    var d = n.data;
    if (d.full_name) { table.appendChild(row("全称 full name", d.full_name)); }
    if (d.kind) { table.appendChild(row("类型 kind", (KIND_ZH[d.kind] || "") + " " + d.kind)); }
    if (d.tasks_led !== undefined) { table.appendChild(row("牵头任务 tasks led", d.tasks_led)); }
    if (d.tasks_joined !== undefined) { table.appendChild(row("配合任务 tasks joined", d.tasks_joined)); }
    table.appendChild(row("度 degree", n.degree));
    table.appendChild(row("加权度 weighted degree", n.strength));
    table.appendChild(row("社区 community", n.group));
    MEASURES.forEach(function (m) {  // written by `policykg graph` unless --no-measures
      var v = d[m[0]];
      if (v !== undefined) { table.appendChild(row(m[1], typeof v === "number" && v % 1 ? v.toFixed(4) : v)); }
    });
    info.appendChild(table);
    var ul = document.createElement("ul");
    links.forEach(function (l) {
      if (l.s !== byId[n.id] && l.t !== byId[n.id]) { return; }
      var other = nodes[l.s === byId[n.id] ? l.t : l.s];
      var arrow = directed ? (l.s === byId[n.id] ? "→ " : "← ") : "";
      var li = document.createElement("li");
      li.textContent = arrow + other.name + " · " + l.w + (l.data.tasks ? " · " + l.data.tasks : "");
      ul.appendChild(li);
    });
    info.appendChild(ul);
  }
  function highlight(index) {
    nodes.forEach(function (n, i) {
      var on = index === null || i === index || neighbours[index][i];
      n.g.setAttribute("class", "node" + (on ? "" : " faded") + (i === index ? " focus" : ""));
    });
    links.forEach(function (l) {
      var on = index === null || l.s === index || l.t === index;
      l.el.setAttribute("class", "link" + (on ? "" : " faded"));
    });
  }

  // ---------------------------------------------------------------- pointer interaction
  function svgPoint(event) {
    var rect = svg.getBoundingClientRect();
    var scale = Math.min(rect.width / W, rect.height / H);
    var offX = (rect.width - W * scale) / 2, offY = (rect.height - H * scale) / 2;
    return { x: (event.clientX - rect.left - offX) / scale, y: (event.clientY - rect.top - offY) / scale };
  }
  var drag = null;
  nodes.forEach(function (n, i) {
    n.g.addEventListener("pointerdown", function (event) {
      event.stopPropagation();
      drag = { node: n, moved: false };
      n.fixed = true;
      svg.setPointerCapture(event.pointerId);
      showNode(n); highlight(i);
    });
    n.g.addEventListener("mouseenter", function () { if (!drag) { highlight(i); } });
    n.g.addEventListener("mouseleave", function () { if (!drag) { highlight(null); } });
  });
  background.addEventListener("pointerdown", function (event) {
    var p = svgPoint(event);
    drag = { pan: true, x: p.x, y: p.y, zx: zoom.x, zy: zoom.y };
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", function (event) {
    if (!drag) { return; }
    var p = svgPoint(event);
    if (drag.pan) {
      zoom.x = drag.zx + p.x - drag.x; zoom.y = drag.zy + p.y - drag.y;
      render();
    } else {
      drag.node.x = (p.x - zoom.x) / zoom.k; drag.node.y = (p.y - zoom.y) / zoom.k;
      drag.moved = true;
      heat(0.15); render();
    }
  });
  function endDrag() {
    if (drag && drag.node) { drag.node.fixed = document.getElementById("pin").checked; }
    drag = null;
  }
  svg.addEventListener("pointerup", endDrag);
  svg.addEventListener("pointercancel", endDrag);
  svg.addEventListener("wheel", function (event) {
    event.preventDefault();
    var p = svgPoint(event), k = Math.exp(-event.deltaY * 0.0015);
    var nk = Math.min(8, Math.max(0.2, zoom.k * k));
    zoom.x = p.x - (p.x - zoom.x) * nk / zoom.k; zoom.y = p.y - (p.y - zoom.y) * nk / zoom.k; zoom.k = nk;
    render();
  }, { passive: false });

  // ---------------------------------------------------------------- controls
  document.getElementById("colour").addEventListener("change", function (event) {
    colourBy = event.target.value; paint();
  });
  document.getElementById("relayout").addEventListener("click", function () {
    nodes.forEach(function (n) { n.fixed = false; });
    heat(1);
  });
  document.getElementById("labels").addEventListener("change", function (event) {
    nodeLayer.setAttribute("class", "nodes" + (event.target.checked ? "" : " nolabels"));
  });
  document.getElementById("search").addEventListener("input", function (event) {
    var q = event.target.value.trim();
    var hit = null;
    nodes.forEach(function (n, i) {
      var match = q !== "" && (n.name.indexOf(q) >= 0 || String(n.data.full_name || "").indexOf(q) >= 0);
      n.g.setAttribute("class", "node" + (match ? " match" : ""));
      if (match && hit === null) { hit = i; }
    });
    if (hit !== null) { showNode(nodes[hit]); }
  });

  document.title = view.title;
  document.getElementById("title").textContent = view.title;
  document.getElementById("counts").textContent =
    nodes.length + " 个节点 nodes · " + links.length + " 条" + (directed ? "有向" : "") + "边 edges";
  paint();
  render();
  setStatus("ok", "ok: " + nodes.length + " nodes, " + links.length + " edges");
})();
