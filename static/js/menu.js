// The menu on a narrow screen: the pages and the person's tools behind one disclosure button.
// Without script, or on a wide screen, all of it shows. Loaded right after the header (not
// deferred), so that a phone never shows the whole menu first.
(function () {
  "use strict";
  var toggle = document.querySelector("[data-menu-toggle]");
  if (!toggle) return;
  var header = toggle.closest(".site-header");
  var narrow = window.matchMedia("(max-width: 48rem)");

  function open(yes) {
    toggle.setAttribute("aria-expanded", String(yes));
    header.classList.toggle("menu-open", yes);
  }

  header.classList.add("menu-collapsible");
  toggle.addEventListener("click", function () {
    open(toggle.getAttribute("aria-expanded") !== "true");
  });
  header.addEventListener("keydown", function (event) {
    // Escape closes an open menu and gives the focus back to its button.
    if (event.key === "Escape" && header.classList.contains("menu-open") && narrow.matches) {
      open(false);
      toggle.focus();
    }
  });
  // Across the breakpoint the menu starts closed; focus inside what folds away goes to the button.
  narrow.addEventListener("change", function () {
    var inside = header.contains(document.activeElement) && document.activeElement !== toggle;
    open(false);
    if (narrow.matches && inside) toggle.focus();
  });
})();
