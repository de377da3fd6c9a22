// Behaviour every page may use, bound here because the Content-Security-Policy allows no inline handlers.
document.querySelectorAll("[data-submit-on-change]").forEach((element) => {
  element.addEventListener("change", () => element.form.submit());
});
