// Progressive enhancement only: every page works without JavaScript.
// The phone menu folds only when this script runs (app.css: .js .topmenu); without it the menu stays open.
document.documentElement.classList.add("js");
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector("[data-nav-toggle]");
  const menu = document.getElementById(toggle ? toggle.getAttribute("aria-controls") : "");
  if (toggle && menu) {
    toggle.addEventListener("click", () => {
      const open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  // A form sent back with errors: the focus goes to the summary at its top, whose links lead to the fields
  // (core/_error_summary.html; WCAG 3.3.1, issue 14).
  const summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();

  // Figures and calendars wider than the screen scroll sideways: the keyboard reaches them too (WCAG 2.1.1) —
  // looked at again once images and fonts are in and when the window turns, since the width may change then.
  const scrollers = () => document.querySelectorAll(".figures, .cal-wrap, [data-scroll-region]").forEach((region) => {
    if (region.scrollWidth <= region.clientWidth || region.hasAttribute("tabindex")) return;
    const heading = region.closest("section")?.querySelector("h2, h3");
    region.tabIndex = 0;
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", `${heading ? heading.textContent.trim() : "表格"}（可左右滚动）`);
  });
  scrollers();
  window.addEventListener("load", scrollers);
  window.addEventListener("resize", scrollers);

  // Stacked tables on a phone keep their labels: each cell without a data-label takes its column's header.
  document.querySelectorAll("table.list").forEach((table) => {
    const heads = Array.from(table.querySelectorAll("thead th")).map((th) => th.textContent.trim());
    if (!heads.length) return;
    table.querySelectorAll("tbody tr").forEach((row) => {
      Array.from(row.children).forEach((cell, i) => {
        if (cell.tagName === "TD" && !cell.hasAttribute("data-label") && heads[i]) cell.setAttribute("data-label", heads[i]);
      });
    });
  });

  // One-tap signing asks first [26(6)5] (issue 14): a phrase fills the opinion box and the 签阅 button turns into
  // "确认签阅", so a second tap on the same page signs; a slip is corrected before anything is recorded.
  document.querySelectorAll("[data-sign-form]").forEach((form) => {
    const submit = form.querySelector("[data-sign-submit]");
    const box = form.querySelector("textarea[name=comment]");
    const pending = form.querySelector("[data-sign-pending]");
    if (!submit || !box) return;
    const label = submit.textContent;
    const armed = () => {
      const text = box.value.trim();
      submit.textContent = text ? `确认签阅：${text.length > 12 ? text.slice(0, 12) + "…" : text}` : label;
    };
    form.querySelectorAll("[data-phrase]").forEach((button) => {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        box.value = button.value;
        form.querySelectorAll("[data-phrase]").forEach((b) => b.setAttribute("aria-pressed", b === button ? "true" : "false"));
        if (pending) pending.textContent = `将以“${button.value}”签阅《${submit.dataset.docTitle || ""}》，请点“确认签阅”；可先修改意见。`;
        armed();
        submit.focus();
      });
    });
    box.addEventListener("input", armed);
  });
});
