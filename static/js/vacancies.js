/* The push funnel (Chart.js, vendored in static/vendor/chartjs). The figures come from the
   page (json_script "vacancies-funnel-data") and are printed above the chart too. */
(function () {
  "use strict";
  var source = document.getElementById("vacancies-funnel-data");
  var canvas = document.getElementById("chart-funnel");
  if (!source || !canvas || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  window.Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  new window.Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: "人次", data: data.values, backgroundColor: ["#5b8def", "#3fa7a0", "#e0a030", "#2e9d57"] }]
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      plugins: { legend: { display: false } },
      scales: { x: { beginAtZero: true, ticks: { precision: 0 } } }
    }
  });
})();
