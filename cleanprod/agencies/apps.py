"""Consulting agencies (咨询服务机构): the firms that carry out or support audits under a filed
contract, and the staff who act for them."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _agency_by_credit_code(code: str) -> int | None:
    from cleanprod.agencies.models import Agency

    return (
        Agency.objects.filter(credit_code=code.strip().upper()).values_list("pk", flat=True).first()
    )


class AgenciesConfig(AppConfig):
    name = "cleanprod.agencies"
    label = "agencies"
    verbose_name = _("Consulting agencies")

    def ready(self) -> None:
        from cleanprod.accounts import parties

        parties.register("agency", _agency_by_credit_code)
