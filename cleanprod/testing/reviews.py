"""Review test data: an expert pool, expert accounts, and an audit ready for evaluation or
acceptance (test data: statuses are set directly, the review steps run through services)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from django.utils import timezone

from cleanprod.accounts.models import User
from cleanprod.audits.models import Audit
from cleanprod.experts.models import Expert
from cleanprod.regions.models import Region
from cleanprod.registry.models import Enterprise, Industry
from cleanprod.reviews.models import Review, Seat, Stage
from cleanprod.testing.audits import audit_set_status, party_account, upload, working_audit

_serial = itertools.count(1)


def make_expert(
    region: str = "370000",
    *,
    divisions: tuple[str, ...] = ("26",),
    status: str = Expert.Status.ACTIVE,
    employer_credit_code: str = "",
    **data: Any,
) -> Expert:
    n = next(_serial)
    values = {
        "pool_no": f"T{n:05d}",
        "name": f"专家{n}",
        "region": Region.objects.get(code=region),
        "title": "高级工程师",
        "employer": f"测试单位{n}",
        "employer_credit_code": employer_credit_code,
        "status": status,
        "applied_on": date(2025, 1, 1),
        "admitted_on": None if status in ("applied", "rejected") else date(2025, 2, 1),
    }
    values.update(data)
    expert = Expert.objects.create(**values)
    expert.specialties.set(Industry.objects.filter(code__in=divisions))
    return expert


def expert_account(expert: Expert) -> User:
    user = party_account("expert", expert.pk, expert.region.code)
    Expert.objects.filter(pk=expert.pk).update(user=user)
    expert.refresh_from_db()
    return user


def make_pool(n: int = 6, **kw: Any) -> list[Expert]:
    """n active experts of chemicals (division 26) in Shandong, each with an account."""
    experts = [make_expert(**kw) for _ in range(n)]
    for expert in experts:
        expert_account(expert)
    return experts


def evaluation_ready(enterprise: Enterprise | None = None, **kw: Any) -> Audit:
    """An audit whose report was accepted: it may apply for evaluation."""
    return audit_set_status(working_audit(enterprise, **kw), Audit.Status.REPORT_ACCEPTED)


def application_files(stage: str) -> dict[str, Any]:
    from cleanprod.reviews.services.applications import CHECKLIST

    return {r.code: upload(f"{r.code}.pdf") for r in CHECKLIST[stage]}


def apply(audit: Audit, stage: str = Stage.EVALUATION, by: User | None = None) -> Review:
    from cleanprod.reviews.services.applications import review_apply
    from cleanprod.testing.audits import enterprise_account

    by = by or enterprise_account(audit.enterprise)
    return review_apply(audit=audit, stage=stage, by=by, files=application_files(stage))


def seat_user(seat: Seat) -> User:
    return seat.expert.user


def accept_all(review: Review) -> None:
    """Every invited expert accepts (declaring no conflict)."""
    from cleanprod.reviews.services.draws import seat_answer

    for seat in review.seats.filter(status=Seat.Status.INVITED).select_related("expert__user"):
        seat_answer(seat=seat, by=seat.expert.user, accept=True, no_conflict=True)


def today() -> date:
    return timezone.localdate()
