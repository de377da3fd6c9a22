// Buttons marked data-print open the browser's print dialog (kept out of the page: no inline script under the CSP).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-print]");
  if (button) { window.print(); }
});
