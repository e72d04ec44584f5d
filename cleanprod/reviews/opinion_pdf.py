"""The signed opinion as a PDF (WeasyPrint): panel, scores, conclusion, opinion and the draw's
seed. Written in the site's language, as an official document is; every version is kept."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import translation

from cleanprod.reviews.models import OpinionFile, Review, Seat, Sheet


def opinion_html(review: Review) -> str:
    members = list(
        review.seats.filter(status=Seat.Status.ACCEPTED)
        .select_related("expert")
        .order_by("-is_leader", "rank")
    )
    sheets = {
        s.seat_id: s for s in Sheet.objects.filter(seat__in=members, submitted_at__isnull=False)
    }
    rows = [(seat, sheets.get(seat.pk)) for seat in members]
    draw = review.draws.order_by("-id").first()
    return render_to_string(
        "reviews/opinion_pdf.html",
        {
            "review": review,
            "audit": review.audit,
            "rows": rows,
            "draw": draw,
            "template": review.template,
            "amendments": list(review.amendments.order_by("at")),
        },
    )


def opinion_pdf(review: Review) -> bytes:
    from weasyprint import HTML  # imported late: it loads Pango

    with translation.override(settings.LANGUAGE_CODE):
        html = opinion_html(review)
    return HTML(string=html).write_pdf()


def opinion_store(review: Review) -> OpinionFile:
    """Render and keep version n+1 of the opinion PDF."""
    data = opinion_pdf(review)
    latest = review.opinion_files.order_by("-version").values_list("version", flat=True).first()
    row = OpinionFile(
        review=review, version=(latest or 0) + 1, sha256=hashlib.sha256(data).hexdigest()
    )
    row.file.save(f"opinion-v{row.version}.pdf", ContentFile(data), save=False)
    row.save()
    return row
