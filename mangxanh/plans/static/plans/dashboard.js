// Charts for the progress dashboard, drawn with the vendored Chart.js.
(function () {
  var node = document.getElementById("chart-data");
  if (!node || typeof Chart === "undefined") return;
  var data = JSON.parse(node.textContent);
  // Fixed-height boxes (plans.css) and no animation: charts read the same on screen, in print and in tests.
  Chart.defaults.maintainAspectRatio = false;
  Chart.defaults.animation = false;
  // Counts: whole-number ticks from zero, and a title saying what the chart counts.
  var count = {beginAtZero: true, ticks: {precision: 0}};
  function options(title, horizontal) {
    var scales = horizontal ? {x: count} : {y: count};
    return {indexAxis: horizontal ? "y" : "x", scales: scales,
            plugins: {legend: {display: false}, title: {display: true, text: title}}};
  }
  new Chart(document.getElementById("by-kind"), {
    type: "bar",
    data: {labels: data.labels, datasets: [{label: "Số hoạt động", data: data.values, backgroundColor: "#2e7d32"}]},
    options: options("Số hoạt động theo loại", true)
  });
  new Chart(document.getElementById("by-unit"), {
    type: "bar",
    data: {labels: data.units, datasets: [{label: "Số hoạt động", data: data.unit_values, backgroundColor: "#1565c0"}]},
    options: options("Số hoạt động theo đơn vị", false)
  });
  new Chart(document.getElementById("by-month"), {
    type: "line",
    data: {labels: data.months, datasets: [{label: "Số hoạt động", data: data.month_values, borderColor: "#ef6c00"}]},
    options: options("Số hoạt động theo tháng", false)
  });
})();
