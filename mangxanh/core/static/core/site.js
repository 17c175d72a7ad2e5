// Phone layout: the menu button opens and closes the main menu.
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.querySelector(".nav-toggle");
  if (!toggle) return;
  toggle.addEventListener("click", () => {
    const open = toggle.getAttribute("aria-expanded") !== "true";
    toggle.setAttribute("aria-expanded", String(open));
    toggle.setAttribute("aria-label", open ? "Đóng trình đơn" : "Mở trình đơn");
    document.body.classList.toggle("nav-open", open);
  });
});

// Behaviour declared with data attributes instead of inline handlers (the Content-Security-Policy
// allows no inline script): a select that submits its form, an image revealed by a click.
document.addEventListener("change", (event) => {
  const select = event.target.closest("[data-submit-on-change]");
  if (select && select.form) select.form.submit();
});
document.addEventListener("click", (event) => {
  const target = event.target.closest("[data-reveal-on-click]");
  if (target) target.classList.toggle("revealed");
});
