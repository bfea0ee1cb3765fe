// Draws the bar chart of active cycles by mes cápita from the JSON the page embeds.
(function () {
  "use strict";
  const dataNode = document.getElementById("by-month-data");
  const canvas = document.getElementById("by-month-chart");
  if (!dataNode || !canvas || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(dataNode.textContent);
  const chart = new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: "Ciclos activos", data: data.values, backgroundColor: "#0d6efd" }],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false } },
    },
  });
  canvas.dataset.ready = "true";
  window.datamedMonthChart = chart;
})();
