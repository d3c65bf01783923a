"""Lists of purchasing documents: by state, supplier, warehouse, dates, and number or
supplier name, newest first, limited to the warehouses the user may see."""
from __future__ import annotations

from sqlalchemy import Select, func, or_, select

from erp.auth.models import User
from erp.suppliers.models import Supplier
from inventory.documents import visible_documents


def filter_documents(cls, actor: User | None, args: dict) -> Select:
    stmt = select(cls).order_by(cls.doc_date.desc(), cls.id.desc())
    for key in ("state", "supplier_id", "warehouse_id"):
        if args.get(key):
            stmt = stmt.where(getattr(cls, key) == args[key])
    if args.get("date_from"):
        stmt = stmt.where(cls.doc_date >= args["date_from"])
    if args.get("date_to"):
        stmt = stmt.where(cls.doc_date <= args["date_to"])
    if args.get("q"):
        pattern = f"%{args['q'].lower()}%"
        names = select(Supplier.id).where(or_(func.lower(Supplier.name).like(pattern),
                                              func.lower(Supplier.code).like(pattern)))
        stmt = stmt.where(or_(func.lower(cls.number).like(pattern), cls.supplier_id.in_(names)))
    return visible_documents(stmt, actor, cls.warehouse_id)
