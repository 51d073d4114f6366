/* Settings page: the widget preview follows the form. Each change asks the server to check the
 * typed settings exactly as saving would (contrast included) and repaints the real widget with
 * its answer, or says why the settings would be refused. A file, not inline: the CSP allows it. */
(() => {
  "use strict";
  const form = document.getElementById("widget-settings");
  const widget = document.querySelector("script[data-preview]");
  const problem = document.getElementById("preview-problem");
  if (!form || !widget) return;
  let timer = 0;
  let asked = 0;
  const hex = /^#[0-9a-fA-F]{6}$/;

  const refresh = () => {
    const params = new URLSearchParams();
    for (const name of ["title", "accent_color", "background_color", "text_color"]) {
      params.set(name, form.elements[name].value);
    }
    params.set("ask_nps", form.elements.ask_nps.checked ? "true" : "false");
    const mine = ++asked;
    fetch(form.dataset.previewUrl + "?" + params, { credentials: "same-origin" })
      .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
      .then(({ ok, body }) => {
        if (mine !== asked) return; // a later keystroke already asked again
        for (const field of form.querySelectorAll("[aria-invalid]")) field.removeAttribute("aria-invalid");
        if (ok) {
          problem.textContent = "";
          widget.dispatchEvent(new CustomEvent("goodword:preview", { detail: body.settings }));
        } else {
          problem.textContent = body.error.message;
          const field = form.elements[body.error.param];
          if (field) field.setAttribute("aria-invalid", "true");
        }
      })
      .catch(() => { problem.textContent = "The preview could not be updated."; });
  };

  form.addEventListener("input", (event) => {
    const target = event.target;
    if (target.type === "color") {
      form.elements[target.dataset.for].value = target.value;
    } else if (hex.test(target.value)) {
      const picker = form.querySelector(`input[type=color][data-for="${target.name}"]`);
      if (picker) picker.value = target.value.toLowerCase();
    }
    clearTimeout(timer);
    timer = setTimeout(refresh, 150);
  });
})();
