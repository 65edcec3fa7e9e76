// 督查统计: draws the charts from the same figures as the tables beneath them (ECharts, vendored locally).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("supervision-stats-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const font = { fontFamily: getComputedStyle(document.body).fontFamily };
  const charts = [];
  const draw = (id, option) => {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ textStyle: font, animation: false, grid: { left: 16, right: 40, top: 40, bottom: 24, containLabel: true }, ...option });
    el.dataset.drawn = "1";
    charts.push(chart);
  };
  const rateBars = (id, block, colour) =>
    draw(id, {
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : `${v}%`) },
      xAxis: { type: "value", name: "%", min: 0, max: 100 },
      yAxis: { type: "category", data: block.names, inverse: true, axisLabel: { width: 120, overflow: "truncate" } },
      series: [{ type: "bar", name: "按期办结率", data: block.rates, itemStyle: { color: colour }, label: { show: true, position: "right", formatter: (p) => (p.value === null || p.value === undefined ? "—" : `${p.value}%`) } }],
    });
  rateBars("chart-units", data.units, "#2e7d32");
  rateBars("chart-sources", data.sources, "#0b5cad");
  draw("chart-leaders", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    color: ["#2e7d32", "#90a4ae", "#c62828"],
    xAxis: { type: "category", data: data.leaders.names },
    yAxis: { type: "value", name: "项", minInterval: 1 },
    series: [
      { name: "已办结", type: "bar", stack: "n", data: data.leaders.done },
      { name: "在办", type: "bar", stack: "n", data: data.leaders.open },
      { name: "其中逾期", type: "bar", data: data.leaders.overdue },
    ],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
});
