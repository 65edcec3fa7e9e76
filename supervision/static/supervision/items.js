// 督查: a form marked data-confirm asks before it is sent (a leader approving on a phone). Without script the
// form still works: the services check everything again.
document.addEventListener("submit", (event) => {
  const form = event.target.closest("form[data-confirm]");
  if (form && !window.confirm(form.dataset.confirm)) event.preventDefault();
});
