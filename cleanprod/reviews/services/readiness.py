"""Conditions (and facts for the opinion draft) that higher apps add to an application: the
performance app registers "no/low-cost options done" for evaluation and "medium/high-cost
options implemented" for acceptance. This keeps reviews below performance: the lower app
declares the hook, the higher one fills it."""

from __future__ import annotations

from collections.abc import Callable

from cleanprod.audits.models import Audit

Check = Callable[[Audit], list[str]]
_checks: dict[str, list[Check]] = {"evaluation": [], "acceptance": []}


def register(stage: str, check: Check) -> None:
    """`check(audit)` returns the reasons (translated sentences) why the stage cannot start."""
    if check not in _checks[stage]:
        _checks[stage].append(check)


def unmet(stage: str, audit: Audit) -> list[str]:
    return [reason for check in _checks[stage] for reason in check(audit)]


Facts = Callable[[Audit], dict[str, int]]
_facts: list[Facts] = []


def register_facts(provider: Facts) -> None:
    """`provider(audit)` returns counts the opinion draft quotes (e.g. options by cost class)."""
    if provider not in _facts:
        _facts.append(provider)


def facts(audit: Audit) -> dict[str, int]:
    found: dict[str, int] = {}
    for provider in _facts:
        found.update(provider(audit))
    return found
