// The monthly report page (/my). The page works without this script; it adds:
// - focus on the error summary after a refused save, and on the confirmation after a save, so
//   that a screen reader reads it (after "Unchanged since last month" the page comes back at
//   #<row key>-copied, a focusable note, and the browser focuses it);
// - a question before leaving the page with edits that are not saved.
(function () {
  "use strict";
  var form = document.querySelector("form.report-form");
  // After a refused save: the error summary (autofocus does not work everywhere).
  var summary = document.getElementById("error-summary");
  var saved = document.getElementById("saved-reports");
  if (summary) summary.focus();
  else if (saved && !window.location.hash) saved.focus();
  if (!form) return;

  // A page sent back by the server already holds unsaved text.
  var dirty = form.hasAttribute("data-unsaved");
  var submitting = false;
  function changed() { dirty = true; }
  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function () { submitting = true; });
  window.addEventListener("pageshow", function () { submitting = false; });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty || submitting) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to ask
  });
})();
