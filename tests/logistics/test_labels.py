"""Shipping labels (面单): one 100×150 mm label per package with everything the courier
and the customer read, all packages of many outbounds in one PDF, every barcode scannable
at 203 dpi."""
from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from pypdf import PdfReader

from erp import clock
from tests.printing.pdfs import all_text, decoded_values, page_texts

TODAY = clock.today()
MM = 72 / 25.4


@pytest.fixture
def keeper(people):
    return people["keeper"]


def test_a_label_shows_ship_to_numbers_package_n_of_m_weight_carrier_and_waybill(api, chain, water, ship, sf,
                                                                                  keeper):
    order, _note, outbound = chain.shipped(chain.customer(), [(water, 77)])
    shipment = ship([outbound], carrier_id=sf.id)
    response = api(keeper).get(f"/api/v1/shipments/{shipment.id}/labels/pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == f'inline; filename="shipping-labels-{shipment.number}.pdf"'
    pdf = response.get_data()
    pages = page_texts(pdf)
    assert len(pages) == 4
    waybill = f"SF{TODAY:%Y%m%d}-0001"
    for n, text in enumerate(pages, start=1):
        for expected in ("王店长", "13912345678", "七宝镇漕宝路3366号", "上海七宝好邻居超市有限公司", order.number,
                         outbound.number, f"{n} / 4", "顺丰速运", waybill, "上海惠万家商贸有限公司"):
            assert expected in text.replace("\n", ""), (n, expected)
    assert "14.4 kg" in pages[0] and "3 kg" in pages[3]
    assert decoded_values(pdf) == [{waybill, f"{outbound.number}-{n:03d}"} for n in range(1, 5)]
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    assert round(float(box.width) / MM) == 100 and round(float(box.height) / MM) == 150
    # The A4 shipment sheet the driver carries lists the same package codes and weights.
    sheet = all_text(api(keeper).get(f"/api/v1/shipments/{shipment.id}/pdf").get_data())
    assert all(f"{outbound.number}-{n:03d}" in sheet for n in range(1, 5)) and "46.2" in sheet and waybill in sheet


def test_a_hundred_labels_of_several_outbounds_print_in_one_pdf_and_every_barcode_scans(api, chain, water, ship,
                                                                                         sf, keeper, db):
    """Four customers' outbounds, 25 cases each: one click, one PDF, 100 labels."""
    rice = chain.product(1440, name="金龙鱼大米", location="B-02-01")
    outbounds, shipments = [], []
    for k in range(4):
        customer = chain.customer(name=f"第{k + 1}家超市", uscc=None)
        outbound = chain.shipped(customer, [(water, 240), (rice, 360)])[2]  # 10 + 15 cases
        outbounds.append(outbound)
        shipments.append(ship([outbound], carrier_id=sf.id))
    ids = ",".join(str(o.id) for o in outbounds)
    response = api(keeper).get(f"/api/v1/outbounds/shipping-labels/pdf?ids={ids}")
    assert response.status_code == 200
    pdf = response.get_data()
    values = decoded_values(pdf)
    assert len(values) == 100
    expected = [{s.waybill_number, f"{o.number}-{n:03d}"} for s, o in zip(shipments, outbounds, strict=True)
                for n in range(1, 26)]
    assert values == expected
    text = all_text(pdf)
    assert "25 / 25" in text and "第4家超市" in text
    # The same labels from the shipments list.
    same = api(keeper).get(f"/api/v1/shipments/labels/pdf?ids={','.join(str(s.id) for s in shipments)}")
    assert len(page_texts(same.get_data())) == 100


def test_outbounds_travelling_together_carry_the_shipment_number_on_each_package(api, chain, water, ship, keeper):
    customer = chain.customer()
    first, second = (chain.shipped(customer, [(water, 24)])[2] for _ in range(2))
    shipment = ship([first, second])
    pdf = api(keeper).get(f"/api/v1/outbounds/shipping-labels/pdf?ids={first.id},{second.id}").get_data()
    assert decoded_values(pdf) == [{f"{shipment.number}-001"}, {f"{shipment.number}-002"}]  # no waybill: own delivery
    assert f"{first.number}, {second.number}" in all_text(pdf).replace("\n", "")


def test_labels_of_an_outbound_not_shipped_yet_are_refused_naming_it(api, chain, water, keeper):
    outbound = chain.shipped(chain.customer(), [(water, 24)])[2]
    response = api(keeper).get(f"/api/v1/outbounds/shipping-labels/pdf?ids={outbound.id}")
    assert response.status_code == 409
    body = response.get_json()["error"]
    assert body["code"] == "not_shipped" and outbound.number in body["message"]


def test_labels_print_in_english(api, chain, water, ship, keeper):
    shipment = ship([chain.shipped(chain.customer(), [(water, 24)])[2]], weights=[D("14.4")])
    text = all_text(api(keeper).get(f"/api/v1/shipments/{shipment.id}/labels/pdf?lang=en").get_data())
    assert "TO" in text and "Outbound" in text and "14.4 kg" in text
