"""docs/permissions.md is generated from roles.py and must match it."""

import io
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from cleanprod.accounts.roles import ADMIN_ROLES, ROLES

PAGE = Path(settings.BASE_DIR) / "docs" / "permissions.md"


def _generated() -> str:
    out = io.StringIO()
    call_command("permissions_doc", stdout=out)
    return out.getvalue()


def test_the_committed_permissions_page_matches_roles_py():
    # given
    committed = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
    # when
    generated = _generated()
    # then
    assert committed == generated, (
        "docs/permissions.md is out of date with cleanprod/accounts/roles.py; "
        "run `make permissions-doc` and commit the result"
    )


def test_the_page_is_the_same_on_every_run():
    assert _generated() == _generated()


def test_the_page_lists_every_role_and_marks_each_of_its_permissions():
    # given
    page = _generated()
    # then
    for slug, spec in ROLES.items():
        assert f"| `{slug}` |" in page
        for perm in spec.perms:
            row = next(line for line in page.splitlines() if line.startswith(f"| `{perm}` |"))
            cells = [c.strip() for c in row.strip("|").split("|")][2:]
            assert cells[list(ROLES).index(slug)] == "✓"
    assert all(f"`{slug}`" in page for slug in ADMIN_ROLES)
