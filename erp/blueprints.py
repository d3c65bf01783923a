"""The explicit list of blueprints. A package's blueprints appear here when it lands."""
from __future__ import annotations

from flask import Flask


def all_blueprints():
    from erp.api import openapi
    from erp.audit import api as audit_api
    from erp.audit import views as audit_views
    from erp.auth import api as auth_api
    from erp.auth import views as auth_views
    from erp.customers import api as customers_api
    from erp.customers import credit_api, credit_views
    from erp.customers import views as customers_views
    from erp.documents import api as documents_api
    from erp.documents import views as documents_views
    from erp.imports import views as imports_views
    from erp.masterdata import views as masterdata_views
    from erp.numbering import views as numbering_views
    from erp.pricing import api as pricing_api
    from erp.pricing import views as pricing_views
    from erp.products import api as products_api
    from erp.products import views as products_views
    from erp.sales import web as sales_web
    from erp.sales.credit_notes import api as credit_notes_api
    from erp.sales.credit_notes import views as credit_notes_views
    from erp.sales.delivery import api as delivery_notes_api
    from erp.sales.delivery import views as delivery_notes_views
    from erp.sales.invoices import api as sales_invoices_api
    from erp.sales.invoices import views as sales_invoices_views
    from erp.sales.orders import api as sales_orders_api
    from erp.sales.orders import views as sales_orders_views
    from erp.sales.quotes import api as quotes_api
    from erp.sales.quotes import views as quotes_views
    from erp.sales.returns import api as sales_returns_api
    from erp.sales.returns import views as sales_returns_views
    from erp.settings import views as settings_views
    from erp.suppliers import api as suppliers_api
    from erp.suppliers import views as suppliers_views
    from erp.warehouses import api as warehouses_api
    from erp.warehouses import views as warehouses_views
    from erp.web import views as web_views
    from finance import web as finance_web
    from finance.allocation import api as allocations_api
    from finance.allocation import views as allocations_views
    from finance.bank import api as bank_api
    from finance.bank import views as bank_views
    from finance.counter import api as counter_api
    from finance.counter import views as counter_views
    from finance.periods import api as periods_api
    from finance.periods import views as periods_views
    from finance.receipts import api as receipts_api
    from finance.receipts import views as receipts_views
    from finance.receivables import api as receivables_api
    from finance.receivables import views as receivables_views
    from finance.reports import api as sales_reports_api
    from finance.reports import views as sales_reports_views
    from inventory import views as inventory_views
    from inventory.batches import api as batches_api
    from inventory.outbounds import api as outbounds_api
    from inventory.reports import api as inventory_reports_api
    from inventory.scraps import api as scraps_api
    from inventory.stock import api as stock_api
    from inventory.stock_ins import api as stock_ins_api
    from inventory.stock_outs import api as stock_outs_api
    from inventory.stocktakes import api as stocktakes_api
    from inventory.transfers import api as transfers_api
    from logistics import api as logistics_api
    from logistics import views as logistics_views
    from printing import api as printing_api
    from printing import api_documents as printing_documents_api
    from printing import web as printing_web
    from purchasing.invoices import api as supplier_invoices_api
    from purchasing.invoices import views as supplier_invoices_views
    from purchasing.orders import api as purchase_orders_api
    from purchasing.orders import views as purchase_orders_views
    from purchasing.payables import api as payables_api
    from purchasing.payables import views as payables_views
    from purchasing.payments import api as payments_api
    from purchasing.payments import views as payments_views
    from purchasing.receipts import api as goods_receipts_api
    from purchasing.receipts import views as goods_receipts_views
    from purchasing.returns import api as purchase_returns_api
    from purchasing.returns import views as purchase_returns_views
    from purchasing.suggestions import api as purchase_suggestions_api
    from purchasing.suggestions import views as purchase_suggestions_views

    return [
        web_views.bp,
        printing_api.bp, printing_documents_api.bp, printing_web.bp,
        logistics_api.bp, logistics_views.bp,
        openapi.bp,
        auth_api.bp, auth_views.bp,
        audit_api.bp, audit_views.bp,
        settings_views.bp, numbering_views.bp,
        documents_api.bp, documents_views.bp,
        warehouses_api.bp, warehouses_views.bp,
        customers_api.bp, customers_views.bp,
        credit_api.bp, credit_views.bp,
        products_api.bp, products_views.bp,
        pricing_api.bp, pricing_views.bp,
        suppliers_api.bp, suppliers_views.bp,
        batches_api.bp, stock_api.bp, outbounds_api.bp, stock_ins_api.bp, stock_outs_api.bp,
        transfers_api.bp, scraps_api.bp, inventory_views.bp,
        purchase_orders_api.bp, purchase_orders_views.bp, goods_receipts_api.bp, goods_receipts_views.bp,
        purchase_returns_api.bp, purchase_returns_views.bp, purchase_suggestions_api.bp, purchase_suggestions_views.bp,
        stocktakes_api.bp, inventory_reports_api.bp,
        quotes_api.bp, sales_orders_api.bp, delivery_notes_api.bp, sales_invoices_api.bp,
        sales_returns_api.bp, credit_notes_api.bp, sales_web.bp, quotes_views.bp, sales_orders_views.bp,
        delivery_notes_views.bp, sales_invoices_views.bp, sales_returns_views.bp, credit_notes_views.bp,
        masterdata_views.bp, imports_views.bp,  # shared master data templates (no routes)
        finance_web.bp, receipts_api.bp, receipts_views.bp, allocations_api.bp, allocations_views.bp,
        receivables_api.bp, receivables_views.bp, bank_api.bp, bank_views.bp, periods_api.bp, periods_views.bp,
        counter_api.bp, counter_views.bp,
        sales_reports_api.bp, sales_reports_views.bp,
        supplier_invoices_api.bp, supplier_invoices_views.bp, payments_api.bp, payments_views.bp,
        payables_api.bp, payables_views.bp,
    ]


def register_blueprints(app: Flask) -> None:
    for bp in all_blueprints():
        app.register_blueprint(bp)
