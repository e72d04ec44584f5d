"""Registries: industries (GB/T 4754) and their catalogues, enterprises with the facts that
mandatory screening reads, industrial parks and emission permits."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _enterprise_by_credit_code(code: str) -> int | None:
    from cleanprod.registry.credit_codes import normalise
    from cleanprod.registry.models import Enterprise

    return (
        Enterprise.objects.filter(credit_code=normalise(code)).values_list("pk", flat=True).first()
    )


class RegistryConfig(AppConfig):
    name = "cleanprod.registry"
    label = "registry"
    verbose_name = _("Registries")

    def ready(self) -> None:
        from cleanprod.accounts import parties

        parties.register("enterprise", _enterprise_by_credit_code)
