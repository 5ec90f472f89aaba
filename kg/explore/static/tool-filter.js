// The policy-tool filter of a document's outline: show only the key tasks that deploy the chosen tool.
// (A file of its own: the pages' Content-Security-Policy runs no inline script.)
(function () {
  "use strict";
  var select = document.getElementById("tool-filter");
  var outline = document.getElementById("outline");
  if (!select || !outline) { return; }
  var count = document.getElementById("tool-filter-count");
  function apply() {
    var code = select.value;
    var shown = 0;
    outline.querySelectorAll("li.part-KeyTask").forEach(function (li) {
      var tools = (li.getAttribute("data-tools") || "").split(" ");
      var keep = !code || tools.indexOf(code) >= 0;
      li.hidden = !keep;
      if (keep) { shown += 1; }
    });
    if (count) { count.textContent = code ? shown + " 项任务 tasks" : ""; }
  }
  select.addEventListener("change", apply);
  apply();
})();
