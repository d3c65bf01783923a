"""Every printable business document, in one table: its API resource, model, view
permission, layout and whether warehouse-limited users see only their warehouses' ones.

The PDF endpoints (:mod:`printing.api_documents`), the print buttons of the pages
(:mod:`printing.web`) and the tests all walk this table, so a layout added here is
routed, permissioned and offered on its pages at once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from erp.customers.credit import CREDIT_CHANGE_VIEW, CreditLimitChange
from erp.documents.base import Document
from erp.sales.credit_notes.models import CreditNote
from erp.sales.delivery.models import DeliveryNote
from erp.sales.invoices.models import SalesInvoice
from erp.sales.orders.models import SalesOrder
from erp.sales.permissions import (
    CREDIT_NOTE_VIEW,
    DELIVERY_NOTE_VIEW,
    QUOTE_VIEW,
    SALES_INVOICE_VIEW,
    SALES_ORDER_VIEW,
    SALES_RETURN_VIEW,
)
from erp.sales.quotes.models import Quote
from erp.sales.returns.models import SalesReturn
from finance.permissions import RECEIPT_VIEW
from finance.receipts.models import Receipt
from inventory.outbounds.models import Outbound
from inventory.permissions import (
    OUTBOUND_VIEW,
    SCRAP_VIEW,
    STOCK_IN_VIEW,
    STOCK_OUT_VIEW,
    STOCKTAKE_VIEW,
    TRANSFER_VIEW,
)
from inventory.scraps.models import Scrap
from inventory.stock_ins.models import StockIn
from inventory.stock_outs.models import StockOut
from inventory.stocktakes.models import Stocktake
from inventory.transfers.models import Transfer
from logistics.permissions import SHIPMENT_VIEW
from logistics.shipments.models import Shipment
from logistics.shipments.services import get_shipment
from printing import (
    documents_credit as credit,
)
from printing import (
    documents_inventory as inv,
)
from printing import (
    documents_invoices as invoices,
)
from printing import (
    documents_logistics as logistics,
)
from printing import (
    documents_picking as picking,
)
from printing import (
    documents_purchasing as pur,
)
from printing import (
    documents_receipts as receipts,
)
from printing import (
    documents_sales as sales,
)
from printing import (
    documents_stocktake as stocktake,
)
from purchasing.invoices.models import SupplierInvoice
from purchasing.orders.models import PurchaseOrder
from purchasing.payments.models import Payment
from purchasing.permissions import (
    GOODS_RECEIPT_VIEW,
    PAYMENT_VIEW,
    PURCHASE_ORDER_VIEW,
    PURCHASE_RETURN_VIEW,
    SUPPLIER_INVOICE_VIEW,
)
from purchasing.receipts.models import GoodsReceipt
from purchasing.returns.models import PurchaseReturn


@dataclass(frozen=True)
class Printable:
    """One printout of one document type.

    ``GET /api/v1/<resource>/<id>/<path>`` prints one document, ``GET
    /api/v1/<resource>/<list_path>?ids=1,2,3`` several in one PDF.
    """

    key: str  # endpoint names: "<key>_pdf", "<key>_list_pdf"
    resource: str
    model: type[Document]
    permission: str
    spec: Callable  # (doc, company, lang, *, printed_at=None, **options) -> DocumentSpec
    #: Load with the warehouse check of the package's own GET (inventory and purchasing).
    by_warehouse: bool = False
    path: str = "pdf"
    list_path: str = "pdf"
    #: File name prefix before the number ("pick-list-XSCK…"), and the stem of a draft ("quote-12").
    prefix: str = ""
    stem: str = "document"
    #: Options of the printout taken from the query (the stocktake's ``blind``).
    options: tuple[str, ...] = ()
    #: ``(session, actor, id) -> record`` for records that are not documents of the
    #: foundation (a shipment): the package's own loader with its visibility rules.
    loader: Callable | None = None

    @property
    def label(self) -> tuple[str, str]:
        return self.model.__doc_label__

    @property
    def doc_type(self) -> str:
        return getattr(self.model, "__doc_type__", None) or self.model.__tablename__

    @property
    def rule(self) -> str:
        return f"/{self.resource}/<int:doc_id>/{self.path}"

    @property
    def list_rule(self) -> str:
        return f"/{self.resource}/{self.list_path}"

    def filename(self, doc: Document) -> str:
        return f"{self.prefix}{doc.number}.pdf" if doc.number else f"{self.prefix or self.stem + '-'}{doc.id}.pdf"

    def list_filename(self, count: int) -> str:
        name = self.list_path.removesuffix("/pdf") if self.list_path != "pdf" else self.resource
        return f"{name}-{count}.pdf"


PRINTABLES: tuple[Printable, ...] = (
    Printable("quote", "quotes", Quote, QUOTE_VIEW, sales.quote_spec, stem="quote"),
    Printable("sales_order", "sales-orders", SalesOrder, SALES_ORDER_VIEW, sales.order_spec, stem="sales-order"),
    Printable("delivery_note", "delivery-notes", DeliveryNote, DELIVERY_NOTE_VIEW, sales.delivery_note_spec,
              stem="delivery-note"),
    Printable("outbound", "outbounds", Outbound, OUTBOUND_VIEW, inv.outbound_spec, by_warehouse=True,
              stem="outbound"),
    Printable("pick_list", "outbounds", Outbound, OUTBOUND_VIEW, picking.pick_list_spec, by_warehouse=True,
              path="pick-list/pdf", list_path="pick-lists/pdf", prefix="pick-list-", stem="pick-list"),
    Printable("sales_invoice", "invoices", SalesInvoice, SALES_INVOICE_VIEW, invoices.invoice_spec, stem="invoice"),
    Printable("credit_note", "credit-notes", CreditNote, CREDIT_NOTE_VIEW, invoices.credit_note_spec,
              stem="credit-note"),
    Printable("sales_return", "sales-returns", SalesReturn, SALES_RETURN_VIEW, sales.sales_return_spec,
              stem="sales-return"),
    Printable("stock_in", "stock-ins", StockIn, STOCK_IN_VIEW, inv.stock_in_spec, by_warehouse=True,
              stem="stock-in"),
    Printable("stock_out", "stock-outs", StockOut, STOCK_OUT_VIEW, inv.stock_out_spec, by_warehouse=True,
              stem="stock-out"),
    Printable("transfer", "transfers", Transfer, TRANSFER_VIEW, inv.transfer_spec, by_warehouse=True,
              stem="transfer"),
    Printable("scrap", "scraps", Scrap, SCRAP_VIEW, inv.scrap_spec, by_warehouse=True, stem="scrap"),
    Printable("stocktake", "stocktakes", Stocktake, STOCKTAKE_VIEW, stocktake.count_sheet_spec, by_warehouse=True,
              prefix="count-sheet-", stem="count-sheet", options=("blind",)),
    Printable("purchase_order", "purchase-orders", PurchaseOrder, PURCHASE_ORDER_VIEW, pur.purchase_order_spec,
              by_warehouse=True, stem="purchase-order"),
    Printable("goods_receipt", "goods-receipts", GoodsReceipt, GOODS_RECEIPT_VIEW, pur.goods_receipt_spec,
              by_warehouse=True, stem="goods-receipt"),
    Printable("purchase_return", "purchase-returns", PurchaseReturn, PURCHASE_RETURN_VIEW, pur.purchase_return_spec,
              by_warehouse=True, stem="purchase-return"),
    Printable("supplier_invoice", "supplier-invoices", SupplierInvoice, SUPPLIER_INVOICE_VIEW,
              pur.supplier_invoice_spec, stem="supplier-invoice"),
    Printable("receipt", "receipts", Receipt, RECEIPT_VIEW, receipts.receipt_spec, stem="receipt"),
    Printable("payment", "payments", Payment, PAYMENT_VIEW, receipts.payment_spec, stem="payment"),
    Printable("credit_change", "credit-changes", CreditLimitChange, CREDIT_CHANGE_VIEW, credit.credit_change_spec,
              stem="credit-change"),
    Printable("shipment", "shipments", Shipment, SHIPMENT_VIEW, logistics.shipment_spec, stem="shipment",
              loader=get_shipment),
)

PRINTABLE_BY_KEY: dict[str, Printable] = {p.key: p for p in PRINTABLES}
#: The main printout of each document type (the outbound slip, not the pick list).
MAIN_PRINTOUT: dict[str, Printable] = {}
for _p in PRINTABLES:
    MAIN_PRINTOUT.setdefault(_p.doc_type, _p)
