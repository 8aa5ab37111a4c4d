/* Draws the charts of a pyspeed dashboard page from the JSON in #charts (written by
   pyspeed dashboard): trends (median, 95% interval band, the gate's verdicts) and
   speedup bars. A chart is drawn when it comes near the viewport, so that a page of
   many charts opens at once; clicking a point opens that run's page. */
(function () {
  "use strict";
  var COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
                "#7f7f7f", "#bcbd22", "#17becf", "#d62728"];
  var MARKS = {
    regression: {symbol: "triangle-down", color: "#b42318"},
    failing: {symbol: "x", color: "#b42318"},
    improvement: {symbol: "triangle-up", color: "#1a7f37"},
    fixed: {symbol: "star", color: "#1a7f37"}
  };

  function rgba(hex, alpha) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + ((n >> 8) & 255) + "," + (n & 255) + "," + alpha + ")";
  }

  function trendTraces(chart) {
    var data = [];
    chart.series.forEach(function (s, i) {
      var color = COLORS[i % COLORS.length];
      var group = "s" + i;
      data.push({x: s.x, y: s.high, type: "scatter", mode: "lines", line: {width: 0},
                 hoverinfo: "skip", showlegend: false, legendgroup: group});
      data.push({x: s.x, y: s.low, type: "scatter", mode: "lines", line: {width: 0},
                 fill: "tonexty", fillcolor: rgba(color, 0.18), hoverinfo: "skip",
                 showlegend: false, legendgroup: group});
      data.push({x: s.x, y: s.median, type: "scatter", mode: "lines+markers", name: s.name,
                 legendgroup: group, line: {color: color, width: 1.5},
                 marker: {size: 4, color: color}, customdata: s.links,
                 text: s.commits.map(function (c, k) {
                   return "run " + s.runs[k] + (c ? " · " + c : "") +
                          (s.verdicts[k] ? " · " + s.verdicts[k] : "");
                 }),
                 hovertemplate: "%{y:.4s} " + s.unit + "<br>%{x}<br>%{text}<extra>" +
                                s.name + "</extra>"});
      Object.keys(MARKS).forEach(function (verdict) {
        var xs = [], ys = [], links = [];
        s.verdicts.forEach(function (v, k) {
          if (v === verdict && s.median[k] !== null) {
            xs.push(s.x[k]); ys.push(s.median[k]); links.push(s.links[k]);
          }
        });
        if (xs.length) {
          data.push({x: xs, y: ys, type: "scatter", mode: "markers", name: verdict,
                     legendgroup: group, customdata: links, hoverinfo: "name+x",
                     marker: {size: 12, symbol: MARKS[verdict].symbol,
                              color: MARKS[verdict].color}});
        }
      });
    });
    return data;
  }

  function barTraces(chart) {
    return [{x: chart.cases, y: chart.ratios, type: "bar", customdata: chart.links,
             marker: {color: chart.ratios.map(function (r) {
               return r >= 1 ? "#1a7f37" : "#b42318";
             })},
             hovertemplate: "%{x}: %{y:.2f}x<extra></extra>"}];
  }

  function draw(el, chart) {
    var bars = chart.kind === "speedup";
    var layout = {
      title: {text: chart.title, font: {size: 14}},
      margin: {l: 70, r: 20, t: 40, b: bars ? 120 : 40},
      yaxis: {title: {text: chart.unit}, rangemode: "tozero"},
      xaxis: bars ? {tickangle: -45} : {type: "date"},
      legend: {orientation: "h", y: -0.2},
      shapes: bars ? [{type: "line", xref: "paper", x0: 0, x1: 1, y0: 1, y1: 1,
                       line: {dash: "dot", color: "#57606a"}}] : []
    };
    Plotly.newPlot(el, bars ? barTraces(chart) : trendTraces(chart), layout,
                   {responsive: true, displaylogo: false}).then(function () {
      el.setAttribute("data-drawn", "true");
    });
    el.on("plotly_click", function (event) {
      var point = event.points && event.points[0];
      if (point && point.customdata) { window.location.href = point.customdata; }
    });
  }

  function start() {
    var node = document.getElementById("charts");
    if (!node) { return; }
    var charts = {};
    JSON.parse(node.textContent).forEach(function (c) { charts[c.id] = c; });
    var pending = Array.prototype.slice.call(document.querySelectorAll(".chart"));
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting && !entry.target.hasAttribute("data-started")) {
          entry.target.setAttribute("data-started", "true");
          observer.unobserve(entry.target);
          draw(entry.target, charts[entry.target.id]);
        }
      });
    }, {rootMargin: "100px 0px"});
    pending.forEach(function (el) { observer.observe(el); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
