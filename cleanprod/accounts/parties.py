"""How `add_account` finds the object a party role acts for, without accounts importing the
apps above it: each registry app registers a resolver in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable

Resolver = Callable[[str], int | None]  # an identifier (e.g. a credit code) → the object's id

_RESOLVERS: dict[str, Resolver] = {}


def register(party: str, resolver: Resolver) -> None:
    _RESOLVERS[party] = resolver


def resolve(party: str, identifier: str) -> int | None:
    resolver = _RESOLVERS.get(party)
    return resolver(identifier) if resolver else None


def known() -> list[str]:
    return sorted(_RESOLVERS)
