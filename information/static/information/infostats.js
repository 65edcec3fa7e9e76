// 政务信息 statistics and scores: the charts drawn from the same figures as the tables beneath them (ECharts,
// vendored locally; the data comes from a json_script, no inline script).
document.addEventListener("DOMContentLoaded", () => {
  if (typeof echarts === "undefined") return;
  const font = { fontFamily: getComputedStyle(document.body).fontFamily };
  const charts = [];
  const draw = (id, option, rows) => {
    const el = document.getElementById(id);
    if (!el) return;
    if (rows) el.style.height = `${Math.max(200, 30 * rows + 90)}px`; // one bar per unit, however many units
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ textStyle: font, animation: false, grid: { left: 16, right: 40, top: 40, bottom: 24, containLabel: true }, ...option });
    el.dataset.drawn = "1";
    charts.push(chart);
  };
  const read = (id) => {
    const source = document.getElementById(id);
    return source ? JSON.parse(source.textContent) : null;
  };
  const percent = (v) => (v === null || v === undefined ? "—" : `${v}%`);

  const stats = read("information-stats-data");
  if (stats) {
    const quotaLine = { silent: true, symbol: "none", lineStyle: { type: "dashed", color: "#c62828" }, label: { formatter: `要求 ${stats.quota} 条` }, data: [{ yAxis: stats.quota }] };
    draw("chart-weeks", {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: stats.weeks.names, axisLabel: { rotate: stats.weeks.names.length > 10 ? 45 : 0 } },
      yAxis: { type: "value", name: "条", minInterval: 1 },
      series: [
        { type: "bar", name: "报送省", data: stats.weeks.province.map((v, i) => ({ value: v, itemStyle: { color: stats.weeks.short[i] ? "#e57373" : "#0b5cad" } })), markLine: quotaLine },
        { type: "bar", name: "报送州", data: stats.weeks.prefecture.map((v, i) => ({ value: v, itemStyle: { color: stats.weeks.short[i] ? "#f4a6a6" : "#6a4c93" } })) },
      ],
    });
    draw("chart-levels", {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      xAxis: { type: "category", data: stats.levels.names },
      yAxis: [{ type: "value", name: "条", minInterval: 1 }, { type: "value", name: "%", min: 0, max: 100 }],
      series: [
        { type: "bar", name: "报送", data: stats.levels.sent, itemStyle: { color: "#90a4ae" }, label: { show: true, position: "top" } },
        { type: "bar", name: "采用", data: stats.levels.adopted, itemStyle: { color: "#2e7d32" }, label: { show: true, position: "top" } },
        { type: "line", name: "采用率", yAxisIndex: 1, data: stats.levels.rates, itemStyle: { color: "#c62828" }, label: { show: true, formatter: (p) => percent(p.value) }, tooltip: { valueFormatter: percent } },
      ],
    });
    draw("chart-units", {
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", name: "条", minInterval: 1 },
      yAxis: { type: "category", data: stats.units.names, inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
      series: [{ type: "bar", name: "来稿", barMaxWidth: 24, data: stats.units.values, itemStyle: { color: "#0b5cad" }, label: { show: true, position: "right" } }],
    }, stats.units.names.length);
  }

  const scores = read("information-scores-data");
  if (scores) {
    draw("chart-scores", {
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", name: "分" },
      yAxis: { type: "category", data: scores.units.names, inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
      series: [{ type: "bar", name: "得分", barMaxWidth: 24, data: scores.units.values, itemStyle: { color: "#b8860b" }, label: { show: true, position: "right" } }],
    }, scores.units.names.length);
  }
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
});
