"""The random draw of a panel (regulation.md §4.4, §7.2), made so that anyone can re-run it.

Candidates are the active experts of the pool (the province by default) whose specialties cover
the audited enterprise's industry division, minus those with a conflict. They are listed by pool
number; each gets the key SHA-256("<seed>:<pool number>") in hexadecimal and the ranking is the
candidates by ascending key. The first `panel_size` are invited; whoever declines is replaced by
the next in the ranking. The seed, the candidate list, the ranking and the exclusions (with
reasons) are recorded on the Draw and published with the result, so

    sorted(candidates, key=lambda no: hashlib.sha256(f"{seed}:{no}".encode()).hexdigest())

reproduces the ranking exactly.

A region may require the panel to cover fields of expertise (`ReviewPolicy.panel_fields`, e.g.
audit method and industry process). Then the seats are taken in two passes over the same
ranking (`select_panel`): for each required field in the policy's order, the best-ranked
candidate of that field unless a member chosen so far covers it; then the best-ranked of the
rest until the panel is full. The requirements and every candidate's fields at the moment of
the draw are recorded with it, so the seating can be re-run as well. A decline is replaced by
the best-ranked free candidate who restores a field the remaining seats no longer cover, or,
if none is missing, simply the next one.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.audits.events import record_event
from cleanprod.audits.models import Audit, AuditEvent
from cleanprod.audits.services.recipients import audit_parties
from cleanprod.core.errors import DomainError
from cleanprod.experts.models import Conflict, Expert, Field
from cleanprod.reviews.models import Draw, Review, Seat
from cleanprod.reviews.services.common import ensure_organiser, organisers, review_locked, tell
from cleanprod.reviews.services.config import policy_for, region_at_level

ALGORITHM = "sha256(seed:pool_no) ascending, v1"
ALGORITHM_FIELDS = "sha256(seed:pool_no) asc; fields, v1"  # see select_panel

REASONS = {
    "employer_enterprise": gettext_lazy("Works for the audited enterprise"),
    "employer_agency": gettext_lazy("Works for the enterprise's consulting agency"),
    "declared": gettext_lazy("Declared a conflict with the enterprise or its agency"),
    "previous_panel": gettext_lazy("Sat on an earlier panel of this audit"),
    "same_county": gettext_lazy("Based in the enterprise's county"),
}


def draw_rank(seed: str, pool_nos: list[str]) -> list[str]:
    """The published ranking rule: ascending SHA-256 of "<seed>:<pool number>"."""
    return sorted(pool_nos, key=lambda no: hashlib.sha256(f"{seed}:{no}".encode()).hexdigest())


def select_panel(
    ranking: list[str], fields: dict[str, list[str]], required: list[str], size: int
) -> list[str]:
    """The pool numbers to invite, in ranking order: per required field (in order) the
    best-ranked candidate of that field unless one already chosen covers it, then the
    best-ranked of the rest up to `size`. Without requirements: the first `size`."""
    chosen: list[str] = []
    for wanted in required:
        if any(wanted in fields.get(no, ()) for no in chosen):
            continue
        pick = next(
            (no for no in ranking if no not in chosen and wanted in fields.get(no, ())), None
        )
        if pick is not None and len(chosen) < size:
            chosen.append(pick)
    for no in ranking:
        if len(chosen) >= size:
            break
        if no not in chosen:
            chosen.append(no)
    position = {no: i for i, no in enumerate(ranking)}
    return sorted(chosen, key=position.__getitem__)


def fields_missing(
    required: list[str], fields: dict[str, list[str]], seated: list[str]
) -> list[str]:
    """Required fields that none of `seated` covers, in the policy's order."""
    covered = {f for no in seated for f in fields.get(no, ())}
    return [f for f in required if f not in covered]


@dataclass
class Pool:
    eligible: list[Expert] = field(default_factory=list)
    excluded: list[tuple[Expert, str]] = field(default_factory=list)


def _enterprises(audit: Audit) -> list[Any]:
    found = [audit.enterprise] if audit.enterprise_id else []
    found += [m.enterprise for m in audit.members.select_related("enterprise")]
    return found


def divisions_of(audit: Audit) -> set[str]:
    """The GB/T 4754 divisions of the audited enterprise (or of the members of a park audit)."""
    codes = set()
    for enterprise in _enterprises(audit):
        parts = [p for p in enterprise.industry_path.split("/") if p]
        if len(parts) >= 2:
            codes.add(parts[1])
    return codes


def conflict_reasons(
    expert: Expert, *, audit: Audit, previous: set[int], same_county: bool, on: date
) -> list[str]:
    """Why `expert` may not sit on a panel of `audit` (reason codes of REASONS); [] if free."""
    enterprises = _enterprises(audit)
    codes = {e.credit_code for e in enterprises}
    agency_code = audit.agency.credit_code if audit.agency_id else ""
    reasons = []
    employer = expert.employer_credit_code
    if employer and employer in codes:
        reasons.append("employer_enterprise")
    if employer and agency_code and employer == agency_code:
        reasons.append("employer_agency")
    watched = codes | ({agency_code} if agency_code else set())
    declared = [
        c
        for c in expert.conflicts.all()
        if c.credit_code in watched and (c.until is None or c.until >= on)
    ]
    if declared:
        reasons.append("declared")
    if expert.pk in previous:
        reasons.append("previous_panel")
    if same_county and any(expert.region_id == e.region_id for e in enterprises):
        reasons.append("same_county")
    return reasons


def pool_for(review: Review, *, on: date | None = None) -> Pool:
    """The eligible candidates and the excluded ones with their first reason."""
    audit = review.audit
    policy = policy_for(audit.region)
    on = on or timezone.localdate()
    pool_region = region_at_level(review.organiser_region, policy.pool_level)
    divisions = divisions_of(audit)
    experts = (
        Expert.objects.active()
        .filter(
            region__path__startswith=pool_region.path,
            specialties__code__in=divisions,
            admitted_on__lte=on,
        )
        .distinct()
        .prefetch_related(
            # only conflicts that can matter for this audit
            _conflicts_prefetch(audit)
        )
        .order_by("pool_no")
    )
    previous: set[int] = set()
    if policy.exclude_previous_panel:
        previous = set(
            Seat.objects.filter(review__audit=audit)
            .exclude(review=review)
            .filter(status=Seat.Status.ACCEPTED)
            .values_list("expert_id", flat=True)
        )
    pool = Pool()
    for expert in experts:
        reasons = conflict_reasons(
            expert,
            audit=audit,
            previous=previous,
            same_county=policy.exclude_same_county,
            on=on,
        )
        if reasons:
            pool.excluded.append((expert, reasons[0]))
        else:
            pool.eligible.append(expert)
    return pool


def _conflicts_prefetch(audit: Audit) -> Prefetch:
    codes = [e.credit_code for e in _enterprises(audit)]
    if audit.agency_id:
        codes.append(audit.agency.credit_code)
    return Prefetch("conflicts", queryset=Conflict.objects.filter(credit_code__in=codes))


def _notify_invited(review: Review, seats: list[Seat]) -> None:
    for seat in seats:
        if seat.expert.user_id:
            tell(
                [seat.expert.user],
                subject=_("Invitation to a review panel: %(review)s") % {"review": review},
                link=reverse("reviews:seat", args=[seat.pk]),
                key=f"seat:{seat.pk}:invited",
            )


@transaction.atomic
def review_draw(*, review: Review, by: Any, seed: str | None = None) -> Draw:
    """Draw the panel of an application: record the pool, the seed and the ranking, invite the
    first `panel_size` experts. One draw per review; declines are filled from its ranking."""
    review = review_locked(review)
    ensure_organiser(by, review)
    if review.status != Review.Status.APPLIED:
        raise DomainError(
            "review.already_drawn",
            _("The panel of this review has already been drawn."),
            status=409,
        )
    policy = policy_for(review.audit.region)
    pool = pool_for(review)
    size = policy.panel_size
    if len(pool.eligible) < size:
        raise DomainError(
            "review.pool_too_small",
            _(
                "Only %(found)s eligible experts cover this industry (%(excluded)s excluded for "
                "conflicts); the panel needs %(size)s. Widen the pool or admit more experts."
            )
            % {"found": len(pool.eligible), "excluded": len(pool.excluded), "size": size},
            status=409,
        )
    required = list(dict.fromkeys(policy.panel_fields))
    fields = {e.pool_no: list(e.expertise) for e in pool.eligible} if required else {}
    lacking = fields_missing(required, fields, list(fields))
    if lacking:
        labels = "、".join(str(Field(f).label) for f in lacking)
        raise DomainError(
            "review.pool_lacks_field",
            _(
                "No eligible expert covers %(fields)s, which this region requires on every "
                "panel. Admit experts of that field or change the requirement."
            )
            % {"fields": labels},
            status=409,
        )
    seed = seed or secrets.token_hex(16)
    candidates = [e.pool_no for e in pool.eligible]
    ranking = draw_rank(seed, candidates)
    draw = Draw.objects.create(
        review=review,
        seed=seed,
        algorithm=ALGORITHM_FIELDS if required else ALGORITHM,
        candidates=candidates,
        ranking=ranking,
        excluded=[{"pool_no": e.pool_no, "reason": code} for e, code in pool.excluded],
        size=size,
        requirements=required,
        fields=fields,
        drawn_by=by,
    )
    by_no = {e.pool_no: e for e in pool.eligible}
    position = {no: i for i, no in enumerate(ranking)}
    seats = [
        Seat.objects.create(review=review, expert=by_no[no], rank=position[no] + 1)
        for no in select_panel(ranking, fields, required, size)
    ]
    review.status = Review.Status.DRAWING
    review.save(update_fields=["status", "updated_at"])
    _event(review, by, AuditEvent.Type.REVIEW_DRAWN, draw=draw.pk, seed=seed, size=size)
    _notify_invited(review, seats)
    return draw


def _event(review: Review, by: Any, type: str, comment: str = "", **data: Any) -> None:
    record_event(
        type, by=by, audit=review.audit, comment=comment, data={"review": review.pk, **data}
    )


def _next_from_ranking(review: Review) -> Seat | None:
    """Invite the next expert of the ranking who is still active and free of conflicts."""
    draw = review.draws.order_by("-id").first()
    if draw is None:
        return None
    seated = set(review.seats.values_list("expert__pool_no", flat=True))
    holding = list(
        review.seats.exclude(status=Seat.Status.DECLINED).values_list("expert__pool_no", flat=True)
    )
    missing = set(fields_missing(draw.requirements, draw.fields, holding))
    pool = pool_for(review)
    eligible = {e.pool_no: e for e in pool.eligible}
    free = [(i, no) for i, no in enumerate(draw.ranking) if no not in seated and no in eligible]
    restoring = [(i, no) for i, no in free if missing & set(draw.fields.get(no, ()))]
    for index, no in restoring or free:
        return Seat.objects.create(review=review, expert=eligible[no], rank=index + 1)
    return None


def _seat_locked(seat: Seat) -> Seat:
    return Seat.objects.select_for_update().select_related("expert", "review").get(pk=seat.pk)


@transaction.atomic
def seat_answer(
    *, seat: Seat, by: Any, accept: bool, no_conflict: bool = False, reason: str = ""
) -> Seat:
    """The invited expert accepts (declaring no conflict) or declines with a reason; the
    organiser may record a decline for an expert who did not answer. A decline invites the
    next expert of the ranking; the last acceptance makes the panel final."""
    review = review_locked(seat.review)
    seat = _seat_locked(seat)
    is_expert = bool(seat.expert.user_id) and seat.expert.user_id == getattr(by, "pk", None)
    if is_expert:
        ensure_allowed(by, "reviews.sit_review", review)
    else:
        ensure_organiser(by, review)
        if accept:
            raise DomainError(
                "review.accept_in_person",
                _("Only the expert can accept an invitation."),
                status=403,
            )
    if review.status != Review.Status.DRAWING or seat.status != Seat.Status.INVITED:
        raise DomainError("review.seat_closed", _("This invitation is no longer open."), status=409)
    if accept and not no_conflict:
        message = _("Declare that you have no conflict of interest with this audit.")
        raise DomainError("review.declaration_required", message, fields={"no_conflict": [message]})
    reason = reason.strip()
    if not accept and not reason:
        message = _("Give the reason for declining.")
        raise DomainError("review.reason_required", message, fields={"reason": [message]})
    seat.status = Seat.Status.ACCEPTED if accept else Seat.Status.DECLINED
    seat.no_conflict_declared = bool(accept and no_conflict)
    seat.decline_reason = "" if accept else reason
    seat.responded_at = timezone.now()
    seat.save(update_fields=["status", "no_conflict_declared", "decline_reason", "responded_at"])
    _event(
        review,
        by,
        AuditEvent.Type.REVIEW_SEAT_ANSWERED,
        comment=reason,
        seat=seat.pk,
        expert=seat.expert.pool_no,
        accepted=accept,
    )
    if not accept:
        replacement = _next_from_ranking(review)
        if replacement is None:
            tell(
                organisers(review),
                subject=_("The ranking of %(review)s is exhausted; widen the pool.")
                % {"review": review},
                link=reverse("reviews:detail", args=[review.pk]),
                key=f"review:{review.pk}:exhausted:{seat.pk}",
            )
        else:
            _notify_invited(review, [replacement])
    _panel_final_if_full(review, by)
    return seat


def _panel_final_if_full(review: Review, by: Any) -> None:
    policy = policy_for(review.audit.region)
    accepted = list(review.seats.filter(status=Seat.Status.ACCEPTED).order_by("rank"))
    if len(accepted) < policy.panel_size:
        return
    if policy.leader_rule == policy.Leader.FIRST_DRAWN:
        Seat.objects.filter(pk=accepted[0].pk).update(is_leader=True)
    review.status = Review.Status.PANEL_FINAL
    review.documents_released_on = timezone.localdate()
    review.save(update_fields=["status", "documents_released_on", "updated_at"])
    _event(
        review,
        by,
        AuditEvent.Type.REVIEW_PANEL_FINAL,
        experts=[s.expert.pool_no for s in accepted],
    )
    link = reverse("reviews:detail", args=[review.pk])
    tell(
        audit_parties(review.audit),
        subject=_("The panel for your %(stage)s is final") % {"stage": review.get_stage_display()},
        link=link,
        key=f"review:{review.pk}:panel_final",
    )
    tell(
        [s.expert.user for s in accepted if s.expert.user_id],
        subject=_("Panel final: the documents of %(review)s are open to you") % {"review": review},
        link=link,
        key=f"review:{review.pk}:documents",
    )
    tell(
        organisers(review),
        subject=_("The panel of %(review)s is final") % {"review": review},
        link=link,
        key=f"review:{review.pk}:panel_final_org",
    )


@transaction.atomic
def review_name_leader(*, review: Review, by: Any, seat: Seat) -> Seat:
    """Where the organiser names the leader: one of the accepted members of a final panel."""
    review = review_locked(review)
    ensure_organiser(by, review)
    if review.status != Review.Status.PANEL_FINAL or seat.review_id != review.pk:
        raise DomainError("review.not_final", _("The panel is not final yet."), status=409)
    if seat.status != Seat.Status.ACCEPTED:
        raise DomainError(
            "review.leader_not_member", _("The leader must be a member of the panel.")
        )
    review.seats.filter(is_leader=True).update(is_leader=False)
    Seat.objects.filter(pk=seat.pk).update(is_leader=True)
    _event(review, by, AuditEvent.Type.REVIEW_PANEL_FINAL, leader=seat.expert.pool_no)
    seat.refresh_from_db()
    return seat
