"""The style sheet and the one inline script of the batch HTML report (no external assets).

The script sorts, filters and pages the table's rows, which the page carries as a JSON data
block; it writes every value with ``textContent`` (never as HTML), and the page's
Content-Security-Policy allows it by its SHA-256 hash and nothing else. It also widens a chart
whose text the browser's font draws past its edge, and counts such labels in
``data-cut-labels`` on ``<body>`` (the headless-browser test reads it; 0 is the expected value).
"""

from __future__ import annotations

import base64
import hashlib

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2rem;
color:#1d1d1f;background:#fff}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}
.lead{color:#555;margin:0 0 1.5rem}.stats{display:flex;gap:1rem;flex-wrap:wrap}
.stat{border:1px solid #ddd;border-radius:6px;padding:.5rem 1rem;min-width:8rem}
.stat b{display:block;font-size:1.4rem}.charts{display:flex;gap:2rem;flex-wrap:wrap}
svg{max-width:100%;height:auto}svg text{font:12px system-ui,sans-serif;fill:#1d1d1f}
table{border-collapse:collapse;width:100%;margin-top:.5rem}
th,td{border-bottom:1px solid #e5e5e5;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f6f6f6;position:sticky;top:0}th[data-key]{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" \\25B2"}th[aria-sort=descending]::after{content:" \\25BC"}
td.n{text-align:right;font-variant-numeric:tabular-nums}td.n.row{color:#666}
tfoot td{font-weight:bold;border-top:2px solid #ccc}
tr.err td{background:#fff4f4}.f{display:inline-block;border-radius:3px;padding:0 .3rem;
margin:0 .2rem .1rem 0;font-size:12px;color:#fff}
.f.error{background:#d62728}.f.warning{background:#b07d00}.f.info{background:#1f77b4}
.note{background:#fffbe6;border:1px solid #f0d870;padding:.5rem 1rem;border-radius:6px}
.controls{display:flex;gap:1rem;flex-wrap:wrap;align-items:center;margin:.5rem 0}
.controls[hidden]{display:none}.pager button{margin:0 .25rem}
"""

SCRIPT = r"""
(function () {
  "use strict";
  var cut = 0;
  document.querySelectorAll("svg.chart").forEach(function (svg) {
    var width = svg.viewBox.baseVal.width, height = svg.viewBox.baseVal.height, right = 0;
    svg.querySelectorAll("text").forEach(function (t) {
      var box = t.getBBox();
      if (box.x < -2 || box.x + box.width > width + 2) { cut += 1; }
      right = Math.max(right, box.x + box.width);
    });
    if (right > width) {
      svg.setAttribute("viewBox", "0 0 " + Math.ceil(right + 4) + " " + height);
      svg.setAttribute("width", String(Math.ceil(right + 4)));
    }
  });
  document.body.setAttribute("data-cut-labels", String(cut));

  var data = document.getElementById("rows-data");
  var table = document.getElementById("rows");
  if (!data || !table) { return; }
  var rows = JSON.parse(data.textContent);
  var body = table.tBodies[0], pageSize = 100, page = 0, shown = rows;
  var sortKey = null, sortDir = 1;
  var search = document.getElementById("q"), strategy = document.getElementById("strategy");
  var onlyFindings = document.getElementById("flagged"), info = document.getElementById("info");
  document.getElementById("controls").hidden = false;

  function cell(row, text, cls) {
    var td = document.createElement("td");
    if (cls) { td.className = cls; }
    td.textContent = text;
    row.appendChild(td);
    return td;
  }
  function money(v) { return v === null ? "" : v.toLocaleString("en-US", {minimumFractionDigits: 2, maximumFractionDigits: 2}); }
  function render() {
    body.textContent = "";
    var start = page * pageSize, end = Math.min(shown.length, start + pageSize);
    for (var i = start; i < end; i++) {
      var r = shown[i], tr = document.createElement("tr");
      if (r.error) { tr.className = "err"; }
      cell(tr, String(r.row), "n row");
      ["name", "model", "strategy", "technique", "fits"].forEach(function (k) {
        var bdi = document.createElement("bdi");
        bdi.textContent = r[k] || "";
        cell(tr, "").appendChild(bdi);
      });
      cell(tr, money(r.gpu_hours), "n");
      cell(tr, money(r.usd), "n");
      var f = cell(tr, "");
      if (r.error) {
        var e = document.createElement("span"); e.className = "f error"; e.textContent = "input error";
        var b = document.createElement("bdi"); b.textContent = " " + r.error;
        f.appendChild(e); f.appendChild(b);
      }
      r.findings.forEach(function (x) {
        var s = document.createElement("span");
        s.className = "f " + x[1]; s.textContent = x[0]; s.title = "rule " + x[2];
        f.appendChild(s);
      });
      body.appendChild(tr);
    }
    info.textContent = shown.length ? ("rows " + (start + 1).toLocaleString("en-US") + "\u2013" +
      end.toLocaleString("en-US") + " of " + shown.length.toLocaleString("en-US")) : "no rows match";
    document.getElementById("prev").disabled = page === 0;
    document.getElementById("next").disabled = end >= shown.length;
  }
  function key(r, k) { return k === "findings" ? r.findings.length + (r.error ? 1000 : 0) : r[k]; }
  function apply() {
    var q = search.value.trim().toLowerCase(), s = strategy.value, flagged = onlyFindings.checked;
    shown = rows.filter(function (r) {
      if (s && r.strategy !== s) { return false; }
      if (flagged && !r.error && !r.findings.length) { return false; }
      if (!q) { return true; }
      var text = [r.name, r.model, r.strategy, r.technique, r.error].join(" ") + " " +
        r.findings.map(function (x) { return x[0] + " " + x[2]; }).join(" ");
      return text.toLowerCase().indexOf(q) >= 0;
    });
    if (sortKey) {
      shown = shown.slice().sort(function (a, b) {
        var x = key(a, sortKey), y = key(b, sortKey);
        if (x === y) { return a.row - b.row; }
        if (x === null || x === undefined || x === "") { return 1; }
        if (y === null || y === undefined || y === "") { return -1; }
        return (x < y ? -1 : 1) * sortDir;
      });
    }
    page = 0;
    render();
  }
  table.tHead.querySelectorAll("th[data-key]").forEach(function (th) {
    th.addEventListener("click", function () {
      var k = th.getAttribute("data-key");
      sortDir = sortKey === k ? -sortDir : 1;
      sortKey = k;
      table.tHead.querySelectorAll("th").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", sortDir > 0 ? "ascending" : "descending");
      apply();
    });
  });
  [search, strategy, onlyFindings].forEach(function (el) { el.addEventListener("input", apply); });
  document.getElementById("prev").addEventListener("click", function () { page -= 1; render(); });
  document.getElementById("next").addEventListener("click", function () { page += 1; render(); });
  apply();
})();
"""


def script_hash(script: str = SCRIPT) -> str:
    """The CSP source that allows exactly this inline script."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
