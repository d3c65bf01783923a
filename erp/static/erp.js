/* Small helpers for the staff UI: CSRF on fetch, confirmations, autocomplete, select-all. */
(function () {
  "use strict";
  const csrf = document.querySelector('meta[name="csrf-token"]');
  window.erp = window.erp || {};

  erp.api = async function (method, url, body) {
    const headers = { "Accept": "application/json" };
    if (csrf) headers["X-CSRFToken"] = csrf.content;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const res = await fetch(url, { method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body) });
    const data = res.headers.get("Content-Type", "").includes("json") ? await res.json() : null;
    if (!res.ok) { const err = new Error((data && data.error && data.error.message) || res.statusText);
      err.data = data; err.status = res.status; throw err; }
    return data;
  };

  document.addEventListener("submit", function (ev) {
    const form = ev.target.closest("form[data-confirm]");
    if (form && !window.confirm(form.dataset.confirm)) ev.preventDefault();
  });

  /* Autocomplete: <input data-autocomplete="/api/v1/products?q=" data-target="#product_id"
     data-label="{sku} {name}" data-value="id"> */
  erp.autocomplete = function (input, onPick) {
    const wrap = document.createElement("div");
    wrap.className = "autocomplete";
    input.parentNode.insertBefore(wrap, input);
    wrap.appendChild(input);
    const list = document.createElement("div");
    list.className = "autocomplete-list";
    list.hidden = true;
    wrap.appendChild(list);
    let items = [], active = -1, timer = null;
    const fmt = (tpl, obj) => tpl.replace(/\{(\w+)\}/g, (_, k) => (obj[k] == null ? "" : obj[k]));
    function render() {
      list.innerHTML = "";
      items.forEach((it, i) => {
        const d = document.createElement("div");
        d.textContent = fmt(input.dataset.label || "{name}", it);
        if (i === active) d.className = "active";
        d.addEventListener("mousedown", (e) => { e.preventDefault(); pick(i); });
        list.appendChild(d);
      });
      list.hidden = items.length === 0;
    }
    function pick(i) {
      const it = items[i]; if (!it) return;
      input.value = fmt(input.dataset.label || "{name}", it);
      if (input.dataset.target) {
        const t = document.querySelector(input.dataset.target);
        if (t) { t.value = it[input.dataset.value || "id"]; t.dispatchEvent(new Event("change")); }
      }
      items = []; render();
      if (onPick) onPick(it);
      input.dispatchEvent(new CustomEvent("erp:pick", { detail: it }));
    }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      const q = input.value.trim();
      if (!q) { items = []; render(); return; }
      timer = setTimeout(async function () {
        try {
          const data = await erp.api("GET", input.dataset.autocomplete + encodeURIComponent(q));
          items = (data.items || data).slice(0, 20); active = items.length ? 0 : -1; render();
        } catch (e) { items = []; render(); }
      }, 150);
    });
    input.addEventListener("keydown", function (e) {
      if (list.hidden) return;
      if (e.key === "ArrowDown") { active = Math.min(items.length - 1, active + 1); render(); e.preventDefault(); }
      else if (e.key === "ArrowUp") { active = Math.max(0, active - 1); render(); e.preventDefault(); }
      else if (e.key === "Enter") { if (active >= 0) { pick(active); e.preventDefault(); } }
      else if (e.key === "Escape") { items = []; render(); }
    });
    input.addEventListener("blur", () => setTimeout(() => { list.hidden = true; }, 150));
  };
  document.querySelectorAll("input[data-autocomplete]").forEach((el) => erp.autocomplete(el));

  /* Select-all checkboxes for list printing: <input type=checkbox data-select-all="row"> */
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll('input[type=checkbox][name="' + box.dataset.selectAll + '"]')
        .forEach((b) => { b.checked = box.checked; });
    });
  });
})();
