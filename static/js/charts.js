// Draws the dashboard's figures with the plotly.js the app serves itself. Each chart element
// carries its figure as JSON in data-figure; the same data stands in a table beside it.
(function () {
  "use strict";
  function draw() {
    document.querySelectorAll(".chart[data-figure]").forEach(function (el) {
      var figure = JSON.parse(el.getAttribute("data-figure"));
      var config = { displayModeBar: false, responsive: true, locale: document.documentElement.lang };
      window.Plotly.newPlot(el, figure.data, figure.layout, config).then(function () {
        var svg = el.querySelector("svg.main-svg");
        if (svg) {
          // The chart is a picture of the table beside it: name it, and keep it out of the tab order.
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", el.getAttribute("aria-label") || "");
        }
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
