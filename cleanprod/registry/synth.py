"""Synthetic national enterprise registry for benchmarks (`manage.py synth`).

Deterministic: one ``random.Random(seed)`` drives every choice, over regions and industries
read in code order, so a seed gives the same rows on SQLite and PostgreSQL.

**Regions.** Provinces are weighted by industrial enterprises, in per mille [E]: the five heavy
provinces follow the registered manufacturing enterprises of August 2024 (Guangdong, Zhejiang,
Jiangsu, Shandong and Hebei together 3.39 M of 6.03 M, 56 %; PERFORMANCE.md §1), the rest
roughly in proportion to the provinces' industrial enterprises above designated size:

    广东 160  江苏 130  浙江 120  山东 90  河北 60  河南 50  福建 48  安徽 42  湖南 35
    湖北 35   江西 30   四川 30   上海 22  辽宁 17  重庆 14  陕西 14  广西 14  天津 12
    山西 11   云南 10   贵州 8    北京 7   黑龙江 7 内蒙古 7 新疆 7   吉林 6   甘肃 5
    海南 3    宁夏 3    青海 2    西藏 1                                      (sum 1,000)

Within a province, county-level units named …区 or …市 (urban districts, county-level cities)
weigh 2 and the others (…县, …旗) 1. Hong Kong, Macao and Taiwan have no county rows.

**Industries.** Class-level (4-digit) codes of GB/T 4754-2017, by section: manufacturing (C)
90 %, utilities (D) 4 %, mining (B) 2 %, and 1 % each for E, F, M and N. Within C, divisions are
weighted by their rough share of enterprises (`C_DIVISIONS`: non-metallic minerals, general
and special equipment, electrical machinery, metal products, chemicals heavy); within other
sections divisions are equal; within a division every class is equal. 5 % of enterprises
get one other industry of the same division.

**Rows.** Names are place + trade name (字号, two characters) + an industry word + form
("张店恒达化工有限公司"); 20 % carry the province in front, 6 % have a former name. Credit
codes are valid GB 32100 codes ``91`` + county + organisation code + check character, where
the organisation code is ``Y`` (the synthetic marker; real ones start with a digit or
``MA``), two characters from the seed and a six-character serial (887 M per seed). Addresses
are province + prefecture + county + road and number; coordinates scatter around the
province's capital; 15 % are key pollutant discharge units; the screening flags are set
directly (more often for key units), **without fact rows**. A park in about half the
prefectures; a fifth of enterprises in those prefectures belong to one.
``search_tokens`` hold `enterprise_tokens` of each row (name, former names, address, code).

**Writing.** PostgreSQL: psycopg 3 ``COPY`` per batch, ids taken from the table's sequence;
SQLite: ``executemany`` per batch. One transaction per batch. From 200,000 rows on PostgreSQL
the token GIN index (about 60 % of the cost of a COPY into the indexed table) is dropped for
the load and built again at the end, also when the load fails (``CREATE INDEX IF NOT EXISTS``
as migration 0002; a killed process leaves it missing until the next ``synth``). **No
simple-history rows** for synthetic enterprises (parks get theirs). Afterwards the tables are
analysed (``VACUUM ANALYZE`` on PostgreSQL outside a transaction).

**Running twice.** A different seed adds more enterprises with new codes; a seed whose rows
are already in the database is refused (``SynthError``) rather than duplicated.
"""

from __future__ import annotations

import random
import time
from bisect import bisect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import accumulate, islice
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cleanprod.core.search import gin_index_sql, tokens
from cleanprod.regions.models import Region
from cleanprod.registry.credit_codes import ALPHABET, make_code
from cleanprod.registry.models import Enterprise, Industry, Park

MARKER = "Y"  # first character of the organisation code of synthetic enterprises

PROVINCES = {
    "44": 160, "32": 130, "33": 120, "37": 90, "13": 60, "41": 50, "35": 48, "34": 42,
    "43": 35, "42": 35, "36": 30, "51": 30, "31": 22, "21": 17, "50": 14, "61": 14,
    "45": 14, "12": 12, "14": 11, "53": 10, "52": 8, "11": 7, "23": 7, "15": 7, "65": 7,
    "22": 6, "62": 5, "46": 3, "64": 3, "63": 2, "54": 1,
}  # fmt: skip
SECTIONS = {"C": 900, "D": 40, "B": 20, "E": 10, "F": 10, "M": 10, "N": 10}
C_DIVISIONS = {
    "13": 40, "14": 20, "15": 15, "17": 45, "18": 35, "19": 20, "20": 20, "21": 15, "22": 15,
    "23": 15, "24": 20, "25": 5, "26": 55, "27": 20, "28": 5, "29": 45, "30": 80, "31": 10,
    "32": 17, "33": 60, "34": 75, "35": 50, "36": 40, "37": 10, "38": 65, "39": 50, "40": 13,
    "41": 5, "42": 5, "43": 2,
}  # fmt: skip
# capital of each province (longitude, latitude): coordinates scatter around it
CAPITALS = {
    "11": (116.40, 39.90), "12": (117.20, 39.12), "13": (114.50, 38.04),
    "14": (112.55, 37.87), "15": (111.67, 40.82), "21": (123.43, 41.80),
    "22": (125.32, 43.90), "23": (126.63, 45.75), "31": (121.47, 31.23),
    "32": (118.78, 32.06), "33": (120.15, 30.27), "34": (117.28, 31.86),
    "35": (119.30, 26.08), "36": (115.89, 28.68), "37": (117.00, 36.67),
    "41": (113.65, 34.76), "42": (114.30, 30.59), "43": (112.94, 28.23),
    "44": (113.27, 23.13), "45": (108.32, 22.82), "46": (110.35, 20.02),
    "50": (106.55, 29.56), "51": (104.07, 30.67), "52": (106.71, 26.58),
    "53": (102.71, 25.04), "54": (91.13, 29.65), "61": (108.95, 34.27),
    "62": (103.82, 36.06), "63": (101.78, 36.62), "64": (106.27, 38.47),
    "65": (87.62, 43.79),
}  # fmt: skip
# industry words for company names, by class, then division, then section
WORDS: dict[str, tuple[str, ...]] = {
    "3360": ("电镀", "表面处理", "热处理"),
    "1713": ("印染",), "1723": ("印染",), "1752": ("印染",),
    "3011": ("水泥",), "3041": ("玻璃",), "3042": ("玻璃",),
    "3071": ("陶瓷",), "3072": ("陶瓷",), "3073": ("陶瓷",), "3074": ("陶瓷",),
    "3075": ("陶瓷",), "3076": ("陶瓷",), "3079": ("陶瓷",),
    "13": ("食品", "粮油", "农产品"), "14": ("食品", "乳业"), "15": ("酒业", "饮料"),
    "17": ("纺织", "织造"), "18": ("服饰", "制衣"), "19": ("皮革", "鞋业"), "20": ("木业",),
    "21": ("家具",), "22": ("纸业", "造纸"), "23": ("印刷", "包装"), "24": ("文体用品",),
    "25": ("石化", "焦化"), "26": ("化工", "化学", "新材料"), "27": ("制药", "药业"),
    "28": ("化纤",), "29": ("塑胶", "橡胶", "塑料"), "30": ("建材", "新型建材"),
    "31": ("钢铁", "特钢"), "32": ("铝业", "铜业", "有色金属"), "33": ("五金", "金属制品"),
    "34": ("机械", "机电"), "35": ("机械", "装备"), "36": ("汽车配件", "汽车部件"),
    "37": ("船舶", "装备"), "38": ("电气", "电器", "电缆"), "39": ("电子", "光电"),
    "40": ("仪器", "仪表"), "41": ("实业",), "42": ("再生资源", "环保"), "43": ("机电",),
    "B": ("矿业",), "44": ("电力", "热电", "能源"), "45": ("燃气",), "46": ("水务",),
    "E": ("建设", "建筑"), "F": ("贸易", "商贸"), "M": ("科技",), "N": ("环境", "环保"),
}  # fmt: skip
TRADE_FIRST = (
    "华恒鑫永宏金瑞天振新富联东中利兴广汇嘉泰安凯德国远海宝荣昌信福万博鼎明腾精同合龙晨鸿润通亿"
)
TRADE_SECOND = "盛达源兴远桥丰成华升强合城方利旺通禾诚和瑞鼎河信胜泰大天美新昌福安隆龙光运泽川祥锦"
FORMS = (("有限公司", 85), ("股份有限公司", 10), ("有限责任公司", 5))
ROADS = "工业兴业创业科技发展建设人民解放滨江环城开发迎宾长江黄河新华振兴光明和平幸福团结"
ROAD_WORDS = [ROADS[i : i + 2] for i in range(0, len(ROADS), 2)]
ROAD_KINDS = ("路", "大道", "街", "路")
PARK_KINDS = ("经济技术开发区", "高新技术产业开发区", "工业园区", "化工园区")
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国志文斌辉鹏飞宇浩"
SCALES = (("large", 1), ("medium", 9), ("small", 40), ("micro", 50))
STATUSES = (("operating", 92), ("suspended", 3), ("relocated", 1), ("closed", 4))

LINK_COLUMNS = ("enterprise_id", "industry_id")
COLUMNS = (
    "id",
    "credit_code",
    "name",
    "former_names",
    "address",
    "longitude",
    "latitude",
    "industry_path",
    "scale",
    "status",
    "key_pollutant_unit",
    "contact_name",
    "contact_phone",
    "exceeds_standard",
    "exceeds_cap",
    "over_energy_quota",
    "uses_toxic",
    "search_tokens",
    "created_at",
    "updated_at",
    "region_id",
    "industry_id",
    "park_id",
)


class SynthError(Exception):
    """The dataset cannot be generated (seed already used, no regions in force …)."""


@dataclass(frozen=True)
class County:
    id: int
    code: str
    name: str
    place: str  # short place name for company names
    address: str  # province + prefecture + county
    centre: tuple[float, float]
    parent_id: int | None  # the prefecture (the province for municipalities): parks live there


@dataclass(frozen=True)
class IndustryRef:
    id: int
    code: str
    path: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class ParkRef:
    id: int
    name: str


@dataclass
class Record:
    """One synthetic enterprise, before it becomes a database row or a spreadsheet row."""

    credit_code: str
    name: str
    former_names: str
    county: County
    address: str
    longitude: str
    latitude: str
    industry: IndustryRef
    other_industry: IndustryRef | None
    scale: str
    park: ParkRef | None
    status: str
    key_pollutant_unit: bool
    contact_name: str
    contact_phone: str
    exceeds_standard: bool
    exceeds_cap: bool
    over_energy_quota: bool
    uses_toxic: bool

    @property
    def search_tokens(self) -> str:
        """`enterprise_tokens` of the row: name, former names, address, credit code."""
        return tokens(self.name, self.former_names, self.address, self.credit_code)

    def sheet_row(self) -> dict[str, Any]:
        """The row as the enterprise spreadsheet (registry.excel.ENTERPRISES) has it."""
        return {
            "credit_code": self.credit_code,
            "name": self.name,
            "former_names": self.former_names,
            "region": self.county.code,
            "address": self.address,
            "longitude": self.longitude,
            "latitude": self.latitude,
            "industry": self.industry.code,
            "other_industries": [self.other_industry.code] if self.other_industry else [],
            "scale": self.scale,
            "park": self.park.name if self.park else "",
            "status": self.status,
            "key_pollutant_unit": self.key_pollutant_unit,
            "contact_name": self.contact_name,
            "contact_phone": self.contact_phone,
        }

    def db_row(self, pk: int, now: Any) -> tuple[Any, ...]:
        """Values in `COLUMNS` order."""
        return (
            pk,
            self.credit_code,
            self.name,
            self.former_names,
            self.address,
            self.longitude,
            self.latitude,
            self.industry.path,
            self.scale,
            self.status,
            self.key_pollutant_unit,
            self.contact_name,
            self.contact_phone,
            self.exceeds_standard,
            self.exceeds_cap,
            self.over_energy_quota,
            self.uses_toxic,
            self.search_tokens,
            now,
            now,
            self.county.id,
            self.industry.id,
            self.park.id if self.park else None,
        )


@dataclass
class SynthResult:
    created: int = 0
    other_industries: int = 0
    parks_created: int = 0
    seconds: float = 0.0
    tag: str = ""

    @property
    def rate(self) -> float:
        return self.created / self.seconds if self.seconds else 0.0


def seed_tag(seed: int) -> str:
    """Two alphabet characters from the seed (961 distinct tags)."""
    n = seed % (len(ALPHABET) ** 2)
    return ALPHABET[n // len(ALPHABET)] + ALPHABET[n % len(ALPHABET)]


def _base31(n: int, width: int) -> str:
    out = []
    for _ in range(width):
        n, digit = divmod(n, len(ALPHABET))
        out.append(ALPHABET[digit])
    if n:
        raise SynthError("serial out of range")
    return "".join(reversed(out))


def _short_place(name: str, suffixes: tuple[str, ...]) -> str:
    if "族" in name or "自治" in name:
        return name[:2]
    for suffix in suffixes:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


COUNTY_SUFFIXES = ("林区", "特区", "新区", "区", "县", "市", "旗")
PREFECTURE_SUFFIXES = ("地区", "自治州", "盟", "市")


def _weighted(pairs: tuple[tuple[str, int], ...]) -> tuple[list[str], list[int]]:
    return [v for v, _w in pairs], list(accumulate(w for _v, w in pairs))


class Synthesizer:
    """Draws synthetic enterprises; call `ensure_parks` first for park members."""

    def __init__(self, seed: int, *, marker: str = MARKER, province: str | None = None) -> None:
        if marker not in ALPHABET:
            raise SynthError(f"marker {marker!r} is not a credit-code character")
        self.seed = seed
        self.tag = seed_tag(seed)
        self.marker = marker
        self.rng = random.Random(seed)  # noqa: S311  (test data, not secrets)
        self.counties, self._county_cum = self._load_counties(province)
        self.industries, self._industry_cum = self._load_industries()
        self._by_division: dict[str, list[IndustryRef]] = {}
        for ind in self.industries:
            self._by_division.setdefault(ind.path.split("/")[1], []).append(ind)
        self.parks: dict[int, list[ParkRef]] = {}  # parent region id → parks
        self._scales = _weighted(SCALES)
        self._statuses = _weighted(STATUSES)
        self._forms = _weighted(FORMS)
        self.serial = 0

    # --- reference data ----------------------------------------------------------------------

    def _load_counties(self, province: str | None) -> tuple[list[County], list[float]]:
        regions = Region.objects.current().order_by("code")
        if province:
            regions = regions.filter(code__startswith=province[:2])
        by_code = {r.code: r for r in regions}
        by_id = {r.id: r for r in by_code.values()}
        counties = [r for r in by_code.values() if r.level == Region.Level.COUNTY]
        if not counties:
            raise SynthError("no county-level regions in force: load the regions first")
        weights: dict[str, float] = {}
        shares: dict[str, float] = {}
        for r in counties:
            w = 2.0 if r.name.endswith(("区", "市")) else 1.0
            weights[r.code] = w
            shares[r.code[:2]] = shares.get(r.code[:2], 0.0) + w
        out, cum, total = [], [], 0.0
        centre_rng = random.Random("centres")  # noqa: S311
        for r in counties:
            prov = r.code[:2] + "0000"
            parent = by_id.get(r.parent_id) if r.parent_id else None
            parts = [by_code[prov].name] if prov in by_code and prov != r.code else []
            if (
                parent is not None
                and parent.level == Region.Level.PREFECTURE
                and "直辖" not in parent.name
                and "行政区划" not in parent.name
            ):
                parts.append(parent.name)
            parts.append(r.name)
            lon, lat = CAPITALS.get(r.code[:2], (112.0, 32.0))
            centre = (lon + centre_rng.uniform(-1.5, 1.5), lat + centre_rng.uniform(-1.0, 1.0))
            out.append(
                County(
                    id=r.id,
                    code=r.code,
                    name=r.name,
                    place=_short_place(r.name, COUNTY_SUFFIXES),
                    address="".join(dict.fromkeys(parts)),
                    centre=centre,
                    parent_id=r.parent_id,
                )
            )
            total += PROVINCES.get(r.code[:2], 1) * weights[r.code] / shares[r.code[:2]]
            cum.append(total)
        return out, cum

    def _load_industries(self) -> tuple[list[IndustryRef], list[float]]:
        classes = list(
            Industry.objects.filter(level=Industry.Level.CLASS)
            .order_by("code")
            .values_list("id", "code", "path")
        )
        if not classes:
            raise SynthError("no industry classes: load the reference data first")
        by_division: dict[tuple[str, str], list[tuple[int, str, str]]] = {}
        for row in classes:
            section, division = row[2].split("/")[:2]
            if section in SECTIONS:
                by_division.setdefault((section, division), []).append(row)
        out, cum, total = [], [], 0.0
        for (section, division), members in sorted(by_division.items()):
            if section == "C":
                share = C_DIVISIONS.get(division, 3) / sum(
                    C_DIVISIONS.get(d, 3) for s, d in by_division if s == "C"
                )
            else:
                share = 1 / sum(1 for s, _d in by_division if s == section)
            weight = SECTIONS[section] * share / len(members)
            for pk, code, path in members:
                words = WORDS.get(code) or WORDS.get(division) or WORDS.get(section) or ("实业",)
                out.append(IndustryRef(pk, code, path, words))
                total += weight
                cum.append(total)
        return out, cum

    def ensure_parks(self, *, create: bool = True) -> int:
        """A park in about half the prefectures (in the municipality itself for Beijing,
        Tianjin, Shanghai and Chongqing), the same whatever the seed; created when missing
        unless not `create` (then only the existing ones are used). Returns how many were
        created."""
        parents = Region.objects.filter(id__in={c.parent_id for c in self.counties})
        existing = {(p.name, p.region_id) for p in Park.objects.all()}
        taken = {name for name, _region in existing}
        fresh, wanted = [], []
        for parent in parents.order_by("code"):
            rng = random.Random(f"park-{parent.code}")  # noqa: S311
            if "直辖" in parent.name or "行政区划" in parent.name or rng.random() < 0.5:
                continue
            level = rng.choice((Park.Level.NATIONAL, Park.Level.PROVINCIAL, Park.Level.PROVINCIAL))
            name = _short_place(parent.name, PREFECTURE_SUFFIXES) + rng.choice(PARK_KINDS)
            if (name, parent.id) in existing:
                wanted.append((name, parent))
            elif create and name not in taken:  # imports find parks by name: keep it unique
                taken.add(name)
                wanted.append((name, parent))
                fresh.append(
                    Park(name=name, level=level, region=parent, address=f"{parent.name}{name}")
                )
        if fresh:
            bulk_create_with_history(fresh, Park, batch_size=500)
        ids = {(p.name, p.region_id): p.id for p in Park.objects.all()}
        for name, parent in wanted:
            self.parks.setdefault(parent.id, []).append(ParkRef(ids[name, parent.id], name))
        return len(fresh)

    # --- drawing -----------------------------------------------------------------------------

    def _pick(self, values: list[Any], cum: list[float]) -> Any:
        return values[bisect(cum, self.rng.random() * cum[-1])]

    def _trade(self) -> str:
        rng = self.rng
        return rng.choice(TRADE_FIRST) + rng.choice(TRADE_SECOND)

    def records(self, n: int) -> Iterator[Record]:
        rng = self.rng
        for _ in range(n):
            county = self._pick(self.counties, self._county_cum)
            industry = self._pick(self.industries, self._industry_cum)
            serial = self.serial
            self.serial += 1
            code = make_code(f"91{county.code}{self.marker}{self.tag}{_base31(serial, 6)}")
            place = county.place
            if rng.random() < 0.2:
                place = county.address[:2] + place
            word = rng.choice(industry.words)
            form = self._pick(*self._forms)
            name = f"{place}{self._trade()}{word}{form}"
            former = ""
            if rng.random() < 0.06:
                former = f"{county.place}{self._trade()}{rng.choice(industry.words)}有限公司"
            if rng.random() < 0.25:
                street = f"{rng.choice(('经济开发区', '工业园区', '高新区'))}{rng.randint(1, 30)}号"
            else:
                road = rng.choice(ROAD_WORDS)
                street = f"{road}{rng.choice(ROAD_KINDS)}{rng.randint(1, 999)}号"
            lon = county.centre[0] + rng.uniform(-0.15, 0.15)
            lat = county.centre[1] + rng.uniform(-0.1, 0.1)
            other = None
            if rng.random() < 0.05:
                siblings = self._by_division[industry.path.split("/")[1]]
                if len(siblings) > 1:
                    other = rng.choice([s for s in siblings if s.id != industry.id])
            park = None
            parks = self.parks.get(county.parent_id) if county.parent_id else None
            if parks and rng.random() < 0.2:
                park = rng.choice(parks)
            key = rng.random() < 0.15
            contact = rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2))))
            phone = f"1{rng.choice('3578')}{rng.randrange(10**9):09d}"
            yield Record(
                credit_code=code,
                name=name,
                former_names=former,
                county=county,
                address=county.address + street,
                longitude=f"{min(max(lon, 73.5), 135.0):.6f}",
                latitude=f"{min(max(lat, 3.9), 53.5):.6f}",
                industry=industry,
                other_industry=other,
                scale=self._pick(*self._scales),
                park=park,
                status=self._pick(*self._statuses),
                key_pollutant_unit=key,
                contact_name=contact,
                contact_phone=phone,
                exceeds_standard=rng.random() < (0.06 if key else 0.01),
                exceeds_cap=rng.random() < (0.03 if key else 0.003),
                over_energy_quota=rng.random() < 0.03,
                uses_toxic=rng.random() < (0.25 if key else 0.05),
            )


# --- writing ---------------------------------------------------------------------------------


@dataclass
class Writer:
    """Bulk insert of records: COPY on PostgreSQL, executemany on SQLite."""

    now: Any = field(default_factory=timezone.now)

    def __post_init__(self) -> None:
        self.vendor = connection.vendor
        self.table = Enterprise._meta.db_table
        self.through = Enterprise.other_industries.through._meta.db_table
        self.now_value = (
            self.now if self.vendor == "postgresql" else str(self.now.replace(tzinfo=None))
        )

    def ids(self, cursor: Any, n: int) -> list[int]:
        if self.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [self.table, n],
            )
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX(id), 0) FROM "{self.table}"')  # noqa: S608
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + n))

    def write(self, records: Iterable[Record], count: int) -> tuple[int, int]:
        """Insert `count` records (inside the caller's transaction); returns (enterprises,
        other-industry links). Records are drawn while COPY streams, so on PostgreSQL the
        server indexes one part while Python draws the next."""
        links: list[tuple[int, int]] = []

        def rows() -> Iterator[tuple[Any, ...]]:
            for record, pk in zip(records, ids, strict=False):
                if record.other_industry is not None:
                    links.append((pk, record.other_industry.id))
                yield record.db_row(pk, self.now_value)

        with connection.cursor() as cursor:
            ids = self.ids(cursor, count)
            written = self.insert(cursor, rows())
            if links:
                self.insert(cursor, links, table=self.through, columns=LINK_COLUMNS)
        return written, len(links)

    def insert(
        self,
        cursor: Any,
        rows: Iterable[tuple[Any, ...]],
        *,
        table: str | None = None,
        columns: tuple[str, ...] = COLUMNS,
        copy: bool = True,
    ) -> int:
        """Insert rows of `columns` into `table` (the enterprises by default): COPY on
        PostgreSQL unless not `copy`, else one INSERT per row (PostgreSQL) or executemany."""
        table = table or self.table
        names = ", ".join(columns)
        written = 0
        if self.vendor == "postgresql" and copy:
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({names}) FROM STDIN") as out:
                for row in rows:
                    out.write_row(row)
                    written += 1
            return written
        sql = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(["%s"] * len(columns))})'  # noqa: S608
        if self.vendor == "postgresql":
            for row in rows:
                cursor.execute(sql, row)
                written += 1
            return written
        batch = list(rows)
        cursor.executemany(sql, batch)
        return len(batch)


def ensure_reference_data() -> list[str]:
    """Load the bundled regions and industries when missing; returns what was loaded."""
    from cleanprod.regions.services import BUNDLED_FILE, read_region_file, regions_load
    from cleanprod.registry.services.industries import catalogues_seed, industries_load

    loaded = []
    if not Region.objects.current().filter(level=Region.Level.COUNTY).exists():
        regions_load(rows=read_region_file(BUNDLED_FILE))
        loaded.append("regions")
    if not Industry.objects.filter(level=Industry.Level.CLASS).exists():
        industries_load()
        catalogues_seed()
        loaded.append("industries")
    return loaded


def seed_used(seed: int, marker: str = MARKER) -> bool:
    """Whether enterprises of this seed are in the database already."""
    pattern = rf"^91[0-9]{{6}}{marker}{seed_tag(seed)}"
    return Enterprise.objects.filter(credit_code__regex=pattern).exists()


SEARCH_INDEX = "enterprise_search_gin"  # registry migration 0002
DEFER_INDEX_FROM = 200_000  # rows from which the search index is rebuilt, not maintained


def _search_index(create: bool) -> None:
    """Drop the token GIN index, or build it again as migration 0002 does (PostgreSQL)."""
    with connection.cursor() as cursor:
        if not create:
            cursor.execute(f"DROP INDEX IF EXISTS {SEARCH_INDEX}")
            return
        cursor.execute("SET maintenance_work_mem = '256MB'")
        with connection.schema_editor() as editor:
            sql = gin_index_sql(editor, Enterprise._meta.db_table, "search_tokens", SEARCH_INDEX)
        cursor.execute(sql)
        cursor.execute("RESET maintenance_work_mem")


def synth_enterprises(
    *,
    n: int,
    seed: int,
    batch: int = 5000,
    progress: Callable[[str], None] | None = None,
) -> SynthResult:
    """Add `n` synthetic enterprises for `seed` (see the module docstring)."""
    if n < 0 or batch < 1:
        raise SynthError("n must be ≥ 0 and batch ≥ 1")
    if seed_used(seed):
        raise SynthError(
            f"enterprises of seed {seed} (tag {seed_tag(seed)}) are already in the database; "
            "use another seed to add more"
        )
    synth = Synthesizer(seed)
    result = SynthResult(tag=synth.tag)
    result.parks_created = synth.ensure_parks()
    writer = Writer()
    defer = (
        n >= DEFER_INDEX_FROM
        and connection.vendor == "postgresql"
        and not connection.in_atomic_block
    )
    started = time.perf_counter()
    if defer:
        if progress:
            progress(f"dropping {SEARCH_INDEX} for the load; it is rebuilt at the end")
        _search_index(create=False)
    try:
        records = synth.records(n)
        done = 0
        while done < n:
            size = min(batch, n - done)
            with transaction.atomic():
                created, links = writer.write(islice(records, size), size)
            done += created
            result.created += created
            result.other_industries += links
            if progress and (done % (batch * 20) == 0 or done == n):
                elapsed = time.perf_counter() - started
                progress(f"{done:>10,} rows  {elapsed:7.1f} s  {done / elapsed:9,.0f} rows/s")
    finally:
        if defer:
            index_started = time.perf_counter()
            _search_index(create=True)
            if progress:
                progress(f"{SEARCH_INDEX} rebuilt in {time.perf_counter() - index_started:.1f} s")
    result.seconds = time.perf_counter() - started
    analyse()
    return result


def analyse() -> None:
    """Fresh planner statistics for the tables written and the ones their lists join (VACUUM
    too on PostgreSQL outside a transaction): without them, e.g. with autovacuum off, the
    planner guesses a handful of regions and picks nested loops that take seconds."""
    tables = [
        Enterprise._meta.db_table,
        Enterprise.other_industries.through._meta.db_table,
        Region._meta.db_table,
        Industry._meta.db_table,
        Park._meta.db_table,
    ]
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql" and not connection.in_atomic_block:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
            else:
                cursor.execute(f"ANALYZE {table}")
