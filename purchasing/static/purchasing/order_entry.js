/* Purchase order entry by keyboard: pick a product by SKU, name or barcode (a scanned case
   barcode selects the case), the unit defaults to the purchase packing, the price to the
   last one paid to the supplier; Enter moves to the next field and adds a line at the end. */
(function () {
  "use strict";
  const form = document.getElementById("order-form");
  if (!form) return;
  const body = form.querySelector("#lines tbody");
  const template = document.getElementById("line-template");
  let next = body.querySelectorAll("tr.line").length;

  function value(name) { const el = form.querySelector('[name="' + name + '"]'); return el ? el.value : ""; }

  function renumber() {
    body.querySelectorAll("tr.line").forEach((row, i) => { row.querySelector(".line-no").textContent = i + 1; });
  }

  async function fillDefaults(row, productId, unitId) {
    const params = new URLSearchParams({ product_id: productId,
      price_includes_vat: form.querySelector('[name="price_includes_vat"]').checked });
    if (value("supplier_id")) params.set("supplier_id", value("supplier_id"));
    if (value("warehouse_id")) params.set("warehouse_id", value("warehouse_id"));
    if (unitId) params.set("unit_id", unitId);
    let data;
    try { data = await erp.api("GET", form.dataset.lineDefaults + "?" + params); }
    catch (e) { row.querySelector(".info").textContent = e.message; return; }
    const unit = row.querySelector(".unit");
    unit.innerHTML = "";
    data.units.forEach((u) => {
      const opt = new Option(u.name + (Number(u.factor) !== 1 ? " ×" + Number(u.factor) : ""), u.unit_id);
      opt.dataset.factor = u.factor;
      opt.selected = u.unit_id === data.unit_id;
      unit.add(opt);
    });
    const price = row.querySelector(".price");
    if (data.unit_price != null) price.value = data.unit_price;
    const vat = row.querySelector(".vat");
    vat.value = String(Number(data.vat_rate));
    if (vat.value === "" || vat.selectedIndex < 0) vat.value = "";
    row.querySelector(".info").textContent = Number(data.available) + " / " + Number(data.on_order) +
      (data.price_source ? " · " + data.price_source : "");
    row.querySelector(".qty").focus();
  }

  function picked(row, productId, label, unitId) {
    row.querySelector(".product-id").value = productId;
    row.querySelector(".product-search").value = label;
    fillDefaults(row, productId, unitId);
  }

  function setup(row) {
    const search = row.querySelector(".product-search");
    if (!search.closest(".autocomplete")) erp.autocomplete(search);
    search.addEventListener("erp:pick", (ev) => picked(row, ev.detail.id, ev.detail.sku + " " + ev.detail.name));
    search.addEventListener("keydown", async (ev) => {
      const list = row.querySelector(".autocomplete-list");
      if (ev.key !== "Enter" || (list && !list.hidden)) return;
      ev.preventDefault();
      const code = search.value.trim();
      if (!code) return;
      try {
        const match = await erp.api("GET", form.dataset.lookup + "?code=" + encodeURIComponent(code));
        picked(row, match.product.id, match.product.sku + " " + match.product.name, match.unit.id);
      } catch (e) { row.querySelector(".info").textContent = e.message; }
    });
    row.querySelector(".unit").addEventListener("change", (ev) => {
      const id = row.querySelector(".product-id").value;
      if (id) { row.querySelector(".price").value = ""; fillDefaults(row, id, ev.target.value); }
    });
    row.querySelector(".qty").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") { ev.preventDefault(); row.querySelector(".price").select(); }
    });
    row.querySelector(".price").addEventListener("keydown", (ev) => {
      if (ev.key !== "Enter") return;
      ev.preventDefault();
      const following = row.nextElementSibling;
      (following ? following : addLine()).querySelector(".product-search").focus();
    });
    row.querySelector(".remove-line").addEventListener("click", () => {
      if (body.querySelectorAll("tr.line").length > 1) { row.remove(); renumber(); }
      else { row.querySelectorAll("input, select").forEach((el) => { el.value = ""; }); }
    });
  }

  function addLine() {
    const html = template.innerHTML.replace(/__i__/g, String(next++));
    body.insertAdjacentHTML("beforeend", html);
    const row = body.lastElementChild;
    setup(row);
    renumber();
    return row;
  }

  body.querySelectorAll("tr.line").forEach(setup);
  document.getElementById("add-line").addEventListener("click", () => addLine().querySelector(".product-search").focus());
  form.addEventListener("keydown", (ev) => {
    if (ev.key === "Enter" && ev.target.tagName === "INPUT" && ev.target.closest("#lines")) ev.preventDefault();
  });
  const first = body.querySelector(".product-search");
  if (first && !first.value) first.focus();
})();
