/* Keyboard-driven order entry (quotes and sales orders).
   Customer: type, arrows, Enter → its available credit shows.
   Product: type SKU / name and pick with Enter, or scan a barcode (Enter looks the code up:
   a case barcode picks the case). Quantity: Enter adds the line (the price comes from the
   customer's price list unless typed). Ctrl+S saves. The server checks everything again. */
(function () {
  "use strict";
  const form = document.getElementById("entry-form");
  if (!form) return;
  const t = JSON.parse(document.getElementById("entry-i18n").textContent);
  const $ = (id) => document.getElementById(id);
  const rows = $("entry-rows");
  const product = $("entry-product"), qty = $("entry-qty"), unit = $("entry-unit");
  const price = $("entry-price"), discount = $("entry-discount");
  const customerId = $("f-customer_id"), warehouse = $("f-warehouse_id"), inclVat = $("f-price_includes_vat");
  const message = $("entry-message");
  let current = null;      // the product being entered: {id, label}
  let priceTyped = false;  // the clerk typed a price: keep it, send it
  let pending = null;      // the running price lookup

  const num = (v) => { const n = parseFloat(String(v || "").replace(/,/g, "")); return isNaN(n) ? 0 : n; };
  const money = (n) => n.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  function say(text) { message.textContent = text || ""; }

  /* --- customer and credit ------------------------------------------------------------ */
  async function showCredit() {
    const box = $("credit-box");
    if (!customerId.value) { box.hidden = true; return; }
    try {
      const c = await erp.api("GET", form.dataset.creditUrl.replace("__ID__", customerId.value));
      const parts = [];
      if (c.limit == null) parts.push(t.no_limit);
      else parts.push(`${t.limit} ${money(num(c.limit))}`, `${t.exposure} ${money(num(c.exposure))}`,
                      `${t.available} ${money(num(c.available))}`);
      if (c.overdue && c.overdue.length) parts.push(`${t.overdue}: ${c.overdue.map((o) => o.number).join(", ")}`);
      box.textContent = parts.join(" · ");
      box.className = "credit-box " + (c.limit != null && num(c.available) < total() ? "flash flash-warning" : "flash");
      box.hidden = false;
      box.dataset.available = c.available == null ? "" : c.available;
    } catch (e) { box.hidden = true; }
  }
  customerId.addEventListener("change", () => { showCredit(); product.focus(); });

  /* --- the product being entered --------------------------------------------------------- */
  async function lookupPrice() {
    if (!current) return null;
    const params = new URLSearchParams({ product_id: current.id, qty: qty.value || "1",
                                         price_includes_vat: inclVat && !inclVat.checked ? "false" : "true" });
    if (customerId.value) params.set("customer_id", customerId.value);
    const unitId = unit.value || current.unitId;
    if (unitId) params.set("unit_id", unitId);
    if (warehouse && warehouse.value) params.set("warehouse_id", warehouse.value);
    pending = erp.api("GET", form.dataset.priceUrl + "?" + params.toString());
    try {
      const p = await pending;
      if (!unit.options.length) {
        p.units.forEach((u) => unit.add(new Option(u.name, u.unit_id, u.unit_id === p.unit_id, u.unit_id === p.unit_id)));
      }
      if (!priceTyped) price.value = String(Number(p.unit_price));
      price.title = p.price_source + (p.below_min ? " · " + t.below_min : "");
      price.classList.toggle("below-min", !!p.below_min);
      $("entry-available").textContent = `${Number(p.available)} ${p.unit}`;
      current.unitName = p.unit;
      current.available = `${Number(p.available)} ${p.unit}`;
      current.belowMin = p.below_min;
      showAmount();
      return p;
    } catch (e) { say(e.message); return null; } finally { pending = null; }
  }

  async function pick(item, unitId) {
    current = { id: item.id, label: `${item.sku} ${item.name}` };
    product.value = current.label;
    unit.innerHTML = "";
    priceTyped = false;
    say("");
    const packings = item.packings || [];
    const preferred = unitId || ((packings.find((pk) => pk.is_sales_default) || {}).unit || {}).id;
    current.unitId = preferred || null;
    await lookupPrice();
    qty.focus();
    qty.select();
  }

  product.addEventListener("erp:pick", (e) => pick(e.detail));  // erp.js made it an autocomplete
  product.addEventListener("keydown", async (e) => {
    if (e.key !== "Enter" || e.defaultPrevented) return;
    e.preventDefault();
    const code = product.value.trim();
    if (!code) return;
    if (current && product.value === current.label) { qty.focus(); return; }
    try {  // a scanned barcode, a SKU or an exact name
      const match = await erp.api("GET", form.dataset.lookupUrl + encodeURIComponent(code));
      await pick(match.product, match.unit.id);
    } catch (err) { say(t.not_found); product.select(); }
  });

  function showAmount() {
    const amount = num(qty.value) * num(price.value) * (1 - num(discount.value) / 100);
    $("entry-amount").textContent = qty.value && price.value ? "≈ " + money(amount) : "";
  }
  unit.addEventListener("change", lookupPrice);
  qty.addEventListener("change", lookupPrice);  // quantity breaks
  price.addEventListener("input", () => { priceTyped = true; showAmount(); });
  discount.addEventListener("input", showAmount);
  qty.addEventListener("input", showAmount);

  /* --- adding, removing, numbering lines ------------------------------------------------ */
  function renumber() {
    Array.from(rows.querySelectorAll("tr.entry-row")).forEach((row, i) => {
      row.dataset.index = i;
      row.querySelector(".row-no").textContent = i + 1;
      row.querySelectorAll("[data-field]").forEach((el) => { el.name = `lines-${i}-${el.dataset.field}`; });
    });
    $("entry-total").textContent = rows.children.length ? "≈ " + money(total()) : "";
  }

  function total() {
    return Array.from(rows.querySelectorAll("tr.entry-row")).reduce((sum, row) => sum + num(row.dataset.amount), 0);
  }

  async function addLine() {
    if (!current) { product.focus(); return; }
    if (!num(qty.value)) { say(t.qty_needed); qty.focus(); return; }
    if (pending) await pending;
    if (!price.value) await lookupPrice();
    const row = $("entry-row-template").content.firstElementChild.cloneNode(true);
    const set = (field, value) => { row.querySelector(`[data-field="${field}"]`).value = value; };
    set("product_id", current.id);
    set("unit_id", unit.value);
    set("qty", qty.value.trim());
    set("unit_price", priceTyped ? price.value.trim() : "");
    set("discount_pct", discount.value.trim());
    row.querySelector(".label").textContent = current.label;
    row.querySelector(".unit").textContent = unit.options[unit.selectedIndex] ? unit.options[unit.selectedIndex].text : "";
    row.querySelector(".price").textContent = price.value;
    row.querySelector(".price").classList.toggle("below-min", !!current.belowMin);
    row.querySelector(".discount").textContent = discount.value;
    const amount = num(qty.value) * num(price.value) * (1 - num(discount.value) / 100);
    row.dataset.amount = amount;
    row.querySelector(".amount").textContent = "≈ " + money(amount);
    row.querySelector(".available").textContent = current.available || "";
    rows.appendChild(row);
    renumber();
    current = null;
    [product, qty, price, discount].forEach((el) => { el.value = ""; });
    unit.innerHTML = "";
    $("entry-available").textContent = "";
    $("entry-amount").textContent = "";
    priceTyped = false;
    say("");
    if (!customerId.value) say(t.pick_customer);
    showCredit();
    product.focus();
  }

  [qty, price, discount, unit].forEach((el) => el.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); addLine(); }
  }));
  $("entry-add").addEventListener("click", addLine);
  rows.addEventListener("click", (e) => {
    if (!e.target.classList.contains("remove-line")) return;
    e.target.closest("tr").remove();
    renumber();
    product.focus();
  });
  rows.addEventListener("keydown", (e) => {  // Enter in a line's quantity must not submit half-typed work
    if (e.key === "Enter" && e.target.dataset.field === "qty") { e.preventDefault(); product.focus(); }
  });
  form.addEventListener("keydown", (e) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "s") { e.preventDefault(); form.requestSubmit(); }
    else if (e.key === "Enter" && e.target.id === "customer-search") e.preventDefault();
  });
  form.addEventListener("submit", (e) => {  // a line still being typed is added first
    if (current && num(qty.value)) { e.preventDefault(); addLine().then(() => form.submit()); }
  });
  if (customerId.value) showCredit();
  renumber();
  if (!customerId.value) $("customer-search").focus();  // erp.js moved it into its wrapper
})();
