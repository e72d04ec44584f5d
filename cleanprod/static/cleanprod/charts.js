// Initialises every chart on the page: <div class="chart" data-chart="bar" data-source="ID">
// reads its data from the json_script element with that ID. No network, no CDN.
(function () {
  function init(el) {
    var source = document.getElementById(el.dataset.source);
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    if (el.dataset.chart === "bar") {
      chart.setOption({
        grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
        tooltip: { trigger: "axis" },
        xAxis: { type: "value", minInterval: 1 },
        yAxis: { type: "category", data: data.labels, inverse: true },
        series: [{ type: "bar", data: data.values, barMaxWidth: 28, itemStyle: { color: "#1f5f4a" },
                   label: { show: true, position: "right" } }]
      });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.querySelectorAll("[data-chart]").forEach(init);
})();
