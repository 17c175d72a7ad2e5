// Public report form.
// Contact fields only while "leave contact details" is chosen; a disabled fieldset sends nothing.
(function () {
  var box = document.getElementById("contact-fields");
  if (!box) return;
  function sync() {
    var chosen = document.querySelector("input[name=anonymous]:checked");
    var show = chosen && chosen.value === "no";
    box.hidden = !show; box.disabled = !show;
  }
  document.querySelectorAll("input[name=anonymous]").forEach(function (r) { r.addEventListener("change", sync); });
  // Keep fields visible if the server pointed out a conflict in them, so nothing typed is hidden.
  if (!document.querySelector("#anonymity .errorlist")) sync();
})();
// A school picked from the search results fills the hidden unit field.
document.addEventListener("click", function (e) {
  var b = e.target.closest("[data-unit-id]"); if (!b) return;
  e.preventDefault();
  document.getElementById("id_unit").value = b.dataset.unitId;
  document.getElementById("unit-chosen").textContent = "Đã chọn: " + b.dataset.unitName;
  document.getElementById("unit-results").innerHTML = "";
});
