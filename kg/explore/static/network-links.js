/* policykg explore: a click on a node of the network viewer (kg/networks/exports/network.js) opens
 * the node's page. A press and release on the same spot is a click; a drag moves the node as before.
 * The pages come from <script id="node-pages"> (node id, an IRI → the explorer's path). */
(function () {
  "use strict";
  var svg = document.getElementById("net");
  var nodes = JSON.parse(document.getElementById("graph-data").textContent).graph.nodes;
  var pages = JSON.parse(document.getElementById("node-pages").textContent);
  var down = null;
  svg.addEventListener("pointerdown", function (event) {
    var g = event.target.closest ? event.target.closest("g.node") : null;
    down = g ? { index: Number(g.getAttribute("data-index")), x: event.clientX, y: event.clientY } : null;
  }, true);
  svg.addEventListener("pointerup", function (event) {
    var pressed = down;
    down = null;
    if (!pressed || Math.abs(event.clientX - pressed.x) + Math.abs(event.clientY - pressed.y) > 5) { return; }
    var node = nodes[pressed.index];
    var page = node && pages[node.id];
    if (page) { window.location.assign(page); }
  }, true);
})();
