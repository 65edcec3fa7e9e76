// 信访 pages. Without script every page still works: the desk's 添加一名信访人 button asks the server for one
// more row, and the services check everything again.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});

// 登记: one more petitioner row from the formset's empty form, without a round trip.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-person]");
  const template = document.getElementById("petitioner-template");
  const people = document.querySelector("[data-people]");
  if (!button || !template || !people) return;
  const total = people.querySelector("input[name$='TOTAL_FORMS']");
  const max = people.querySelector("input[name$='MAX_NUM_FORMS']");
  const index = parseInt(total.value, 10);
  if (max && index >= parseInt(max.value, 10)) return;
  event.preventDefault();
  const html = template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__n__/g, String(index + 1));
  people.insertAdjacentHTML("beforeend", html);
  total.value = String(index + 1);
  const rows = people.querySelectorAll("[data-petitioner]");
  const input = rows[rows.length - 1].querySelector("input[type=text]");
  if (input) input.focus();
});
