"""The password policy: ≥ 10 characters, 3 of 4 classes, not one of the last 5; Argon2."""

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings

from cleanprod.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("Sh0rt-pw", "password_too_short"),
        ("alllowercaseletters", "password_too_few_classes"),
        ("lowerandupperONLY", "password_too_few_classes"),
        ("1234567890123", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(password, code):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert code in [e.code for e in refused.value.error_list]


def test_three_classes_and_ten_characters_pass():
    validate_password("Lower-and-digits-9")
    validate_password("UPPER_lower_2026")


def test_the_last_five_passwords_cannot_be_reused():
    # given: a person who has used six passwords
    user = UserFactory(region=None)
    used = [f"Rotation-{i}-Pass" for i in range(6)]
    for password in used:
        user.set_password(password)
        user.save()
    # then: the last five are refused, the sixth-last is allowed again
    for password in used[1:]:
        with pytest.raises(ValidationError):
            validate_password(password, user)
    validate_password(used[0], user)
    assert user.password_history.count() == 5


def test_passwords_are_hashed_with_argon2_in_every_real_environment():
    assert settings.PASSWORD_HASHERS  # test settings use MD5 for speed; check the real list
    from config.settings import base

    with override_settings(PASSWORD_HASHERS=base.PASSWORD_HASHERS):
        assert make_password("Any-Passw0rd!").startswith("argon2$")
