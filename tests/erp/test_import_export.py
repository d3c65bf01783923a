"""Import and export of customers and products (CSV and XLSX): a file is imported whole or
refused whole with a report per row and column; an export re-imports unchanged."""
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from erp.customers.io import CUSTOMER_TABLE
from erp.customers.models import Customer
from erp.errors import Forbidden, ValidationFailed
from erp.imports.files import read_table, write_csv
from erp.imports.services import ImportRefused, export_rows, run_import
from erp.masterdata.identifiers import with_check_digit, with_uscc_check
from erp.products.io import PRODUCT_TABLE
from erp.products.models import Product
from tests import factories

USCC_A = with_uscc_check("91310104MA1FR0XK1")
USCC_B = with_uscc_check("92310115MA1K3YQ65")
BAD_USCC = USCC_A[:-1] + ("0" if USCC_A[-1] != "0" else "1")
PIECE = with_check_digit("690288800001")
CASE = with_check_digit("1690288800001")
HEADERS = ["客户编码", "客户名称", "客户分类编码", "统一社会信用代码", "信用额度", "账期天数", "联系人", "联系人电话",
           "收货地址", "启用"]


def csv_bytes(rows, headers=HEADERS, encoding="utf-8-sig") -> bytes:
    text = "\r\n".join(",".join(map(str, r)) for r in [headers] + rows)
    return text.encode(encoding)


def customers(db) -> int:
    return db.scalar(select(func.count(Customer.id)))


@pytest.fixture
def manager(make_user):
    return make_user("sales_manager")


@pytest.fixture
def category(db):
    return factories.customer_category(db, code="71", name="超市")


def good_rows():
    return [["C7001", "苏州惠民超市有限公司", "71", USCC_A, "30000", "30", "张三", "13912345678", "人民路8号", "是"],
            ["C7002", "无锡好又多便利店", "71", USCC_B, "", "0", "", "", "", "否"]]


# --- the machinery ---------------------------------------------------------------------------------

def test_a_csv_with_chinese_headers_creates_customers_and_says_so(db, manager, category):
    result = run_import(db, manager, CUSTOMER_TABLE, read_table(csv_bytes(good_rows())))
    assert (result.created, result.updated) == (2, 0)
    assert [(r.row, r.key, r.action) for r in result.rows] == [(2, "C7001", "created"), (3, "C7002", "created")]
    first = db.scalar(select(Customer).where(Customer.code == "C7001"))
    assert first.credit_limit == Decimal("30000.00") and first.contacts[0].phone == "13912345678"
    assert first.default_address.address == "人民路8号"
    second = db.scalar(select(Customer).where(Customer.code == "C7002"))
    assert second.active is False and second.credit_limit is None


def test_importing_again_updates_by_code(db, manager, category):
    run_import(db, manager, CUSTOMER_TABLE, read_table(csv_bytes(good_rows())))
    rows = good_rows()
    rows[0][1] = "苏州惠民超市（改名）"
    result = run_import(db, manager, CUSTOMER_TABLE, read_table(csv_bytes(rows)))
    assert (result.created, result.updated) == (0, 2)
    customer = db.scalar(select(Customer).where(Customer.code == "C7001"))
    assert customer.name == "苏州惠民超市（改名）" and len(customer.contacts) == 1


def test_english_headers_and_gb18030_files_are_read(db, manager, category):
    headers = ["Code", "Name", "Category code", "USCC", "credit_limit"]
    rows = [["C7101", "常州便民商店", "71", USCC_A, "500"]]
    result = run_import(db, manager, CUSTOMER_TABLE, read_table(csv_bytes(rows, headers, encoding="gb18030")))
    assert result.created == 1
    assert db.scalar(select(Customer.name).where(Customer.code == "C7101")) == "常州便民商店"


def test_a_bad_file_is_refused_whole_with_a_report_per_row_and_column(db, manager, category):
    rows = good_rows() + [
        ["C7003", "坏代码商店", "71", BAD_USCC, "", "0", "", "", "", "是"],
        ["C7004", "未知分类商店", "99", "", "abc", "0", "", "", "", "也许"],
        ["C7001", "重复编码", "71", "", "", "0", "", "", "", "是"],
    ]
    before = customers(db)
    with pytest.raises(ImportRefused) as caught:
        run_import(db, manager, CUSTOMER_TABLE, read_table(csv_bytes(rows)))
    assert caught.value.fields == {
        "4": {"统一社会信用代码": ["The check character of this unified social credit code is wrong."]},
        "5": {"启用": ["Write 是 or 否 (yes or no)."]},
        "6": {"客户编码": ["This code appears more than once in the file."]},
    }
    assert customers(db) == before  # not even the good rows


def test_reference_and_number_errors_are_reported_by_column(db, manager, category):
    rows = [["C7201", "分类不存在", "99", "", "", "0", "", "", "", "是"],
            ["C7202", "额度不对", "71", "", "abc", "x", "", "", "", "是"]]
    with pytest.raises(ImportRefused) as caught:
        run_import(db, manager, CUSTOMER_TABLE, read_table(csv_bytes(rows)))
    assert caught.value.fields["2"] == {"客户分类编码": ["Unknown category."]}
    assert set(caught.value.fields["3"]) == {"信用额度", "账期天数"}


def test_unknown_and_missing_columns_refuse_the_file(db, manager, category):
    with pytest.raises(ImportRefused) as caught:
        run_import(db, manager, CUSTOMER_TABLE, read_table(csv_bytes([["x", "红"]], headers=["客户名称", "颜色"])))
    assert caught.value.fields == {"1": {"颜色": ["Unknown column."], "客户编码": ["This column is required."]}}


def test_a_dry_run_reports_and_writes_nothing(db, manager, category):
    before = customers(db)
    result = run_import(db, manager, CUSTOMER_TABLE, read_table(csv_bytes(good_rows())), dry_run=True)
    assert (result.dry_run, result.created) == (True, 2)
    assert customers(db) == before


def test_an_empty_or_unreadable_file_is_refused(db):
    with pytest.raises(ValidationFailed) as caught:
        read_table(b"")
    assert caught.value.fields == {"file": ["The file is empty."]}
    with pytest.raises(ValidationFailed):
        read_table(b"PK\x03\x04 not really a zip")
    with pytest.raises(ValidationFailed):
        read_table(b"\xff\xfe\x00\x00garbage\x00")


def test_import_needs_its_permission(db, make_user, category):
    with pytest.raises(Forbidden):
        run_import(db, make_user("sales_clerk"), CUSTOMER_TABLE, read_table(csv_bytes(good_rows())))


def test_formula_like_text_survives_a_csv_round_trip():
    content = write_csv(["客户名称"], [["=HYPERLINK(1)"], ["-12.5"], ["+86 139"]])
    assert b"'=HYPERLINK(1)" in content and b"\r\n-12.5\r\n" in content
    assert [cells for _, cells in read_table(content).rows] == [["=HYPERLINK(1)"], ["-12.5"], ["+86 139"]]


def test_an_export_reimports_unchanged(db, manager, category, make_user):
    seller = make_user("sales_clerk", username="liuye")
    run_import(db, manager, CUSTOMER_TABLE, read_table(csv_bytes(good_rows())))
    db.scalar(select(Customer).where(Customer.code == "C7001")).salesperson = seller
    db.flush()
    stmt = select(Customer).where(Customer.code.in_(["C7001", "C7002"])).order_by(Customer.code)
    headers, rows = export_rows(db, CUSTOMER_TABLE, stmt)
    wb = Workbook()
    wb.active.append(headers)
    for row in rows:
        wb.active.append([str(v) if v is not None else None for v in row])
    buffer = io.BytesIO()
    wb.save(buffer)
    before = [(c.name, c.credit_limit, c.salesperson_id, c.active) for c in db.scalars(stmt)]
    result = run_import(db, manager, CUSTOMER_TABLE, read_table(buffer.getvalue()))
    assert (result.created, result.updated) == (0, 2)
    db.expire_all()
    assert [(c.name, c.credit_limit, c.salesperson_id, c.active) for c in db.scalars(stmt)] == before


# --- products --------------------------------------------------------------------------------------

PRODUCT_HEADERS = ["商品编码", "商品名称", "规格型号", "基本单位", "条码", "包装单位", "换算率", "箱条码", "税率",
                   "零售价", "最低售价", "批次管理", "保质期天数"]


@pytest.fixture
def units(db):
    return factories.unit(db, "PCS", "瓶"), factories.unit(db, "CASE", "箱")


def test_products_import_with_their_case_and_vat_written_as_percent(db, manager, units):
    rows = [["P8001", "蒙牛纯牛奶", "250ml", "PCS", PIECE, "箱", "24", CASE, "9%", "3.50", "3.00", "是", "180"]]
    result = run_import(db, manager, PRODUCT_TABLE, read_table(csv_bytes(rows, PRODUCT_HEADERS)))
    assert result.created == 1
    product = db.scalar(select(Product).where(Product.sku == "P8001"))
    assert product.vat_rate == Decimal("0.09") and product.batch_tracked and product.shelf_life_days == 180
    assert (product.case_packing.factor, product.case_packing.barcode) == (Decimal("24"), CASE)
    rows[0][6], rows[0][9] = "12", "3.80"
    assert run_import(db, manager, PRODUCT_TABLE, read_table(csv_bytes(rows, PRODUCT_HEADERS))).updated == 1
    db.expire_all()
    product = db.scalar(select(Product).where(Product.sku == "P8001"))
    assert (product.case_packing.factor, product.list_price, len(product.packings)) == (Decimal("12"), Decimal("3.8"), 1)


def test_a_wrong_case_barcode_is_reported_in_the_case_barcode_column(db, manager, units):
    wrong_case = CASE[:-1] + str((int(CASE[-1]) + 1) % 10)
    rows = [["P8002", "伊利酸奶", "200g", "PCS", PIECE, "箱", "16", wrong_case, "13%", "4", "", "否", ""],
            ["P8003", "无单位", "", "斤", "", "", "", "", "13", "4", "5", "否", ""]]
    with pytest.raises(ImportRefused) as caught:
        run_import(db, manager, PRODUCT_TABLE, read_table(csv_bytes(rows, PRODUCT_HEADERS)))
    assert caught.value.fields["2"] == {"箱条码": ["The check digit of this barcode is wrong."]}
    assert caught.value.fields["3"] == {"基本单位": ["Unknown unit."]}


def test_xlsx_number_cells_are_read_as_the_digits_typed(db, manager, units):
    wb = Workbook()
    wb.active.append(PRODUCT_HEADERS)
    wb.active.append(["P8004", "康师傅红烧牛肉面", "105g", "PCS", int(PIECE), "CASE", 12, int(CASE), 0.13, 4.5, 4,
                      "否", None])
    buffer = io.BytesIO()
    wb.save(buffer)
    assert run_import(db, manager, PRODUCT_TABLE, read_table(buffer.getvalue())).created == 1
    product = db.scalar(select(Product).where(Product.sku == "P8004"))
    assert (product.barcode, product.list_price, product.vat_rate) == (PIECE, Decimal("4.5"), Decimal("0.13"))


# --- API and pages -----------------------------------------------------------------------------------

def upload(content: bytes, name: str = "customers.csv"):
    return {"file": (io.BytesIO(content), name)}


def test_api_import_answers_with_the_counts(api, manager, category):
    response = api(manager).post("/api/v1/customers/import", data=upload(csv_bytes(good_rows())),
                                 content_type="multipart/form-data")
    assert response.status_code == 200, response.json
    assert (response.json["created"], response.json["updated"]) == (2, 0)


def test_api_import_refusal_is_a_422_report_in_chinese(api, manager, category, db):
    rows = good_rows() + [["C7003", "坏代码商店", "71", BAD_USCC, "", "0", "", "", "", "是"]]
    before = customers(db)
    response = api(manager).post("/api/v1/customers/import", data=upload(csv_bytes(rows)),
                                 content_type="multipart/form-data")
    assert response.status_code == 422
    error = response.json["error"]
    assert error["code"] == "import_refused"
    assert error["fields"] == {"4": {"统一社会信用代码": ["统一社会信用代码的校验码不正确。"]}}
    assert "未导入任何数据" in error["message"]
    assert customers(db) == before


def test_api_import_without_a_file_or_permission(api, manager, make_user):
    missing = api(manager).post("/api/v1/customers/import", data={}, content_type="multipart/form-data")
    assert missing.status_code == 422 and "file" in missing.json["error"]["fields"]
    clerk = api(make_user("sales_clerk"))
    assert clerk.post("/api/v1/customers/import", data=upload(b"x"), content_type="multipart/form-data").status_code == 403
    assert api(make_user("warehouse")).post("/api/v1/products/import", data=upload(b"x"),
                                            content_type="multipart/form-data").status_code == 403


def test_api_exports_csv_with_chinese_headers_and_xlsx_with_english_ones(api, make_user, make_customer, make_product):
    make_customer(name="导出测试客户", uscc=USCC_A)
    clerk = api(make_user("sales_clerk"))
    csv_response = clerk.get("/api/v1/customers/export?format=csv&q=导出测试")
    assert csv_response.status_code == 200
    assert csv_response.headers["Content-Type"].startswith("text/csv")
    text = csv_response.data.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("客户编码,客户名称,简称,客户分类编码,统一社会信用代码")
    assert "导出测试客户" in text and USCC_A in text
    make_product(name="导出商品", barcode=PIECE)
    xlsx = clerk.get("/api/v1/products/export?format=xlsx&headers=en&q=导出商品")
    sheet = load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("SKU", "Name", "Spec") and rows[1][1] == "导出商品" and rows[1][6] == PIECE
    assert clerk.get("/api/v1/customers/export?format=pdf").status_code == 422


def test_import_page_shows_the_errors_as_a_table_and_then_imports(login, manager, category, db):
    client = login(manager)
    assert client.get("/customers/import").status_code == 200
    rows = good_rows() + [["C7003", "坏代码商店", "71", BAD_USCC, "", "0", "", "", "", "是"]]
    refused = client.post("/customers/import", data=upload(csv_bytes(rows)), content_type="multipart/form-data")
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "import-errors" in page and "统一社会信用代码的校验码不正确。" in page and "<td class=\"num\">4</td>" in page
    ok = client.post("/customers/import", data=upload(csv_bytes(good_rows())), content_type="multipart/form-data")
    assert ok.status_code == 200
    assert "导入完成：新建 2 条，更新 0 条。" in ok.get_data(as_text=True)
    assert db.scalar(select(func.count(Customer.id)).where(Customer.code.in_(["C7001", "C7002"]))) == 2


def test_list_pages_offer_exports_that_download(login, manager, make_customer, make_product):
    make_customer(name="列表导出客户")
    client = login(manager)
    assert "/customers/export?format=csv" in client.get("/customers/").get_data(as_text=True)
    response = client.get("/customers/export?format=csv&q=列表导出")
    assert response.status_code == 200 and "列表导出客户" in response.data.decode("utf-8-sig")
    assert client.get("/products/export?format=xlsx").data[:2] == b"PK"
    assert client.get("/products/import").status_code == 200
