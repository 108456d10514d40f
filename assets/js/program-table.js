/* The comparison page's table of programs: drawn from its CSV, sorted, filtered and shown a page at a time
   (no library, nothing loaded from outside; the CSV lies beside the page, so it works wherever the site is served).
   The page holds the header (each <th> says its CSV column and how to show it), the filters and the CSV link;
   this script reads the CSV (data-src), writes one row per program with the DOM (text is never parsed as HTML),
   and links every number to its row page (`program_summary.html#satir-N`). A header button sorts by its column
   (numbers by their value, text by Turkish collation); the search box, the kind and the province filters keep
   the rows that match; the pager shows data-rows-per-page rows at a time. */
(function () {
  "use strict";
  var collator = new Intl.Collator("tr", { sensitivity: "base", numeric: true });
  var KINDS = { metropolitan: "büyükşehir", district: "ilçe", province: "il özel idaresi" };
  function fold(s) { return (s || "").toLocaleLowerCase("tr"); }
  function tr(n, digits) {
    return n.toLocaleString("tr-TR", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  }
  function shown(value, kind) {
    var n = parseFloat(value);
    if (value === "" || isNaN(n)) { return "–"; }
    if (kind === "pct") { return "%" + tr(n * 100, 1); }
    if (kind === "tl_short") {
      if (Math.abs(n) >= 1e9) { return tr(n / 1e9, 2) + " milyar TL"; }
      if (Math.abs(n) >= 1e6) { return tr(n / 1e6, 1) + " milyon TL"; }
      return tr(n, 0) + " TL";
    }
    return tr(n, n === Math.round(n) ? 0 : 2);
  }
  function parseCsv(text) {  /* RFC 4180: quoted fields may hold commas, quotes ("") and line breaks */
    var rows = [], row = [], field = "", quoted = false, i, c;
    for (i = 0; i < text.length; i += 1) {
      c = text[i];
      if (quoted) {
        if (c === '"' && text[i + 1] === '"') { field += '"'; i += 1; } else if (c === '"') { quoted = false; } else { field += c; }
      } else if (c === '"') { quoted = true; } else if (c === ",") { row.push(field); field = ""; } else if (c === "\n" || c === "\r") {
        if (c === "\r" && text[i + 1] === "\n") { i += 1; }
        row.push(field); rows.push(row); row = []; field = "";
      } else { field += c; }
    }
    if (field !== "" || row.length) { row.push(field); rows.push(row); }
    return rows;
  }
  function cellKey(row, col, type) {
    var cell = row.cells[col];
    var v = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
    if (type === "num") { var n = parseFloat(v); return isNaN(n) ? null : n; }
    return v.trim();
  }
  function drawRows(box, table, text) {
    var records = parseCsv(text), header = records.shift() || [], at = {};
    header.forEach(function (name, i) { at[name] = i; });
    var src = box.getAttribute("data-src"), rowPage = src.replace(/\.csv$/, ".html");
    var columns = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
      return { name: th.getAttribute("data-column"), kind: th.getAttribute("data-kind") };
    });
    var body = table.tBodies[0];
    records.forEach(function (rec, n) {
      if (rec.length < header.length) { return; }
      var get = function (name) { return at[name] === undefined ? "" : rec[at[name]]; };
      var tr_ = document.createElement("tr");
      tr_.setAttribute("data-kind", get("kind"));
      tr_.setAttribute("data-province", get("province"));
      columns.forEach(function (col) {
        var td = document.createElement("td"), value = get(col.name);
        if (col.name === "program") {
          var a = document.createElement("a"), name = (get("short_name") + " " + get("year")).trim() || value;
          a.href = encodeURIComponent(value) + "/index.html";
          a.textContent = name;
          td.className = "txt"; td.setAttribute("data-sort", name); td.appendChild(a);
        } else if (col.kind === "text") {
          td.className = "txt"; td.textContent = col.name === "kind" ? (KINDS[value] || value) : value;
        } else if (col.kind === "year") {
          td.className = "num"; td.setAttribute("data-sort", value); td.textContent = value;
        } else {
          td.className = "num"; td.setAttribute("data-sort", value);
          if (value === "") { td.textContent = "–"; } else {
            var link = document.createElement("a");  /* as the pages' cited numbers (analysis.pages.format.cite) */
            link.href = rowPage + "#satir-" + (n + 1);
            link.className = "cited-number";
            link.setAttribute("data-csv", src); link.setAttribute("data-table", "program_summary");
            link.setAttribute("data-column", col.name); link.setAttribute("data-row", String(n)); link.setAttribute("data-value", value);
            link.title = "Kaynak: program_summary.csv, satır " + (n + 1) + " (" + get("program") + "), sütun “" + col.name + "”";
            link.textContent = shown(value, col.kind);
            td.appendChild(link);
          }
        }
        tr_.appendChild(td);
      });
      body.appendChild(tr_);
    });
  }
  function setup(box) {
    var table = box.querySelector("table.js-sortable");
    if (!table) { return; }
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var size = parseInt(box.getAttribute("data-rows-per-page"), 10) || rows.length || 1, page = 0, matched = rows;
    var text = box.querySelector(".filter-text"), kind = box.querySelector(".filter-kind"),
        province = box.querySelector(".filter-province"), count = box.querySelector(".filter-count"),
        pager = box.querySelector(".program-table-pages"), where = box.querySelector(".page-where");
    function show() {
      var pages = Math.max(1, Math.ceil(matched.length / size));
      page = Math.min(Math.max(page, 0), pages - 1);
      rows.forEach(function (r) { r.hidden = true; });
      matched.slice(page * size, (page + 1) * size).forEach(function (r) { r.hidden = false; });
      if (count) { count.textContent = matched.length + " / " + rows.length + " program"; }
      if (pager) {
        pager.hidden = pages < 2;
        if (where) { where.textContent = (matched.length ? page * size + 1 : 0) + "–" + Math.min((page + 1) * size, matched.length) + " / " + matched.length; }
        box.querySelector(".page-prev").disabled = page === 0;
        box.querySelector(".page-next").disabled = page >= pages - 1;
      }
    }
    function filter() {
      var q = fold(text && text.value), k = kind ? kind.value : "", p = province ? province.value : "";
      matched = rows.filter(function (r) {
        return (!q || fold(r.textContent).indexOf(q) >= 0) && (!k || r.getAttribute("data-kind") === k) &&
               (!p || r.getAttribute("data-province") === p);
      });
      page = 0;
      show();
    }
    [text, kind, province].forEach(function (el) { if (el) { el.addEventListener("input", filter); } });
    if (pager) {
      box.querySelector(".page-prev").addEventListener("click", function () { page -= 1; show(); });
      box.querySelector(".page-next").addEventListener("click", function () { page += 1; show(); });
    }
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
        filter();
      });
    });
    filter();
    box.setAttribute("data-drawn", String(rows.length));
  }
  function start() {
    document.querySelectorAll(".program-table").forEach(function (box) {
      var src = box.getAttribute("data-src"), table = box.querySelector("table.js-sortable"), status = box.querySelector(".program-table-status");
      if (!src || !table) { setup(box); return; }
      fetch(src).then(function (r) {
        if (!r.ok) { throw new Error(r.status + " " + r.statusText); }
        return r.text();
      }).then(function (text) {
        drawRows(box, table, text);
        setup(box);
      }).catch(function (e) {
        if (status) { status.insertBefore(document.createTextNode("Tablo yüklenemedi (" + e.message + "). "), status.firstChild); }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
