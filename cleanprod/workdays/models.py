"""The official working-day calendar: the days that differ from the Monday–Friday week.

Rows come from the State Council General Office's yearly holiday notices
(国务院办公厅关于20XX年部分节假日安排的通知): 2023 国办发明电〔2022〕16号 (2022-12-08),
2024 国办发明电〔2023〕7号 (2023-10-25), 2025 国办发明电〔2024〕12号 (2024-11-12),
2026 国办发明电〔2025〕7号 (2025-11-04); see data/README.md."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Day(models.Model):
    """A day whose status the holiday notice fixes: an official day off (`holiday`, also the
    weekend days inside a holiday period) or a make-up working day on a weekend (`workday`,
    调休上班). Every other day: Monday–Friday working, Saturday and Sunday off."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=40)
    source = models.CharField(_("source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["holiday", "workday"]), name="workdays_day_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}"
