"""Lists of sales documents, shared by the API and the pages."""
from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from erp.api.framework import search_filter
from erp.customers.models import Customer


def filter_documents(cls, args: dict):
    """A list of documents by state, customer, dates, and number or customer (``q``), newest first."""
    stmt = select(cls).options(selectinload(cls.customer)).order_by(cls.doc_date.desc(), cls.id.desc())
    if args.get("state"):
        stmt = stmt.where(cls.state == args["state"])
    if args.get("customer_id"):
        stmt = stmt.where(cls.customer_id == args["customer_id"])
    if args.get("date_from"):
        stmt = stmt.where(cls.doc_date >= args["date_from"])
    if args.get("date_to"):
        stmt = stmt.where(cls.doc_date <= args["date_to"])
    if args.get("q"):
        customers = select(Customer.id).where(search_filter((Customer.code, Customer.name), args["q"]))
        stmt = stmt.where(or_(cls.number.contains(args["q"]), cls.customer_id.in_(customers)))
    return stmt
