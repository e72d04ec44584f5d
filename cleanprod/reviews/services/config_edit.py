"""Editing the review configuration of a province or city: its policy (organisers, panel size,
leader rule, recusal, documents' lead time), new versions of its scoring sheets, and its
grading thresholds for agencies. National rows are read-only here; a region's own row overrides
them for it and the regions below (nearest wins, see services/config.py)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cleanprod.accounts.policies import ensure_allowed
from cleanprod.core.errors import DomainError
from cleanprod.regions.models import Region
from cleanprod.reviews.models import ReviewPolicy, SheetTemplate, Stage
from cleanprod.reviews.models.scorecards import ScorecardRule

POLICY_PERM = "reviews.change_reviewpolicy"
EDITABLE = (Region.Level.PROVINCE, Region.Level.PREFECTURE)
POLICY_FIELDS = (
    "evaluation_organiser",
    "acceptance_organiser",
    "panel_size",
    "leader_rule",
    "pool_level",
    "exclude_same_county",
    "exclude_previous_panel",
    "documents_lead_working_days",
    "veto_by_majority",
    "rectify_days",
    "panel_fields",
)


def _editable(region: Region, by: Any) -> Region:
    ensure_allowed(by, POLICY_PERM, region)
    if region.level not in EDITABLE:
        raise DomainError(
            "review_config.region_level",
            _("Review rules are set for a province or a city, not for “%(region)s”.")
            % {"region": region.name},
        )
    return region


@transaction.atomic
def review_policy_save(*, region: Region, by: Any, data: dict[str, Any]) -> ReviewPolicy:
    """Create or change the region's own policy. A panel has an odd number of members, so that
    a vote cannot tie."""
    _editable(region, by)
    size = int(data.get("panel_size") or 0)
    if size < 1 or size > 15 or size % 2 == 0:
        message = _("A panel has an odd number of members, from 1 to 15.")
        raise DomainError("review_config.panel_size", message, fields={"panel_size": [message]})
    policy = ReviewPolicy.objects.select_for_update().filter(region=region).first()
    policy = policy or ReviewPolicy(region=region)
    for name in POLICY_FIELDS:
        if name in data:
            setattr(policy, name, data[name])
    try:
        policy.full_clean()
    except ValidationError as invalid:
        raise DomainError(
            "review_config.invalid",
            " ".join(m for messages in invalid.message_dict.values() for m in messages),
            fields=invalid.message_dict,
        ) from invalid
    policy.save()
    return policy


def _lines(text: str, *, with_points: bool, field: str) -> list[dict[str, Any]]:
    """Parse "code | label | points" (or "code | label") lines; errors name the line."""
    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        parts = [p.strip() for p in raw.split("|")]
        wanted = 3 if with_points else 2
        if len(parts) != wanted or not all(parts):
            errors.append(
                _("Line %(n)s: write %(form)s.")
                % {"n": number, "form": "code | label | points" if with_points else "code | label"}
            )
            continue
        code = parts[0]
        if code in seen:
            errors.append(
                _("Line %(n)s: code %(code)s is used twice.") % {"n": number, "code": code}
            )
            continue
        seen.add(code)
        row: dict[str, Any] = {"code": code, "label": parts[1]}
        if with_points:
            try:
                points = Decimal(parts[2])
            except InvalidOperation:
                points = Decimal(-1)
            if points <= 0:
                errors.append(
                    _("Line %(n)s: the points must be a positive number.") % {"n": number}
                )
                continue
            row["points"] = int(points) if points == points.to_integral() else float(points)
        rows.append(row)
    if errors:
        raise DomainError("review_config.sheet_lines", " ".join(errors), fields={field: errors})
    return rows


@transaction.atomic
def sheet_version_add(
    *,
    region: Region,
    stage: str,
    by: Any,
    title: str,
    items_text: str,
    vetoes_text: str,
    pass_mark: Decimal,
    basis: str = "",
) -> SheetTemplate:
    """Add version n+1 of the region's sheet for `stage` and retire its older versions; sheets
    already filled keep the version they used."""
    _editable(region, by)
    stage = Stage(stage)
    items = _lines(items_text, with_points=True, field="items_text")
    if not items:
        message = _("A sheet needs at least one scored item.")
        raise DomainError("review_config.sheet_empty", message, fields={"items_text": [message]})
    vetoes = _lines(vetoes_text, with_points=False, field="vetoes_text")
    total = sum(Decimal(str(i["points"])) for i in items)
    if pass_mark <= 0 or pass_mark > total:
        message = _("The pass mark must lie between 0 and the sheet's total of %(total)s.") % {
            "total": total
        }
        raise DomainError("review_config.pass_mark", message, fields={"pass_mark": [message]})
    if not title.strip():
        message = _("Give the sheet a title.")
        raise DomainError("review_config.title", message, fields={"title": [message]})
    existing = SheetTemplate.objects.select_for_update().filter(region=region, stage=stage)
    latest = existing.aggregate(n=Max("version"))["n"] or 0
    existing.update(active=False)
    return SheetTemplate.objects.create(
        region=region,
        stage=stage,
        version=latest + 1,
        title=title.strip(),
        items=items,
        veto_items=vetoes,
        pass_mark=pass_mark,
        basis=basis.strip(),
        active=True,
    )


@transaction.atomic
def scorecard_rule_save(
    *, region: Region, by: Any, grade_a_rate: Decimal, grade_b_rate: Decimal
) -> ScorecardRule:
    _editable(region, by)
    if not (0 <= grade_b_rate <= grade_a_rate <= 100):
        message = _("Grade B's rate must not exceed grade A's, both between 0 and 100.")
        raise DomainError("review_config.rates", message, fields={"grade_b_rate": [message]})
    rule = ScorecardRule.objects.select_for_update().filter(region=region).first()
    rule = rule or ScorecardRule(region=region)
    rule.grade_a_rate, rule.grade_b_rate = grade_a_rate, grade_b_rate
    rule.full_clean()
    rule.save()
    return rule


def sheet_lines(template: SheetTemplate) -> tuple[str, str]:
    """A sheet written back as the lines the form takes (to start a new version from)."""
    items = "\n".join(f"{i['code']} | {i['label']} | {i['points']}" for i in template.items)
    vetoes = "\n".join(f"{v['code']} | {v['label']}" for v in template.veto_items)
    return items, vetoes
