/* "Find a feature" on the home page: the browser offers every feature's name (a <datalist>);
 * choosing or typing one goes to that feature's page. Without JavaScript the form opens the
 * features index instead. */
(() => {
  "use strict";

  function setup(form) {
    if (form.msFind) return;
    form.msFind = true;
    const input = form.querySelector("input");
    const status = form.querySelector(".ms-find__status");
    const options = Array.from(form.querySelectorAll("datalist option"));
    const norm = (s) => s.trim().toLowerCase().replace(/\s+/g, " ");
    const names = options.map((o) => norm(o.value));
    const matching = (q) => options.filter((_, i) => names[i].includes(q));
    const find = (text) => {
      const q = norm(text);
      if (!q) return null;
      const exact = names.indexOf(q);
      if (exact >= 0) return options[exact];
      const some = matching(q);
      return some.length === 1 ? some[0] : null;
    };
    const go = (option) => {
      location.href = new URL(option.dataset.href, location.href).href;
    };
    input.addEventListener("change", () => {
      const option = find(input.value);
      if (option) go(option);
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const option = find(input.value);
      if (option) {
        go(option);
        return;
      }
      const q = norm(input.value);
      const many = q && matching(q).length;
      status.textContent = many
        ? `${many} features match "${input.value.trim()}": pick one from the list.`
        : `No feature is called "${input.value.trim()}". Try another name, or browse the features.`;
    });
  }

  function init() {
    document.querySelectorAll("form[data-ms-find]").forEach(setup);
  }

  if (window.document$) window.document$.subscribe(init);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
