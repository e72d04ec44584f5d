from __future__ import annotations

import pytest

from cleanprod.accounts.models import User


@pytest.fixture
def province_official(make_account, industries) -> User:
    """A provincial official of Shandong: records, admits and manages experts."""
    return make_account("provincial_official", "370000", username="sd_official")
