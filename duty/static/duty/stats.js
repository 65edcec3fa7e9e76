// 值班统计: draws the charts from the same figures as the tables beneath them (ECharts, vendored locally).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("duty-stats-data");
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
  const monthly = (series, unit) => ({
    tooltip: { trigger: "axis" },
    legend: { type: "scroll", top: 0 },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: unit, minInterval: 1 },
    series: series.map((s) => ({ name: s.name, type: "bar", stack: "n", data: s.data })),
  });
  draw("chart-people", {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    xAxis: { type: "category", data: data.people.names, axisLabel: { interval: 0, rotate: data.people.names.length > 6 ? 30 : 0 } },
    yAxis: { type: "value", name: "天", minInterval: 1 },
    series: [
      { name: "值班天数", type: "bar", data: data.people.days, itemStyle: { color: "#0b5cad" } },
      { name: "带班天数", type: "bar", data: data.people.lead, itemStyle: { color: "#b26a00" } },
    ],
  });
  draw("chart-swaps", monthly(data.swaps, "次"));
  draw("chart-missed", {
    tooltip: { trigger: "axis" },
    xAxis: { type: "category", data: data.months },
    yAxis: { type: "value", name: "次", minInterval: 1 },
    series: [{ name: "未按时交接班", type: "bar", data: data.missed, itemStyle: { color: "#c62828" } }],
  });
  draw("chart-reports", monthly(data.reports, "件"));
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
});
