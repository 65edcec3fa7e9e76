// 政务公开统计: draws the charts from the same figures as the tables beneath them (ECharts, vendored locally).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("disclosure-stats-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const font = { fontFamily: getComputedStyle(document.body).fontFamily };
  const charts = [];
  const draw = (id, option) => {
    (option.series || []).forEach((s) => { s.barMaxWidth = 28; });
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ textStyle: font, animation: false, grid: { left: 16, right: 40, top: 40, bottom: 24, containLabel: true }, ...option });
    el.dataset.drawn = "1";
    charts.push(chart);
  };
  const names = { yAxis: { type: "category", inverse: true, axisLabel: { width: 120, overflow: "truncate" } } };
  draw("chart-findings", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    color: ["#2e7d32", "#90a4ae", "#c62828"],
    xAxis: { type: "value", name: "条", minInterval: 1 },
    yAxis: { ...names.yAxis, data: data.findings.names },
    series: [
      { name: "已验收", type: "bar", stack: "n", data: data.findings.accepted },
      { name: "整改中", type: "bar", stack: "n", data: data.findings.open },
      { name: "其中逾期", type: "bar", data: data.findings.overdue },
    ],
  });
  draw("chart-on-time", {
    tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "—" : `${v}%`) },
    xAxis: { type: "value", name: "%", min: 0, max: 100 },
    yAxis: { ...names.yAxis, data: data.on_time.names },
    series: [{ type: "bar", name: "按期整改率", data: data.on_time.rates, itemStyle: { color: "#0b5cad" }, label: { show: true, position: "right", formatter: (p) => (p.value === null || p.value === undefined ? "—" : `${p.value}%`) } }],
  });
  draw("chart-ranking", {
    tooltip: { trigger: "axis" },
    xAxis: { type: "value", name: "分" },
    yAxis: { ...names.yAxis, data: data.ranking.names },
    series: [{ type: "bar", name: "考核得分", data: data.ranking.totals, itemStyle: { color: "#2e7d32" }, label: { show: true, position: "right" } }],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
});
