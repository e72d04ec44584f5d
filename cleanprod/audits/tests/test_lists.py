"""The list workflow: compile, submit, approve with four eyes, publish (audits, deadlines,
notices), frozen afterwards except through recorded amendments; and its pages."""

import io
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from cleanprod.accounts.models import Notice
from cleanprod.audits.models import (
    Audit,
    AuditEvent,
    Deadline,
    ListAmendment,
    ListEntry,
    MandatoryList,
    Step,
    Trigger,
)
from cleanprod.audits.services.list_publishing import list_amend, list_publish
from cleanprod.audits.services.lists import (
    list_approve,
    list_create,
    list_deadlines_set,
    list_entry_add,
    list_entry_drop,
    list_entry_restore,
    list_return,
    list_screen,
    list_submit,
)
from cleanprod.audits.tests.list_helpers import draft_with, exceed, publish
from cleanprod.core.errors import DomainError, TransitionNotAllowed
from cleanprod.testing.audits import client_for, enterprise_account
from cleanprod.testing.registry import make_enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(regions, industries, audit_rules, make_account):
    compiler = make_account("municipal_official", "370300", username="compiler")
    approver = make_account("municipal_official", "370300", username="approver")
    return compiler, approver


def _deadlines(audit):
    return {d.step: d.due_on for d in audit.deadlines.all()}


def test_publication_opens_every_listed_audit_with_its_deadlines_and_notifies_the_enterprise(
    people,
):
    # given: a draft of three enterprises, one of them dropped; a user of the first one
    compiler, approver = people
    plants = [make_enterprise(c) for c in ("370303", "370303", "370305")]
    staff = enterprise_account(plants[0])
    draft = draft_with(plants, by=compiler)
    list_entry_drop(entry=draft.entries.get(enterprise=plants[2]), reason="已停产", by=compiler)
    # when
    published = publish(draft, compiler=compiler, approver=approver)
    # then: published and frozen, with two audits counted from 31 January
    assert published.status == MandatoryList.Status.PUBLISHED
    assert published.published_at is not None
    assert published.is_frozen
    audits = Audit.objects.filter(list_entry__mandatory_list=published).order_by("id")
    assert [a.enterprise for a in audits] == plants[:2]
    for audit in audits:
        assert audit.listed_on == date(2026, 1, 31)
        assert audit.lead_department == "eco_env"
        assert _deadlines(audit) == {
            Step.DISCLOSE: date(2026, 2, 28),  # 31 January + 1 month, clamped to the month end
            Step.START: date(2026, 3, 31),
            Step.REPORT: date(2027, 1, 31),
        }
    assert not Audit.objects.filter(enterprise=plants[2]).exists()
    notice = Notice.objects.get(recipient=staff)
    assert notice.key == f"list-published-{published.pk}"
    assert "淄环发〔2026〕5号" in notice.body
    types = list(
        AuditEvent.objects.filter(mandatory_list=published)
        .order_by("id")
        .values_list("type", flat=True)
    )
    assert types == [
        "list.created",
        "list.entry_added",
        "list.entry_added",
        "list.entry_added",
        "list.entry_dropped",
        "list.submitted",
        "list.approved",
        "list.published",
    ]
    assert AuditEvent.objects.filter(type="audit.created", audit__in=audits).count() == 2


def test_fixed_dates_of_the_notice_replace_the_rules_for_their_steps(people):
    compiler, approver = people
    draft = draft_with([make_enterprise("370303")], by=compiler)
    list_deadlines_set(
        mandatory_list=draft,
        dates={Step.DISCLOSE: date(2026, 3, 15), Step.REPORT: date(2026, 10, 31)},
        by=compiler,
    )
    published = publish(draft, compiler=compiler, approver=approver)
    audit = Audit.objects.get(list_entry__mandatory_list=published)
    assert _deadlines(audit) == {
        Step.DISCLOSE: date(2026, 3, 15),
        Step.START: date(2026, 3, 31),
        Step.REPORT: date(2026, 10, 31),
    }
    sources = dict(audit.deadlines.values_list("step", "source"))
    assert sources[Step.DISCLOSE] == Deadline.Source.FIXED
    assert sources[Step.START] == Deadline.Source.RULE


def test_the_person_who_submitted_may_not_approve(people):
    # given
    compiler, _approver = people
    draft = draft_with([make_enterprise("370303")], by=compiler)
    list_submit(mandatory_list=draft, by=compiler)
    # when / then
    with pytest.raises(DomainError) as refused:
        list_approve(mandatory_list=draft, by=compiler)
    assert refused.value.code == "list.four_eyes"
    assert MandatoryList.objects.get(pk=draft.pk).status == MandatoryList.Status.SUBMITTED


def test_a_county_compiles_and_submits_but_the_city_approves(people, make_account):
    _compiler, approver = people
    county = make_account("county_official", "370303")
    draft = draft_with([make_enterprise("370303")], by=county, region="370303")
    list_submit(mandatory_list=draft, by=county)
    with pytest.raises(PermissionDenied):
        list_approve(mandatory_list=draft, by=county)
    assert list_approve(mandatory_list=draft, by=approver).status == "approved"


def test_an_official_of_another_city_cannot_touch_the_list(people, make_account):
    compiler, _approver = people
    jinan = make_account("municipal_official", "370100")
    draft = draft_with([make_enterprise("370303")], by=compiler)
    with pytest.raises(PermissionDenied):
        list_screen(mandatory_list=draft, by=jinan)
    list_submit(mandatory_list=draft, by=compiler)
    with pytest.raises(PermissionDenied):
        list_approve(mandatory_list=draft, by=jinan)


def test_returning_needs_a_comment_and_sends_the_list_back_to_draft(people):
    compiler, approver = people
    draft = draft_with([make_enterprise("370303")], by=compiler)
    list_submit(mandatory_list=draft, by=compiler)
    list_approve(mandatory_list=draft, by=approver)
    with pytest.raises(DomainError) as refused:
        list_return(mandatory_list=draft, comment="  ", by=approver)
    assert refused.value.code == "list.comment_required"
    returned = list_return(mandatory_list=draft, comment="请补充能耗数据", by=approver)
    assert (returned.status, returned.approved_by) == ("draft", None)
    event = AuditEvent.objects.get(mandatory_list=draft, type="list.returned")
    assert (event.from_status, event.to_status, event.comment) == (
        "approved",
        "draft",
        "请补充能耗数据",
    )
    list_entry_add(
        mandatory_list=draft,
        enterprise=make_enterprise("370305"),
        triggers=[Trigger.ENERGY_QUOTA],
        reason="补充高耗能企业",
        by=compiler,
    )


def test_an_empty_list_cannot_be_submitted(people, regions):
    compiler, _approver = people
    draft = list_create(region=regions["370300"], year=2026, title="空名单", by=compiler)
    with pytest.raises(DomainError) as refused:
        list_submit(mandatory_list=draft, by=compiler)
    assert refused.value.code == "list.empty"


def test_publication_needs_document_number_authorities_and_date(people):
    compiler, approver = people
    draft = draft_with([make_enterprise("370303")], by=compiler)
    list_submit(mandatory_list=draft, by=compiler)
    list_approve(mandatory_list=draft, by=approver)
    with pytest.raises(DomainError) as refused:
        list_publish(
            mandatory_list=draft,
            by=approver,
            doc_number="",
            issuing_authorities="淄博市生态环境局",
            published_on=date(2026, 1, 31),
        )
    assert "doc_number" in refused.value.fields
    with pytest.raises(DomainError):
        list_publish(
            mandatory_list=draft,
            by=approver,
            doc_number="淄环发〔2026〕5号",
            issuing_authorities="淄博市生态环境局",
            published_on=None,
        )
    assert not Audit.objects.exists()


def test_a_list_cannot_be_published_before_it_is_approved(people):
    compiler, approver = people
    draft = draft_with([make_enterprise("370303")], by=compiler)
    with pytest.raises(TransitionNotAllowed):
        list_publish(
            mandatory_list=draft,
            by=approver,
            doc_number="淄环发〔2026〕5号",
            issuing_authorities="淄博市生态环境局",
            published_on=date(2026, 1, 31),
        )


def test_one_list_per_region_year_and_batch(people, regions):
    compiler, _approver = people
    list_create(region=regions["370300"], year=2026, title="第一批", by=compiler)
    with pytest.raises(DomainError) as refused:
        list_create(region=regions["370300"], year=2026, title="又一个第一批", by=compiler)
    assert (refused.value.code, refused.value.status) == ("list.exists", 409)
    assert list_create(region=regions["370300"], year=2026, batch=2, title="第二批", by=compiler)


def test_manual_additions_need_a_reason_a_trigger_and_an_enterprise_of_the_region(people):
    compiler, _approver = people
    draft = draft_with([], by=compiler)
    plant = make_enterprise("370303")
    with pytest.raises(DomainError) as no_reason:
        list_entry_add(
            mandatory_list=draft, enterprise=plant, triggers=["toxic"], reason="", by=compiler
        )
    with pytest.raises(DomainError) as no_trigger:
        list_entry_add(mandatory_list=draft, enterprise=plant, triggers=[], reason="x", by=compiler)
    with pytest.raises(DomainError) as elsewhere:
        list_entry_add(
            mandatory_list=draft,
            enterprise=make_enterprise("370102"),
            triggers=["toxic"],
            reason="济南企业",
            by=compiler,
        )
    assert [e.value.code for e in (no_reason, no_trigger, elsewhere)] == [
        "list.reason_required",
        "list.triggers_invalid",
        "list.enterprise_outside",
    ]
    entry = list_entry_add(
        mandatory_list=draft,
        enterprise=plant,
        triggers=["toxic", "energy"],
        reason="群众举报核实",
        by=compiler,
    )
    assert (entry.origin, entry.triggers, entry.lead_department) == (
        ListEntry.Origin.MANUAL,
        ["energy", "toxic"],
        "eco_env",
    )


def test_an_enterprise_cannot_be_on_two_lists_of_one_year(people):
    compiler, _approver = people
    plant = make_enterprise("370303")
    draft_with([plant], by=compiler, batch=1)
    with pytest.raises(DomainError) as refused:
        draft_with([plant], by=compiler, batch=2)
    assert refused.value.code == "list.on_other_list"


def test_dropping_and_restoring_need_a_reason(people):
    compiler, _approver = people
    plant = make_enterprise("370303")
    draft = draft_with([plant], by=compiler)
    entry = draft.entries.get()
    with pytest.raises(DomainError):
        list_entry_drop(entry=entry, reason="", by=compiler)
    dropped = list_entry_drop(entry=entry, reason="已注销", by=compiler)
    assert (dropped.included, dropped.decision_reason) == (False, "已注销")
    with pytest.raises(TransitionNotAllowed):
        list_entry_drop(entry=entry, reason="again", by=compiler)
    restored = list_entry_restore(entry=entry, reason="核实仍在生产", by=compiler)
    assert restored.included


def test_a_published_list_refuses_every_change_but_an_amendment(people):
    # given
    compiler, approver = people
    plants = [make_enterprise("370303"), make_enterprise("370305")]
    published = publish(draft_with(plants[:1], by=compiler), compiler=compiler, approver=approver)
    entry = published.entries.get()
    # when / then: each change is a conflict (409) and nothing moves
    attempts = [
        lambda: list_screen(mandatory_list=published, by=compiler),
        lambda: list_entry_add(
            mandatory_list=published,
            enterprise=plants[1],
            triggers=["toxic"],
            reason="late",
            by=compiler,
        ),
        lambda: list_entry_drop(entry=entry, reason="late", by=compiler),
        lambda: list_entry_restore(entry=entry, reason="late", by=compiler),
        lambda: list_deadlines_set(
            mandatory_list=published, dates={"report": date(2026, 6, 30)}, by=compiler
        ),
        lambda: list_submit(mandatory_list=published, by=compiler),
        lambda: list_return(mandatory_list=published, comment="no", by=approver),
        lambda: list_approve(mandatory_list=published, by=approver),
        lambda: list_publish(
            mandatory_list=published,
            by=approver,
            doc_number="X",
            issuing_authorities="Y",
            published_on=date(2026, 2, 1),
        ),
    ]
    for attempt in attempts:
        with pytest.raises(TransitionNotAllowed) as refused:
            attempt()
        assert refused.value.status == 409
    assert published.entries.count() == 1
    assert not published.fixed_deadlines.exists()
    assert MandatoryList.objects.get(pk=published.pk).status == "published"


def test_an_amendment_adds_an_enterprise_and_opens_its_audit_from_the_effective_date(people):
    compiler, approver = people
    plants = [make_enterprise("370303"), make_enterprise("370305")]
    staff = enterprise_account(plants[1])
    published = publish(draft_with(plants[:1], by=compiler), compiler=compiler, approver=approver)
    amendment = list_amend(
        mandatory_list=published,
        kind=ListAmendment.Kind.ADD,
        enterprise=plants[1],
        triggers=[Trigger.ENERGY_QUOTA],
        reason="补充列入高耗能企业",
        doc_number="淄环发〔2026〕9号",
        effective_on=date(2026, 4, 30),
        by=approver,
    )
    audit = Audit.objects.get(enterprise=plants[1])
    assert audit.list_entry == amendment.entry
    assert amendment.entry.origin == ListEntry.Origin.AMENDMENT
    assert audit.lead_department == "drc"
    assert _deadlines(audit)[Step.DISCLOSE] == date(2026, 5, 30)
    assert _deadlines(audit)[Step.REPORT] == date(2027, 4, 30)
    assert Notice.objects.filter(recipient=staff).exists()
    event = AuditEvent.objects.get(mandatory_list=published, type="list.amended")
    assert event.data["kind"] == "add"
    assert event.data["doc_number"] == "淄环发〔2026〕9号"


def test_an_amendment_removes_an_enterprise_and_withdraws_its_audit(people):
    compiler, approver = people
    plants = [make_enterprise("370303"), make_enterprise("370305")]
    published = publish(draft_with(plants, by=compiler), compiler=compiler, approver=approver)
    list_amend(
        mandatory_list=published,
        kind=ListAmendment.Kind.REMOVE,
        enterprise=plants[0],
        reason="企业已依法关闭",
        doc_number="淄环发〔2026〕11号",
        effective_on=date(2026, 5, 8),
        by=approver,
    )
    audit = Audit.objects.get(enterprise=plants[0])
    assert (audit.status, audit.withdrawn_reason) == ("withdrawn", "企业已依法关闭")
    assert published.entries.get(enterprise=plants[0]).removed
    assert AuditEvent.objects.filter(audit=audit, type="audit.withdrawn").exists()
    with pytest.raises(DomainError) as twice:
        list_amend(
            mandatory_list=published,
            kind=ListAmendment.Kind.REMOVE,
            enterprise=plants[0],
            reason="again",
            effective_on=date(2026, 5, 9),
            by=approver,
        )
    assert twice.value.code == "list.entry_missing"


def test_a_county_official_cannot_amend(people, make_account):
    compiler, approver = people
    plant = make_enterprise("370303")
    published = publish(draft_with([plant], by=compiler), compiler=compiler, approver=approver)
    county = make_account("county_official", "370303")
    with pytest.raises(PermissionDenied):
        list_amend(
            mandatory_list=published,
            kind="remove",
            enterprise=plant,
            reason="x",
            effective_on=date(2026, 5, 1),
            by=county,
        )


# --- pages ---------------------------------------------------------------------------------


def test_the_detail_page_shows_the_buttons_the_table_and_policy_allow_now(people, make_account):
    compiler, approver = people
    draft = draft_with([make_enterprise("370303")], by=compiler)
    url = reverse("audits:list", args=[draft.pk])
    page = client_for(compiler).get(url).content.decode()
    assert 'id="action-screen"' in page
    assert 'id="action-submit"' in page
    assert 'id="action-approve"' not in page
    assert 'id="action-publish"' not in page
    list_submit(mandatory_list=draft, by=compiler)
    page = client_for(approver).get(url).content.decode()
    assert 'id="action-approve"' in page
    assert 'id="action-return"' in page
    assert 'id="action-screen"' not in page
    assert 'id="action-add"' not in page
    county = make_account("county_official", "370300", username="county_on_city")
    page = client_for(county).get(url).content.decode()
    assert 'id="action-approve"' not in page


def test_the_workflow_runs_through_the_pages(people):
    compiler, approver = people
    plant = make_enterprise("370303")
    exceed(plant, date(2025, 8, 1))
    web, boss = client_for(compiler), client_for(approver)
    response = web.post(
        reverse("audits:list_new"),
        {"region": plant.region.parent_id, "year": 2026, "batch": 1, "title": "2026年度名单"},
    )
    draft = MandatoryList.objects.get()
    assert response.status_code == 302
    web.post(reverse("audits:list_action", args=[draft.pk, "screen"]))
    assert draft.entries.filter(enterprise=plant, origin="screening").exists()
    web.post(reverse("audits:list_action", args=[draft.pk, "submit"]))
    response = web.post(reverse("audits:list_action", args=[draft.pk, "approve"]), follow=True)
    assert "须由其他人员审批（双人复核）" in response.content.decode()
    boss.post(reverse("audits:list_action", args=[draft.pk, "approve"]))
    boss.post(
        reverse("audits:list_action", args=[draft.pk, "publish"]),
        {
            "doc_number": "淄环发〔2026〕5号",
            "issuing_authorities": "淄博市生态环境局",
            "published_on": "2026-01-31",
        },
    )
    draft.refresh_from_db()
    assert draft.status == "published"
    assert Audit.objects.filter(enterprise=plant).count() == 1
    timeline = boss.get(reverse("audits:list_timeline", args=[draft.pk]), HTTP_HX_REQUEST="true")
    assert b"list.published" in timeline.content
    assert b"<html" not in timeline.content


def test_the_index_is_scoped_and_filtered(people, make_account, regions):
    compiler, _approver = people
    zibo = draft_with([], by=compiler, year=2026)
    jinan_official = make_account("municipal_official", "370100")
    jinan = list_create(region=regions["370100"], year=2025, title="济南名单", by=jinan_official)
    page = client_for(compiler).get(reverse("audits:lists")).content.decode()
    assert zibo.title in page
    assert jinan.title not in page
    filtered = client_for(compiler).get(reverse("audits:lists"), {"year": 2025}).content.decode()
    assert zibo.title not in filtered


def test_a_county_official_gets_404_for_a_list_of_another_city(people, make_account, regions):
    jinan_official = make_account("municipal_official", "370100")
    jinan = list_create(region=regions["370100"], year=2026, title="济南名单", by=jinan_official)
    county = client_for(make_account("county_official", "370303"))
    assert county.get(reverse("audits:list", args=[jinan.pk])).status_code == 404
    assert county.get(reverse("audits:list_export", args=[jinan.pk])).status_code == 404
    response = county.post(reverse("audits:list_action", args=[jinan.pk, "screen"]))
    assert response.status_code == 404


def test_an_enterprise_user_gets_no_list_pages(people):
    compiler, approver = people
    plant = make_enterprise("370303")
    published = publish(draft_with([plant], by=compiler), compiler=compiler, approver=approver)
    staff = client_for(enterprise_account(plant))
    assert staff.get(reverse("audits:lists")).status_code == 403
    assert staff.get(reverse("audits:list", args=[published.pk])).status_code == 404
    assert staff.get(reverse("audits:list_export", args=[published.pk])).status_code == 404
    assert staff.get(reverse("audits:list_import")).status_code == 403


def test_the_export_is_in_the_official_layout(people):
    compiler, approver = people
    plants = [make_enterprise("370303"), make_enterprise("370305")]
    draft = draft_with(plants, by=compiler)
    list_entry_add(
        mandatory_list=draft,
        enterprise=make_enterprise("370303", industry="3360"),
        triggers=[Trigger.EXCEED_STD_OR_CAP, Trigger.TOXIC],
        reason="监测超标且使用六价铬",
        by=compiler,
    )
    published = publish(draft, compiler=compiler, approver=approver)
    response = client_for(compiler).get(reverse("audits:list_export", args=[published.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == published.title
    assert "淄环发〔2026〕5号" in rows[1][0]
    assert "2026-01-31" in rows[1][0]
    assert len(rows) == 3 + 3
    codes = {r[2]: r for r in rows[3:]}
    assert codes[plants[0].credit_code][4:6] == ("张店区", "淄博市")
    assert {r[6] for r in rows[3:]} == {"双超", "双超、双有"}


def test_the_create_form_the_full_timeline_and_the_template_render(people):
    compiler, approver = people
    draft = draft_with([make_enterprise("370303")], by=compiler)
    web = client_for(compiler)
    form = web.get(reverse("audits:list_new"))
    assert form.status_code == 200
    assert "淄博市" in form.content.decode()
    timeline = web.get(reverse("audits:list_timeline", args=[draft.pk]))
    assert timeline.status_code == 200
    assert b"<html" in timeline.content
    refused = web.post(
        reverse("audits:list_new"),
        {"region": draft.region_id, "year": 2026, "batch": 1, "title": "重复"},
    )
    assert refused.status_code == 400
    template = client_for(approver).get(reverse("audits:list_template"))
    assert template.status_code == 200
    assert template["Content-Type"].startswith("application/vnd.openxmlformats")
