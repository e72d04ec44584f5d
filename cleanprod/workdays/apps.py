"""The official working-day calendar: public holidays and make-up working days (调休) as data,
and date arithmetic in working days.

Data: the State Council General Office's yearly notices
(国务院办公厅关于20XX年部分节假日安排的通知), in data/cn_holidays.csv:
2023 国办发明电〔2022〕16号, 2024 国办发明电〔2023〕7号,
2025 国办发明电〔2024〕12号, 2026 国办发明电〔2025〕7号 (see data/README.md)."""

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _changed(**kwargs: Any) -> None:
    from cleanprod.workdays.calendar import clear_cache

    clear_cache()


class WorkdaysConfig(AppConfig):
    name = "cleanprod.workdays"
    label = "workdays"
    verbose_name = _("Working-day calendar")

    def ready(self) -> None:
        from cleanprod.workdays.models import Day

        post_save.connect(_changed, sender=Day, dispatch_uid="workdays_day_saved")
        post_delete.connect(_changed, sender=Day, dispatch_uid="workdays_day_deleted")
