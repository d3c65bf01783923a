"""Exact decimals on both backends: sums, comparisons and conditional updates."""
from decimal import Decimal as D

import pytest
from sqlalchemy import bindparam, func, select, text, update

from erp.pricing.models import PriceList
from erp.products.models import Product


def test_a_million_dimes_sum_to_exactly_100000(db, make_product):
    """SUM over scaled integers (SQLite) or NUMERIC (PostgreSQL) never goes through floats."""
    from erp.pricing.models import PriceListItem

    product = make_product()
    price_list = PriceList(code="PSUM", name="sum test")
    db.add(price_list)
    db.flush()
    # min_qty must be unique per list: the row number, in the column's storage form.
    qty = "i * 10000" if db.get_bind().dialect.name == "sqlite" else "i"
    db.execute(text(f"""
        INSERT INTO price_list_items (price_list_id, product_id, min_qty, price)
        WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < 999999)
        SELECT :pl, :product, {qty}, :price FROM s
    """).bindparams(bindparam("price", type_=PriceListItem.price.type)),
        {"pl": price_list.id, "product": product.id, "price": D("0.10")})
    total = db.scalar(select(func.sum(PriceListItem.price)).where(PriceListItem.price_list_id == price_list.id))
    count = db.scalar(select(func.count()).where(PriceListItem.price_list_id == price_list.id))
    assert count == 1_000_000
    assert total == D("100000.00")
    assert isinstance(total, D)


def test_values_come_back_as_exact_decimals(db, make_product):
    product = make_product(list_price=D("12.345678"), weight_kg=D("0.125"))
    db.expire_all()
    again = db.get(Product, product.id)
    assert again.list_price == D("12.345678")
    assert again.weight_kg == D("0.125")
    assert isinstance(again.list_price, D)


def test_too_many_decimals_are_refused_not_rounded(db, make_product):
    with pytest.raises(Exception) as info:
        make_product(list_price=D("1.0000001"))
    assert "decimals" in str(info.value)


def test_floats_are_refused_by_the_column(db, make_product):
    with pytest.raises(Exception) as info:
        make_product(list_price=0.1)
    assert "float" in str(info.value)


def test_conditional_update_compares_in_the_column_scale(db, make_product):
    """``a - b >= :qty`` binds qty in the column's scale on SQLite too."""
    product = make_product(list_price=D("10.00"), min_price=D("4.00"))
    stmt = (update(Product)
            .where(Product.id == product.id, Product.list_price - Product.min_price >= D("6.000001"))
            .values(list_price=Product.list_price - D("1")))
    assert db.execute(stmt).rowcount == 0
    stmt = (update(Product)
            .where(Product.id == product.id, Product.list_price - Product.min_price >= D("6"))
            .values(list_price=Product.list_price - D("1")))
    assert db.execute(stmt).rowcount == 1
    db.expire_all()
    assert db.get(Product, product.id).list_price == D("9.000000")


def test_multiplying_scaled_columns_in_sql_is_refused():
    with pytest.raises(TypeError):
        Product.list_price * Product.min_price  # noqa: B018
