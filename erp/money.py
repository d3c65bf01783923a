"""Money and tax arithmetic, in one place.

Every rounding in the product happens here: half-up to the fen for amounts,
to 6 decimals for unit prices. Line amounts are rounded per line; document
totals are sums of the rounded lines, so a printed invoice always adds up.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN = Decimal("0.01")
PRICE_QUANTUM = Decimal("0.000001")
QTY_QUANTUM = Decimal("0.0001")
ZERO = Decimal("0")
ONE = Decimal("1")

#: The VAT rates a Chinese distributor meets (一般纳税人 13/9/6 %, 小规模/简易征收 3/1 %, 免税 0 %).
VAT_RATES: tuple[Decimal, ...] = tuple(
    Decimal(r) for r in ("0.13", "0.09", "0.06", "0.03", "0.01", "0")
)


def to_decimal(value: Decimal | int | str) -> Decimal:
    """Turn an int, str or Decimal into a Decimal; refuse floats (they are not exact)."""
    if isinstance(value, float):
        raise TypeError(f"float {value!r} near money; pass a Decimal or a string")
    if isinstance(value, Decimal):
        return value
    try:
        return Decimal(value)
    except (InvalidOperation, TypeError) as exc:
        raise ValueError(f"not a number: {value!r}") from exc


def round_fen(value: Decimal | int | str) -> Decimal:
    """Round half-up to the fen (0.005 → 0.01, -0.005 → -0.01)."""
    return to_decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def round_price(value: Decimal | int | str) -> Decimal:
    """Round a unit price or unit cost half-up to 6 decimals."""
    return to_decimal(value).quantize(PRICE_QUANTUM, rounding=ROUND_HALF_UP)


def round_qty(value: Decimal | int | str) -> Decimal:
    return to_decimal(value).quantize(QTY_QUANTUM, rounding=ROUND_HALF_UP)


def check_vat_rate(rate: Decimal | str) -> Decimal:
    """Return the rate if it is one of :data:`VAT_RATES`, else raise ``ValueError``."""
    r = to_decimal(rate)
    for known in VAT_RATES:
        if r == known:
            return known
    raise ValueError(f"unknown VAT rate {rate}; expected one of {', '.join(map(str, VAT_RATES))}")


def price_excl_vat(price_incl: Decimal, rate: Decimal) -> Decimal:
    """Unit price without VAT from a price with VAT (6 decimals)."""
    return round_price(to_decimal(price_incl) / (ONE + to_decimal(rate)))


def price_incl_vat(price_excl: Decimal, rate: Decimal) -> Decimal:
    """Unit price with VAT from a price without VAT (6 decimals)."""
    return round_price(to_decimal(price_excl) * (ONE + to_decimal(rate)))


@dataclass(frozen=True, slots=True)
class LineAmounts:
    """One line's money: ``net + tax == gross`` always, each to the fen."""

    net: Decimal  # 不含税金额
    tax: Decimal  # 税额
    gross: Decimal  # 价税合计
    discount: Decimal = ZERO  # 折扣额 (on the side the price was given on)

    def __add__(self, other: LineAmounts) -> LineAmounts:
        return LineAmounts(
            self.net + other.net,
            self.tax + other.tax,
            self.gross + other.gross,
            self.discount + other.discount,
        )


NO_AMOUNTS = LineAmounts(ZERO.quantize(FEN), ZERO.quantize(FEN), ZERO.quantize(FEN), ZERO.quantize(FEN))


def line_amounts(
    qty: Decimal,
    unit_price: Decimal,
    vat_rate: Decimal,
    *,
    price_includes_vat: bool = True,
    discount_rate: Decimal = ZERO,
) -> LineAmounts:
    """Amounts of one line, rounded half-up to the fen.

    With a price including VAT (含税价, usual in Chinese wholesale) the gross is
    rounded first and the tax is taken out of it; otherwise the net is rounded
    first and the tax added. The discount rate (0.05 = 5 % off) applies to the
    line before tax.
    """
    qty, unit_price, rate = to_decimal(qty), to_decimal(unit_price), to_decimal(vat_rate)
    discount_rate = to_decimal(discount_rate)
    if not ZERO <= discount_rate <= ONE:
        raise ValueError("discount rate must be between 0 and 1")
    full = round_fen(qty * unit_price)
    discounted = round_fen(qty * unit_price * (ONE - discount_rate))
    discount = full - discounted
    if price_includes_vat:
        gross = discounted
        tax = round_fen(gross * rate / (ONE + rate))
        net = gross - tax
    else:
        net = discounted
        tax = round_fen(net * rate)
        gross = net + tax
    return LineAmounts(net=net, tax=tax, gross=gross, discount=discount)


def sum_lines(lines: Iterable[LineAmounts]) -> LineAmounts:
    """Document totals: the sum of the rounded lines (never re-rounded)."""
    total = NO_AMOUNTS
    for line in lines:
        total = total + line
    return total


def tax_by_rate(lines: Iterable[tuple[Decimal, LineAmounts]]) -> dict[Decimal, LineAmounts]:
    """Group ``(vat_rate, amounts)`` pairs per rate, as an invoice prints its VAT lines."""
    out: dict[Decimal, LineAmounts] = {}
    for rate, amounts in lines:
        out[rate] = out.get(rate, NO_AMOUNTS) + amounts
    return dict(sorted(out.items(), reverse=True))


def allocate_proportionally(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split ``total`` (to the fen) across weights so the parts add up exactly.

    The remainder left by rounding goes to the largest weights first.
    """
    total = round_fen(total)
    weight_sum = sum(weights, ZERO)
    if not weights:
        return []
    if weight_sum == 0:
        parts = [ZERO.quantize(FEN)] * len(weights)
        parts[0] = total
        return parts
    parts = [round_fen(total * w / weight_sum) for w in weights]
    diff = total - sum(parts, ZERO)
    order = sorted(range(len(weights)), key=lambda i: weights[i], reverse=True)
    step = FEN if diff > 0 else -FEN
    i = 0
    while diff != 0:
        parts[order[i % len(order)]] += step
        diff -= step
        i += 1
    return parts


def format_money(amount: Decimal, symbol: str = "¥") -> str:
    """``Decimal('1004.05')`` → ``'¥1,004.05'``; negatives as ``'-¥3.00'``."""
    value = round_fen(amount)
    sign = "-" if value < 0 else ""
    return f"{sign}{symbol}{abs(value):,.2f}"


_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_GROUP_UNITS = ("", "万", "亿", "万亿")
MAX_CAPITALS = Decimal("9999999999999999.99")


def _group_words(group: int) -> str:
    """Words of a 1..9999 group, zeros inside collapsed into one 零."""
    digits = f"{group:04d}"
    out: list[str] = []
    pending_zero = False
    started = False
    for pos, ch in enumerate(digits):
        d = int(ch)
        unit = _SMALL_UNITS[3 - pos]
        if d == 0:
            if started:
                pending_zero = True
            continue
        if pending_zero:
            out.append("零")
            pending_zero = False
        out.append(_DIGITS[d] + unit)
        started = True
    return "".join(out)


def _integer_words(n: int) -> str:
    groups: list[int] = []
    while n:
        groups.append(n % 10000)
        n //= 10000
    out = ""
    gap = False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            gap = bool(out)
            continue
        if out and (gap or group < 1000):
            out += "零"
        out += _group_words(group) + _GROUP_UNITS[index]
        gap = False
    return out


def amount_in_words(amount: Decimal | int | str) -> str:
    """The amount in Chinese capital numerals (大写金额), as written on invoices and cheques.

    ``1004.05`` → ``壹仟零肆元零伍分``; ``1000`` → ``壹仟元整``; ``0.5`` → ``伍角整``;
    ``-3`` → ``负叁元整``. Rounded half-up to the fen first.
    """
    value = round_fen(amount)
    if abs(value) > MAX_CAPITALS:
        raise ValueError("amount too large for capital numerals")
    sign = "负" if value < 0 else ""
    value = abs(value)
    fen_total = int(value * 100)
    yuan, cents = divmod(fen_total, 100)
    jiao, fen = divmod(cents, 10)
    if yuan == 0 and cents == 0:
        return "零元整"
    words = _integer_words(yuan) + "元" if yuan else ""
    if cents == 0:
        return sign + words + "整"
    if jiao:
        words += _DIGITS[jiao] + "角"
    elif yuan:
        words += "零"  # 壹仟零肆元零伍分: a zero jiao between yuan and fen is read
    if fen:
        words += _DIGITS[fen] + "分"
    else:
        words += "整"
    return sign + words
