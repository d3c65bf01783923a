"""Bank reconciliation (银行对账): import the bank's CSV of money received, match each
line to a receipt already entered, or create (and approve) the receipt from the line.

A bank's export lists money paid out too (a 支出/借方 column, or a negative amount): those
rows are left out of the statement and counted (``skipped_outgoing``) — supplier payments
are entered in purchasing — so the export is imported as the bank gives it.

The import is all or nothing: every bad row is reported (row → column → messages, the
same report as master-data imports) and nothing is written. A line is imported once
(the bank's serial number is unique). A customer is recognised by the payer's account
(the customer's bank account) or name (name or invoice title).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.auth.services import require
from erp.customers.models import Customer
from erp.documents.base import DocState
from erp.errors import N_, Conflict, NotFound, ValidationFailed
from erp.imports.files import read_table
from erp.imports.services import HEADER_ROW, ImportRefused
from finance.bank.models import BankLine, BankLineStatus, BankStatement
from finance.permissions import BANK_RECONCILE
from finance.receipts import services as receipts
from finance.receipts.models import PaymentMethod, Receipt

#: Accepted headers (as banks export them) → field.
HEADERS = {
    "date": ("交易日期", "日期", "记账日期", "入账日期", "date", "transaction date", "value date"),
    "amount": ("金额", "收入金额", "贷方金额", "入账金额", "收入", "amount", "credit"),
    "paid_out": ("支出金额", "借方金额", "付出金额", "支出", "debit", "withdrawal"),
    "payer_name": ("付款人", "对方户名", "对方名称", "付款人名称", "payer", "payer name"),
    "payer_account": ("付款账号", "对方账号", "付款人账号", "payer account", "account"),
    "reference": ("摘要", "附言", "用途", "备注", "reference", "memo"),
    "serial": ("流水号", "交易流水号", "银行流水号", "serial", "transaction id"),
}
REQUIRED = ("date", "amount")
LENGTHS = {"payer_name": 120, "payer_account": 40, "reference": 100, "serial": 60}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y-%m-%d %H:%M:%S")
DATE_WINDOW = dt.timedelta(days=7)


def _key_of(header: str) -> str | None:
    text = header.strip().lower()
    return next((key for key, names in HEADERS.items() if text in names), None)


def parse_date(text: str | None) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime((text or "").strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(N_("Not a date (write 2024-07-31)."))


def parse_money(text: str | None) -> Decimal:
    """A bank amount: digits with an optional sign, thousands separators and ¥; fen at most."""
    try:
        value = Decimal((text or "").replace(",", "").replace("¥", "").strip())
    except InvalidOperation:
        raise ValueError(N_("Not a valid number.")) from None
    if not value.is_finite():
        raise ValueError(N_("Not a valid number."))
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(N_("Too many decimals."))
    if abs(value) >= Decimal(10) ** 12:
        raise ValueError(N_("Number too large."))
    return value.quantize(Decimal("0.01"))


def parse_amount(text: str | None) -> Decimal:
    """Money received: greater than 0."""
    value = parse_money(text)
    if value <= 0:
        raise ValueError(N_("Only money received can be reconciled: the amount must be greater than 0."))
    return value


def _paid_out(raw: dict) -> bool:
    """A row of money paid out: an amount in the paid-out column and none received, or a
    negative amount (banks that export one signed column)."""
    received = (raw.get("amount") or "").strip()
    paid = (raw.get("paid_out") or "").strip()
    try:
        if paid and parse_money(paid) > 0 and (not received or parse_money(received) == 0):
            return True
        return bool(received) and parse_money(received) < 0 and not paid
    except ValueError:
        return False  # reported as the bad number it is


def _columns(headers: list[str]) -> dict[int, str]:
    positions: dict[int, str] = {}
    problems: dict[str, list] = {}
    for index, header in enumerate(headers):
        key = _key_of(header) if header else None
        if header and key is None:
            problems.setdefault(header, []).append(N_("Unknown column."))
        elif key in positions.values():
            problems.setdefault(header, []).append(N_("This column appears twice."))
        elif key:
            positions[index] = key
    for key in REQUIRED:
        if key not in positions.values():
            problems.setdefault(HEADERS[key][0], []).append(N_("This column is required."))
    if problems:
        raise ImportRefused({HEADER_ROW: problems})
    return positions


def _cells(cells: list, positions: dict[int, str]) -> dict:
    """A row's cells by field (None for a cell the row lacks)."""
    return {key: (cells[i] if i < len(cells) else None) for i, key in positions.items()}


def _row(raw: dict, header_of: dict[str, str]) -> tuple[dict, dict[str, list]]:
    values: dict = {}
    errors: dict[str, list] = {}
    for key, parse in (("date", parse_date), ("amount", parse_amount)):
        try:
            values[key] = parse(raw.get(key))
        except ValueError as exc:
            errors[header_of[key]] = [exc.args[0]]
    for key, length in LENGTHS.items():
        text = (raw.get(key) or "").strip() or None
        if text and len(text) > length:
            errors[header_of[key]] = [N_("Too long.")]
        values[key] = text
    return values, errors


def identify_customer(session: Session, payer_name: str | None, payer_account: str | None) -> Customer | None:
    """The active customer whose bank account is the payer's, or whose name is (exactly)."""
    if payer_account:
        found = list(session.scalars(select(Customer).where(Customer.bank_account == payer_account,
                                                            Customer.active.is_(True)).limit(2)))
        if len(found) == 1:
            return found[0]
    if payer_name:
        found = list(session.scalars(select(Customer).where(
            or_(Customer.name == payer_name, Customer.invoice_title == payer_name), Customer.active.is_(True)).limit(2)))
        if len(found) == 1:
            return found[0]
    return None


def import_bank_statement(session: Session, actor: User, content: bytes, *, filename: str | None = None,
                          account: str | None = None) -> BankStatement:
    """Read the bank's CSV (or XLSX) of money received into a statement of unmatched lines
    (rows of money paid out are counted in ``skipped_outgoing`` and left out). Raises :class:`ImportRefused` (422, report row → column → messages) when any row is bad
    or was imported before; nothing is written then."""
    require(actor, BANK_RECONCILE)
    table = read_table(content)
    positions = _columns(table.headers)
    header_of = {key: table.headers[i] for i, key in positions.items()}
    report: dict[int, dict[str, list]] = {}
    parsed = []
    skipped = 0
    serials: dict[str, int] = {}
    for number, cells in table.rows:
        raw = _cells(cells, positions)
        if _paid_out(raw):
            skipped += 1
            continue
        values, errors = _row(raw, header_of)
        serial = values.get("serial")
        if serial and serial in serials:
            errors.setdefault(header_of["serial"], []).append(N_("The same serial number appears twice in the file."))
        elif serial:
            serials[serial] = number
        if errors:
            report[number] = errors
        else:
            parsed.append((number, values))
    if serials:
        known = set(session.scalars(select(BankLine.serial).where(BankLine.serial.in_(list(serials)))))
        for serial in known:
            report.setdefault(serials[serial], {}).setdefault(header_of["serial"], []).append(
                N_("This bank line was imported before."))
    if not parsed and not report:
        message = N_("The file has only money paid out; nothing to reconcile here.") if skipped \
            else N_("The file has no lines.")
        raise ImportRefused({HEADER_ROW: {"": [message]}})
    if report:
        raise ImportRefused(report)
    statement = BankStatement(account=account, filename=(filename or "")[:200] or None, imported_by_id=actor.id,
                              skipped_outgoing=skipped)
    for number, values in parsed:
        customer = identify_customer(session, values["payer_name"], values["payer_account"])
        statement.lines.append(BankLine(row_no=number, txn_date=values["date"], amount=values["amount"],
                                        payer_name=values["payer_name"], payer_account=values["payer_account"],
                                        reference=values["reference"], serial=values["serial"],
                                        customer_id=customer.id if customer else None))
    statement.line_count = len(statement.lines)
    statement.total = sum((line.amount for line in statement.lines), Decimal("0.00"))
    session.add(statement)
    session.flush()
    return statement


# --- matching -----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class LineMatch:
    line: BankLine
    receipt: Receipt


def get_statement(session: Session, statement_id: int) -> BankStatement:
    statement = session.get(BankStatement, statement_id)
    if statement is None:
        raise NotFound(N_("Bank statement not found."))
    return statement


def get_line(session: Session, line_id: int) -> BankLine:
    # ``of=BankLine``: PostgreSQL locks no row on the nullable side of the eager outer joins.
    line = session.scalar(select(BankLine).where(BankLine.id == line_id).with_for_update(of=BankLine)
                          .execution_options(populate_existing=True))
    if line is None:
        raise NotFound(N_("Bank line not found."))
    return line


def _candidates(session: Session, line: BankLine) -> list[Receipt]:
    linked = select(BankLine.receipt_id).where(BankLine.receipt_id.is_not(None))
    stmt = select(Receipt).where(Receipt.state == DocState.APPROVED, Receipt.amount == line.amount,
                                 Receipt.method == PaymentMethod.BANK_TRANSFER, Receipt.id.not_in(linked),
                                 Receipt.doc_date >= line.txn_date - DATE_WINDOW,
                                 Receipt.doc_date <= line.txn_date + DATE_WINDOW)
    if line.customer_id:
        stmt = stmt.where(Receipt.customer_id == line.customer_id)
    return list(session.scalars(stmt.order_by(Receipt.doc_date, Receipt.id).limit(50)))


def _best(line: BankLine, receipts_: list[Receipt], taken: set[int]) -> Receipt | None:
    keys = {k for k in (line.serial, line.reference) if k}
    free = [r for r in receipts_ if r.id not in taken]
    for receipt in free:
        if receipt.reference and receipt.reference in keys:
            return receipt
    free.sort(key=lambda r: (abs((r.doc_date - line.txn_date).days), r.id))
    return free[0] if free else None


def propose_bank_matches(session: Session, actor: User, statement_id: int) -> list[LineMatch]:
    """For each unmatched line, an approved bank-transfer receipt of the same amount (of the
    recognised customer, within a week of the line): the one quoting the line's serial or
    memo first, else the nearest in date. Writes nothing."""
    require(actor, BANK_RECONCILE)
    statement = get_statement(session, statement_id)
    taken: set[int] = set()
    out = []
    for line in statement.lines:
        if line.status != BankLineStatus.UNMATCHED:
            continue
        receipt = _best(line, _candidates(session, line), taken)
        if receipt is not None:
            taken.add(receipt.id)
            out.append(LineMatch(line, receipt))
    return out


def check_line_unmatched(line: BankLine) -> None:
    if line.status != BankLineStatus.UNMATCHED:
        raise Conflict(N_("Bank line %(row)s is matched already."), code="line_matched", row=line.row_no)


def match_line(session: Session, actor: User, line_id: int, receipt_id: int) -> BankLine:
    """Link a line to an approved receipt of the same amount not linked to another line."""
    require(actor, BANK_RECONCILE)
    line = get_line(session, line_id)
    check_line_unmatched(line)
    receipt = session.get(Receipt, receipt_id)
    if receipt is None:
        raise NotFound(N_("%(document)s not found."), document=Receipt.__doc_label__[1])
    if receipt.state != DocState.APPROVED or receipt.amount != line.amount:
        raise Conflict(N_("%(document)s is not an approved receipt of %(amount)s."), code="receipt_mismatch",
                       document=str(receipt), amount=line.amount)
    if session.scalar(select(BankLine.id).where(BankLine.receipt_id == receipt.id)):
        raise Conflict(N_("%(document)s is matched to another bank line."), code="receipt_matched",
                       document=str(receipt))
    line.receipt = receipt
    line.customer_id = receipt.customer_id
    line.status = BankLineStatus.MATCHED
    session.flush()
    return line


def create_receipt_for_line(session: Session, actor: User, line_id: int, customer_id: int | None = None) -> BankLine:
    """Enter and approve the receipt a line shows (bank transfer, the line's date, amount
    and serial or memo as reference) for the recognised customer or ``customer_id``."""
    require(actor, BANK_RECONCILE)
    line = get_line(session, line_id)
    check_line_unmatched(line)
    customer_id = customer_id or line.customer_id
    if not customer_id:
        raise ValidationFailed(N_("Choose the customer who paid."), fields={"customer_id": [N_("Required.")]})
    receipt = receipts.create_receipt(session, actor, {
        "customer_id": customer_id, "amount": line.amount, "method": PaymentMethod.BANK_TRANSFER,
        "doc_date": line.txn_date, "reference": line.serial or line.reference,
        "note": " ".join(p for p in (line.payer_name, line.reference) if p)[:2000] or None})
    receipts.approve_receipt(session, actor, receipt.id)
    line.receipt = receipt
    line.customer_id = customer_id
    line.status = BankLineStatus.CREATED
    session.flush()
    return line


def unmatch_line(session: Session, actor: User, line_id: int) -> BankLine:
    """Undo a match (the receipt stays; undo it on its own page if it is wrong)."""
    require(actor, BANK_RECONCILE)
    line = get_line(session, line_id)
    line.receipt = None
    line.status = BankLineStatus.UNMATCHED
    session.flush()
    return line


def reconcile_statement(session: Session, actor: User, statement_id: int, *, create_receipts: bool = False) -> dict:
    """Apply the proposed matches; with ``create_receipts``, also create receipts for the
    lines still unmatched whose customer is recognised. Returns the counts."""
    matched = 0
    for proposal in propose_bank_matches(session, actor, statement_id):
        match_line(session, actor, proposal.line.id, proposal.receipt.id)
        matched += 1
    created = 0
    if create_receipts:
        for line in get_statement(session, statement_id).lines:
            if line.status == BankLineStatus.UNMATCHED and line.customer_id:
                create_receipt_for_line(session, actor, line.id)
                created += 1
    left = sum(1 for line in get_statement(session, statement_id).lines if line.status == BankLineStatus.UNMATCHED)
    return {"matched": matched, "created": created, "unmatched": left}
