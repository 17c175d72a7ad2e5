// Findings by category as a bar chart (data from the json_script tag).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  new Chart(document.getElementById("findings-chart"), {
    type: "bar",
    data: { labels: data.labels, datasets: [{ label: "Số phát hiện", data: data.values, backgroundColor: "#2e7d52" }] },
    options: { plugins: { legend: { display: false } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
  });
})();
