// Review shortcuts: a = approve, r = return, j/k = next/previous (queue rows or drafts).
// Selecting text inside the scanned text fills the passage fields of the decision form.
(function () {
  "use strict";
  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }
  var rows = Array.prototype.slice.call(document.querySelectorAll("[data-queue-row]"));
  var current = -1;
  function select(i) {
    if (!rows.length) return;
    current = Math.max(0, Math.min(rows.length - 1, i));
    rows.forEach(function (r, n) { r.classList.toggle("selected", n === current); });
    rows[current].scrollIntoView({ block: "nearest" });
  }
  function click(id) { var el = document.getElementById(id); if (el) el.click(); }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
    if (e.key === "a") { click("btn-approve"); }
    else if (e.key === "r") {
      var box = document.getElementById("id_comment");
      if (box && !box.value) { box.focus(); e.preventDefault(); } else { click("btn-return"); }
    }
    else if (e.key === "j") { if (rows.length) select(current + 1); else click("nav-next"); }
    else if (e.key === "k") { if (rows.length) select(current - 1); else click("nav-prev"); }
    else if (e.key === "Enter" && current >= 0) { window.location = rows[current].dataset.href; }
  });
  document.addEventListener("mouseup", function () {
    var text = document.getElementById("scan-text"), quote = document.getElementById("id_quote");
    var sel = window.getSelection();
    if (!text || !quote || !sel || sel.isCollapsed || !text.contains(sel.anchorNode)) return;
    var range = sel.getRangeAt(0), pre = document.createRange();
    pre.selectNodeContents(text);
    pre.setEnd(range.startContainer, range.startOffset);
    var start = pre.toString().length, chosen = range.toString();
    quote.value = chosen;
    document.getElementById("id_start").value = start;
    document.getElementById("id_end").value = start + chosen.length;
  });
})();
