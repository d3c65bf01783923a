/* Line editor of the stock documents, for the keyboard and a handheld scanner.
   Product: type a SKU or name and pick with the arrows and Enter, or scan a barcode and
   Enter (a case barcode picks the case unit). The units of the product fill the unit list;
   batch-tracked products list their batches in the warehouse (earliest expiry first).
   Enter in a quantity goes to the next line (a new one at the end). The server checks all. */
(function () {
  "use strict";
  const form = document.getElementById("doc-form");
  if (!form) return;
  const table = form.querySelector("table.line-editor");
  const tbody = table.querySelector("tbody");
  const template = form.querySelector("template.line-template");
  const warehouseSelector = form.dataset.batchWarehouse;
  const warehouse = warehouseSelector ? form.querySelector(warehouseSelector) : null;

  function fillUnits(row, product, unitId) {
    const select = row.querySelector("select.unit");
    select.innerHTML = "";
    const base = product.base_unit || {};
    select.add(new Option(base.name || "", base.id));
    (product.packings || []).forEach(function (p) {
      select.add(new Option(`${p.unit.name} (${Number(p.factor)} ${base.name || ""})`, p.unit.id));
    });
    select.value = String(unitId || base.id);
  }

  async function fillBatches(row) {
    const select = row.querySelector("select.batch");
    const productId = row.querySelector("input.product-id").value;
    if (!select || !productId) return;
    const keep = select.value;
    while (select.options.length > 1) select.remove(1);
    if (!row.dataset.tracked || !warehouse || !warehouse.value) return;
    const params = new URLSearchParams({ product_id: productId, warehouse_id: warehouse.value,
                                         available_only: "true", per_page: "100" });
    try {
      const data = await erp.api("GET", "/api/v1/stock?" + params.toString());
      data.items.forEach(function (b) {
        const label = [b.batch_no, b.expiry_date || "", Number(b.available)].filter(Boolean).join(" · ");
        select.add(new Option(label, b.batch_id));
      });
      select.value = keep;
    } catch (e) { /* the server will say what is wrong on save */ }
  }

  async function choose(row, product, unitId) {
    row.querySelector("input.product-id").value = product.id;
    row.querySelector("input.product-search").value = `${product.sku} ${product.name}`;
    row.dataset.tracked = product.batch_tracked ? "1" : "";
    fillUnits(row, product, unitId);
    await fillBatches(row);
    row.querySelector("input.qty").focus();
  }

  async function lookup(row, code) {
    try {
      const match = await erp.api("GET", "/api/v1/products/lookup?code=" + encodeURIComponent(code));
      await choose(row, match.product, match.unit.id);
    } catch (e) {
      const search = row.querySelector("input.product-search");
      search.setCustomValidity(e.message); search.reportValidity();
      setTimeout(() => search.setCustomValidity(""), 2000);
    }
  }

  function setup(row) {
    const search = row.querySelector("input.product-search");
    if (!search.parentNode.classList.contains("autocomplete")) erp.autocomplete(search);
    search.addEventListener("erp:pick", (e) => choose(row, e.detail));
    search.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      if (e.defaultPrevented) return; // the suggestion list took it
      e.preventDefault();
      const code = search.value.trim();
      if (code) lookup(row, code);
    });
    search.addEventListener("input", function () { row.querySelector("input.product-id").value = ""; });
    row.querySelector("input.qty").addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      let next = row.nextElementSibling;
      if (!next) next = addRow();
      next.querySelector("input.product-search").focus();
    });
  }

  function addRow() {
    const index = tbody.querySelectorAll("tr.line").length;
    const html = template.innerHTML.replace(/__i__/g, String(index));
    tbody.insertAdjacentHTML("beforeend", html);
    const row = tbody.lastElementChild;
    row.querySelector("td").textContent = String(index + 1);
    setup(row);
    return row;
  }

  tbody.querySelectorAll("tr.line").forEach(setup);
  form.querySelector("button.add-line").addEventListener("click", function () {
    addRow().querySelector("input.product-search").focus();
  });
  if (warehouse) warehouse.addEventListener("change", function () {
    tbody.querySelectorAll("tr.line").forEach(fillBatches);
  });
  document.addEventListener("keydown", function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === "s") { e.preventDefault(); form.requestSubmit(); }
  });
  const first = tbody.querySelector("tr.line input.product-id[value='']");
  if (first) first.closest("tr").querySelector("input.product-search").focus();
})();
