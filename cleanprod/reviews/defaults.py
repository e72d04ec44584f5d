"""The national defaults seeded as data (regulation.md §4.4–4.5): a policy (panel of 3, first
drawn leader, documents 3 working days ahead) and one 100-point sheet per stage, pass mark 70
(commonly cited; to verify), with the veto items of the Beijing acceptance sheet. Provinces add
their own versions; these rows stay for reference."""

from __future__ import annotations

EVALUATION_SHEET = {
    "title": "清洁生产审核评估评分表",
    "basis": "环办科技〔2018〕5号 评估要点; 及格线70分为常见取值(待核实)",
    "items": [
        {
            "code": "1",
            "label": "审核组织与过程规范性(领导承诺、审核小组、计划、宣传培训)",
            "points": 10,
        },
        {
            "code": "2",
            "label": "现状调查与数据真实性(产排污、能耗物耗、有毒有害物质)",
            "points": 15,
        },
        {"code": "3", "label": "审核重点确定与清洁生产目标的合理性", "points": 15},
        {"code": "4", "label": "物料、能量、水平衡测试与废物产生原因分析", "points": 20},
        {"code": "5", "label": "无/低费方案的产生、筛选与实施成效", "points": 15},
        {
            "code": "6",
            "label": "中/高费方案可行性分析(技术、环境、经济: NPV、IRR、回收期)",
            "points": 15,
        },
        {"code": "7", "label": "审核报告编写质量(完整、规范、结论可信)", "points": 10},
    ],
    "veto_items": [
        {"code": "V1", "label": "不具备审核能力或咨询机构不符合规定"},
        {"code": "V2", "label": "审核重点或清洁生产目标错误、严重缺失"},
        {"code": "V3", "label": "仍使用国家明令淘汰的工艺、设备或产品"},
        {"code": "V4", "label": "无明确的落后设备淘汰计划"},
        {"code": "V5", "label": "达标承诺期限超过2年"},
    ],
}
ACCEPTANCE_SHEET = {
    "title": "清洁生产审核验收评分表",
    "basis": "环办科技〔2018〕5号 验收要点; 北京市验收表结构; 及格线70分(待核实)",
    "items": [
        {"code": "1", "label": "评估意见整改落实情况", "points": 10},
        {"code": "2", "label": "中/高费方案实施情况(与评估时计划一致)", "points": 20},
        {"code": "3", "label": "清洁生产目标完成情况", "points": 20},
        {"code": "4", "label": "环境与经济效益(经实施前后监测数据验证)", "points": 25},
        {"code": "5", "label": "清洁生产水平(行业评价指标体系等级)", "points": 15},
        {"code": "6", "label": "持续清洁生产机制与验收报告质量", "points": 10},
    ],
    "veto_items": EVALUATION_SHEET["veto_items"],
}


def seed(apps: object) -> None:
    """Create the national policy and sheets where missing (used by the data migration)."""
    ReviewPolicy = apps.get_model("reviews", "ReviewPolicy")  # type: ignore[attr-defined]
    SheetTemplate = apps.get_model("reviews", "SheetTemplate")  # type: ignore[attr-defined]
    if not ReviewPolicy.objects.filter(region__isnull=True).exists():
        ReviewPolicy.objects.create(region=None)
    for stage, sheet in (("evaluation", EVALUATION_SHEET), ("acceptance", ACCEPTANCE_SHEET)):
        if not SheetTemplate.objects.filter(region__isnull=True, stage=stage).exists():
            SheetTemplate.objects.create(region=None, stage=stage, version=1, pass_mark=70, **sheet)
