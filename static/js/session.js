// Keeps a signed-in session alive while a form is being typed in: a session ends after a
// while without requests (SESSION_IDLE_MINUTES, 60 by default), and a long report can take
// longer than that to write. Typing asks for /session at most once every five minutes; the
// request itself is what keeps the session alive. Without script, a form posted after the
// session ended is kept and comes back after sign-in (tracker/sessions.py).
(function () {
  "use strict";
  var url = document.currentScript.getAttribute("data-session-url");
  var every = 5 * 60 * 1000;
  var last = Date.now();

  document.addEventListener("input", function (event) {
    var form = event.target.form || (event.target.closest && event.target.closest("form"));
    if (!form || (form.getAttribute("method") || "").toLowerCase() !== "post") return;
    if (Date.now() - last < every) return;
    last = Date.now();
    fetch(url, { credentials: "same-origin", cache: "no-store" }).catch(function () {});
  });

  // A page restored from the browser's back/forward cache is not asked for again: after
  // sign-out, Back would show it with its personal data. Ask the server instead, which sends
  // a signed-out visitor to sign in.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) location.reload();
  });
})();
