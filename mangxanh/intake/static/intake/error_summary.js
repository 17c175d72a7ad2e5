// The public-service error pattern: the summary takes focus on load, and each link moves focus
// to its field with the field's question (legend or label) in view.
(function () {
  var summary = document.getElementById("error-summary");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (e) {
    var link = e.target.closest("a[href^='#']"); if (!link) return;
    var target = document.getElementById(link.getAttribute("href").slice(1)); if (!target) return;
    e.preventDefault();
    (target.closest("fieldset") || target.parentNode).scrollIntoView();
    target.focus();
  });
})();
