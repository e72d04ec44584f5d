"""Shared steps of the review services: locking, the organiser's permission, notices."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from cleanprod.accounts.models import User
from cleanprod.accounts.notices import notice_send
from cleanprod.accounts.policies import ensure_allowed
from cleanprod.accounts.scope import scope_for
from cleanprod.audits.services.recipients import CITY, COUNTY, PROVINCE, officials_covering
from cleanprod.regions.models import Region
from cleanprod.reviews.models import Review

ORGANISE = "reviews.organise_review"
ROLE_AT_LEVEL = {
    Region.Level.COUNTY: COUNTY,
    Region.Level.PREFECTURE: CITY,
    Region.Level.PROVINCE: PROVINCE,
}


def review_locked(review: Review) -> Review:
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("audit__region", "audit__enterprise", "organiser_region", "template")
        .get(pk=review.pk)
    )


def ensure_organiser(by: Any, review: Review) -> None:
    """The person may organise reviews (on this audit) and their grant covers the organising
    region: a county official cannot run a review the city organises."""
    ensure_allowed(by, ORGANISE, review)
    if not scope_for(by).allows(ORGANISE, review.organiser_region.path):
        raise PermissionDenied(ORGANISE)


def organisers(review: Review) -> list[User]:
    role = ROLE_AT_LEVEL.get(review.organiser_region.level, CITY)
    return list(officials_covering(role, review.organiser_region.path))


def tell(people: list[User], *, subject: str, link: str, key: str, body: str = "") -> None:
    notice_send(recipients=people, subject=subject, body=body, link=link, key=key)
