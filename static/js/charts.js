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

  // The figure for the element's width now: as stored, or with its narrow changes.
  function figureFor(el) {
    var figure = JSON.parse(el.getAttribute("data-figure"));
    var narrow = Boolean(figure.narrow) && el.clientWidth < NARROW;
    if (narrow) {
      var changes = figure.narrow;
      Object.keys(changes.layout || {}).forEach(function (path) {
        set(figure.layout, path, changes.layout[path]);
      });
      Object.keys(changes.data || {}).forEach(function (key) {
        figure.data.forEach(function (trace, i) {
          trace[key] = changes.data[key][i];
        });
      });
    }
    el.toggleAttribute("data-narrow", narrow);
    return figure;
  }

  var config = { displayModeBar: false, locale: document.documentElement.lang };

  function draw(el) {
    var figure = figureFor(el);
    // The element is the chart's picture (role="img", named by its sentence in the page);
    // what plotly draws inside it is presentational. The figure keeps its own height and
    // takes the element's width, drawn again when that changes.
    figure.layout.width = el.clientWidth;
    return window.Plotly.react(el, figure.data, figure.layout, config);
  }

  function start() {
    var charts = document.querySelectorAll(".chart[data-figure]");
    charts.forEach(function (el) {
      draw(el).then(function () {
        el.setAttribute("data-drawn", "true");
      });
    });
    // A window resized or zoomed: draw again at the new width (with or without the narrow
    // changes), once the resizing has settled.
    if ("ResizeObserver" in window) {
      var widths = new Map();
      var timer = null;
      var observer = new ResizeObserver(function (entries) {
        var changed = entries.filter(function (entry) {
          var width = Math.round(entry.contentRect.width);
          var before = widths.get(entry.target);
          widths.set(entry.target, width);
          return before !== undefined && before !== width;
        });
        if (!changed.length) return;
        clearTimeout(timer);
        timer = setTimeout(function () {
          changed.forEach(function (entry) {
            draw(entry.target);
          });
        }, 150);
      });
      charts.forEach(function (el) {
        observer.observe(el);
      });
    }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
