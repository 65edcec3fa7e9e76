// 信访统计: draws the charts from the same figures as the tables beneath them (ECharts, vendored locally).
document.addEventListener("DOMContentLoaded", () => {
  const source = document.getElementById("petitions-stats-data");
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
  const percent = (v) => (v === null || v === undefined ? "—" : `${v}%`);
  const countBars = (id, block, colour) =>
    draw(id, {
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", name: "件", minInterval: 1 },
      yAxis: { type: "category", data: block.names, inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
      series: [{ type: "bar", name: "件数", data: block.values, itemStyle: { color: colour }, label: { show: true, position: "right" } }],
    });
  draw("chart-channels", {
    tooltip: { trigger: "item" },
    legend: { bottom: 0, type: "scroll" },
    series: [{ type: "pie", name: "信访形式", radius: ["35%", "65%"], center: ["50%", "45%"], data: data.channels.filter((d) => d.value > 0), label: { formatter: "{b}\n{c}件" } }],
  });
  if (data.months) {
    draw("chart-months", {
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.months.names },
      yAxis: { type: "value", name: "件", minInterval: 1 },
      series: [{ type: "line", name: "登记件数", data: data.months.values, itemStyle: { color: "#0b5cad" }, label: { show: true } }],
    });
  }
  countBars("chart-categories", data.categories, "#0b5cad");
  countBars("chart-townships", data.townships, "#6a4c93");
  draw("chart-units", {
    tooltip: { trigger: "axis", valueFormatter: percent },
    legend: { top: 0 },
    xAxis: { type: "value", name: "%", min: 0, max: 100 },
    yAxis: { type: "category", data: data.units.names, inverse: true, axisLabel: { width: 110, overflow: "truncate" } },
    series: [
      { type: "bar", name: "按期受理告知率", data: data.units.accept, itemStyle: { color: "#2e7d32" }, label: { show: true, position: "right", formatter: (p) => percent(p.value) } },
      { type: "bar", name: "按期办结率", data: data.units.handle, itemStyle: { color: "#0b5cad" }, label: { show: true, position: "right", formatter: (p) => percent(p.value) } },
    ],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
});
