/* The dashboard's charts (Apache ECharts, vendored). Every bar, point and slice carries the URL of
   the list it counts; clicking it goes there, as the numbers in the tables do. */
(function () {
  "use strict";
  var holder = document.getElementById("dashboard-charts");
  if (!holder || typeof echarts === "undefined") { return; }
  var data = JSON.parse(holder.textContent);
  var locale = (document.documentElement.lang || "").toLowerCase().indexOf("zh") === 0 ? "ZH" : "EN";
  var charts = [];
  var narrow = window.matchMedia("(max-width: 576px)").matches;

  function make(id, option, urlOf) {
    var element = document.getElementById(id);
    if (!element) { return; }
    var chart = echarts.init(element, null, { locale: locale, renderer: "svg" });
    option.animation = false;
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = urlOf(params);
      if (url) { window.location.href = url; }
    });
    charts.push(chart);
  }

  function empty(text) {
    return { title: { text: text, left: "center", top: "middle", textStyle: { color: "#6c757d", fontSize: 14, fontWeight: "normal" } } };
  }
  var noData = data.no_data;

  // Monthly trend: walkthroughs and issues found (bars), of which rectified (line).
  var trend = data.trend;
  make("chart-trend", trend.months.length ? {
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 36, right: 12, top: 40, bottom: 28, containLabel: true },
    xAxis: { type: "category", data: trend.months },
    yAxis: { type: "value", minInterval: 1 },
    series: trend.series.map(function (s) {
      return { name: s.name, type: s.type, data: s.data, cursor: "pointer" };
    })
  } : empty(noData), function (p) {
    var series = trend.series[p.seriesIndex];
    return series && series.urls[p.dataIndex];
  });

  // Where the issues are now in the loop, step by step from discovery to closure (体验→反馈→整改→评价→销号).
  var stages = data.stages;
  var anyStage = stages.some(function (s) { return s.value > 0; });
  make("chart-stages", anyStage ? {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 8, right: 36, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: stages.map(function (s) { return s.name; }) },
    series: [{
      type: "bar", cursor: "pointer", barMaxWidth: 28, label: { show: true, position: "right" },
      data: stages.map(function (s, i) {
        return { value: s.value, url: s.url, itemStyle: { color: ["#5470c6", "#91cc75", "#fac858", "#ee6666", "#3ba272"][i % 5] } };
      })
    }]
  } : empty(noData), function (p) { return p.data && p.data.url; });

  // Departments: found, rectified, overdue side by side, the best rectifiers first.
  var departments = data.departments;
  var departmentChart = document.getElementById("chart-departments");
  if (departmentChart && departments.height) { departmentChart.style.height = departments.height + "px"; }
  make("chart-departments", departments.names.length ? {
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", inverse: true, data: departments.names,
             axisLabel: { width: narrow ? 72 : 120, overflow: "truncate" } },
    series: departments.series.map(function (s) {
      return { name: s.name, type: "bar", data: s.data, cursor: "pointer" };
    })
  } : empty(noData), function (p) {
    var series = departments.series[p.seriesIndex];
    return series && series.urls[p.dataIndex];
  });

  // Categories of the issues found.
  var categories = data.categories;
  make("chart-categories", categories.length ? {
    tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
    legend: narrow ? { type: "scroll", bottom: 0 } : { show: false },
    series: [{
      type: "pie", radius: narrow ? ["30%", "60%"] : ["35%", "65%"], center: ["50%", narrow ? "45%" : "52%"],
      label: narrow ? { show: true, position: "inside", formatter: "{c}" } : { formatter: "{b}\n{c}" },
      data: categories.map(function (c) { return { name: c.name, value: c.value, url: c.url }; })
    }]
  } : empty(noData), function (p) { return p.data && p.data.url; });

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
})();
