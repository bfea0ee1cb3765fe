// Draws the monthly report's charts (attentions by discipline, 12-month trend) from the JSON
// the page embeds; the same figures are in the page's tables.
(function () {
  "use strict";
  const dataNode = document.getElementById("report-chart-data");
  if (!dataNode || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(dataNode.textContent);
  const disciplines = document.getElementById("disciplines-chart");
  if (disciplines) {
    new Chart(disciplines, {
      type: "bar",
      data: {
        labels: data.disciplinas.labels,
        datasets: [{ label: "Atenciones", data: data.disciplinas.values, backgroundColor: "#0d6efd" }],
      },
      options: {
        indexAxis: "y",
        maintainAspectRatio: false,
        animation: false,
        scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { legend: { display: false } },
      },
    });
    disciplines.dataset.ready = "true";
  }
  const trend = document.getElementById("trend-chart");
  if (trend) {
    const t = data.tendencia;
    new Chart(trend, {
      data: {
        labels: t.labels,
        datasets: [
          { type: "line", label: "Activos al cierre", data: t.activos, borderColor: "#0d6efd", backgroundColor: "#0d6efd", yAxisID: "y1" },
          { type: "bar", label: "Ingresos", data: t.ingresos, backgroundColor: "#198754" },
          { type: "bar", label: "Egresos", data: t.egresos, backgroundColor: "#dc3545" },
        ],
      },
      options: {
        maintainAspectRatio: false,
        animation: false,
        scales: {
          y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: "Ingresos y egresos" } },
          y1: { beginAtZero: true, position: "right", ticks: { precision: 0 }, grid: { drawOnChartArea: false }, title: { display: true, text: "Activos" } },
        },
      },
    });
    trend.dataset.ready = "true";
  }
})();
