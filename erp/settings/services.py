"""Typed settings with defaults. Each package declares the settings it reads.

Values are stored as text and parsed by their declared type; an admin edits
them on the settings page. Declaring happens at import time, like permissions.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from erp.auth.permissions import SETTINGS_MANAGE
from erp.errors import N_, NotFound, ValidationFailed
from erp.settings.models import Setting


@dataclass(frozen=True)
class SettingSpec:
    key: str
    #: ``label`` and ``help`` are English, marked ``N_()``; the settings page translates them.
    label: str
    default: Any
    parse: Callable[[str], Any]
    validate: Callable[[Any], str | None] | None = None
    help: str = ""


REGISTRY: dict[str, SettingSpec] = {}


def _bool(text: str) -> bool:
    if text.strip().lower() in {"1", "true", "yes", "on"}:
        return True
    if text.strip().lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(text)


PARSERS = {bool: _bool, int: int, Decimal: Decimal, str: str}


def declare(key: str, label: str, default: Any, *, kind: type | None = None,
            validate: Callable[[Any], str | None] | None = None, help: str = "") -> str:
    kind = kind or type(default)
    REGISTRY[key] = SettingSpec(key, label, default, PARSERS[kind], validate, help)
    return key


def _validate_coding_rule(value: str) -> str | None:
    parts = value.split("-")
    if not parts or not all(p.isdigit() and 1 <= int(p) <= 9 for p in parts) or len(parts) > 9:
        return N_("A coding rule is digits 1-9 separated by '-', e.g. 2-2-2.")
    return None


CUSTOMER_CATEGORY_CODING = declare(
    "customer_category.coding_rule", N_("Customer category coding rule"), "2-2-2", validate=_validate_coding_rule,
    help=N_("Code length of each level, e.g. 2-2-2: 2 digits at level 1, 4 at level 2, 6 at level 3"))
PRODUCT_CATEGORY_CODING = declare(
    "product_category.coding_rule", N_("Product category coding rule"), "2-2-2", validate=_validate_coding_rule)
COMPANY_NAME = declare("company.name", N_("Company name"), "上海惠万家商贸有限公司")
COMPANY_NAME_EN = declare("company.name_en", N_("Company name (English)"), "Shanghai Huiwanjia Trading Co., Ltd.")
COMPANY_TAX_ID = declare("company.tax_id", N_("Taxpayer identification number"), "91310115MA1H7GQX37")
COMPANY_ADDRESS = declare("company.address", N_("Company address"), "上海市浦东新区锦绣路1001号")
COMPANY_PHONE = declare("company.phone", N_("Company phone"), "021-5888 6666")
COMPANY_BANK = declare("company.bank", N_("Bank and account number"), "中国工商银行上海浦东支行 1001 2345 6789 0123 456")


def get_setting(session: Session, key: str) -> Any:
    spec = REGISTRY.get(key)
    if spec is None:
        raise KeyError(key)
    cache = session.info.setdefault("settings_cache", {})
    if key in cache:
        return cache[key]
    row = session.get(Setting, key)
    value = spec.parse(row.value) if row is not None else spec.default
    cache[key] = value
    return value


def set_setting(session: Session, actor, key: str, raw: str) -> Any:
    from erp.auth.services import require

    if actor is not None:
        require(actor, SETTINGS_MANAGE)
    spec = REGISTRY.get(key)
    if spec is None:
        raise NotFound(N_("Unknown setting."))
    try:
        value = spec.parse(str(raw))
    except (ValueError, ArithmeticError):
        raise ValidationFailed(N_("Invalid value."), fields={key: [N_("Invalid value.")]}) from None
    if spec.validate:
        problem = spec.validate(value)
        if problem:
            raise ValidationFailed(problem, fields={key: [problem]})
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=str(raw)))
    else:
        row.value = str(raw)
    session.info.setdefault("settings_cache", {})[key] = value
    session.flush()
    return value


def all_settings(session: Session) -> list[tuple[SettingSpec, Any]]:
    return [(spec, get_setting(session, key)) for key, spec in sorted(REGISTRY.items())]
