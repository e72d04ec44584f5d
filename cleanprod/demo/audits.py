"""The demo's audit year: Zibo's 2026 mandatory list compiled by screening, approved by the
province and published on 31 January 2026, then its audits carried to different stages, each
step run through the real services at the date it would have happened (time-machine), so the
deadlines, events and notices a newcomer sees are those of a real year. Also: a draft list for
2027 with screening candidates, a voluntary application in Jinan and a park audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cleanprod.accounts.models import User
from cleanprod.agencies.models import Agency
from cleanprod.agencies.services import agency_register
from cleanprod.audits.models import Audit, MandatoryList, Phase, Step, Track, Trigger
from cleanprod.audits.services import balances, focus, phases, targets
from cleanprod.audits.services.cases import audit_disclose, audit_file_start
from cleanprod.audits.services.list_publishing import list_publish
from cleanprod.audits.services.lists import (
    list_approve,
    list_create,
    list_entry_add,
    list_entry_drop,
    list_screen,
    list_submit,
)
from cleanprod.audits.services.parks import park_audit_open
from cleanprod.audits.services.reports import (
    audit_accept_report,
    audit_return_report,
    audit_submit_report,
)
from cleanprod.audits.services.rounds import round_record_historical
from cleanprod.audits.services.sweep import deadlines_sweep
from cleanprod.audits.services.voluntary import voluntary_apply
from cleanprod.demo import enterprises as demo
from cleanprod.demo.agencies import agencies_file
from cleanprod.performance import services as options
from cleanprod.regions.models import Region
from cleanprod.registry.credit_codes import make_code
from cleanprod.registry.models import Enterprise, Park

TZ = ZoneInfo("Asia/Shanghai")
LIST_TITLE = "2026年度淄博市实施强制性清洁生产审核企业名单（第一批）"
AGENCIES = [
    # name, region, index (for the credit code)
    ("淄博绿源清洁生产咨询有限公司", "370300", 1),
    ("山东环科清洁生产技术服务有限公司", "370100", 2),
]
# a minimal, well-formed PDF standing in for the uploaded report
REPORT_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@contextmanager
def on(day: str) -> Iterator[None]:
    """Run the enclosed steps as if it were 10:00 on `day` in China."""
    when = dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=TZ)
    with time_machine.travel(when, tick=False):
        yield


def _user(name: str) -> User:
    return User.objects.get(username=name)


def _enterprise(index: int) -> Enterprise:
    name, county = demo.ENTERPRISES[index][0], demo.ENTERPRISES[index][1]
    return Enterprise.objects.get(credit_code=demo.credit_code(index, county), name=name)


def agency_code(index: int, region: str) -> str:
    return make_code(f"91{region}MA{9_000_000 + index:07d}"[:17])


def agencies_load() -> list[Agency]:
    found = []
    for name, region, index in AGENCIES:
        agency = Agency.objects.filter(name=name).first() or agency_register(
            credit_code=agency_code(index, region),
            name=name,
            region=Region.objects.get(code=region),
            by=None,
            contact_name="胡工" if index == 1 else "林工",
            contact_phone="0533-2180001" if index == 1 else "0531-8860002",
        )
        found.append(agency)
    return found


def audits_load() -> dict[str, int]:
    """The audit year; skipped when the 2026 list is already there."""
    if MandatoryList.objects.filter(title=LIST_TITLE).exists():
        return {"lists": 0, "audits": 0}
    green, _ = agencies_load()
    agencies_file()  # staff and filings, approved before the first audit start
    _historical_rounds()
    published = _publish_2026_list()
    audits = {
        a.enterprise_id: a for a in Audit.objects.filter(list_entry__mandatory_list=published)
    }
    qilu, plating, coking, ceramics, aluminium, battery = (
        audits[_enterprise(i).pk] for i in (0, 5, 15, 6, 12, 17)
    )
    # 齐鲁示范化工: agency engaged on time; three phases done, options being generated
    _disclose(qilu, "ent_qilu", "2026-02-20", "齐鲁示范化工有限公司官网、淄博日报")
    _start(qilu, "ent_qilu", "2026-03-20", agency=green)
    _work(qilu, "agency_hu", upto=Phase.ASSESSMENT, start="2026-04")
    _options(qilu, "agency_hu", "2026-09-10", feasibility=False)
    # 张店示范电镀: self-audit, report submitted, waiting for the county
    _disclose(plating, "ent_dianduo", "2026-02-25", "张店区政府网站")
    _start(plating, "ent_dianduo", "2026-03-25")
    _work(plating, "ent_dianduo", upto=Phase.ASSESSMENT, start="2026-04")
    _options(plating, "ent_dianduo", "2026-08-15", feasibility=True)
    _complete(plating, "ent_dianduo", (Phase.OPTION_GENERATION, Phase.FEASIBILITY), "2026-10-20")
    _submit(plating, "ent_dianduo", "2026-11-05")
    # 桓台示范焦化: report returned with comments per chapter
    _disclose(coking, "ent_huantai", "2026-02-27", "桓台县人民政府网站")
    _start(coking, "ent_huantai", "2026-03-30", agency=green)
    _work(coking, "agency_hu", upto=Phase.ASSESSMENT, start="2026-04")
    _options(coking, "agency_hu", "2026-07-20", feasibility=True)
    _complete(coking, "agency_hu", (Phase.OPTION_GENERATION, Phase.FEASIBILITY), "2026-09-15")
    _submit(coking, "ent_huantai", "2026-09-28")
    with on("2026-10-12"):
        audit_return_report(
            audit=coking,
            by=_user("zb_chen"),
            comment="报告需补充完善后重新报送。",
            chapters=[
                (2, "审核重点的确定缺少权重总和计分排序的过程数据。"),
                (3, "物料平衡输入输出差值超出允许范围，请核实焦炉煤气计量数据。"),
                (5, "中/高费方案经济评价未给出内部收益率和投资回收期。"),
            ],
        )
    # 高青示范蓄电池: report accepted, awaiting evaluation
    _disclose(battery, "ent_gaoqing", "2026-02-15", "高青县人民政府网站")
    _start(battery, "ent_gaoqing", "2026-03-10")
    _work(battery, "ent_gaoqing", upto=Phase.ASSESSMENT, start="2026-04")
    _options(battery, "ent_gaoqing", "2026-06-30", feasibility=True)
    _complete(battery, "ent_gaoqing", (Phase.OPTION_GENERATION, Phase.FEASIBILITY), "2026-08-20")
    _submit(battery, "ent_gaoqing", "2026-09-01")
    with on("2026-09-25"):
        audit_accept_report(audit=battery, by=_user("zb_chen"), comment="报告规范完整，受理。")
    # 博山示范铝业: disclosed and started late
    _disclose(aluminium, "ent_boshan", "2026-03-16", "博山区政府网站")
    _start(aluminium, "ent_boshan", "2026-05-06", agency=green)
    # 淄博示范陶瓷: nothing done: overdue on the county, city and province boards
    del ceramics
    _draft_2027()
    _voluntary()
    _park_audit()
    deadlines_sweep(today=timezone.localdate())
    return {"lists": 2, "audits": Audit.objects.count()}


def _historical_rounds() -> None:
    """Rounds before the system: the battery maker's (heavy-metal cycle 2 years, due again)
    and the pesticide maker's (toxic, 5 years, not yet due)."""
    with on("2026-01-05"):
        for index, day, note in (
            (17, "2023-06-30", "2023年验收，淄环验〔2023〕17号"),
            (3, "2023-11-20", "2023年验收，淄环验〔2023〕42号"),
        ):
            round_record_historical(
                enterprise=_enterprise(index),
                completed_on=dt.date.fromisoformat(day),
                track=Track.MANDATORY,
                note=note,
                by=_user("zb_chen"),
            )


def _publish_2026_list() -> MandatoryList:
    zibo = Region.objects.get(code="370300")
    with on("2026-01-08"):
        draft = list_create(region=zibo, year=2026, title=LIST_TITLE, by=_user("zb_chen"))
        list_screen(mandatory_list=draft, by=_user("zb_chen"))
        for entry in draft.entries.filter(enterprise__name__contains="热电"):
            list_entry_drop(
                entry=entry, reason="能耗低于限额，不属于高耗能情形。", by=_user("zb_chen")
            )
        list_entry_add(
            mandatory_list=draft,
            enterprise=_enterprise(12),
            triggers=[Trigger.ENERGY_QUOTA],
            reason="2025年电解铝交流电耗超过GB 21346-2022限定值，经市发展改革委核实列入。",
            by=_user("zb_chen"),
        ) if not draft.entries.filter(enterprise=_enterprise(12)).exists() else None
    with on("2026-01-15"):
        list_submit(mandatory_list=draft, by=_user("zb_chen"))
    with on("2026-01-26"):
        list_approve(mandatory_list=draft, by=_user("sd_wang"))
    with on("2026-01-31"):
        return list_publish(
            mandatory_list=draft,
            by=_user("sd_wang"),
            doc_number="淄环发〔2026〕8号",
            issuing_authorities="淄博市生态环境局、淄博市发展和改革委员会",
            published_on=dt.date(2026, 1, 31),
        )


def _disclose(audit: Audit, who: str, day: str, channel: str) -> None:
    with on(day):
        audit_disclose(
            audit=audit,
            by=_user(who),
            content="企业名称、法定代表人、地址、主要污染物名称、排放方式、排放浓度和总量、超标情况",
            channel=channel,
            published_on=dt.date.fromisoformat(day),
        )


def _start(audit: Audit, who: str, day: str, agency: Agency | None = None) -> None:
    with on(day):
        audit_file_start(
            audit=audit,
            by=_user(who),
            self_audit=agency is None,
            agency=agency,
            contract_number=f"LY-{day[:4]}-{audit.pk:03d}" if agency else "",
            contract_signed_on=dt.date.fromisoformat(day) - dt.timedelta(days=5)
            if agency
            else None,
        )


def _work(audit: Audit, who: str, *, upto: int, start: str) -> None:
    """Phases 1 … `upto` with their deliverables, completed month by month from `start`."""
    by = _user(who)
    month = dt.date.fromisoformat(f"{start}-10")
    with on(month.isoformat()):
        work_planning(audit, by, month)
        phases.phase_complete(audit=audit, phase=Phase.PLANNING, by=by)
    if upto < Phase.PRE_ASSESSMENT:
        return
    with on((month + dt.timedelta(days=30)).isoformat()):
        work_pre_assessment(audit, by)
        phases.phase_complete(audit=audit, phase=Phase.PRE_ASSESSMENT, by=by)
    if upto < Phase.ASSESSMENT:
        return
    with on((month + dt.timedelta(days=75)).isoformat()):
        work_assessment(audit, by)
        phases.phase_complete(audit=audit, phase=Phase.ASSESSMENT, by=by)


def work_planning(audit: Audit, by: User, month: dt.date) -> None:
    """Phase 1: the audit team, the work plan and the phase summary."""
    phases.team_member_add(
        audit=audit,
        by=by,
        name="吴建国",
        team_role="leader",
        position="总经理",
        department="总经理办公室",
        from_agency=False,
        duties="全面负责审核工作",
    )
    phases.team_member_add(
        audit=audit,
        by=by,
        name="李明",
        team_role="member",
        position="环保科长",
        department="安全环保部",
        from_agency=False,
        duties="污染物数据与平衡测试",
    )
    for phase, task, days in (
        (Phase.PLANNING, "成立审核小组、宣传培训", 20),
        (Phase.PRE_ASSESSMENT, "现状调研、确定审核重点和目标", 40),
        (Phase.ASSESSMENT, "物料、能量和水平衡测试", 60),
        (Phase.OPTION_GENERATION, "方案产生与筛选", 30),
        (Phase.FEASIBILITY, "中/高费方案可行性分析", 30),
    ):
        phases.plan_item_add(
            audit=audit,
            by=by,
            phase=phase,
            task=task,
            starts_on=month,
            ends_on=month + dt.timedelta(days=days),
            responsible="审核小组",
        )
    phases.phase_summary_save(
        audit=audit,
        by=by,
        phase=Phase.PLANNING,
        summary="企业最高管理者作出清洁生产承诺，成立审核小组并开展三次宣传培训。",
    )


def work_pre_assessment(audit: Audit, by: User) -> None:
    """Phase 2: the audit focus chosen by weighted sum, and three CP targets."""
    focus.focus_factors_seed(audit=audit, by=by)
    ids = list(audit.focus_factors.values_list("pk", flat=True))
    candidates = [
        focus.focus_candidate_add(
            audit=audit,
            by=by,
            name=name,
            description="",
            ratings={str(k): r for k, r in zip(ids, ratings, strict=True)},
        )
        for name, ratings in (
            ("生产车间", [9, 8, 8, 7, 8, 7]),
            ("污水处理站", [7, 6, 5, 8, 6, 6]),
            ("动力车间", [5, 4, 9, 4, 7, 8]),
        )
    ]
    focus.focus_choose(candidate=max(candidates, key=lambda c: c.score), by=by)
    for indicator, unit, base, near in (
        ("单位产品综合能耗", "kgce/t", "126.5", "118.0"),
        ("单位产品新鲜水耗", "m³/t", "4.20", "3.80"),
        ("化学需氧量排放量", "t/a", "86.0", "75.0"),
    ):
        targets.target_add(
            audit=audit,
            by=by,
            indicator=indicator,
            unit=unit,
            base_year=2025,
            baseline=Decimal(base),
            near_term=Decimal(near),
            near_term_year=2027,
            long_term=None,
            long_term_year=None,
            lower_is_better=True,
        )


def work_assessment(audit: Audit, by: User) -> None:
    """Phase 3: a water balance that closes within 0.9 % and three causes of waste."""
    water = balances.balance_add(
        audit=audit, by=by, kind="water", name="审核重点水平衡", unit="m³/d", period="2026年6月"
    )
    for direction, item, qty, loss in (
        ("in", "新鲜水", "1000", False),
        ("in", "回用水", "120", False),
        ("out", "产品带走", "180", False),
        ("out", "蒸发损失", "260", True),
        ("out", "外排废水", "669.8", True),
    ):
        balances.balance_line_add(
            balance=water,
            by=by,
            direction=direction,
            item=item,
            quantity=Decimal(qty),
            is_loss=loss,
        )
    for aspect, text in (
        ("equipment", "换热器结垢导致蒸汽消耗偏高"),
        ("management", "跑冒滴漏巡检制度执行不到位"),
        ("process_control", "反应温度控制依赖人工调节，波动大"),
    ):
        phases.waste_cause_add(audit=audit, by=by, aspect=aspect, description=text)


def _options(audit: Audit, who: str, day: str, *, feasibility: bool) -> None:
    with on(day):
        work_options(audit, _user(who), dt.date.fromisoformat(day), feasibility=feasibility)


def work_options(audit: Audit, by: User, day: dt.date, *, feasibility: bool) -> None:
    """Four options screened in, the three no/low-cost ones implemented on `day`, and (if
    asked) the feasibility analysis of the medium/high-cost one."""
    made = [
        options.option_add(
            audit=audit,
            by=by,
            title=title,
            type=kind,
            investment=Decimal(cost),
            code="",
            description="",
            found_in_phase=Phase.OPTION_GENERATION,
            energy_tce=Decimal(tce) if tce else None,
            water_t=Decimal(water) if water else None,
            pollutant="",
            pollutant_t=None,
            co2_t=None,
            money_cny=Decimal(money),
        )
        for title, kind, cost, tce, water, money in (
            ("加强跑冒滴漏巡检，建立考核制度", "management", "5000", "", "8000", "60000"),
            ("蒸汽冷凝水回收利用", "recycling", "80000", "320", "15000", "210000"),
            ("反应釜温度自动控制改造", "process_control", "150000", "180", "", "260000"),
            ("余热回收发电系统", "technology", "3600000", "4200", "", "2650000"),
        )
    ]
    for option in made:
        options.option_screen(option=option, by=by, decision="selected", note="")
    for option in made[:3]:
        options.option_implement(
            option=option,
            by=by,
            status="implemented",
            implemented_on=day,
            actual_investment=option.investment,
            planned_on=None,
        )
    if feasibility:
        options.option_feasibility_save(
            option=made[3],
            by=by,
            technical_assessment="技术成熟，同行业已有多套运行业绩。",
            environmental_assessment="年减少燃煤消耗，减排二氧化硫和氮氧化物。",
            economic_assessment="投资回收期约1.4年，经济可行。",
            feasible=True,
            service_life_years=15,
            annual_operating_cost=Decimal("180000"),
            discount_rate_pct=Decimal("8"),
        )


def _complete(audit: Audit, who: str, which: tuple[int, ...], day: str) -> None:
    with on(day):
        for phase in which:
            phases.phase_complete(audit=audit, phase=phase, by=_user(who))


def _submit(audit: Audit, who: str, day: str) -> None:
    with on(day):
        audit_submit_report(
            audit=audit,
            by=_user(who),
            file=SimpleUploadedFile("清洁生产审核报告.pdf", REPORT_PDF, "application/pdf"),
            note="第一次报送",
        )


def _draft_2027() -> None:
    """Next year's list, screened and waiting for the city's review."""
    with on("2026-11-16"):
        draft = list_create(
            region=Region.objects.get(code="370300"),
            year=2027,
            title="2027年度淄博市实施强制性清洁生产审核企业名单（征求意见稿）",
            by=_user("zb_chen"),
        )
        list_screen(mandatory_list=draft, by=_user("zb_chen"))


def _voluntary() -> None:
    with on("2026-10-28"):
        voluntary_apply(
            enterprise=_enterprise(20),
            year=2027,
            motivation="企业计划申报绿色工厂，希望通过自愿性清洁生产审核系统梳理节能降耗潜力。",
            by=_user("ent_zqauto"),
            planned_scope="涂装车间和机加工车间",
            self_audit=False,
        )


def _park_audit() -> None:
    park = Park.objects.get(name=demo.PARKS[0][0])
    with on("2026-11-10"):
        park_audit_open(
            by=_user("zb_chen"),
            subject=Audit.Subject.PARK,
            listed_on=dt.date(2026, 11, 10),
            park=park,
            title="淄博示范化学工业园区整体清洁生产审核",
            organiser=_enterprise(1),  # 淄博示范石化, the park's lead firm
        )


__all__ = ["Step", "audits_load"]
