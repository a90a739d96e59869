// Small page tools: print the page, copy a text to the clipboard. The pages work without them.
document.addEventListener("click", (event) => {
  const print = event.target.closest("[data-print]");
  if (print) {
    window.print();
    return;
  }
  const copy = event.target.closest("[data-copy]");
  if (copy) {
    const source = document.getElementById(copy.dataset.copy);
    const status = document.getElementById(copy.dataset.status);
    const done = (ok) => {
      if (status) status.textContent = ok ? copy.dataset.done : copy.dataset.failed;
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(source.textContent).then(() => done(true), () => done(false));
    } else {
      // Plain HTTP on an intranet: select the text and let the browser copy it.
      const selection = window.getSelection();
      selection.selectAllChildren(source);
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (error) {
        ok = false;
      }
      done(ok);
    }
  }
});
