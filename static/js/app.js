// Behaviour every page may use, bound here because the Content-Security-Policy allows no inline handlers.
document.querySelectorAll("[data-submit-on-change]").forEach((element) => {
  element.addEventListener("change", () => element.form.submit());
});

// A table wider than its box scrolls sideways; the edge it can still scroll towards fades out, so a reader sees
// that more columns lie beyond it (scrolls-left / scrolls-right, styled in app.css).
function markTableScroll(box) {
  const hidden = box.scrollWidth - box.clientWidth;
  box.classList.toggle("scrolls-left", hidden > 1 && box.scrollLeft > 1);
  box.classList.toggle("scrolls-right", hidden > 1 && box.scrollLeft < hidden - 1);
}
const tableBoxes = document.querySelectorAll(".table-responsive");
// (An older browser without ResizeObserver marks the tables once, when the page opens.)
const tableResizes = window.ResizeObserver &&
  new ResizeObserver((entries) => entries.forEach((entry) => markTableScroll(entry.target)));
tableBoxes.forEach((box) => {
  markTableScroll(box);
  box.addEventListener("scroll", () => markTableScroll(box), { passive: true });
  if (tableResizes) tableResizes.observe(box);
});
