"""The demo's expert pool: Shandong's provincial pool (ZJ370000-…), 24 experts from universities,
design institutes, monitoring stations and research institutes, with specialties over the
divisions the demo enterprises are in (chemicals 26, petroleum and coking 25, ceramics, glass
and cement 30, metal products and electroplating 33, paper 22, pharmaceuticals 27, power 44 …).
One works for a demo consulting agency and one for a demo enterprise, so the panel draw's
conflict rules bite; a few have declared conflicts; one is still an applicant; one was
suspended by the rating rule after three poor reviews (and flagged at this year's
re-evaluation, which renewed the others). Everything runs through the real
services, acted by the provincial official `sd_wang`, at the dates it would have happened.

`experts_load()` is idempotent (an expert already in the pool by name and employer is kept);
the demo loader calls it after the accounts, enterprises and agencies exist."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from cleanprod.accounts.models import RoleAssignment, User
from cleanprod.accounts.services import role_bind_party
from cleanprod.demo import enterprises as demo
from cleanprod.demo.audits import AGENCIES, agency_code, on
from cleanprod.demo.data import EXPERT_BINDINGS
from cleanprod.experts.models import Expert
from cleanprod.experts.services import (
    conflict_declare,
    expert_admit,
    expert_apply,
    expert_rate,
    reevaluation_run,
)
from cleanprod.registry.credit_codes import make_code

ACTING_OFFICIAL = "sd_wang"


def institution_code(region: str, serial: int) -> str:
    """12 (public institution) + region + a 9-character organisation code, checked."""
    return make_code(f"12{region}MB{serial:07d}"[:17])


def company_code(region: str, serial: int) -> str:
    return make_code(f"91{region}MA{8_000_000 + serial:07d}"[:17])


AGENCY_NAME, AGENCY_REGION, AGENCY_INDEX = AGENCIES[0]
QILU = demo.ENTERPRISES[0]

# name, region, title, employer, employer's credit code, specialties, fields, phone,
# admitted on (None: still an applicant)
EXPERTS: list[tuple[str, str, str, str, str, tuple[str, ...], tuple[str, ...], str, str | None]] = [
    (
        "马林",
        "370102",
        "教授",
        "山东示范大学环境学院",
        institution_code("370102", 1),
        ("26", "27", "22"),
        ("cp_audit", "environment"),
        "13905311001",
        "2024-12-16",
    ),
    (
        "刘洋",
        "370303",
        "高级工程师",
        "淄博市生态环境监测中心",
        institution_code("370303", 2),
        ("33", "32", "31"),
        ("environment", "cp_audit"),
        "13905331002",
        "2025-01-20",
    ),
    (
        "张伟",
        "370302",
        "教授级高级工程师",
        "山东示范化工设计院有限公司",
        company_code("370302", 3),
        ("26", "25"),
        ("process", "cp_audit"),
        "13905331003",
        "2025-02-17",
    ),
    (
        "王芳",
        "370102",
        "副教授",
        "山东示范大学环境学院",
        institution_code("370102", 1),
        ("22", "17", "19"),
        ("environment",),
        "13905311004",
        "2025-03-10",
    ),
    (
        "李强",
        "370112",
        "教授级高级工程师",
        "山东示范电力设计院有限公司",
        company_code("370112", 5),
        ("44", "25"),
        ("energy", "process"),
        "13905311005",
        "2025-03-10",
    ),
    (
        "赵敏",
        "370300",
        "高级工程师",
        "淄博示范节能监察中心",
        institution_code("370300", 6),
        ("44", "31", "30"),
        ("energy", "management"),
        "13905331006",
        "2025-04-14",
    ),
    (
        "陈晓东",
        "370305",
        "教授级高级工程师",
        "山东示范石化研究院",
        institution_code("370305", 7),
        ("25", "26"),
        ("process", "energy"),
        "13905331007",
        "2025-04-14",
    ),
    (
        "孙丽",
        "370102",
        "教授",
        "山东示范理工大学化学工程学院",
        institution_code("370102", 8),
        ("26", "27"),
        ("process", "cp_audit"),
        "13905311008",
        "2025-05-19",
    ),
    (
        "周建华",
        "370303",
        "高级工程师",
        "淄博示范陶瓷研究所",
        institution_code("370303", 9),
        ("30",),
        ("process", "cp_audit"),
        "13905331009",
        "2025-05-19",
    ),
    (
        "吴刚",
        "370304",
        "高级工程师",
        "博山示范玻璃技术中心",
        institution_code("370304", 10),
        ("30", "32"),
        ("process", "energy"),
        "13905331010",
        "2025-06-16",
    ),
    (
        "郑红",
        "370102",
        "研究员",
        "山东省示范环境科学研究院",
        institution_code("370102", 11),
        ("33", "38"),
        ("environment", "cp_audit"),
        "13905311011",
        "2025-06-16",
    ),
    (
        "冯志远",
        "370112",
        "教授",
        "山东示范建筑大学材料学院",
        institution_code("370112", 12),
        ("30", "31"),
        ("process",),
        "13905311012",
        "2025-07-14",
    ),
    (
        "褚伟",
        "370300",
        "高级工程师",
        AGENCY_NAME,
        agency_code(AGENCY_INDEX, AGENCY_REGION),
        ("26", "33", "30"),
        ("cp_audit", "management"),
        "13905331013",
        "2025-07-14",
    ),
    (
        "卫国强",
        "370305",
        "高级工程师",
        QILU[0],
        demo.credit_code(0, QILU[1]),
        ("26", "25"),
        ("process", "energy"),
        "13905331014",
        "2025-08-18",
    ),
    (
        "蒋文",
        "370102",
        "副教授",
        "山东示范大学药学院",
        institution_code("370102", 15),
        ("27", "13"),
        ("process", "environment"),
        "13905311015",
        "2025-08-18",
    ),
    (
        "沈佳",
        "370114",
        "高级工程师",
        "济南示范钢铁设计研究院有限公司",
        company_code("370114", 16),
        ("31", "32"),
        ("process", "energy"),
        "13905311016",
        "2025-09-15",
    ),
    (
        "韩冰",
        "370302",
        "高级工程师",
        "淄川示范造纸研究所",
        institution_code("370302", 17),
        ("22", "23"),
        ("process", "environment"),
        "13905331017",
        "2025-09-15",
    ),
    (
        "杨帆",
        "370102",
        "教授",
        "山东示范大学能源与动力工程学院",
        institution_code("370102", 18),
        ("44", "38"),
        ("energy",),
        "13905311018",
        "2025-10-20",
    ),
    (
        "朱丽华",
        "370322",
        "高级工程师",
        "高青示范电池技术研究所",
        institution_code("370322", 19),
        ("38", "33"),
        ("process", "environment"),
        "13905331019",
        "2025-10-20",
    ),
    (
        "秦海",
        "370323",
        "高级工程师",
        "沂源示范建材检测中心",
        institution_code("370323", 20),
        ("30",),
        ("environment", "process"),
        "13905331020",
        "2025-11-17",
    ),
    (
        "许静",
        "370102",
        "副教授",
        "山东示范财经大学管理学院",
        institution_code("370102", 21),
        ("36", "21", "13"),
        ("management", "cp_audit"),
        "13905311021",
        "2025-11-17",
    ),
    (
        "何明",
        "370306",
        "高级工程师",
        "周村示范纺织印染技术中心",
        institution_code("370306", 22),
        ("17", "19"),
        ("process", "environment"),
        "13905331022",
        "2025-12-15",
    ),
    (
        "吕强",
        "370116",
        "教授级高级工程师",
        "莱芜示范冶金设计院有限公司",
        company_code("370116", 23),
        ("31", "44"),
        ("energy", "process"),
        "13905311023",
        "2025-12-15",
    ),
    (
        "施雨",
        "370303",
        "工程师",
        "淄博示范环保科技有限公司",
        company_code("370303", 24),
        ("33", "26"),
        ("environment",),
        "13905331024",
        None,
    ),
]

# pool member (by name) → (kind, organisation, its credit code, note)
CONFLICTS: dict[str, list[tuple[str, str, str, str]]] = {
    "张伟": [
        (
            "past_client",
            demo.ENTERPRISES[1][0],
            demo.credit_code(1, demo.ENTERPRISES[1][1]),
            "2024年为其做过工艺改造设计",
        ),
    ],
    "刘洋": [
        (
            "relation",
            demo.ENTERPRISES[5][0],
            demo.credit_code(5, demo.ENTERPRISES[5][1]),
            "配偶在该企业任环保主管",
        ),
    ],
    "孙丽": [
        (
            "former_employer",
            demo.ENTERPRISES[8][0],
            demo.credit_code(8, demo.ENTERPRISES[8][1]),
            "2019年前在该企业任技术员",
        ),
    ],
    "陈晓东": [
        (
            "shareholding",
            demo.ENTERPRISES[2][0],
            demo.credit_code(2, demo.ENTERPRISES[2][1]),
            "持有少量股份",
        ),
    ],
}

# the expert suspended by the rating rule after three poor reviews in 2026 (average 2.67)
POOR = "吴刚"
POOR_RATINGS = [
    ("2026-03-18", (3, 3, 2), "淄博示范玻璃有限公司清洁生产审核评估"),
    ("2026-05-21", (2, 3, 3), "博山示范铝业有限公司清洁生产审核评估"),
    ("2026-07-09", (3, 2, 3), "淄博示范陶瓷有限公司清洁生产审核验收"),
]
REEVALUATED_ON = "2026-11-02"
GOOD_RATINGS = {
    "马林": [("2026-04-16", (5, 5, 4), "齐鲁示范化工有限公司清洁生产审核评估")],
    "刘洋": [("2026-04-16", (5, 4, 5), "张店示范电镀有限公司清洁生产审核评估")],
    "周建华": [("2026-05-21", (4, 5, 5), "淄博示范陶瓷有限公司清洁生产审核评估")],
}


def _apply_and_admit(row: tuple[Any, ...], official: User) -> Expert:
    name, region, title, employer, code, specialties, fields, phone, admitted = row
    found = Expert.objects.filter(name=name, employer=employer).first()
    if found is not None:
        return found
    data = {
        "name": name,
        "region": region,
        "title": title,
        "employer": employer,
        "employer_credit_code": code,
        "expertise": list(fields),
        "phone": phone,
        "email": "",
        "qualifications": "从事清洁生产审核评估工作五年以上，参加过省级清洁生产审核师培训。",
    }
    with on(admitted or "2026-10-12"):
        expert = expert_apply(by=official, data=data, specialties=specialties)
        if admitted:
            expert = expert_admit(expert=expert, by=official, note="经审查符合入库条件，同意入库。")
    return expert


def _rate(
    expert: Expert, official: User, rows: list[tuple[str, tuple[int, int, int], str]]
) -> None:
    for day, (p, q, i), label in rows:
        source = f"demo:{expert.pool_no}:{day}"
        if expert.ratings.filter(source=source).exists():
            continue
        with on(day):
            expert_rate(
                expert=expert,
                source=source,
                label=label,
                punctuality=p,
                quality=q,
                independence=i,
                by=official,
            )
        expert.refresh_from_db()


def _bind(experts: dict[str, Expert]) -> None:
    """Demo expert accounts act for their pool member (and become its account)."""
    for username, name in EXPERT_BINDINGS.items():
        assignment = RoleAssignment.objects.filter(
            user__username=username, role__slug="expert", party_id__isnull=True
        ).first()
        if assignment is not None and name in experts:
            role_bind_party(assignment=assignment, party_id=experts[name].pk)


@transaction.atomic
def experts_load() -> dict[str, int]:
    """The provincial expert pool; returns how many experts are in it."""
    official = User.objects.get(username=ACTING_OFFICIAL)
    experts = {row[0]: _apply_and_admit(row, official) for row in EXPERTS}
    for name, conflicts in CONFLICTS.items():
        expert = experts[name]
        for kind, organisation, code, note in conflicts:
            if not expert.conflicts.filter(credit_code=code).exists():
                with on("2025-12-01"):
                    conflict_declare(
                        expert=expert,
                        by=official,
                        kind=kind,
                        credit_code=code,
                        organisation=organisation,
                        note=note,
                    )
    for name, rows in GOOD_RATINGS.items():
        _rate(experts[name], official, rows)
    _rate(experts[POOR], official, POOR_RATINGS)
    with on(REEVALUATED_ON):  # this year's re-evaluation: renewed, and the poor one flagged
        reevaluation_run(today=datetime.date.fromisoformat(REEVALUATED_ON), by=official)
    _bind(experts)
    return {"experts": len(experts)}
