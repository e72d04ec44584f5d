"""Column spec of the trail export: English keys, translated headers."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from cleanprod.trail.models import TrailEvent

COLUMNS: list[tuple[str, Any]] = [
    ("at", _("Time")),
    ("actor_username", _("User name")),
    ("roles", _("Roles")),
    ("source_ip", _("Source IP")),
    ("action", _("Action")),
    ("object", _("Object")),
    ("result", _("Result")),
    ("region_path", _("Region path")),
    ("request_id", _("Request ID")),
    ("details", _("Details")),
]


def _row(e: TrailEvent) -> list[Any]:
    return [
        timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S%z"),
        e.actor_username,
        e.roles,
        e.source_ip or "",
        f"{e.get_action_display()} ({e.action})",
        f"{e.object_type}:{e.object_id} {e.object_repr}".strip(" :"),
        e.get_result_display(),
        e.region_path,
        e.request_id,
        "; ".join(f"{k}={v}" for k, v in sorted(e.details.items())),
    ]


def trail_workbook(events: Iterable[TrailEvent]) -> IO[bytes]:
    """Write the events to a write-only workbook (constant memory) in a temporary file."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=str(_("Security trail"))[:31])
    sheet.append([str(label) for _key, label in COLUMNS])
    for event in events:
        sheet.append(_row(event))
    out = tempfile.TemporaryFile()  # noqa: SIM115  (handed to FileResponse, which closes it)
    book.save(out)
    out.seek(0)
    return out
