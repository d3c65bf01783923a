"""The PDF endpoints of every printable document: a named PDF for each, several documents in
one PDF (each from a new page with its own "page x of y"), the view permission, 404s."""
from __future__ import annotations

import pytest

from printing.printables import PRINTABLES
from tests import factories
from tests.printing.paper import page_count
from tests.printing.pdfs import all_text, decoded_values, page_texts


@pytest.fixture
def admin(make_user):
    return make_user("admin")


def test_every_printable_document_comes_back_as_a_named_pdf(api, admin, paper):
    assert set(paper) == {p.key for p in PRINTABLES}
    for printable in PRINTABLES:
        doc = paper[printable.key]
        response = api(admin).get(f"/api/v1/{printable.resource}/{doc.id}/{printable.path}?lang=zh")
        assert response.status_code == 200, (printable.key, response.get_json())
        assert response.mimetype == "application/pdf"
        name = printable.filename(doc)
        assert response.headers["Content-Disposition"] == f'inline; filename="{name}"', printable.key
        assert response.headers["Cache-Control"] == "private, no-store"
        pdf = response.get_data()
        text = all_text(pdf)
        assert "上海惠万家商贸有限公司" in text and "第 1 页 / 共" in text, printable.key
        if doc.number and getattr(doc, "state", None) is not None and doc.state.value == "approved":
            assert doc.number in decoded_values(pdf)[0], printable.key


def test_a_file_name_is_the_number_or_for_a_draft_the_kind_and_id(paper):
    by_key = {p.key: p for p in PRINTABLES}
    order, stock_out = paper["sales_order"], paper["stock_out"]
    assert by_key["sales_order"].filename(order) == f"{order.number}.pdf"
    assert order.number.startswith("SO")
    assert by_key["stock_out"].filename(stock_out) == f"stock-out-{stock_out.id}.pdf"
    assert by_key["pick_list"].filename(paper["outbound"]) == f"pick-list-{paper['outbound'].number}.pdf"
    assert by_key["stocktake"].filename(paper["stocktake"]) == f"count-sheet-{paper['stocktake'].id}.pdf"


def test_english_is_printed_on_request_or_for_an_english_user(api, admin, paper, make_user):
    order = paper["sales_order"]
    text = all_text(api(admin).get(f"/api/v1/sales-orders/{order.id}/pdf?lang=en").get_data())
    assert "Sales order confirmation" in text and "Page 1 of 1" in text
    english = make_user("sales_clerk", locale="en")
    text = all_text(api(english).get(f"/api/v1/sales-orders/{order.id}/pdf").get_data())
    assert "Sales order confirmation" in text


def test_list_printing_puts_the_documents_one_after_another_each_with_its_own_page_count(api, admin, chain, paper):
    water = chain.product(name="测试长单商品")
    customer = chain.customer(name="第二家超市", uscc=None)
    long_order = chain.order(customer, [(water, 1)] * 80)
    short = paper["sales_order"]
    alone = [page_count(api(admin).get(f"/api/v1/sales-orders/{i}/pdf").get_data()) for i in (long_order.id, short.id)]
    assert alone[0] >= 2 and alone[1] == 1
    response = api(admin).get(f"/api/v1/sales-orders/pdf?ids={long_order.id},{short.id}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == 'inline; filename="sales-orders-2.pdf"'
    pdf = response.get_data()
    pages = page_texts(pdf)
    assert len(pages) == sum(alone)
    for number in range(1, alone[0] + 1):
        assert f"第 {number} 页 / 共 {alone[0]} 页" in pages[number - 1] and long_order.number in pages[number - 1]
    assert "第 1 页 / 共 1 页" in pages[-1] and short.number in pages[-1] and "第二家超市" not in pages[-1]
    assert decoded_values(pdf) == [{long_order.number}] * alone[0] + [{short.number}]


def test_the_checkboxes_of_a_list_page_may_send_the_ids_one_by_one(api, admin, paper):
    note = paper["delivery_note"]
    response = api(admin).get(f"/api/v1/delivery-notes/pdf?ids={note.id}&ids={note.id}&lang=")
    assert response.status_code == 200 and page_count(response.get_data()) == 1


def test_pick_lists_and_count_sheets_print_in_lists_too(api, admin, paper):
    outbound, stocktake = paper["outbound"], paper["stocktake"]
    response = api(admin).get(f"/api/v1/outbounds/pick-lists/pdf?ids={outbound.id}")
    assert response.status_code == 200 and "拣货单" in all_text(response.get_data())
    response = api(admin).get(f"/api/v1/stocktakes/pdf?ids={stocktake.id}&blind=true")
    assert response.status_code == 200 and "盲盘" in all_text(response.get_data())


def test_printing_needs_the_documents_view_permission(api, make_user, paper):
    clerk, purchaser = make_user("sales_clerk"), make_user("purchaser")
    for printable in PRINTABLES:
        nobody = purchaser if not purchaser.can(printable.permission) else clerk
        assert not nobody.can(printable.permission), printable.key
        doc = paper[printable.key]
        one = api(nobody).get(f"/api/v1/{printable.resource}/{doc.id}/{printable.path}")
        many = api(nobody).get(f"/api/v1{printable.list_rule}?ids={doc.id}")
        assert (one.status_code, many.status_code) == (403, 403), printable.key
        assert one.get_json()["error"]["code"] == "forbidden"


def test_a_missing_document_is_a_404_and_a_list_names_the_missing_ones(api, admin, paper):
    assert api(admin).get("/api/v1/invoices/987654/pdf").status_code == 404
    assert api(admin).get("/api/v1/outbounds/987654/pick-list/pdf").status_code == 404
    assert api(admin).get("/api/v1/shipments/987654/pdf").status_code == 404
    order = paper["sales_order"]
    response = api(admin).get(f"/api/v1/sales-orders/pdf?ids={order.id},987654,987655")
    assert response.status_code == 404
    assert "987654, 987655" in response.get_json()["error"]["message"]


@pytest.mark.parametrize("query", ["", "ids=", "ids=a,b", "ids=0", "ids=1&lang=fr"])
def test_bad_ids_or_language_are_a_422(api, admin, query):
    assert api(admin).get(f"/api/v1/quotes/pdf?{query}").status_code == 422


def test_a_user_limited_to_another_warehouse_cannot_print_its_stock_documents(api, db, paper, make_warehouse):
    elsewhere = make_warehouse()
    limited = factories.user(db, roles=("warehouse",), warehouse_ids=[elsewhere.id])
    outbound = paper["outbound"]
    assert api(limited).get(f"/api/v1/outbounds/{outbound.id}/pdf").status_code == 403
    assert api(limited).get(f"/api/v1/outbounds/pick-lists/pdf?ids={outbound.id}").status_code == 403
    assert api(limited).get(f"/api/v1/shipments/{paper['shipment'].id}/pdf").status_code == 403


def test_case_labels_of_an_outbound_are_one_per_case_of_each_batch(api, db, chain, people):
    water = chain.product(name="可口可乐 330ml", batches=(("C1", 100), ("C2", 300)))
    water.packings[0].barcode = "16901234567899"
    db.flush()
    # 300 cans from two batches of 240: 10 cases of the first, 3 cases (60 cans, 2.5 cases) of the second.
    outbound = chain.shipped(chain.customer(), [(water, 300)])[2]
    response = api(people["keeper"]).get(f"/api/v1/outbounds/{outbound.id}/case-labels/pdf")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'inline; filename="case-labels-{outbound.number}.pdf"'
    values = decoded_values(response.get_data())
    first, second = (b.expiry_date.strftime("%y%m%d") for b in sorted(
        {a.batch for a in outbound.lines[0].allocations}, key=lambda b: b.expiry_date))
    assert len(values) == 13
    assert values[0] == {f"(01)16901234567899(17){first}(10)C1", "16901234567899"}
    assert values[-1] == {f"(01)16901234567899(17){second}(10)C2", "16901234567899"}


def test_case_labels_of_goods_without_a_case_barcode_are_a_422_naming_the_product(api, paper, people):
    response = api(people["keeper"]).get(f"/api/v1/outbounds/{paper['outbound'].id}/case-labels/pdf",
                                         headers={"Accept-Language": "en"})
    assert response.status_code == 422 and "no barcode" in response.get_json()["error"]["message"]


def test_the_pdf_endpoints_are_documented(api, admin):
    paths = api(admin).get("/api/v1/openapi.json").get_json()["paths"]
    for printable in PRINTABLES:
        rule = f"/api/v1{printable.rule}".replace("<int:doc_id>", "{doc_id}")
        assert "application/pdf" in paths[rule]["get"]["responses"]["200"]["content"], rule
        assert f"/api/v1{printable.list_rule}" in paths
