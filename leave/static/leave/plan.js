// 请假单: show who will approve and why while the form is filled in [51], [54]. Progressive enhancement:
// without JavaScript the 预览审批人 button posts the form and the page shows the same box.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("[data-leave-form]");
  if (!form) return;
  const box = form.querySelector("[data-plan-box]");
  const names = ["kind", "start_date", "start_half", "end_date", "end_half", "destination", "leaves_county"];
  let timer = null;
  let last = "";
  const refresh = async () => {
    const params = new URLSearchParams();
    for (const name of names) {
      const field = form.elements[name];
      if (!field) continue;
      if (field.type === "checkbox") { if (field.checked) params.set(name, "on"); }
      else params.set(name, field.value);
    }
    if (form.dataset.draft) params.set("draft", form.dataset.draft);
    const query = params.toString();
    if (query === last) return;
    last = query;
    try {
      const response = await fetch(`${form.dataset.planUrl}?${query}`, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) return;
      const data = await response.json();
      const heading = box.querySelector("h2");
      box.innerHTML = "";
      if (heading) box.appendChild(heading);
      box.insertAdjacentHTML("beforeend", data.html);
    } catch (error) {
      // Offline or the server is busy: the 预览审批人 button still works.
    }
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(refresh, 300); };
  form.addEventListener("change", later);
  form.addEventListener("input", (event) => { if (event.target.name === "destination") later(); });
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
});
