/* The dashboard's charts (Chart.js, vendored in static/vendor/chartjs). The data come from
   the page (json_script "dashboard-chart-data"); every figure is also on the page as a
   number or in a table, so nothing is lost without JavaScript. */
(function () {
  "use strict";
  var source = document.getElementById("dashboard-chart-data");
  if (!source || typeof window.Chart === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var Chart = window.Chart;
  Chart.defaults.font.family = getComputedStyle(document.documentElement).fontFamily;
  Chart.defaults.maintainAspectRatio = false;

  /* A vertical mark at each bar's expected progress (序时进度). */
  var expectedMarks = {
    id: "expectedMarks",
    afterDatasetsDraw: function (chart) {
      var marks = chart.options.plugins.expectedMarks;
      if (!marks || !marks.values) { return; }
      var ctx = chart.ctx, x = chart.scales.x, y = chart.scales.y;
      ctx.save();
      ctx.strokeStyle = "#1f2328";
      ctx.lineWidth = 2;
      marks.values.forEach(function (value, i) {
        if (value === null) { return; }
        var px = x.getPixelForValue(value), py = y.getPixelForValue(i);
        var half = (y.height / marks.values.length) * 0.35;
        ctx.beginPath();
        ctx.moveTo(px, py - half);
        ctx.lineTo(px, py + half);
        ctx.stroke();
      });
      ctx.restore();
    }
  };

  function progressChart() {
    var canvas = document.getElementById("chart-progress");
    if (!canvas || !data.progress.length) { return; }
    canvas.parentElement.style.height = Math.max(220, data.progress.length * 34 + 40) + "px";
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.progress.map(function (p) { return p.label; }),
        datasets: [{
          label: "完成进度（%）",
          data: data.progress.map(function (p) { return p.value; }),
          backgroundColor: data.progress.map(function (p) { return p.colour; })
        }]
      },
      options: {
        indexAxis: "y",
        scales: {
          x: { min: 0, suggestedMax: 100, ticks: { callback: function (v) { return v + "%"; } } },
          y: { ticks: { autoSkip: false } }
        },
        plugins: {
          legend: { display: false },
          expectedMarks: { values: data.progress.map(function (p) { return p.status === "已完成" ? null : p.expected; }) },
          tooltip: {
            callbacks: {
              label: function (item) {
                var p = data.progress[item.dataIndex];
                return p.status + "：完成 " + p.value + "%，序时进度 " + p.expected + "%";
              },
              title: function (items) {
                return data.progress[items[0].dataIndex].title;
              }
            }
          }
        }
      },
      plugins: [expectedMarks]
    });
  }

  function areaChart() {
    var canvas = document.getElementById("chart-areas");
    var select = document.getElementById("chart-area-target");
    var series = data.areas.series;
    if (!canvas || !series.length) {
      if (canvas) { canvas.closest("figure").hidden = true; }
      return;
    }
    canvas.parentElement.style.height = Math.max(220, data.areas.labels.length * 22 + 40) + "px";
    series.forEach(function (s, i) {
      var option = document.createElement("option");
      option.value = String(i);
      option.textContent = s.label;
      select.appendChild(option);
    });
    select.hidden = series.length < 2;
    var chart = new Chart(canvas, {
      type: "bar",
      data: { labels: data.areas.labels, datasets: [{ label: series[0].label, data: series[0].data, backgroundColor: series[0].colours }] },
      options: {
        indexAxis: "y",
        scales: {
          x: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } },
          y: { ticks: { autoSkip: false } }
        },
        plugins: { legend: { display: false } }
      }
    });
    select.addEventListener("change", function () {
      var s = series[Number(select.value)];
      chart.data.datasets[0].label = s.label;
      chart.data.datasets[0].data = s.data;
      chart.data.datasets[0].backgroundColor = s.colours;
      chart.update();
    });
  }

  function trendChart() {
    var canvas = document.getElementById("chart-trend");
    if (!canvas) { return; }
    if (data.trend.dates.length < 2 || !data.trend.series.length) {
      canvas.parentElement.hidden = true;
      var empty = document.querySelector("#chart-trend-box .chart-empty");
      if (empty) { empty.hidden = false; }
      return;
    }
    var palette = ["#0b5cad", "#1a7f37", "#9a6700", "#cf222e", "#8250df", "#1b7c83", "#bc4c00", "#57606a"];
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.trend.dates,
        datasets: data.trend.series.map(function (s, i) {
          return { label: s.label, data: s.data, borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length], spanGaps: true, tension: 0.2 };
        })
      },
      options: {
        scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } }
      }
    });
  }

  progressChart();
  areaChart();
  trendChart();
})();
