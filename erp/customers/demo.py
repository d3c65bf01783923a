"""Demo customers: a three-level category tree and 60 shops, wholesalers, restaurants,
canteens and cash-and-carry members around Shanghai, each with a USCC whose check
character is right, contacts, ship-to addresses, credit limits and a salesperson.
Deterministic (a seeded random generator)."""
from __future__ import annotations

import random
from decimal import Decimal

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.customers import services
from erp.customers.models import Customer, CustomerCategory
from erp.customers.services import CUSTOMER_CATEGORIES
from erp.masterdata import categories
from erp.masterdata.identifiers import with_uscc_check

CATEGORIES = {
    "01": "批发客户", "0101": "一级批发商", "010101": "市区批发商", "010102": "郊县批发商",
    "0102": "二级批发商", "010201": "乡镇批发商",
    "02": "零售客户", "0201": "超市", "020101": "连锁超市", "020102": "社区超市",
    "0202": "便利店", "020201": "连锁便利店", "020202": "夫妻店",
    "03": "餐饮客户", "0301": "酒店", "030101": "商务酒店", "0302": "餐馆", "030201": "中餐馆", "030202": "火锅店",
    "0303": "团餐食堂", "030301": "学校食堂", "030302": "企业食堂",
    "04": "现购自运会员", "0401": "个体工商户", "0402": "企事业单位",
}

#: (district, administrative division code, streets)
DISTRICTS = [
    ("浦东新区", "310115", ["张杨路", "浦东南路", "川沙路", "航头路", "周浦镇年家浜路"]),
    ("闵行区", "310112", ["七莘路", "都市路", "莘松路", "吴中路"]),
    ("宝山区", "310113", ["牡丹江路", "友谊路", "共康路", "呼兰路"]),
    ("嘉定区", "310114", ["城中路", "博乐路", "曹安公路", "江桥镇金沙江西路"]),
    ("松江区", "310117", ["人民北路", "荣乐东路", "九亭大街", "泗泾镇泗砖公路"]),
    ("青浦区", "310118", ["公园路", "城中北路", "华新镇华志路"]),
    ("奉贤区", "310120", ["南桥路", "解放东路", "金汇镇齐贤路"]),
    ("金山区", "310116", ["卫零路", "朱泾镇人民路", "亭林镇亭枫公路"]),
]

CORES = ["惠民", "鑫隆", "佳乐", "福源", "百顺", "好邻里", "万家福", "金穗", "兴旺", "德丰", "永盛", "和记", "联丰",
         "家家乐", "新世纪", "聚鑫", "宏达", "顺发", "华联兴", "荣昌", "恒源", "丰收", "祥和", "东升", "富贵", "天天"]

#: category code → (name patterns, credit limits to choose from, payment terms, shelf days, count)
KINDS = {
    "010101": (["{d}{c}食品批发有限公司", "{d}{c}商贸有限公司"], [200000, 300000, 500000], [30, 45, 60], 90, 4),
    "010102": (["{d}{c}副食品批发部", "{d}{c}粮油批发有限公司"], [100000, 150000, 200000], [30, 45], 90, 4),
    "010201": (["{d}{c}商行", "{d}{c}日杂批发部"], [30000, 50000, 80000], [15, 30], 60, 5),
    "020101": (["上海{c}超市连锁有限公司", "{d}{c}购物中心有限公司"], [100000, 200000], [30, 45, 60], 60, 4),
    "020102": (["{d}{c}超市", "{d}{c}生活超市有限公司"], [20000, 30000, 50000], [15, 30], 45, 6),
    "020201": (["上海{c}便利连锁有限公司"], [30000, 50000], [15, 30], 30, 3),
    "020202": (["{d}{c}便利店", "{d}{c}烟杂店"], [None, 0, 5000], [0], 30, 6),
    "030101": (["上海{c}大酒店有限公司", "{d}{c}商务酒店"], [50000, 80000], [30], None, 3),
    "030201": (["{d}{c}餐饮管理有限公司", "{d}{c}小吃店"], [10000, 20000, 30000], [15, 30], None, 5),
    "030202": (["{d}{c}火锅店", "{d}{c}串串香"], [10000, 20000], [15], None, 3),
    "030301": (["{d}{c}中学食堂", "{d}{c}小学食堂"], [30000, 50000], [30, 60], 90, 3),
    "030302": (["{d}{c}团餐服务有限公司"], [50000, 100000], [30, 45], 60, 3),
    "0401": (["{d}{c}副食店", "{d}{c}杂货铺", "{d}{c}小卖部"], [None, 0], [0], None, 7),
    "0402": (["上海{c}物业管理有限公司", "上海{c}实业有限公司"], [0, 20000], [0, 15], None, 4),
}

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁沈"
GIVEN = ["建国", "志强", "秀英", "丽华", "海涛", "晓燕", "国平", "美玲", "永刚", "春梅", "伟", "敏", "静", "磊",
         "军", "洋", "艳", "勇", "杰", "娟", "涛", "明", "超", "霞", "平", "刚", "桂英", "玉兰", "文斌", "晓明"]
POSITIONS = ["老板", "店长", "采购经理", "财务", "厨师长", "仓管"]
BANKS = ["中国工商银行", "中国农业银行", "中国银行", "中国建设银行", "交通银行", "上海农商银行", "招商银行"]
#: Characters of the 9-character organisation code (GB 32100 excludes I, O, Z, S, V).
ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _mobile(rng: random.Random) -> str:
    return rng.choice(["138", "139", "136", "137", "150", "151", "158", "186", "188", "135"]) + f"{rng.randrange(10 ** 8):08d}"


def _uscc(rng: random.Random, division: str, individual: bool) -> str:
    """A USCC with a correct check character: 91 (company) or 92 (individual business) + division +
    organisation code."""
    org = "MA" + "".join(rng.choice(ORG_CHARS) for _ in range(7))
    return with_uscc_check(("92" if individual else "91") + division + org)


def customer_rows() -> list[dict]:
    """The demo customers as service input (category and salesperson left as codes/indexes)."""
    rng = random.Random(8801)
    rows, names = [], set()
    number = 0
    for category, (patterns, limits, terms, shelf_days, count) in KINDS.items():
        for _ in range(count):
            number += 1
            district, division, streets = rng.choice(DISTRICTS)
            name = rng.choice(patterns).format(d=district.removesuffix("新区").removesuffix("区"), c=rng.choice(CORES))
            while name in names:
                name = rng.choice(patterns).format(d=district.removesuffix("新区").removesuffix("区"), c=rng.choice(CORES))
            names.add(name)
            contact, phone = _person(rng), _mobile(rng)
            individual = category in ("020202", "0401")
            limit = rng.choice(limits)
            street = f"{rng.choice(streets)}{rng.randint(1, 1999)}号"
            addresses = [{"label": "门店", "recipient": contact, "phone": phone, "province": "上海市", "city": "上海市",
                          "district": district, "address": street, "is_default": True}]
            if category.startswith("01") and rng.random() < 0.5:
                addresses.append({"label": "仓库", "recipient": _person(rng), "phone": _mobile(rng), "province": "上海市",
                                  "city": "上海市", "district": district,
                                  "address": f"{rng.choice(streets)}{rng.randint(2000, 2999)}号{rng.randint(1, 9)}号库"})
            contacts = [{"name": contact, "position": rng.choice(POSITIONS[:3]), "phone": phone}]
            if not individual and rng.random() < 0.6:
                contacts.append({"name": _person(rng), "position": "财务", "phone": f"021-{rng.randint(3000, 6999)} "
                                                                                    f"{rng.randint(1000, 9999)}"})
            bank = rng.choice(BANKS)
            rows.append({
                "code": f"C{number:04d}", "name": name, "category": category,
                "short_name": name.replace("有限公司", "")[:12], "uscc": _uscc(rng, division, individual),
                "phone": f"021-{rng.randint(3000, 6999)} {rng.randint(1000, 9999)}" if not individual else phone,
                "credit_limit": Decimal(limit).quantize(Decimal("0.01")) if limit is not None else None,
                "payment_terms_days": rng.choice(terms), "min_remaining_shelf_days": shelf_days,
                "member_card_no": f"8800{number:04d}{rng.randrange(10 ** 4):04d}" if category.startswith(("04", "0202")) else None,
                "invoice_title": name if not individual else None,
                "bank_name": f"{bank}上海{district}支行" if not individual else None,
                "bank_account": f"{rng.randrange(10 ** 18, 10 ** 19)}" if not individual else None,
                "salesperson": rng.randrange(1000), "contacts": contacts, "addresses": addresses,
            })
    return rows


def load_customer_categories(session: Session, actor: User) -> dict[str, CustomerCategory]:
    return {code: categories.create_category(session, actor, CUSTOMER_CATEGORIES, {"code": code, "name": name})
            for code, name in sorted(CATEGORIES.items())}


def load_customers(session: Session, actor: User, salespeople: list[User],
                   tree: dict[str, CustomerCategory]) -> list[Customer]:
    """Create the demo customers; ``salespeople`` are spread over them (none for members)."""
    out = []
    for row in customer_rows():
        data = {k: v for k, v in row.items() if k not in ("category", "salesperson")}
        data["category_id"] = tree[row["category"]].id
        if not row["category"].startswith("04"):
            data["salesperson_id"] = salespeople[row["salesperson"] % len(salespeople)].id
        out.append(services.create_customer(session, actor, data))
    return out
