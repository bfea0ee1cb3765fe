// Trends on the clinical page, drawn from the JSON the page embeds (no inline script: CSP).
// Each canvas has a text twin (a visually hidden table) for screen readers and print.
(function () {
  "use strict";
  const dataNode = document.getElementById("therapy-charts-data");
  if (!dataNode || typeof Chart === "undefined") {
    return;
  }
  const data = JSON.parse(dataNode.textContent);
  const common = {
    maintainAspectRatio: false,
    animation: false,
    interaction: { mode: "index", intersect: false },
  };
  const charts = {};

  // A left axis of its own and the AHI on the right, so both read in their units.
  function withAhiAxis(left, ahiTitle) {
    return Object.assign({}, common, {
      scales: {
        left: Object.assign({ position: "left" }, left),
        ahi: { position: "right", beginAtZero: true, grid: { drawOnChartArea: false }, title: { display: true, text: ahiTitle } },
      },
    });
  }

  function draw(id, config) {
    const canvas = document.getElementById(id);
    if (!canvas) {
      return;
    }
    charts[id] = new Chart(canvas, config);
    canvas.dataset.ready = "true";
  }

  const nights = data.nights;
  draw("nights-chart", {
    data: {
      labels: nights.labels,
      datasets: [
        { type: "bar", label: "Horas de uso", data: nights.hours, backgroundColor: "#0d6efd", yAxisID: "left" },
        {
          type: "line",
          label: "Meta: " + nights.threshold + " h",
          data: nights.labels.map(function () { return nights.threshold; }),
          borderColor: "#198754",
          borderDash: [6, 4],
          pointRadius: 0,
          yAxisID: "left",
        },
        { type: "line", label: "IAH", data: nights.ahi, borderColor: "#dc3545", pointRadius: 1, spanGaps: false, yAxisID: "ahi" },
      ],
    },
    options: withAhiAxis({ beginAtZero: true, suggestedMax: 10, title: { display: true, text: "Horas" } }, "IAH (eventos/h)"),
  });

  const monitorings = data.monitorings;
  draw("monitorings-chart", {
    type: "line",
    data: {
      labels: monitorings.labels,
      datasets: [
        { label: "% noches con las horas de la regla", data: monitorings.adherence, borderColor: "#0d6efd", yAxisID: "left" },
        { label: "IAH residual", data: monitorings.ahi, borderColor: "#dc3545", yAxisID: "ahi" },
      ],
    },
    options: withAhiAxis({ min: 0, max: 100, title: { display: true, text: "%" } }, "IAH"),
  });

  const psychology = data.psychology;
  draw("psychology-chart", {
    type: "line",
    data: {
      labels: psychology.labels,
      datasets: [
        { label: "BDI-II (depresión)", data: psychology.bdi, borderColor: "#6f42c1" },
        { label: "BAI (ansiedad)", data: psychology.bai, borderColor: "#fd7e14", borderDash: [4, 3] },
      ],
    },
    options: Object.assign({}, common, { scales: { y: { min: 0, max: 63 } } }),
  });

  // Print at the paper's width, then back to the screen's.
  window.addEventListener("beforeprint", function () {
    Object.values(charts).forEach(function (chart) { chart.resize(640, 260); });
  });
  window.addEventListener("afterprint", function () {
    Object.values(charts).forEach(function (chart) { chart.resize(); });
  });
  window.datamedTherapyCharts = charts;
})();
