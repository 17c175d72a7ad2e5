// Case statistics: the bar chart of reports by category, from the page's JSON data.
window.addEventListener("load", function () {
  var node = document.getElementById("cat-data");
  if (!node) return;  // no reports yet: the page says so instead of drawing
  var rows = JSON.parse(node.textContent);
  if (!window.Chart || !rows.length) return;
  new Chart(document.getElementById("by-cat"), {type: "bar", data: {labels: rows.map(r => r[0]), datasets: [{label: "Số phản ánh", data: rows.map(r => r[1]), backgroundColor: "#1a7f4b"}]}, options: {indexAxis: "y", plugins: {legend: {display: false}}, scales: {x: {beginAtZero: true, ticks: {precision: 0}}}}});
});
