// Confirmation page: a print button only where printing from a script works.
(function () {
  var button = document.getElementById("print-receipt");
  if (!button || !window.print) return;
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
