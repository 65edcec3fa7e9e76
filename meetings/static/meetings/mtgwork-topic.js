// 提出议题: the category list shows only the chosen kind's article, and that article's words beside it.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-topic-form]");
  if (!form) return;
  const kind = form.querySelector("[name=kind]");
  const category = form.querySelector("[name=category]");
  const groups = Array.from(category.querySelectorAll("optgroup"));
  const words = Array.from(form.querySelectorAll(".kind-words"));
  const labels = Object.fromEntries(Array.from(kind.options).map((o) => [o.value, o.textContent]));
  const sync = () => {
    const chosen = kind.value;
    groups.forEach((g) => {
      const mine = chosen && g.label.startsWith(labels[chosen] + "（");
      g.hidden = !mine;
      g.disabled = !mine;
      if (!mine && g.contains(category.selectedOptions[0])) category.value = "";
    });
    words.forEach((w) => { w.hidden = w.dataset.kind !== chosen; });
  };
  kind.addEventListener("change", sync);
  sync();
});
