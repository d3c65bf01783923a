"""The sales chain through the HTTP API: each step made from the one before with
``POST /{upstream}/{id}/{downstream}``, moved with ``POST /{resource}/{id}/{verb}``, and
every refusal a clear 4xx naming the reason, with nothing written."""
from __future__ import annotations

from decimal import Decimal as D

from sqlalchemy import func, select

from erp.sales.delivery.models import DeliveryNote
from erp.sales.invoices.models import SalesInvoice
from erp.sales.orders.models import SalesOrder
from tests.sales.conftest import days


def people_api(api, people):
    return {name: api(user) for name, user in people.items()}


def order_body(customer, product, qty="10", unit_id=None, **extra):
    line = {"product_id": product.id, "qty": qty}
    if unit_id:
        line["unit_id"] = unit_id
    return {"customer_id": customer.id, "lines": [line], **extra}


def test_partial_delivery_4_then_6_and_one_invoice_for_both_through_the_api(api, people, make_customer, stocked, wh):
    who = people_api(api, people)
    product = stocked(240)
    case = product.case_packing.unit_id
    created = who["clerk"].post("/api/v1/sales-orders", json=order_body(make_customer(), product, "10", case,
                                                                          warehouse_id=wh.id))
    assert created.status_code == 201, created.get_json()
    order = created.get_json()
    assert order["total_gross"] == "2400.00" and order["lines"][0]["qty_base"] == "240.0000"
    approved = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/approve").get_json()
    assert approved["state"] == "approved" and approved["number"].startswith("SO")

    line_id = order["lines"][0]["id"]
    first = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/delivery-notes",
                              json={"lines": [{"origin_line_id": line_id, "qty": "4"}]})
    assert first.status_code == 201, first.get_json()
    too_much = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/delivery-notes",
                                 json={"lines": [{"origin_line_id": line_id, "qty": "7"}]})
    assert too_much.status_code == 422
    assert "只剩 6 箱" in too_much.get_json()["error"]["message"]
    second = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/delivery-notes", json={})
    assert second.get_json()["lines"][0]["qty"] == "6.0000"

    outbound_ids = []
    for note in (first.get_json(), second.get_json()):
        assert who["clerk"].post(f"/api/v1/delivery-notes/{note['id']}/approve").status_code == 200
        made = who["keeper"].post(f"/api/v1/delivery-notes/{note['id']}/outbounds", json={})
        assert made.status_code == 201, made.get_json()
        outbound = made.get_json()
        assert outbound["origin_type"] == "delivery_note" and outbound["origin_id"] == note["id"]
        assert who["keeper"].post(f"/api/v1/outbounds/{outbound['id']}/approve").status_code == 200
        outbound_ids.append(outbound["id"])

    progress = who["clerk"].get(f"/api/v1/sales-orders/{order['id']}/progress").get_json()
    assert progress[0]["shipped"] == "240.0000" and progress[0]["to_deliver"] == "0.0000"
    invoice = who["clerk"].post("/api/v1/invoices", json={"outbound_ids": outbound_ids})
    assert invoice.status_code == 201, invoice.get_json()
    body = invoice.get_json()
    assert body["total_gross"] == "2400.00" and body["amount_in_words"] == "贰仟肆佰元整"
    assert who["clerk"].post(f"/api/v1/invoices/{body['id']}/approve").status_code == 403
    done = who["finance"].post(f"/api/v1/invoices/{body['id']}/approve").get_json()
    assert done["state"] == "approved" and done["amount_open"] == "2400.00" and done["number"].startswith("XSFP")
    final = who["clerk"].get(f"/api/v1/sales-orders/{order['id']}").get_json()
    assert final["fulfilment"] == "invoiced" and final["lines"][0]["qty_invoiced"] == "240.0000"


def test_the_quote_becomes_an_order_and_an_expired_one_is_refused(api, people, make_customer, stocked, wh, db):
    who = people_api(api, people)
    product, customer = stocked(), make_customer()
    quote = who["clerk"].post("/api/v1/quotes", json={**order_body(customer, product, "12"),
                                                     "valid_until": days(7).isoformat()}).get_json()
    assert who["clerk"].post(f"/api/v1/quotes/{quote['id']}/approve").get_json()["state"] == "approved"
    made = who["clerk"].post(f"/api/v1/quotes/{quote['id']}/sales-orders",
                             json={"warehouse_id": wh.id, "lines": [{"origin_line_id": quote["lines"][0]["id"],
                                                                     "qty": "5"}]})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["quote_id"] == quote["id"] and made.get_json()["lines"][0]["origin_line_id"]

    expired = who["clerk"].post("/api/v1/quotes", json={**order_body(customer, product), "doc_date": days(-20).isoformat(),
                                                       "valid_until": days(-1).isoformat()}).get_json()
    who["clerk"].post(f"/api/v1/quotes/{expired['id']}/approve")
    before = db.scalar(select(func.count(SalesOrder.id)))
    refused = who["clerk"].post(f"/api/v1/quotes/{expired['id']}/sales-orders", json={"warehouse_id": wh.id})
    assert refused.status_code == 409
    assert refused.get_json()["error"]["code"] == "quote_expired"
    assert days(-1).isoformat() in refused.get_json()["error"]["message"]
    assert db.scalar(select(func.count(SalesOrder.id))) == before


def test_bad_input_is_a_4xx_naming_the_reason_and_nothing_is_written(api, people, make_customer, make_product,
                                                                     stocked, wh, db):
    who = people_api(api, people)
    product = stocked()
    inactive_customer = make_customer(active=False)
    inactive_product = make_product(active=False)
    before = db.scalar(select(func.count(SalesOrder.id)))
    response = who["clerk"].post("/api/v1/sales-orders", json=order_body(inactive_customer, product))
    assert response.status_code == 422 and "customer_id" in response.get_json()["error"]["fields"]
    response = who["clerk"].post("/api/v1/sales-orders", json=order_body(make_customer(), inactive_product))
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["lines"]["0"]["product_id"]
    response = who["keeper"].post("/api/v1/sales-orders", json=order_body(make_customer(), product))
    assert response.status_code == 403
    assert db.scalar(select(func.count(SalesOrder.id))) == before

    order = who["clerk"].post("/api/v1/sales-orders", json=order_body(make_customer(), product,
                                                                     warehouse_id=wh.id)).get_json()
    assert who["keeper"].post(f"/api/v1/sales-orders/{order['id']}/approve").status_code == 403
    who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/approve")
    edited = who["clerk"].patch(f"/api/v1/sales-orders/{order['id']}", json={"note": "改"})
    assert edited.status_code == 409 and edited.get_json()["error"]["code"] == "read_only"
    assert who["clerk"].delete(f"/api/v1/sales-orders/{order['id']}").status_code == 409
    notes = db.scalar(select(func.count(DeliveryNote.id)))
    over = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/delivery-notes",
                             json={"lines": [{"origin_line_id": order["lines"][0]["id"], "qty": "11"}]})
    assert over.status_code == 422 and "只剩 10 瓶" in over.get_json()["error"]["message"]
    assert db.scalar(select(func.count(DeliveryNote.id))) == notes


def test_invoicing_another_customers_outbound_is_a_409_naming_it(api, people, sales, make_customer, stocked):
    who = people_api(api, people)
    product = stocked()
    mine = sales.ship(sales.deliver(sales.order(make_customer(), [{"product_id": product.id, "qty": D(2)}])))
    other = make_customer(name="别家超市有限公司")
    theirs = sales.ship(sales.deliver(sales.order(other, [{"product_id": product.id, "qty": D(2)}])))
    sales.db.flush()
    invoices_before = sales.db.scalar(select(func.count(SalesInvoice.id)))
    response = who["clerk"].post("/api/v1/invoices", json={"outbound_ids": [mine.id, theirs.id]})
    assert response.status_code == 409
    assert response.get_json()["error"]["code"] == "other_customer"
    assert "别家超市有限公司" in response.get_json()["error"]["message"]
    assert sales.db.scalar(select(func.count(SalesInvoice.id))) == invoices_before
    made = who["clerk"].post(f"/api/v1/outbounds/{mine.id}/invoices", json={})
    assert made.status_code == 201 and made.get_json()["outbound_ids"] == [mine.id]


def test_a_return_and_its_credit_note_through_the_api(api, people, sales, make_customer, make_tracked, receive, wh,
                                                      stock_of):
    who = people_api(api, people)
    product = make_tracked()
    batch = receive(product, wh, 10, "4.00")
    order, note, outbound, invoice = sales.full_chain(make_customer(), [{"product_id": product.id, "qty": D(10)}])
    made = who["clerk"].post(f"/api/v1/outbounds/{outbound.id}/sales-returns", json={
        "reason": "临期", "lines": [{"origin_line_id": outbound.lines[0].id, "qty": "2"}]})
    assert made.status_code == 201, made.get_json()
    back = made.get_json()
    assert back["lines"][0]["batch_id"] == batch.id
    assert who["keeper"].post(f"/api/v1/sales-returns/{back['id']}/approve").status_code == 200
    assert stock_of(product, wh, batch)[0] == D(2)
    credits = who["clerk"].post(f"/api/v1/sales-returns/{back['id']}/credit-notes", json={})
    assert credits.status_code == 201, credits.get_json()
    [credit] = credits.get_json()
    assert credit["invoice_id"] == invoice.id and credit["total_gross"] == "20.00"
    approved = who["finance"].post(f"/api/v1/credit-notes/{credit['id']}/approve").get_json()
    assert approved["state"] == "approved" and approved["invoice_amount_open"] == "80.00"
    refused = who["keeper"].post(f"/api/v1/sales-returns/{back['id']}/unapprove")
    assert refused.status_code == 409 and credit["id"] and "红字发票" in refused.get_json()["error"]["message"]


def test_a_customer_over_its_credit_limit_waits_in_the_managers_inbox(api, people, make_customer, stocked, wh):
    who = people_api(api, people)
    customer = make_customer(credit_limit=D("50.00"))
    order = who["clerk"].post("/api/v1/sales-orders", json=order_body(customer, stocked(), "10",
                                                                     warehouse_id=wh.id)).get_json()
    pending = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/approve").get_json()
    assert pending["state"] == "pending" and pending["number"] is None
    again = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/approve")
    assert again.status_code == 403 and again.get_json()["error"]["code"] == "approval_level"
    assert "经理审核销售订单" in again.get_json()["error"]["message"]
    inbox = who["manager"].get("/api/v1/approvals/inbox").get_json()
    assert [(r["doc_type"], r["doc_id"]) for r in inbox] == [("sales_order", order["id"])]
    assert "信用额度 50.00" in inbox[0]["reasons"]
    assert who["clerk"].get("/api/v1/approvals/inbox").get_json() == []
    credit = who["clerk"].get(f"/api/v1/customers/{customer.id}/credit").get_json()
    assert (credit["limit"], credit["exposure"], credit["available"]) == ("50.00", "0.00", "50.00")
    assert who["manager"].post(f"/api/v1/sales-orders/{order['id']}/approve").get_json()["state"] == "approved"
    credit = who["clerk"].get(f"/api/v1/customers/{customer.id}/credit").get_json()
    assert (credit["open_orders"], credit["available"]) == ("100.00", "-50.00")


def test_a_price_below_the_minimum_is_flagged_and_shown_while_typing(api, people, make_customer, stocked, wh):
    who = people_api(api, people)
    product, customer = stocked(min_price=D("9.00")), make_customer()
    price = who["clerk"].get(f"/api/v1/sales-orders/line-price?customer_id={customer.id}&product_id={product.id}"
                             f"&unit_id={product.case_packing.unit_id}&qty=2&warehouse_id={wh.id}").get_json()
    assert (price["unit_price"], price["min_price"], price["below_min"], price["available"]) == (
        "240.000000", "216.000000", False, "10.0000")
    order = who["clerk"].post("/api/v1/sales-orders", json={"customer_id": customer.id, "warehouse_id": wh.id,
                                                           "lines": [{"product_id": product.id, "qty": "5",
                                                                      "unit_price": "8.80"}]}).get_json()
    assert who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/approve").get_json()["state"] == "pending"
    [request] = who["manager"].get("/api/v1/approvals/inbox").get_json()
    assert request["next_name"] == "低于最低售价经理审批" and "8.8 < 9" in request["reasons"]


def test_unapprove_is_refused_with_a_delivery_note_and_allowed_after_it_is_deleted(api, people, make_customer,
                                                                                  stocked, wh):
    who = people_api(api, people)
    order = who["clerk"].post("/api/v1/sales-orders", json=order_body(make_customer(), stocked(), "3",
                                                                     warehouse_id=wh.id)).get_json()
    who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/approve")
    note = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/delivery-notes", json={}).get_json()
    refused = who["manager"].post(f"/api/v1/sales-orders/{order['id']}/unapprove", json={"reason": "改单"})
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "downstream_exists"
    assert "发货单" in refused.get_json()["error"]["message"]
    assert who["clerk"].delete(f"/api/v1/delivery-notes/{note['id']}").status_code == 200
    allowed = who["manager"].post(f"/api/v1/sales-orders/{order['id']}/unapprove", json={"reason": "改单"})
    assert allowed.status_code == 200 and allowed.get_json()["state"] == "draft"


def test_two_orders_are_invoiced_together_from_their_delivery_notes(api, people, sales, make_customer, stocked):
    who = people_api(api, people)
    customer, product = make_customer(), stocked()
    notes = []
    for qty in (D(3), D(4)):
        note = sales.deliver(sales.order(customer, [{"product_id": product.id, "qty": qty}]))
        sales.ship(note)
        notes.append(note.id)
    sales.db.flush()
    made = who["finance"].post("/api/v1/invoices", json={"delivery_note_ids": notes})
    assert made.status_code == 201, made.get_json()
    assert made.get_json()["total_gross"] == "70.00" and len(made.get_json()["lines"]) == 2


def test_copying_an_order_through_the_api_makes_a_new_draft(api, people, make_customer, stocked, wh):
    who = people_api(api, people)
    order = who["clerk"].post("/api/v1/sales-orders", json=order_body(make_customer(), stocked(), "6",
                                                                     warehouse_id=wh.id)).get_json()
    copy = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/copy", json={})
    assert copy.status_code == 201
    assert copy.get_json()["id"] != order["id"] and copy.get_json()["lines"][0]["qty"] == "6.0000"


def test_a_refused_verb_names_the_action_and_the_states_in_the_users_language(api, people, make_customer, stocked,
                                                                              wh):
    who = people_api(api, people)
    product = stocked(240)
    order = who["clerk"].post("/api/v1/sales-orders", json=order_body(make_customer(), product, "1",
                                                                        warehouse_id=wh.id)).get_json()
    assert who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/approve").status_code == 200
    number = who["clerk"].get(f"/api/v1/sales-orders/{order['id']}").get_json()["number"]
    again = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/approve")
    assert again.status_code == 409
    message = again.get_json()["error"]["message"]
    assert message.startswith("无法审核") and number in message
    assert message.endswith("：它的状态是“已审核”，只有“未审核、审核中”的单据可以。")
    english = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/approve", headers={"Accept-Language": "en"})
    message = english.get_json()["error"]["message"]
    assert message.startswith("Cannot approve ") and number in message
    assert message.endswith(": it is approved; only draft, pending approval can be.")
    forbidden = who["clerk"].post(f"/api/v1/sales-orders/{order['id']}/reopen")
    assert forbidden.status_code == 403
    assert forbidden.get_json()["error"]["message"] == "您没有权限：关闭销售订单（短交结案）（sales_order.close）。"
    reopened = who["manager"].post(f"/api/v1/sales-orders/{order['id']}/reopen")
    assert reopened.get_json()["error"]["message"].endswith("：它的状态是“已审核”，只有“已关闭”的单据可以。")
