// Draws the dashboard's figures with the plotly.js the app serves itself. Each chart element
// carries its figure as JSON in data-figure; the same data stands in a table beside it.
(function () {
  "use strict";
  // Narrower than this, a figure's "narrow" changes apply: bars and lines named by their code.
  var NARROW = 560;

  function set(target, path, value) {
    var keys = path.split(".");
    var last = keys.pop();
    keys.forEach(function (key) {
      target = target[key] = target[key] || {};
    });
    target[last] = value;
  }

  function narrowed(figure) {
    var changes = figure.narrow || {};
    Object.keys(changes.layout || {}).forEach(function (path) {
      set(figure.layout, path, changes.layout[path]);
    });
    Object.keys(changes.data || {}).forEach(function (key) {
      figure.data.forEach(function (trace, i) {
        trace[key] = changes.data[key][i];
      });
    });
    return figure;
  }

  function draw() {
    document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
      var figure = JSON.parse(el.getAttribute("data-figure"));
      if (figure.narrow && el.clientWidth < NARROW) {
        figure = narrowed(figure);
        el.setAttribute("data-narrow", "true");
      }
      var config = { displayModeBar: false, responsive: true, locale: document.documentElement.lang };
      // The element is the chart's picture (role="img", named by its sentence in the page);
      // what plotly draws inside it is presentational.
      window.Plotly.newPlot(el, figure.data, figure.layout, config).then(function () {
        el.setAttribute("data-drawn", "true");
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
