// Draws the dashboard's figures with the plotly.js the app serves itself. Each chart element
// carries its figure as JSON in data-figure; the same data stands in a table beside it.
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
      var figure = JSON.parse(el.getAttribute("data-figure"));
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
