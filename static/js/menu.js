// The menu on a narrow screen: the pages and the person's tools behind one disclosure button.
// Without script, or on a wide screen, all of it shows.
const toggle = document.querySelector("[data-menu-toggle]");
if (toggle) {
  const header = toggle.closest(".site-header");
  const open = (yes) => {
    toggle.setAttribute("aria-expanded", String(yes));
    header.classList.toggle("menu-open", yes);
  };
  header.classList.add("menu-collapsible");
  toggle.addEventListener("click", () => open(toggle.getAttribute("aria-expanded") !== "true"));
  header.addEventListener("keydown", (event) => {
    // Escape closes an open menu and gives the focus back to its button.
    if (event.key === "Escape" && header.classList.contains("menu-open") && toggle.offsetParent) {
      open(false);
      toggle.focus();
    }
  });
}
