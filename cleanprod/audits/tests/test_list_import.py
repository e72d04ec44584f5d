"""Importing a published list from its Excel annex: its deadlines match the notice, every
problem is named by row, column and reason, and nothing is imported twice."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from cleanprod.accounts.models import Notice
from cleanprod.audits.excel import read_list_workbook
from cleanprod.audits.models import Audit, AuditEvent, ListEntry, MandatoryList, Step, Trigger
from cleanprod.audits.services.list_import import ListHeader, list_import
from cleanprod.audits.tests.list_helpers import official_sheet
from cleanprod.core.errors import DomainError
from cleanprod.core.excel import format_error
from cleanprod.registry.credit_codes import make_code
from cleanprod.testing.audits import client_for, enterprise_account
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db

TITLE = "2026年度山东省实施强制性清洁生产审核企业名单"
SUBTITLE = "鲁环发〔2026〕3号  山东省生态环境厅  山东省发展和改革委员会  2026年1月31日"
PLANTS = [
    # county, name, industry code, industry name, categories, lead department
    ("370303", "淄博鲁华化工有限公司", "2614", "有机化学原料制造", "双超、双有", "生态环境部门"),
    ("370303", "淄博金诚石化有限公司", "2511", "原油加工及石油制品制造", "高耗能", "发展改革委"),
    ("370303", "淄博华光陶瓷股份有限公司", "3071", "卫生陶瓷制品制造", "双超", ""),
    ("370303", "淄博宏达电镀有限公司", "3360", "金属表面处理及热处理加工", "双有", "生态环境"),
    ("370305", "齐鲁石化分公司", "2511", "原油加工及石油制品制造", "双超，高耗能", ""),
    ("370305", "临淄恒远化肥有限公司", "2621", "氮肥制造", "双超", ""),
    ("370305", "临淄东方印染有限公司", "1713", "棉印染精加工", "双超、双有", ""),
    ("370305", "临淄齐峰纸业有限公司", "2221", "机制纸及纸板制造", "双超", "生态环境部门"),
    ("370102", "济南泉城制药有限公司", "2710", "化学药品原料药制造", "双有", ""),
    ("370102", "济南钢城特钢有限公司", "3120", "炼钢", "高耗能", "工信"),
    ("370102", "济南明水水泥有限公司", "3011", "水泥制造", "高耗能、双超", ""),
    ("370102", "济南历下铅蓄电池有限公司", "3843", "铅蓄电池制造", "双有", ""),
]


@pytest.fixture
def province(regions, industries, audit_rules, make_account):
    official = make_account("provincial_official", "370000")
    plants = [
        make_enterprise(county, name=name, industry=code) for county, name, code, *_ in PLANTS
    ]
    return regions, official, plants


def _rows(plants):
    rows = []
    for number, (plant, (county, _n, _c, industry, categories, lead)) in enumerate(
        zip(plants, PLANTS, strict=True), start=1
    ):
        city = "淄博市" if county.startswith("3703") else "济南市"
        rows.append(
            [
                number,
                plant.name,
                plant.credit_code,
                industry,
                plant.region.name,
                city,
                categories,
                lead,
                "",
            ]
        )
    return rows


def _header(regions, **kw):
    values = {
        "region": regions["370000"],
        "year": 2026,
        "batch": 1,
        "title": TITLE,
        "issuing_authorities": "山东省生态环境厅、山东省发展和改革委员会",
        "doc_number": "鲁环发〔2026〕3号",
        "published_on": date(2026, 1, 31),
    }
    values.update(kw)
    return ListHeader(**values)


def _import(regions, official, rows, **kw):
    sheet = read_list_workbook(official_sheet(rows, title=TITLE, subtitle=SUBTITLE))
    with translation.override("en"):
        return list_import(sheet=sheet, header=_header(regions, **kw), by=official)


def test_a_real_published_list_imports_with_the_deadlines_of_the_notice(province):
    # given: the province's 2026 annex, twelve enterprises in two cities; a user of the first
    regions, official, plants = province
    staff = enterprise_account(plants[0])
    # when
    result = _import(regions, official, _rows(plants))
    # then: one published, imported list; an audit per enterprise from 31 January
    assert result.ok, [format_error(e) for e in result.errors]
    listed = result.mandatory_list
    assert (listed.status, listed.origin) == ("published", "imported")
    assert (listed.doc_number, listed.published_on) == ("鲁环发〔2026〕3号", date(2026, 1, 31))
    audits = Audit.objects.filter(list_entry__mandatory_list=listed)
    assert audits.count() == 12
    for audit in audits:
        deadlines = {d.step: d.due_on for d in audit.deadlines.all()}
        assert deadlines == {
            Step.DISCLOSE: date(2026, 2, 28),
            Step.START: date(2026, 3, 31),
            Step.REPORT: date(2027, 1, 31),
        }
    entries = {e.enterprise.name: e for e in listed.entries.select_related("enterprise")}
    assert entries["淄博鲁华化工有限公司"].triggers == [Trigger.EXCEED_STD_OR_CAP, Trigger.TOXIC]
    assert entries["齐鲁石化分公司"].triggers == [Trigger.EXCEED_STD_OR_CAP, Trigger.ENERGY_QUOTA]
    assert entries["淄博金诚石化有限公司"].lead_department == "drc"
    assert entries["济南钢城特钢有限公司"].lead_department == "miit"
    assert entries["济南明水水泥有限公司"].lead_department == "eco_env"  # several: ECO_ENV
    assert {e.origin for e in entries.values()} == {ListEntry.Origin.IMPORT}
    assert Notice.objects.get(recipient=staff).key == f"list-published-{listed.pk}"
    assert AuditEvent.objects.get(mandatory_list=listed).type == "list.imported"


def test_fixed_dates_of_the_notice_are_the_deadlines_exactly(province):
    regions, official, plants = province
    fixed = {
        Step.DISCLOSE: date(2026, 3, 1),
        Step.START: date(2026, 4, 15),
        Step.REPORT: date(2026, 10, 31),
    }
    result = _import(regions, official, _rows(plants), fixed=fixed)
    assert result.ok
    for audit in Audit.objects.filter(list_entry__mandatory_list=result.mandatory_list):
        assert {d.step: d.due_on for d in audit.deadlines.all()} == fixed
        assert set(audit.deadlines.values_list("source", flat=True)) == {"fixed"}


def test_a_former_name_is_accepted(province):
    regions, official, plants = province
    first = plants[0]
    first.former_names = "淄博鲁华化工厂；淄博鲁华集团"
    first.save(update_fields=["former_names"])
    rows = _rows(plants)
    rows[0][1] = "淄博鲁华集团"  # the name in the notice is a former one
    result = _import(regions, official, rows)
    assert result.ok, [format_error(e) for e in result.errors]


def test_every_problem_is_named_by_row_column_and_reason_and_nothing_is_written(province):
    # given: a file with five kinds of mistakes
    regions, official, plants = province
    rows = _rows(plants)
    rows[1][1] = "淄博某某有限公司"  # sheet row 5: name not the registered one
    rows[2][2] = "91370303MA00000000"  # row 6: wrong check character
    rows[3][2] = rows[0][2]  # row 7: the same credit code as row 4
    rows[4][6] = "双超、超排"  # row 8: not a category
    rows[5][7] = "财政局"  # row 9: not a lead department
    rows[6][2] = make_code("91370303MA9999999")  # row 10: a valid code nobody registered
    # when
    result = _import(regions, official, rows)
    # then
    assert [(e.row, e.key) for e in result.errors] == [
        (5, "name"),
        (6, "credit_code"),
        (7, "credit_code"),
        (8, "categories"),
        (9, "lead_department"),
        (10, "credit_code"),
    ]
    with translation.override("en"):
        messages = [format_error(e) for e in result.errors]
    assert messages[0].startswith("Row 5, column “企业名称”")
    assert "淄博金诚石化有限公司" in messages[0]
    assert "row 4" in messages[2]
    assert "超排" in messages[3]
    assert not MandatoryList.objects.exists()
    assert not Audit.objects.exists()


def test_an_enterprise_outside_the_importing_officials_jurisdiction_is_refused(
    province, make_account
):
    regions, _official, plants = province
    zibo = make_account("municipal_official", "370300")
    result = _import(regions, zibo, _rows(plants)[:9], region=regions["370300"])
    assert [(e.row, e.key) for e in result.errors] == [(12, "credit_code")]
    assert "济南泉城制药有限公司" in result.errors[0].message


def test_the_same_region_year_and_batch_cannot_be_imported_twice(province):
    regions, official, plants = province
    assert _import(regions, official, _rows(plants)).ok
    with pytest.raises(DomainError) as refused:
        _import(regions, official, _rows(plants))
    assert (refused.value.code, refused.value.status) == ("list.exists", 409)
    assert MandatoryList.objects.count() == 1


def test_an_enterprise_already_listed_this_year_is_refused_in_another_batch(province):
    regions, official, plants = province
    assert _import(regions, official, _rows(plants)[:2]).ok
    result = _import(regions, official, _rows(plants)[1:3], batch=2)
    assert [(e.row, e.key) for e in result.errors] == [(4, "credit_code")]


def test_a_county_official_cannot_import_lists(province, make_account):
    regions, _official, plants = province
    county = make_account("county_official", "370303")
    with pytest.raises(PermissionDenied):
        _import(regions, county, _rows(plants)[:1], region=regions["370303"])


def test_a_sheet_without_the_required_columns_is_refused(db):
    book = Workbook()
    book.active.append(["序号", "名称"])
    book.active.append([1, "某公司"])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    with pytest.raises(DomainError) as refused:
        read_list_workbook(out)
    assert refused.value.code == "excel.missing_columns"


def test_the_command_imports_checks_and_refuses(province, tmp_path):
    _regions, official, plants = province
    path = tmp_path / "annex.xlsx"
    path.write_bytes(official_sheet(_rows(plants), title=TITLE, subtitle=SUBTITLE).getvalue())
    common = [
        str(path),
        "--region=370000",
        "--year=2026",
        "--title",
        TITLE,
        "--authorities",
        "山东省生态环境厅",
        "--doc-number",
        "鲁环发〔2026〕3号",
        "--published-on=2026-01-31",
        f"--user={official.username}",
    ]
    call_command("import_list", *common, "--dry-run")
    assert not MandatoryList.objects.exists()
    call_command(
        "import_list", *common, "--due", "disclose=2026-03-01", "--due", "report=2026-11-30"
    )
    listed = MandatoryList.objects.get()
    audit = Audit.objects.filter(list_entry__mandatory_list=listed).first()
    due = {d.step: d.due_on for d in audit.deadlines.all()}
    assert due == {
        Step.DISCLOSE: date(2026, 3, 1),
        Step.START: date(2026, 3, 31),
        Step.REPORT: date(2026, 11, 30),
    }
    with pytest.raises(CommandError, match=r"list\.exists"):
        call_command("import_list", *common)
    template = tmp_path / "template.xlsx"
    call_command("import_list", "--template", str(template))
    assert read_list_workbook(template).rows


def test_the_command_exits_non_zero_on_bad_rows(province, tmp_path):
    _regions, official, plants = province
    rows = _rows(plants)
    rows[0][6] = "未知"
    path = tmp_path / "annex.xlsx"
    path.write_bytes(official_sheet(rows, title=TITLE).getvalue())
    with pytest.raises(CommandError, match="1 problems"):
        call_command(
            "import_list",
            str(path),
            "--region=370000",
            "--year=2026",
            "--title=T",
            "--authorities=A",
            "--doc-number=D",
            "--published-on=2026-01-31",
            f"--user={official.username}",
        )
    assert not MandatoryList.objects.exists()


def test_upload_preview_confirm_through_the_page(province):
    regions, official, plants = province
    web = client_for(official)
    form = {
        "region": regions["370000"].pk,
        "year": 2026,
        "batch": 1,
        "title": TITLE,
        "issuing_authorities": "山东省生态环境厅",
        "doc_number": "鲁环发〔2026〕3号",
        "published_on": "2026-01-31",
        "due_report": "2026-12-15",
    }
    upload = official_sheet(_rows(plants), title=TITLE, subtitle=SUBTITLE)
    upload.name = "annex.xlsx"
    preview = web.post(reverse("audits:list_import"), {**form, "file": upload})
    assert preview.status_code == 200, preview.content.decode()[:2000]
    assert not MandatoryList.objects.exists()
    token = preview.context["token"]
    done = web.post(reverse("audits:list_import"), {"token": token})
    listed = MandatoryList.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("audits:list", args=[listed.pk])
    assert listed.fixed_deadlines.get().due_on == date(2026, 12, 15)
    assert Audit.objects.filter(list_entry__mandatory_list=listed).count() == 12


def test_a_bad_file_shows_its_problems_on_the_page(province):
    regions, official, plants = province
    rows = _rows(plants)
    rows[0][1] = "别的名字有限公司"
    upload = official_sheet(rows, title=TITLE)
    upload.name = "annex.xlsx"
    response = client_for(official).post(
        reverse("audits:list_import"),
        {
            "region": regions["370000"].pk,
            "year": 2026,
            "batch": 1,
            "title": TITLE,
            "issuing_authorities": "山东省生态环境厅",
            "doc_number": "鲁环发〔2026〕3号",
            "published_on": "2026-01-31",
            "file": upload,
        },
    )
    assert response.status_code == 400
    assert 'id="import-errors"' in response.content.decode()
    assert not MandatoryList.objects.exists()
