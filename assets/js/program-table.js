/* Sort and filter the comparison page's table of programs (no library, nothing loaded from outside).
   A header button sorts by its column (numbers by the cell's data-sort value, text by Turkish collation);
   the search box, the kind and the province filters hide the rows that do not match. */
(function () {
  "use strict";
  var collator = new Intl.Collator("tr", { sensitivity: "base", numeric: true });
  function fold(s) { return (s || "").toLocaleLowerCase("tr"); }
  function cellKey(row, col, type) {
    var cell = row.cells[col];
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (type === "num") { var n = parseFloat(v); return isNaN(n) ? null : n; }
    return v.trim();
  }
  function setup(box) {
    var table = box.querySelector("table.js-sortable");
    if (!table) { return; }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var text = box.querySelector(".filter-text"), kind = box.querySelector(".filter-kind"),
        province = box.querySelector(".filter-province"), count = box.querySelector(".filter-count");
    function filter() {
      var q = fold(text && text.value), k = kind ? kind.value : "", p = province ? province.value : "", shown = 0;
      rows.forEach(function (r) {
        var ok = (!q || fold(r.textContent).indexOf(q) >= 0) && (!k || r.getAttribute("data-kind") === k) &&
                 (!p || r.getAttribute("data-province") === p);
        r.hidden = !ok;
        if (ok) { shown += 1; }
      });
      if (count) { count.textContent = shown + " / " + rows.length + " program"; }
    }
    [text, kind, province].forEach(function (el) { if (el) { el.addEventListener("input", filter); } });
    table.querySelectorAll("button.sort-button").forEach(function (btn) {
      btn.addEventListener("click", function () {
        var th = btn.parentNode, col = parseInt(btn.getAttribute("data-col"), 10), type = btn.getAttribute("data-type");
        var dir = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
        if (type === "text" && th.getAttribute("aria-sort") === "none") { dir = "ascending"; }
        table.querySelectorAll("th[aria-sort]").forEach(function (h) { h.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", dir);
        var sign = dir === "ascending" ? 1 : -1;
        rows.sort(function (a, b) {
          var x = cellKey(a, col, type), y = cellKey(b, col, type);
          if (x === null && y === null) { return 0; }
          if (x === null) { return 1; }   /* missing values last, whatever the direction */
          if (y === null) { return -1; }
          return sign * (type === "num" ? x - y : collator.compare(x, y));
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
    filter();
  }
  function start() { document.querySelectorAll(".program-table").forEach(setup); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
