"""The demo's agency filings: each demo agency gets staff with training certificates; 淄博绿源
(which serves the demo's audits from February 2025 on) an approved filing whose scope covers
their industries, decided by the province in December 2024; 山东环科 (which serves none) a
filing still under review."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

from cleanprod.accounts.models import User
from cleanprod.agencies.models import Agency, AgencyFiling, AgencyStaff
from cleanprod.agencies.services import (
    agency_filing_approve,
    agency_filing_submit,
    agency_staff_add,
)

TZ = ZoneInfo("Asia/Shanghai")
CONDITIONS = {
    "independent_legal_person": True,
    "quality_system": True,
    "quality_system_description": (
        "GB/T 19001 质量管理体系认证；审核项目质量控制、报告三级审核和档案管理制度"
    ),
    "balance_test_equipment": (
        "超声波流量计 3 台、电能质量分析仪 2 台、烟气分析仪、红外测温仪、电子天平"
    ),
}
# agency name → (account that files, or None for the system; filing day; decision day or None;
#               staff: name, position, certificate, valid until, divisions known)
FILINGS = {
    "淄博绿源清洁生产咨询有限公司": (
        "agency_hu",
        "2024-12-09",
        "2024-12-18",
        [
            ("胡建华", "技术负责人", "SDQJSC-2023-0107", "2028-12-31", ("26", "25")),
            ("宋晓燕", "审核师", "SDQJSC-2024-0311", "2029-06-30", ("32", "26")),
            ("邢磊", "审核师", "SDQJSC-2022-0045", "2025-12-31", ("30",)),  # expired
        ],
        # 齐鲁示范化工 2614, 桓台示范焦化 2521, 博山示范铝业 3216; the 2025 voluntary audits
        # of the reviews demo: 临淄示范氯碱化工 2612, 淄博示范农药 2631
        ("26", "25", "32"),
    ),
    "山东环科清洁生产技术服务有限公司": (
        None,
        "2026-10-20",
        None,
        [("林海", "审核师", "SDQJSC-2025-0520", "2030-05-31", ("31", "33"))],
        ("31", "33"),
    ),
}


def _at(day: str) -> time_machine.travel:
    when = dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ)
    return time_machine.travel(when, tick=False)


def agencies_file() -> int:
    """Staff and filings of the demo agencies; skipped for an agency that already has a filing.
    Returns the number of filings made."""
    made = 0
    official = User.objects.filter(username="sd_wang").first()
    for name, (who, filed_on, decided_on, staff, scope) in FILINGS.items():
        agency = Agency.objects.filter(name=name).first()
        if agency is None or AgencyFiling.objects.filter(agency=agency).exists():
            continue
        by = User.objects.filter(username=who).first() if who else None
        with _at(filed_on):
            for person, position, number, until, divisions in staff:
                if not AgencyStaff.objects.filter(agency=agency, certificate_no=number).exists():
                    agency_staff_add(
                        agency=agency,
                        by=by,
                        name=person,
                        position=position,
                        certificate_no=number,
                        certificate_valid_until=dt.date.fromisoformat(until),
                        industries=divisions,
                        user=by if person == "胡建华" else None,
                    )
            filing = agency_filing_submit(agency=agency, by=by, industry_scope=scope, **CONDITIONS)
        if decided_on:
            with _at(decided_on):
                agency_filing_approve(filing=filing, by=official, reason="材料齐全，符合备案条件")
        made += 1
    return made
