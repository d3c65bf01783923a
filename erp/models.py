"""Every package's models, imported explicitly so that the metadata is complete
(for Alembic and for tests). A package's models appear here when it lands."""
from __future__ import annotations


def import_all_models() -> None:
    import erp.api.models  # noqa: F401
    import erp.audit.models  # noqa: F401
    import erp.auth.models  # noqa: F401
    import erp.customers.credit  # noqa: F401
    import erp.customers.models  # noqa: F401
    import erp.documents.approval_models  # noqa: F401
    import erp.numbering.models  # noqa: F401
    import erp.periods.models  # noqa: F401
    import erp.pricing.models  # noqa: F401
    import erp.products.models  # noqa: F401
    import erp.sales.models  # noqa: F401
    import erp.settings.models  # noqa: F401
    import erp.suppliers.models  # noqa: F401
    import erp.warehouses.models  # noqa: F401
    import finance.models  # noqa: F401
    import finance.reports.models  # noqa: F401
    import inventory.models  # noqa: F401
    import logistics.models  # noqa: F401
    import purchasing.models  # noqa: F401
