// Presentation mode: one slide at a time. → / Page Down / Space: next area; ← / Page Up:
// previous; Home / Escape: the overview; End: the last. No single-letter shortcuts (WCAG 2.1.4).
// The slide is kept in the URL's hash, so that reloading or sharing the link keeps the place.
// Without script every slide shows, one after the other.
(function () {
  "use strict";
  var slides = Array.prototype.slice.call(document.querySelectorAll("[data-slide]"));
  if (!slides.length) return;
  var position = document.getElementById("present-position");
  var index = 0;
  document.body.classList.add("js-slides");
  document.querySelectorAll("[data-step], [data-fullscreen], [data-keys]").forEach(function (b) { b.hidden = false; });

  function show(next, focus) {
    index = Math.max(0, Math.min(slides.length - 1, next));
    slides.forEach(function (s, i) { s.classList.toggle("current", i === index); });
    var slide = slides[index];
    if (location.hash !== "#" + slide.id) history.replaceState(null, "", "#" + slide.id);
    var heading = slide.querySelector(".slide-title");
    position.textContent = (index + 1) + " / " + slides.length + (heading ? ": " + heading.textContent.trim() : "");
    if (focus && heading) heading.focus();
  }
  function fromHash() {
    var found = slides.findIndex(function (s) { return "#" + s.id === location.hash; });
    return found < 0 ? 0 : found;
  }
  function fullscreen() {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
  }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "select" || tag === "textarea") return;
    var key = event.key;
    if (key === "ArrowRight" || key === "PageDown" || (key === " " && tag !== "button" && tag !== "a")) {
      show(index + 1, true);
    } else if (key === "ArrowLeft" || key === "PageUp") {
      show(index - 1, true);
    } else if (key === "Home" || key === "Escape") {
      if (key === "Escape" && document.fullscreenElement) return; // the browser leaves full screen
      show(0, true);
    } else if (key === "End") {
      show(slides.length - 1, true);
    } else {
      return;
    }
    event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var step = event.target.closest("[data-step]");
    if (step) show(step.dataset.step === "home" ? 0 : index + Number(step.dataset.step), false);
    if (event.target.closest("[data-fullscreen]")) fullscreen();
    var link = event.target.closest("a[href^='#']");
    if (link) {
      var target = slides.findIndex(function (s) { return "#" + s.id === link.getAttribute("href"); });
      if (target >= 0) {
        event.preventDefault();
        show(target, true);
      }
    }
  });
  window.addEventListener("hashchange", function () { show(fromHash(), true); });
  show(fromHash(), false);
})();
