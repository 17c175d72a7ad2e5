// Public report form: a school picked from the search results fills the hidden unit field.
document.addEventListener("click", function (e) {
  var b = e.target.closest("[data-unit-id]"); if (!b) return;
  e.preventDefault();
  document.getElementById("id_unit").value = b.dataset.unitId;
  document.getElementById("unit-chosen").textContent = "Đã chọn: " + b.dataset.unitName;
  document.getElementById("unit-results").innerHTML = "";
});
