// 会议统计: draws the charts from the same figures as the tables beneath them (ECharts, vendored locally).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("meetings-stats-data");
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
  draw("chart-meetings", {
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: "次", minInterval: 1 },
    series: data.meetings.map((s) => ({ name: s.name, type: "bar", stack: "n", data: s.data })),
  });
  draw("chart-topics", {
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.topics.names },
    yAxis: { type: "value", name: "个", minInterval: 1 },
    series: [{ type: "bar", data: data.topics.values, itemStyle: { color: "#0b5cad" }, label: { show: true, position: "top" } }],
  });
  draw("chart-decisions", {
    tooltip: { trigger: "item", formatter: "{b}：{c} 项（{d}%）" },
    legend: { type: "scroll", bottom: 0 },
    color: ["#2e7d32", "#b26a00", "#90a4ae", "#c62828"],
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.decisions, label: { formatter: "{b}\n{c}项" } }],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
});
