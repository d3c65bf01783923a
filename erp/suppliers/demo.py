"""Demo suppliers: the brand owners' regional sales companies a distributor buys from."""
from __future__ import annotations

from sqlalchemy.orm import Session

from erp.auth.models import User
from erp.masterdata.identifiers import with_uscc_check
from erp.suppliers import services
from erp.suppliers.models import Supplier

#: (code, name, first 17 characters of the USCC, contact, phone, address, payment terms)
SUPPLIERS = [
    ("S001", "农夫山泉（上海）饮用水销售有限公司", "91310115MA1FL2QB4", "周建国", "021-5031 2201", "上海市浦东新区张江路88号", 30),
    ("S002", "华润怡宝饮料（上海）有限公司", "91310112MA1GB7XK2", "林晓东", "021-6478 1120", "上海市闵行区莘庄工业区春东路508号", 30),
    ("S003", "上海申美饮料食品有限公司", "91310115607201XH3", "顾志刚", "021-5855 9800", "上海市浦东新区金桥路1288号", 45),
    ("S004", "上海顶益食品有限公司", "91310000607348KM5", "黄立伟", "021-5899 3366", "上海市松江区九亭镇沪亭北路218号", 30),
    ("S005", "上海饮力商贸有限公司", "91310117MA1J4TPC6", "徐海峰", "021-3769 0021", "上海市松江区新桥镇民益路66号", 15),
    ("S006", "上海乳源食品销售有限公司", "91310113MA1GN6LX7", "马丽娟", "021-5665 2301", "上海市宝山区蕴川路2688号", 15),
    ("S007", "上海双金肉制品经销有限公司", "91310114MA1GQ9ER8", "赵永强", "021-6952 1188", "上海市嘉定区马陆镇博学路1号", 30),
    ("S008", "益海嘉里（上海）粮油食品销售有限公司", "91310115MA1H5CWD9", "陈国华", "021-3863 9900", "上海市浦东新区光明路718号", 45),
    ("S009", "上海鲜味调味品有限公司", "91310118MA1JL3TF1", "钱永福", "021-5975 6655", "上海市青浦区华新镇华腾路1288号", 30),
    ("S010", "上海乐购休闲食品批发有限公司", "91310120MA1HQ8UY2", "孙丽华", "021-5716 3321", "上海市奉贤区南桥镇江海路99号", 30),
    ("S011", "广州立洁日化用品有限公司上海分公司", "91310112MA1GC2DN3", "何志伟", "021-6412 8877", "上海市闵行区七宝镇漕宝路3366号", 60),
    ("S012", "上海纸业生活用品贸易有限公司", "91310116MA1J8YRB4", "罗建平", "021-5794 1020", "上海市金山区亭林镇亭卫公路5501号", 60),
    ("S013", "上海洁雅个人护理用品有限公司", "91310104MA1FP5GE5", "吴美玲", "021-6418 2299", "上海市徐汇区宜山路700号", 45),
]


def load_suppliers(session: Session, actor: User) -> dict[str, Supplier]:
    out = {}
    for code, name, uscc17, contact, phone, address, terms in SUPPLIERS:
        out[code] = services.create_supplier(session, actor, {
            "code": code, "name": name, "uscc": with_uscc_check(uscc17), "contact": contact, "phone": phone,
            "address": address, "payment_terms_days": terms, "bank_name": "中国工商银行上海市分行营业部",
            "bank_account": f"1001 2{code[1:]:0>3} 0900 {int(code[1:]) * 7919 % 10000:04d} 118"})
    return out
