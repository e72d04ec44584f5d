"""Per-request facts the trail needs (source IP, request ID), kept in a context variable so
services can record events without being handed the request."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    source_ip: str | None
    request_id: str


_current: ContextVar[RequestContext | None] = ContextVar("cleanprod_request", default=None)


def current() -> RequestContext | None:
    return _current.get()


def bind(source_ip: str | None) -> object:
    return _current.set(RequestContext(source_ip=source_ip, request_id=uuid.uuid4().hex))


def unbind(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]
