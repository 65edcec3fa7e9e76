// 请销假统计: draws the charts from the same figures as the tables beneath them (ECharts, vendored locally).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("leave-stats-data");
  if (!source || typeof echarts === "undefined") return;
  const data = JSON.parse(source.textContent);
  const font = { fontFamily: getComputedStyle(document.body).fontFamily };
  const charts = [];
  const draw = (id, option) => {
    const el = document.getElementById(id);
    if (!el) return;
    const chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({ textStyle: font, animation: false, grid: { left: 16, right: 24, top: 60, bottom: 24, containLabel: true }, ...option });
    charts.push(chart);
  };
  draw("chart-month", {
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: "工作日" },
    series: data.monthKind.map((s) => ({ name: s.name, type: "bar", stack: "days", data: s.data })),
  });
  draw("chart-section", {
    tooltip: { trigger: "axis" },
    xAxis: { type: "value", name: "工作日" },
    yAxis: { type: "category", data: data.sections.names, inverse: true },
    series: [{ type: "bar", data: data.sections.days, itemStyle: { color: "#0b5cad" }, label: { show: true, position: "right" } }],
  });
  draw("chart-kind", {
    tooltip: { trigger: "item", formatter: "{b}：{c} 天（{d}%）" },
    legend: { type: "scroll", bottom: 0 },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.kinds, label: { formatter: "{b}\n{c}天" } }],
  });
  draw("chart-decision", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    xAxis: { type: "category", data: data.decisions.names },
    yAxis: { type: "value", name: "份", minInterval: 1 },
    series: [
      { name: "按时", type: "bar", stack: "d", data: data.decisions.onTime, itemStyle: { color: "#2e7d32" } },
      { name: "超时", type: "bar", stack: "d", data: data.decisions.late, itemStyle: { color: "#c62828" } },
      { name: "待审批", type: "bar", stack: "d", data: data.decisions.waiting, itemStyle: { color: "#b26a00" } },
    ],
  });
  draw("chart-retro", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: "份", minInterval: 1 },
    series: [
      { name: "报告份数", type: "bar", data: data.retro.all, itemStyle: { color: "#90a4ae" } },
      { name: "事后补办", type: "bar", data: data.retro.retro, itemStyle: { color: "#c62828" } },
    ],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
});
