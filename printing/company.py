"""The company printed at the top of documents and as the sender of parcels."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session


@dataclass(frozen=True)
class Company:
    name: str
    name_en: str | None = None
    address: str = ""
    phone: str = ""
    tax_id: str = ""  # 纳税人识别号 / unified social credit code
    bank: str = ""  # 开户行及账号

    def display_name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


def company_from_settings(session: Session) -> Company:
    """The company as the settings page has it (name, English name, address, phone,
    tax id, bank). Reading only."""
    from erp.settings import services as s

    return Company(
        name=s.get_setting(session, s.COMPANY_NAME),
        name_en=s.get_setting(session, s.COMPANY_NAME_EN),
        address=s.get_setting(session, s.COMPANY_ADDRESS),
        phone=s.get_setting(session, s.COMPANY_PHONE),
        tax_id=s.get_setting(session, s.COMPANY_TAX_ID),
        bank=s.get_setting(session, s.COMPANY_BANK),
    )
