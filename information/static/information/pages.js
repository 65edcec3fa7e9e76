// 政务信息: a form marked data-confirm asks before it is sent (不采用, 撤回, 归档). Without script the form still
// works: the services check everything again. The 筛选 form shows its reason only for 不采用.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
