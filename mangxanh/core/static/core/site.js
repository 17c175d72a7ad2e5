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
