// The import's upload with its progress: the file is sent in the background, the page says how
// much of it has arrived and then that its rows are being checked, and the answer (the
// preview, or what is wrong) takes the page's place. Without script the form posts as usual.
(() => {
  const start = (form) => {
    const box = document.getElementById(form.dataset.progress);
    if (!box || !window.FormData || !window.DOMParser) return;
    const bar = box.querySelector("progress");
    const status = box.querySelector("[role=status]");
    const button = form.querySelector("button[type=submit]");
    let said = -1;
    const say = (text) => {
      status.textContent = text;
    };
    // Nothing the page can show came back: said, and the keyboard back at the button.
    const failed = (text) => {
      bar.value = 0;
      say(text);
      button.disabled = false;
      button.focus();
    };
    form.addEventListener("submit", (event) => {
      const file = form.querySelector("input[type=file]");
      if (!file || !file.files.length) return; // the server names what is missing
      event.preventDefault();
      if (file.files[0].size > Number(box.dataset.largest)) {
        // Said before it is sent: a server may drop the connection of a body over its limit.
        box.hidden = false;
        bar.hidden = true;
        say(box.dataset.tooLarge);
        file.focus();
        return;
      }
      const request = new XMLHttpRequest();
      request.open("POST", form.action);
      request.upload.addEventListener("progress", (sent) => {
        if (!sent.lengthComputable) return;
        const percent = Math.floor((100 * sent.loaded) / sent.total);
        bar.value = percent;
        // Said in steps of a quarter, so that a screen reader is not flooded.
        const step = Math.floor(percent / 25);
        if (step !== said) {
          said = step;
          say(box.dataset.sending.replace("%(percent)s", String(percent)));
        }
      });
      request.upload.addEventListener("load", () => {
        bar.removeAttribute("value"); // the rows are checked: no share to show
        say(box.dataset.checking);
      });
      request.addEventListener("load", () => {
        const answered = new URL(request.responseURL || form.action, window.location.href);
        if (answered.pathname !== new URL(form.action, window.location.href).pathname) {
          window.location.assign(answered.href); // sent elsewhere (signed out, for example)
          return;
        }
        const page = new DOMParser().parseFromString(request.responseText, "text/html");
        const main = page.querySelector("main");
        if (!main) {
          failed(box.dataset.unanswered); // not this service's page (a proxy's 502, say)
          return;
        }
        document.title = page.title;
        document.querySelector("main").replaceWith(main);
        // The keyboard goes where a reader starts: what is wrong, else the preview.
        const first = [".error-summary", "#preview", "h1"]
          .map((where) => main.querySelector(where))
          .find((found) => found);
        if (first) {
          if (!first.hasAttribute("tabindex")) first.setAttribute("tabindex", "-1");
          first.focus();
        }
        main.querySelectorAll("form[data-progress]").forEach(start);
      });
      request.addEventListener("error", () => failed(box.dataset.failed));
      said = -1;
      bar.value = 0;
      bar.hidden = false;
      box.hidden = false;
      button.disabled = true;
      say(box.dataset.sending.replace("%(percent)s", "0"));
      request.send(new FormData(form));
    });
  };
  document.querySelectorAll("form[data-progress]").forEach(start);
})();
