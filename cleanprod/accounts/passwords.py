"""Password rules beyond Django's: three of four character classes, no reuse of the last five.
(Length ≥ 10 and common-password checks are Django's own validators, set in settings.)"""

from __future__ import annotations

import string
from typing import Any

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

CLASSES = (
    lambda c: c in string.ascii_lowercase,
    lambda c: c in string.ascii_uppercase,
    lambda c: c.isdigit(),
    lambda c: not c.isalnum(),
)


class CharacterClassValidator:
    """At least `min_classes` of: lower-case, upper-case, digits, other characters."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        found = sum(any(test(c) for c in password) for test in CLASSES)
        if found < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_few_classes")

    def get_help_text(self) -> str:
        return _(
            "Your password must mix at least %(n)d of: lower-case letters, upper-case letters, "
            "digits and other characters."
        ) % {"n": self.min_classes}


class PasswordHistoryValidator:
    """Refuses the person's last `remember` passwords; records each new one."""

    def __init__(self, remember: int = 5) -> None:
        self.remember = remember

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        for old in user.password_history.all()[: self.remember]:
            if check_password(password, old.password):
                raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password: str, user: Any = None) -> None:
        if user is None or user.pk is None:
            return
        from cleanprod.accounts.models import PasswordHistory, User

        PasswordHistory.objects.create(user=user, password=user.password)
        keep = list(user.password_history.values_list("pk", flat=True)[: self.remember])
        user.password_history.exclude(pk__in=keep).delete()
        User.objects.filter(pk=user.pk).update(password_changed_at=timezone.now())

    def get_help_text(self) -> str:
        return ngettext(
            "Your password cannot be the same as your last password.",
            "Your password cannot be one of your last %(n)d passwords.",
            self.remember,
        ) % {"n": self.remember}
