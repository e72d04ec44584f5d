"""The expert pool (专家库): experts, their specialities and status, declared conflicts of
interest, post-review ratings and the rules that turn ratings into warnings or suspension."""

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _expert_by_pool_no(pool_no: str) -> int | None:
    from cleanprod.experts.models import Expert

    return (
        Expert.objects.filter(pool_no=pool_no.strip().upper()).values_list("pk", flat=True).first()
    )


def _bind_account(sender: Any, instance: Any, **kwargs: Any) -> None:
    """An expert role bound to an expert (add_account --expert, role_bind_party) makes that
    account the expert's own (Expert.user)."""
    if instance.party_id is None or instance.role.party != "expert":
        return
    from cleanprod.experts.models import Expert

    expert = Expert.objects.filter(pk=instance.party_id).first()
    if expert is None or expert.user_id == instance.user_id:
        return
    for other in Expert.objects.filter(user_id=instance.user_id):  # one account, one expert
        other.user = None
        other._history_user = instance.granted_by  # type: ignore[attr-defined]
        other.save(update_fields=["user"])
    expert.user_id = instance.user_id
    expert._history_user = instance.granted_by  # type: ignore[attr-defined]
    expert.save(update_fields=["user"])


class ExpertsConfig(AppConfig):
    name = "cleanprod.experts"
    label = "experts"
    verbose_name = _("Expert pool")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cleanprod.accounts import parties
        from cleanprod.accounts.models import RoleAssignment

        parties.register("expert", _expert_by_pool_no)
        post_save.connect(_bind_account, sender=RoleAssignment, dispatch_uid="experts.bind_account")
