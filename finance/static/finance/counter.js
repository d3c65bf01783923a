/* The counter screen: keyboard and scanner driven.
   Member card: scan + Enter. Product: scan + Enter adds one (or "3*code" three); the same
   code again adds to its line. F1 card · F2 cash · F3 product · F4 new sale · F9 pay.
   Prices and the total always come from the server (/counter-sales/basket), priced as the
   sale will be; the sale itself is one POST with an Idempotency-Key (a double press rings
   it up once). */
(function () {
  "use strict";
  const root = document.getElementById("counter");
  if (!root) return;
  const text = JSON.parse(document.getElementById("counter-text").textContent);
  const $ = (id) => document.getElementById(id);
  const cardInput = $("member-card"), codeInput = $("product-code"), memberBox = $("member");
  const body = document.querySelector("#basket tbody"), totalBox = $("total"), changeBox = $("change");
  const payButton = $("pay"), message = $("message"), payInputs = root.querySelectorAll(".counter-pay input");
  let member = null, lines = [], total = "0.00", saleKey = null, busy = false, finished = false;

  const cents = (s) => { const m = String(s || "").trim().replace(/,/g, "").match(/^(\d+)(?:\.(\d{1,2}))?$/);
    return m ? parseInt(m[1], 10) * 100 + parseInt((m[2] || "0").padEnd(2, "0"), 10) : null; };
  const yuan = (c) => (c < 0 ? "-" : "") + (Math.abs(c) / 100).toFixed(2);

  /* erp.api plus an Idempotency-Key header (the sale is a create: a retry replays it). */
  async function postOnce(url, body, key) {
    const csrf = document.querySelector('meta[name="csrf-token"]');
    const res = await fetch(url, { method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Accept": "application/json", "Content-Type": "application/json", "Idempotency-Key": key,
                 "X-CSRFToken": csrf ? csrf.content : "" } });
    const data = await res.json().catch(() => null);
    if (!res.ok) { const err = new Error((data && data.error && data.error.message) || res.statusText);
      err.data = data; throw err; }
    return data;
  }

  function show(error) { message.textContent = error || ""; message.hidden = !error; }

  async function findMember() {
    const card = cardInput.value.trim();
    if (!card) return;
    if (finished) { reset(); cardInput.value = card; }  // the next customer's card starts a new sale
    try {
      member = await erp.api("GET", root.dataset.memberUrl + "?card=" + encodeURIComponent(card));
      memberBox.textContent = member.name + " · " + (member.member_card_no || member.code);
      memberBox.classList.add("ok");
      codeInput.disabled = false;
      codeInput.focus();
      show(null);
      if (lines.length) await reprice();
    } catch (err) { member = null; memberBox.textContent = text.no_member; memberBox.classList.remove("ok");
      show(err.message); cardInput.select(); }
  }

  function parseScan(raw) {
    const m = raw.trim().match(/^(\d+(?:\.\d+)?)\s*\*\s*(.+)$/);
    return m ? { qty: m[1], code: m[2].trim() } : { qty: "1", code: raw.trim() };
  }

  async function addScan() {
    const scan = parseScan(codeInput.value);
    if (!scan.code || finished) return;
    const same = lines.find((l) => l.code === scan.code);
    const before = lines.map((l) => ({ ...l }));
    if (same) same.qty = String(Number(same.qty) + Number(scan.qty)); else lines.push({ code: scan.code, qty: scan.qty });
    if (await reprice()) codeInput.value = ""; else { lines = before; codeInput.select(); }
  }

  async function reprice() {
    if (!lines.length) { render(null); return true; }
    try {
      const basket = await erp.api("POST", root.dataset.basketUrl, {
        member_card_no: member ? (member.member_card_no || member.code) : null,
        lines: lines.map((l) => ({ code: l.code, qty: l.qty })) });
      render(basket); show(null); return true;
    } catch (err) { show(err.message); return false; }
  }

  function render(basket) {
    body.innerHTML = "";
    (basket ? basket.lines : []).forEach((p, i) => {
      const tr = document.createElement("tr");
      tr.innerHTML = "<td></td><td></td><td class='num'><input inputmode='decimal'></td><td class='num'></td><td class='num'></td><td><button type='button' class='link'></button></td>";
      tr.children[0].textContent = p.sku + " " + p.name;
      tr.children[1].textContent = p.unit;
      const qty = tr.querySelector("input"); qty.value = Number(p.qty);
      qty.addEventListener("change", async () => { lines[i].qty = qty.value; if (!(await reprice())) qty.select(); });
      qty.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); qty.blur(); codeInput.focus(); } });
      tr.children[3].textContent = Number(p.unit_price).toFixed(2);
      tr.children[4].textContent = p.amount;
      const del = tr.querySelector("button"); del.textContent = text.remove;
      del.addEventListener("click", () => { lines.splice(i, 1); reprice(); codeInput.focus(); });
      body.appendChild(tr);
    });
    total = basket ? basket.total : "0.00";
    totalBox.textContent = total;
    updateChange();
  }

  function payments() {
    const out = [];
    payInputs.forEach((input) => { const c = cents(input.value);
      if (c) out.push({ method: input.dataset.method, amount: yuan(c) }); });
    return out;
  }

  function updateChange() {
    const due = cents(total) || 0;
    let other = 0, cash = 0;
    payments().forEach((p) => { if (p.method === "cash") cash += cents(p.amount); else other += cents(p.amount); });
    const rest = due - other, change = cash - Math.max(rest, 0);
    changeBox.textContent = rest > cash ? text.missing + " " + yuan(rest - cash) : yuan(Math.max(change, 0));
    payButton.disabled = finished || !(member && lines.length && due > 0 && other <= due && cash >= rest);
  }

  async function pay() {
    if (payButton.disabled || busy || finished) return;
    busy = true; payButton.disabled = true;
    saleKey = saleKey || (Date.now().toString(36) + Math.random().toString(36).slice(2));
    try {
      const sale = await postOnce(root.dataset.saleUrl, {
        member_card_no: member.member_card_no || member.code,
        warehouse_id: root.dataset.warehouseId ? Number(root.dataset.warehouseId) : null,
        lines: lines.map((l) => ({ code: l.code, qty: l.qty })), payments: payments() }, saleKey);
      $("done-invoice").textContent = sale.invoice_number;
      $("done-change").textContent = sale.change;
      const link = $("print-receipt");
      link.href = root.dataset.receiptUrl.replace("/0/", "/" + sale.id + "/");
      const invoiceLink = $("print-invoice");
      if (invoiceLink) invoiceLink.href = root.dataset.invoiceUrl.replace("/0/", "/" + sale.invoice_id + "/");
      $("done").hidden = false;
      finished = true;
      show(null);
      link.focus();
    } catch (err) { show(text.failed + " " + err.message); saleKey = null; payButton.disabled = false; }
    busy = false;
  }

  function reset() {
    member = null; lines = []; saleKey = null; finished = false;
    cardInput.value = ""; codeInput.value = ""; codeInput.disabled = true;
    memberBox.textContent = text.no_member; memberBox.classList.remove("ok");
    payInputs.forEach((i) => (i.value = ""));
    $("done").hidden = true; render(null); show(null); cardInput.focus();
  }

  cardInput.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); findMember(); } });
  codeInput.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); addScan(); } });
  payInputs.forEach((input) => {
    input.addEventListener("input", updateChange);
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); updateChange(); pay(); } });
  });
  payButton.addEventListener("click", pay);
  $("reset").addEventListener("click", reset);
  document.addEventListener("keydown", (e) => {
    const keys = { F1: () => cardInput.focus(), F2: () => $("pay-cash").focus(), F3: () => codeInput.focus(),
                   F4: reset, F9: pay };
    if (keys[e.key]) { e.preventDefault(); keys[e.key](); }
  });
})();
