// The ledger's bulk hand-off: select all, and the count of selected issues.
(() => {
  const boxes = () => document.querySelectorAll('#issue-table input[name="issues"]');
  const count = () => { document.getElementById('selected-count').textContent = [...boxes()].filter(b => b.checked).length; };
  const all = document.getElementById('select-all');
  if (all) all.addEventListener('change', () => { boxes().forEach(b => { b.checked = all.checked; }); count(); });
  boxes().forEach(b => b.addEventListener('change', count));
  count();
})();
