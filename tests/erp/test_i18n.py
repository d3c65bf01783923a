"""Chinese first: every message in the code has a Chinese translation, compiled."""
from __future__ import annotations

import pytest
from babel.messages.mofile import read_mo

from erp import i18n_tools


@pytest.mark.parametrize("package", [p for p in i18n_tools.PACKAGES if (i18n_tools.ROOT / p).is_dir()])
def test_every_message_has_a_chinese_translation(package):
    assert i18n_tools.untranslated(package) == []


@pytest.mark.parametrize("package", [p for p in i18n_tools.PACKAGES
                                     if i18n_tools.po_path(p).exists()])
def test_compiled_catalogs_match_their_sources(package):
    po = i18n_tools.load_po(package)
    with i18n_tools.po_path(package).with_suffix(".mo").open("rb") as f:
        mo = read_mo(f)
    for message in po:
        if message.id and message.string:
            assert mo.get(message.id) is not None and mo.get(message.id).string == message.string, message.id


def test_the_catalog_folder_is_named_so_that_flask_babel_finds_it():
    # Flask-Babel reads zh_CN as zh_Hans_CN: a zh_CN folder would silently leave the UI in English.
    assert i18n_tools.LOCALE == "zh_Hans_CN"
    assert (i18n_tools.ROOT / "erp" / "translations" / "zh_Hans_CN" / "LC_MESSAGES" / "messages.mo").exists()


def test_one_english_message_has_one_chinese_translation_across_packages():
    """The packages' catalogs are merged at run time: the same message translated two ways
    would show one of them at random on the other package's pages."""
    seen: dict[str, dict[str, str]] = {}
    for package in i18n_tools.PACKAGES:
        if not i18n_tools.po_path(package).exists():
            continue
        for message in i18n_tools.load_po(package):
            if message.id and message.string:
                key = message.id if isinstance(message.id, str) else message.id[0]
                value = message.string if isinstance(message.string, str) else message.string[0]
                seen.setdefault(key, {})[package] = value
    conflicts = {k: v for k, v in seen.items() if len(set(v.values())) > 1}
    assert conflicts == {}


# --- what a user sees: the pages in Chinese (the default) and in English -----------------------

def _text(html: str) -> str:
    """The words a user reads on a page (no tags, attributes, scripts or styles)."""
    import re
    from html import unescape

    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _title(html: str) -> str:
    import re

    return _text(re.search(r"<title>(.*?)</title>", html, flags=re.S).group(1)).strip()


def _read(client, url: str, lang: str) -> str:
    response = client.get(url + ("&" if "?" in url else "?") + f"lang={lang}")
    assert response.status_code == 200, (url, lang, response.status_code)
    return response.get_data(as_text=True)


def test_the_numbering_page_names_document_types_and_restarts_in_the_page_language(client, login, make_user):
    login(make_user("admin"))
    zh, en = (_text(_read(client, "/admin/numbering", lang)) for lang in ("zh_Hans_CN", "en"))
    assert "销售订单" in zh and "信用额度调整单" in zh and "发运单" in zh
    assert "每天" in zh and "每月" in zh and "每年" in zh and "从不" in zh
    assert "Sales order" in en and "Credit limit change" in en and "Shipment" in en
    assert "Every day" in en and "Every month" in en and "Every year" in en and "Never" in en
    for text in (zh, en):
        for code in ("sales_order", "credit_change", "daily", "monthly", "yearly", "never"):
            assert f" {code} " not in text, code
    assert "销售订单" not in en and "每月" not in en


def test_the_settings_page_labels_follow_the_page_language(client, login, make_user):
    login(make_user("admin"))
    zh, en = (_text(_read(client, "/admin/settings", lang)) for lang in ("zh_Hans_CN", "en"))
    for label in ("公司名称", "公司英文名称", "纳税人识别号", "尾差核销上限（元）", "采购超收容差", "超信用额度的销售订单"):
        assert label in zh, label
    assert "最多多收 5%" in zh  # the help under a setting, with its per cent sign
    assert "Company name (English)" not in zh
    for label in ("Company name", "Company name (English)", "Taxpayer identification number",
                  "Write-off limit for small differences (yuan)", "Over-receipt tolerance (purchasing)",
                  "Sales orders over the credit limit"):
        assert label in en, label
    assert "at most 5% more" in en
    for label in ("公司名称", "纳税人识别号", "尾差核销上限", "采购超收容差", "每级编码长度"):
        assert label not in en, label


def test_roles_and_permissions_are_named_in_the_page_language(client, login, make_user):
    login(make_user("admin", "sales_clerk"))
    zh = {url: _text(_read(client, url, "zh_Hans_CN")) for url in ("/admin/roles", "/admin/users", "/")}
    en = {url: _text(_read(client, url, "en")) for url in ("/admin/roles", "/admin/users", "/")}
    assert "审核销售订单" in zh["/admin/roles"] and "经理审核销售订单（大额、低于最低售价、超信用额度）" in zh["/admin/roles"]
    assert "Approve sales orders" in en["/admin/roles"] and "View the audit log" in en["/admin/roles"]
    assert "审核销售订单" not in en["/admin/roles"] and "查看审计日志" not in en["/admin/roles"]
    for url in ("/admin/roles", "/admin/users", "/"):
        assert "系统管理员" in zh[url] and "订单客服" in zh[url], url
        assert "Administrator" in en[url] and "Sales clerk" in en[url], url
        assert "系统管理员" not in en[url] and "订单客服" not in en[url], url


def test_a_renamed_role_keeps_its_own_name_in_both_languages(db, client, login, make_user):
    from sqlalchemy import select

    from erp.auth.models import Role

    role = db.scalars(select(Role).where(Role.code == "sales_clerk")).one()
    role.name = "门店客服"
    db.flush()
    login(make_user("admin"))
    for lang in ("zh_Hans_CN", "en"):
        assert "门店客服" in _text(_read(client, "/admin/roles", lang))


def test_documents_are_named_in_the_page_language_and_stored_text_stays_chinese(demo_on_sqlite, db, app, client,
                                                                               login, make_user):
    import re

    from sqlalchemy import select

    from erp.documents import approvals
    from erp.documents.approval_models import ApprovalRequest, ApprovalRule
    from erp.documents.base import DOCUMENT_TYPES, DocState
    from erp.sales.delivery.models import DeliveryNote
    from erp.sales.delivery.outbounds import make_outbound
    from erp.sales.delivery.services import (
        approve_delivery_note,
        make_delivery_note,
        remaining_of_order,
    )
    from erp.sales.orders.models import SalesOrder
    from inventory.outbounds.models import Outbound

    admin = make_user("admin")
    login(admin)
    outbound = db.scalars(select(Outbound).where(Outbound.state == DocState.APPROVED,
                                                 Outbound.origin_type == "delivery_note").order_by(Outbound.id)).first()
    note = db.get(DeliveryNote, outbound.origin_id)
    order = note.order
    chain = {}
    for lang in ("zh_Hans_CN", "en"):
        html = _read(client, f"/inventory/outbounds/{outbound.id}", lang)
        chain[lang, "title"] = _title(html)
        html = _read(client, f"/sales-orders/{order.id}", lang)
        chain[lang] = _text(re.search(r'<div class="chain card">(.*?)</div>', html, flags=re.S).group(1))
        chain[lang, "order"] = _title(html)
        chain[lang, "return"] = _text(re.search(r"<h1>(.*?)</h1>",
                                                _read(client, f"/sales-returns/new/{outbound.id}", lang),
                                                flags=re.S).group(1))
    assert chain["zh_Hans_CN", "title"].startswith(f"销售出库单 {outbound.number} · ")
    assert chain["en", "title"].startswith(f"Outbound {outbound.number} · ")
    assert chain["zh_Hans_CN", "order"].startswith(f"销售订单 {order.number} · ")
    assert chain["en", "order"].startswith(f"Sales order {order.number} · ")
    for part in (f"销售订单 {order.number} →", f"→ 发货单 {note.number}", f"→ 销售出库单 {outbound.number}"):
        assert part in chain["zh_Hans_CN"], (part, chain["zh_Hans_CN"])
    for part in (f"Sales order {order.number} →", f"→ Delivery note {note.number}", f"→ Outbound {outbound.number}"):
        assert part in chain["en"], (part, chain["en"])
    assert "销售" not in chain["en"] and "发货单" not in chain["en"]
    assert chain["zh_Hans_CN", "return"].strip() == f"退货单 · 销售出库单 {outbound.number}"
    assert chain["en", "return"].strip() == f"Sales return · Outbound {outbound.number}"

    # The approval inbox: the document, its type and the permission waited for.
    [waiting] = [r for r in approvals.waiting_requests(db) if r.doc_type == "sales_order"][:1]
    zh, en = (_text(_read(client, "/approvals", lang)) for lang in ("zh_Hans_CN", "en"))
    assert waiting.doc_label.startswith("销售订单 ")
    label = waiting.doc_label.removeprefix("销售订单 ")
    assert f"销售订单 {label}" in zh and "经理审核销售订单（大额、低于最低售价、超信用额度）" in zh
    assert f"Sales order {label}" in en
    assert "Manager approval of sales orders (large amounts, below the minimum price, over the credit limit)" in en
    assert "销售订单" not in en and "经理审核" not in en
    for text in (zh, en):
        assert "sales_order.approve_manager" not in text

    # The approval rules: document types, flags and approver permissions.
    zh, en = (_text(_read(client, "/admin/approval-rules", lang)) for lang in ("zh_Hans_CN", "en"))
    assert "销售订单" in zh and "采购订单" in zh and "低于最低售价" in zh
    assert "Sales order" in en and "Purchase order" in en and "Below the minimum price" in en
    assert "Manager approval of purchase orders (large amounts)" in en
    for rule in db.scalars(select(ApprovalRule)):
        en = en.replace(rule.name, "")  # the names admins gave their rules are theirs
    for word in ("销售订单", "采购订单", "采购发票", "低于最低售价", "经理审核"):
        assert word not in en, word

    # Text written while an English page is served is stored in Chinese, as before.
    with app.test_request_context("/?lang=en"):
        assert str(order) == f"Sales order {order.number}"
        assert order.name_zh == f"销售订单 {order.number}"
        draft = next(d for cls in DOCUMENT_TYPES.values()
                     for d in db.scalars(select(cls).where(cls.state == DocState.DRAFT).limit(1)))
        approvals.submit(db, admin, draft)
        open_order = next(o for o in db.scalars(select(SalesOrder).where(SalesOrder.state == DocState.APPROVED))
                          if any(v > 0 for v in remaining_of_order(db, o).values()))
        new_note = make_delivery_note(db, admin, open_order.id, {})
        approve_delivery_note(db, admin, new_note.id)
        new_outbound = make_outbound(db, admin, new_note.id, {})
    request = db.scalars(select(ApprovalRequest).where(ApprovalRequest.doc_type == draft.__doc_type__,
                                                       ApprovalRequest.doc_id == draft.id)).one()
    zh_name, en_name = draft.__doc_label__
    assert request.doc_label == f"{zh_name} #{draft.id}"
    assert {line.price_source for line in new_note.lines} == {f"销售订单 {open_order.number}"}
    assert new_outbound.note == f"发货单 {new_note.number}"
    assert f"{en_name} #{draft.id}" in _text(_read(client, "/approvals", "en"))
    assert f"{zh_name} #{draft.id}" in _text(_read(client, "/approvals", "zh_Hans_CN"))
