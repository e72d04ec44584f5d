"""Demo enterprises of Zibo and Jinan: fictitious names (示范 = "demo"), real region and
industry codes, and the facts screening will read. Credit codes are generated with a valid
check character."""

from __future__ import annotations

from decimal import Decimal

from cleanprod.registry.credit_codes import make_code

PARKS = [
    # name, level, region
    ("淄博示范化学工业园区", "provincial", "370305"),
    ("济南示范经济开发区", "national", "370114"),
]

# name, county, industry, scale, park index or None, key pollutant unit, contact
ENTERPRISES = [
    ("齐鲁示范化工有限公司", "370305", "2614", "large", 0, True, ("吴建国", "13905330001")),
    ("淄博示范石化有限公司", "370305", "2511", "large", 0, True, ("孙立新", "13905330002")),
    ("临淄示范氯碱化工有限公司", "370305", "2612", "medium", 0, True, ("高峰", "13905330003")),
    ("淄博示范农药有限公司", "370305", "2631", "medium", 0, True, ("李娜", "13905330004")),
    ("淄博示范热电有限公司", "370305", "4411", "large", None, True, ("赵强", "13905330005")),
    ("张店示范电镀有限公司", "370303", "3360", "small", None, True, ("周敏", "13905330006")),
    ("淄博示范陶瓷有限公司", "370303", "3071", "medium", None, False, ("钱伟", "13905330007")),
    ("张店示范印刷包装有限公司", "370303", "2319", "small", None, False, ("郑洁", "13905330008")),
    ("淄博示范制药有限公司", "370303", "2710", "large", None, True, ("王磊", "13905330009")),
    ("淄川示范耐火材料有限公司", "370302", "3089", "medium", None, False, ("冯刚", "13905330010")),
    ("淄川示范造纸有限公司", "370302", "2221", "medium", None, True, ("陈静", "13905330011")),
    ("博山示范玻璃有限公司", "370304", "3041", "medium", None, True, ("褚涛", "13905330012")),
    ("博山示范铝业有限公司", "370304", "3216", "large", None, True, ("卫东", "13905330013")),
    ("周村示范印染有限公司", "370306", "1713", "small", None, True, ("蒋丽", "13905330014")),
    ("周村示范皮革有限公司", "370306", "1910", "small", None, False, ("沈阳", "13905330015")),
    ("桓台示范焦化有限公司", "370321", "2521", "large", None, True, ("韩梅", "13905330016")),
    ("桓台示范食品有限公司", "370321", "1391", "small", None, False, ("杨帆", "13905330017")),
    ("高青示范蓄电池有限公司", "370322", "3843", "medium", None, True, ("朱红", "13905330018")),
    ("沂源示范水泥有限公司", "370323", "3011", "large", None, True, ("秦勇", "13905330019")),
    ("章丘示范钢铁有限公司", "370114", "3120", "large", 1, True, ("尤佳", "13905310020")),
    ("章丘示范汽车零部件有限公司", "370114", "3670", "medium", 1, False, ("许诺", "13905310021")),
    ("历城示范家具有限公司", "370112", "2110", "small", None, False, ("何平", "13905310022")),
    ("莱芜示范特钢有限公司", "370116", "3130", "large", None, True, ("吕方", "13905310023")),
    ("济阳示范面粉有限公司", "370115", "1311", "small", None, False, ("施然", "13905310024")),
]

# index into ENTERPRISES → facts
EXCEEDANCES = {
    0: [
        (
            "standard",
            "化学需氧量",
            "2025-09-14",
            "online",
            "淄环监〔2026〕12号",
            "112.5",
            "100",
            "mg/L",
        )
    ],
    5: [
        (
            "standard",
            "总铬",
            "2025-05-09",
            "supervisory",
            "淄环监〔2026〕31号",
            "1.8",
            "1.0",
            "mg/L",
        )
    ],
    15: [("cap", "二氧化硫", "2025-12-31", "inspection", "桓环执〔2026〕3号", "412", "380", "t/a")],
}
ENERGY = {
    6: [(2025, "42000", "陶瓷砖", "7.4", "6.5", "kgce/m²", "GB 21252-2013")],
    12: [(2025, "880000", "电解铝", "13420", "13350", "kWh/t", "GB 21346-2022")],
    4: [(2025, "612000", "供电", "290", "300", "gce/kWh", "GB 21258-2017")],
}
TOXIC = {
    5: [("heavy_metal", "六价铬", "both", 2025, "0.85")],
    17: [("heavy_metal", "铅及其化合物", "both", 2025, "3.2")],
    3: [("highly_toxic", "光气", "use", 2025, "120")],
}
WASTE = {
    5: [(2025, "HW17", "46.5")],
    0: [(2025, "HW11", "320")],
}
# permit number = credit code + sequence + P, as on national permits
PERMITS = {
    0: (
        "key",
        "2023-06-01",
        "2028-05-31",
        [("化学需氧量", "210"), ("氨氮", "18"), ("二氧化硫", "95")],
    ),
    5: ("simplified", "2024-01-15", "2029-01-14", [("总铬", "0.05")]),
    15: ("key", "2022-09-01", "2027-08-31", [("二氧化硫", "380"), ("氮氧化物", "520")]),
}


def credit_code(index: int, county: str) -> str:
    """91 (enterprise, market regulation) + county code + 9-character organisation code."""
    return make_code(f"91{county}MA{index + 1:07d}"[:17])


def decimal(value: str) -> Decimal:
    return Decimal(value)
