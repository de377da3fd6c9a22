// Department pickers (campaigns/department_picker.py): a select that holds only the chosen department becomes a
// search box; typing asks the server for matching departments and offers them in a list to pick from. Text typed
// but not picked is sent as "typed:<text>" (TYPED in department_picker.py), so the form asks the user to pick one
// instead of silently dropping (or keeping an earlier) choice.
(() => {
  const pickers = document.querySelectorAll('select[data-lookup-url]');
  pickers.forEach((select) => {
    const search = document.createElement('input');
    const list = document.createElement('datalist');
    list.id = `${select.id || select.name}-choices`;
    search.type = 'search';
    search.className = 'form-control';
    search.placeholder = select.dataset.placeholder || '';
    search.setAttribute('list', list.id);
    search.setAttribute('autocomplete', 'off');
    if (select.labels && select.labels[0]) {
      search.id = `${select.id}-search`;
      select.labels[0].htmlFor = search.id;
    }
    const TYPED = 'typed:';
    const chosen = select.selectedOptions[0];
    if (chosen && chosen.value) search.value = chosen.textContent.trim();
    select.hidden = true;
    select.after(search, list);

    const choose = (id, label) => {
      let option = [...select.options].find((o) => o.value === id);
      if (!option) {
        option = new Option(label, id);
        select.add(option);
      }
      select.value = id;
      select.dispatchEvent(new Event('change', { bubbles: true }));
    };
    const keepTyped = (text) => {
      [...select.options].filter((o) => o.value.startsWith(TYPED)).forEach((o) => o.remove());
      select.add(new Option(text, TYPED + text));
      select.value = TYPED + text;
    };
    let timer = null;
    search.addEventListener('input', () => {
      const match = [...list.options].find((o) => o.value === search.value);
      if (match) {
        choose(match.dataset.id, match.value);
        return;
      }
      if (!search.value.trim()) {
        select.value = '';
        return;
      }
      keepTyped(search.value.trim());
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const url = `${select.dataset.lookupUrl}?q=${encodeURIComponent(search.value.trim())}`;
        const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
        if (!response.ok) return;
        const { results } = await response.json();
        list.replaceChildren(...results.map((r) => {
          const option = document.createElement('option');
          option.value = r.label;
          option.dataset.id = String(r.id);
          return option;
        }));
      }, 200);
    });
  });
})();
