"""Known outcomes for scorecard, statistics and public-page tests: audits of one agency with
reviews written directly (test data for counts; the flow tests run the services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from cleanprod.accounts.models import User
from cleanprod.agencies.models import Agency
from cleanprod.audits.models import Audit, AuditDocument, AuditReport
from cleanprod.audits.services.documents import document_store
from cleanprod.regions.models import Region
from cleanprod.reviews.models import Outcome, Review, Stage
from cleanprod.testing.audits import make_agency, upload, working_audit
from cleanprod.testing.registry import make_enterprise

EVAL, ACC = Stage.EVALUATION, Stage.ACCEPTANCE
D = dt.date


def served_audit(agency: Agency, started_on: dt.date, county: str = "370303") -> Audit:
    """An audit of a new enterprise, its start filed on `started_on` with `agency`."""
    audit = working_audit(make_enterprise(county), county=county)
    Audit.objects.filter(pk=audit.pk).update(agency=agency, self_audit=False, started_on=started_on)
    audit.refresh_from_db()
    return audit


def concluded(
    audit: Audit,
    stage: str,
    attempt: int,
    outcome: str,
    score: str,
    on: dt.date,
    *,
    by: User,
    published: bool = False,
    **extra: Any,
) -> Review:
    """A signed (or published) review with a known conclusion and panel score."""
    return Review.objects.create(
        audit=audit,
        stage=stage,
        attempt=attempt,
        status=Review.Status.PUBLISHED if published else Review.Status.CONCLUDED,
        organiser_region=Region.objects.get(code="370300"),
        applied_by=by,
        applied_at=timezone.make_aware(dt.datetime.combine(on, dt.time(9))),
        outcome=outcome,
        mean_score=Decimal(score),
        concluded_on=on,
        opinion="专家组意见",
        published_at=timezone.now() if published else None,
        **extra,
    )


def open_review(audit: Audit, stage: str, attempt: int, *, by: User) -> Review:
    return Review.objects.create(
        audit=audit,
        stage=stage,
        attempt=attempt,
        organiser_region=Region.objects.get(code="370300"),
        applied_by=by,
        applied_at=timezone.now(),
    )


def returned_report(audit: Audit, version: int, on: dt.date, *, by: User) -> AuditReport:
    document = document_store(
        audit=audit,
        kind=AuditDocument.Kind.REPORT,
        title=f"报告 v{version}",
        phase=None,
        file=upload("report.pdf"),
        by=by,
    )
    moment = timezone.make_aware(dt.datetime.combine(on, dt.time(10)))
    return AuditReport.objects.create(
        audit=audit,
        version=version,
        document=document,
        status=AuditReport.Status.RETURNED,
        submitted_by=by,
        submitted_at=moment,
        reviewed_by=by,
        reviewed_at=moment,
    )


def known_outcomes(official: User) -> dict[str, Any]:
    """Agency X: three audits started in 2026, one in 2025; agency Y: one audit. The figures
    are spelled out in test_scorecards.py."""
    x, y = make_agency("370300", name="甲咨询"), make_agency("370300", name="乙咨询")
    a1 = served_audit(x, D(2026, 2, 1))
    a2 = served_audit(x, D(2026, 3, 1))
    a3 = served_audit(x, D(2025, 6, 1))
    a4 = served_audit(x, D(2026, 4, 1))
    b1 = served_audit(y, D(2026, 2, 1))
    # a1: evaluation passes first time; acceptance fails once, then passes
    concluded(a1, EVAL, 1, Outcome.PASS, "85.0", D(2026, 5, 10), by=official)
    concluded(a1, ACC, 1, Outcome.FAIL_RECTIFY, "65.0", D(2026, 9, 1), by=official)
    concluded(a1, ACC, 2, Outcome.PASS, "80.0", D(2026, 10, 1), by=official)
    # a2: report returned once; evaluation fails, then passes with rectification
    returned_report(a2, 1, D(2026, 4, 2), by=official)
    concluded(a2, EVAL, 1, Outcome.FAIL_RECTIFY, "60.0", D(2026, 6, 1), by=official)
    concluded(a2, EVAL, 2, Outcome.PASS_WITH_RECTIFICATION, "75.0", D(2026, 7, 1), by=official)
    # a3: started and evaluated in 2025 (report returned then), accepted in 2026
    returned_report(a3, 1, D(2025, 9, 1), by=official)
    concluded(a3, EVAL, 1, Outcome.PASS, "90.0", D(2025, 12, 1), by=official)
    concluded(a3, ACC, 1, Outcome.PASS, "88.0", D(2026, 3, 1), by=official)
    # a4: applied, not concluded: counts as served only
    open_review(a4, EVAL, 1, by=official)
    # agency Y: one failed evaluation
    concluded(b1, EVAL, 1, Outcome.FAIL_REAUDIT, "40.0", D(2026, 5, 1), by=official)
    return {"x": x, "y": y, "a1": a1, "a2": a2, "a3": a3, "a4": a4, "b1": b1}
