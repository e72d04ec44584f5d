"""Public selectors: published lists only, read without a user (STYLE.md §4). Nothing here
takes a person or a scope; the status filter is the whole access rule, and the rows carry no
personal data (no contacts, no addresses, no people)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet

from cleanprod.audits.excel import entry_rows
from cleanprod.audits.models import ListAmendment, MandatoryList
from cleanprod.audits.selectors.lists import list_subtitle


def published_lists_public() -> QuerySet[MandatoryList]:
    """Every published list, newest first, with how many enterprises are on it."""
    return (
        MandatoryList.objects.filter(status=MandatoryList.Status.PUBLISHED)
        .select_related("region")
        .annotate(listed=Count("entries", filter=Q(entries__included=True, entries__removed=False)))
        .order_by("-published_on", "-year", "-batch", "-id")
    )


def published_list_public(pk: int) -> MandatoryList | None:
    """One published list; None for a list that does not exist or is not published."""
    return (
        MandatoryList.objects.filter(status=MandatoryList.Status.PUBLISHED, pk=pk)
        .select_related("region")
        .first()
    )


def published_entries_public(mandatory_list: MandatoryList) -> Iterator[dict[str, Any]]:
    """The enterprises on a published list as the notice shows them: name, credit code,
    county, city, categories, lead department."""
    if mandatory_list.status != MandatoryList.Status.PUBLISHED:
        return iter(())
    entries = (
        mandatory_list.entries.filter(included=True, removed=False)
        .select_related("enterprise__region__parent", "enterprise__industry")
        .order_by("enterprise__region__code", "enterprise__name", "pk")
    )
    return entry_rows(entries)


def published_amendments_public(mandatory_list: MandatoryList) -> list[dict[str, Any]]:
    """The recorded amendments of a published list, without who recorded them."""
    if mandatory_list.status != MandatoryList.Status.PUBLISHED:
        return []
    return [
        {
            "kind": a.get_kind_display(),
            "name": a.entry.enterprise.name,
            "credit_code": a.entry.enterprise.credit_code,
            "doc_number": a.doc_number,
            "effective_on": a.effective_on,
            "reason": a.reason,
        }
        for a in ListAmendment.objects.filter(mandatory_list=mandatory_list)
        .select_related("entry__enterprise")
        .order_by("effective_on", "at")
    ]


def public_subtitle(mandatory_list: MandatoryList) -> str:
    return list_subtitle(mandatory_list)
