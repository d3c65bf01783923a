/* Counting with a handheld scanner (scan.html) and by keyboard (count.html).

   Scan screen: scan (the scanner types the code and Enter) → the product and its unit show
   (a case barcode counts cases); a batch-tracked product with several batches asks for the
   batch; type the quantity, Enter → added to the count; the last product scanned and its
   counted total show, and the cursor is back in the code field for the next scan.
   "Each scan counts 1" skips the quantity. Without this script the same form still works. */
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);

  /* --- the count sheet: Enter goes to the next count ---------------------------------- */
  const inputs = Array.from(document.querySelectorAll("#count-sheet input.count-input"));
  inputs.forEach(function (input, i) {
    input.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault();
      if (inputs[i + 1]) { inputs[i + 1].focus(); inputs[i + 1].select(); }
    });
  });

  /* --- the scan screen ------------------------------------------------------------------ */
  const screen = $("scan-screen");
  if (!screen) return;
  const t = JSON.parse($("scan-i18n").textContent);
  const form = $("scan-form"), code = $("scan-code"), qty = $("scan-qty"), fast = $("scan-fast");
  const batchField = $("scan-batch-field"), batch = $("scan-batch"), unitLabel = $("scan-unit");
  const productBox = $("scan-product"), message = $("scan-message");
  let match = null; // what the code in the field names (the last lookup)
  let busy = false;

  fast.checked = localStorage.getItem("erp.scan.fast") === "1";
  fast.addEventListener("change", () => { localStorage.setItem("erp.scan.fast", fast.checked ? "1" : "0"); code.focus(); });

  function beep() {
    try {
      const ctx = new (window.AudioContext || window.webkitAudioContext)();
      const osc = ctx.createOscillator(); osc.frequency.value = 330; osc.connect(ctx.destination);
      osc.start(); osc.stop(ctx.currentTime + 0.25);
    } catch (e) { /* no sound on this device */ }
  }
  function say(text) {
    message.textContent = text || "";
    message.hidden = !text;
    if (text) beep();
  }
  function fmt(n) { return String(Number(n)); }

  /* One key per scan: if the answer is lost and the scan is sent again, the server replays
     the first answer instead of counting the goods twice. */
  async function postScan(body) {
    const key = (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
    const csrf = document.querySelector('meta[name="csrf-token"]');
    const send = () => fetch(screen.dataset.scanUrl, {
      method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: { "Accept": "application/json", "Content-Type": "application/json", "Idempotency-Key": key,
                 "X-CSRFToken": csrf ? csrf.content : "" } });
    let res;
    try { res = await send(); } catch (e) { res = await send(); } // one retry on a network error
    const data = await res.json();
    if (!res.ok) { const err = new Error(data.error.message); err.data = data; err.status = res.status; throw err; }
    return data;
  }

  function reset() {
    match = null;
    code.value = ""; qty.value = "1"; unitLabel.textContent = ""; productBox.textContent = "";
    batch.innerHTML = '<option value="">—</option>'; batchField.hidden = true;
    code.focus();
  }

  function showBatches(m) {
    batch.innerHTML = "";
    const options = m.lines.map((li) => [li.batch_id, `${li.batch_no} · ${li.expiry_date || ""}` +
      (li.counted_qty != null ? ` (${fmt(li.counted_qty)})` : "")]);
    m.other_batches.forEach((b) => options.push([b.id, `${b.batch_no} · ${b.expiry_date || ""} +`]));
    options.forEach(([value, label]) => batch.add(new Option(label, value)));
    batchField.hidden = options.length <= 1;
    return options.length;
  }

  async function lookup() {
    const value = code.value.trim();
    if (!value) return false;
    try {
      match = await erp.api("GET", screen.dataset.lookupUrl + "?code=" + encodeURIComponent(value));
    } catch (e) {
      match = null; say(e.message); code.select(); return false;
    }
    say("");
    const p = match.product;
    productBox.textContent = `${p.sku} ${p.name}` + (p.location ? ` · ${p.location}` : "");
    unitLabel.textContent = Number(match.factor) !== 1 ?
      `${match.unit.name} (× ${fmt(match.factor)} ${p.base_unit.name})` : match.unit.name;
    if (!match.in_scope) { say(t.not_in_scope); code.select(); return false; }
    if (p.batch_tracked && showBatches(match) > 1) { batch.focus(); return true; }
    qty.focus(); qty.select();
    return true;
  }

  async function add(amount) {
    if (busy) return;
    const value = code.value.trim();
    if (!value) { code.focus(); return; }
    busy = true;
    const body = { code: value, qty: amount || qty.value || "1" };
    if (batch.value) body.batch_id = Number(batch.value);
    try {
      const line = await postScan(body);
      say("");
      $("last-scan").hidden = false;
      $("last-product").textContent = `${line.sku} ${line.product_name}` + (line.batch_no ? ` · ${line.batch_no}` : "");
      $("last-total").textContent = `${fmt(line.counted_qty)} ${line.base_unit}`;
      $("last-cases").textContent = "";
      $("scan-progress").textContent = t.left.replace("%(left)s", line.lines_left).replace("%(total)s", line.lines_total);
      const item = document.createElement("li");
      item.textContent = `${line.sku} ${line.product_name}${line.batch_no ? " · " + line.batch_no : ""}: +${body.qty} ${unitLabel.textContent || ""} → ${fmt(line.counted_qty)} ${line.base_unit}`;
      const list = $("recent-scans");
      list.insertBefore(item, list.firstChild);
      while (list.children.length > 10) list.removeChild(list.lastChild);
      reset();
    } catch (e) {
      const fields = (e.data && e.data.error && e.data.error.fields) || {};
      if (fields.batch_id) {
        if (await lookup()) say(t.batch_needed);
      } else {
        say(e.message); (fields.qty ? qty : code).select();
      }
    } finally { busy = false; }
  }

  code.addEventListener("keydown", async function (e) {
    if (e.key !== "Enter") return;
    e.preventDefault();
    if (fast.checked) { await add("1"); return; }
    await lookup();
  });
  code.addEventListener("input", function () { match = null; batchField.hidden = true; batch.value = ""; });
  batch.addEventListener("keydown", function (e) {
    if (e.key === "Enter") { e.preventDefault(); qty.focus(); qty.select(); }
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    if (!match && !fast.checked && code.value.trim()) {
      lookup().then((ok) => { if (ok && !batchField.hidden) return; if (ok) add(); });
      return;
    }
    add();
  });
  code.focus();
})();
