// The campaign form: the free-text theme shows only when "other" is chosen.
(function () {
  const choice = document.getElementById("id_theme_choice");
  const other = document.getElementById("theme-other");
  if (!choice || !other) { return; }
  function toggle() { other.hidden = choice.value !== "__other__"; }
  choice.addEventListener("change", toggle);
  toggle();
})();
