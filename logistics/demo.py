"""Demo carriers (承运商) so that a warehouse user can ship and print waybills from the demo
data at once: two express carriers that give our own waybill numbers, and a freight line
whose numbers are entered by hand."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from logistics.carriers.models import Carrier

CARRIERS = (
    ("SF", "顺丰速运", "SF", "95338"),
    ("ZTO", "中通快递", "ZT", "95311"),
    ("DBL", "德邦物流", None, "95353"),
)


def load_logistics_demo(session: Session) -> dict[str, int]:
    """Flushes, never commits; adds only the carriers whose code is not there yet."""
    have = set(session.scalars(select(Carrier.code)))
    added = [Carrier(code=code, name=name, waybill_prefix=prefix, phone=phone)
             for code, name, prefix, phone in CARRIERS if code not in have]
    session.add_all(added)
    session.flush()
    return {"carriers": len(added)} if added else {}
