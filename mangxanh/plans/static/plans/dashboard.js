// Charts for the progress dashboard, drawn with the vendored Chart.js.
(function () {
  var node = document.getElementById("chart-data");
  if (!node || typeof Chart === "undefined") return;
  var data = JSON.parse(node.textContent);
  // Fixed-height boxes (plans.css) and no animation: charts read the same on screen, in print and in tests.
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;
  new Chart(document.getElementById("by-kind"), {
    type: "bar",
    data: {labels: data.labels, datasets: [{label: "Số hoạt động", data: data.values, backgroundColor: "#2e7d32"}]},
    options: {indexAxis: "y", plugins: {legend: {display: false}}}
  });
  new Chart(document.getElementById("by-unit"), {
    type: "bar",
    data: {labels: data.units, datasets: [{label: "Hoạt động theo đơn vị", data: data.unit_values, backgroundColor: "#1565c0"}]},
    options: {plugins: {legend: {display: false}}}
  });
  new Chart(document.getElementById("by-month"), {
    type: "line",
    data: {labels: data.months, datasets: [{label: "Hoạt động theo tháng", data: data.month_values, borderColor: "#ef6c00"}]},
    options: {plugins: {legend: {display: false}}}
  });
})();
