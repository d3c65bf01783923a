"""Fixtures of the logistics tests: the distributor's people and warehouse, ``chain`` for
real outbounds (:class:`tests.printing.chain.Chain`), carriers and ``ship`` (a shipment)."""
from __future__ import annotations

from decimal import Decimal as D

import pytest

from logistics.carriers import services as carriers
from logistics.shipments import services as shipments
from tests.printing.chain import Chain


@pytest.fixture
def people(make_user):
    return {
        "clerk": make_user("sales_clerk", display_name="李客服"),
        "manager": make_user("sales_manager", display_name="赵经理"),
        "keeper": make_user("warehouse", display_name="孙仓管"),
        "finance": make_user("finance", display_name="钱会计"),
        "purchaser": make_user("purchaser", display_name="周采购"),
    }


@pytest.fixture
def wh(make_warehouse):
    return make_warehouse(name="上海一号仓")


@pytest.fixture
def chain(db, people, wh):
    return Chain(db, people, wh)


@pytest.fixture
def sf(db, people):
    """顺丰速运, numbering its waybills SF…"""
    return carriers.create_carrier(db, people["keeper"], {"code": "SF", "name": "顺丰速运", "waybill_prefix": "SF"})


@pytest.fixture
def water(chain):
    """Water: 0.6 kg a bottle, 24 a case, 960 bottles in stock."""
    return chain.product(960, name="农夫山泉饮用天然水", spec="550ml", list_price=D("2.50"))


@pytest.fixture
def ship(db, people):
    """``ship(outbounds, **data)``: a shipment made by the warehouse."""

    def make(outbounds, **data):
        return shipments.create_shipment(db, people["keeper"], {"outbound_ids": [o.id for o in outbounds], **data})

    return make
