"""Guards over the whole project: every view is scoped, nothing loads from the internet,
production settings pass Django's deploy checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver

from cleanprod.core.api import ScopedViewSetMixin
from cleanprod.core.views import ScopedViewMixin

ROOT = Path(settings.BASE_DIR)

# Views that are not scoped, each with its reason.
ALLOWED_UNSCOPED = {
    "cleanprod.accounts.views.LoginView": "the sign-in page",
    "cleanprod.accounts.views.LogoutView": "sign-out acts on the caller's own session",
    "django.views.i18n.set_language": "language choice is per browser",
    "django.views.i18n.JavaScriptCatalog": "translations are public",
    "drf_spectacular.views.SpectacularAPIView": "the API contract is public",
    "drf_spectacular.views.SpectacularSwaggerView": "the API docs page is public",
    "cleanprod.accounts.api.views.MeView": "always the caller's own record",
    "rest_framework.routers.APIRootView": "lists endpoint names only",
    "cleanprod.registry.api.views.IndustryViewSet": "the national GB/T 4754 code list",
    "cleanprod.registry.api.views.CatalogueViewSet": "published catalogues are public policy",
}
ADMIN_PREFIX = "django.contrib.admin"  # staff-only maintenance; is_staff is never granted
# The public portal shows only what the law makes public, through selectors that take no user.
PUBLIC_PREFIX = "cleanprod.portal."


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _view_class(callback):
    return getattr(callback, "view_class", None) or getattr(callback, "cls", None)


def test_every_view_is_scoped_or_allow_listed():
    unscoped = []
    for route, callback in _walk(get_resolver().url_patterns):
        cls = _view_class(callback)
        target = cls or callback
        name = f"{target.__module__}.{target.__qualname__}"
        if name.startswith((ADMIN_PREFIX, PUBLIC_PREFIX)) or route.startswith("maintenance/"):
            continue
        if cls is not None and issubclass(cls, ScopedViewMixin | ScopedViewSetMixin):
            continue
        if name in ALLOWED_UNSCOPED:
            continue
        unscoped.append(f"{route} → {name}")
    assert not unscoped, "unscoped views:\n" + "\n".join(unscoped)


def test_no_template_or_script_loads_anything_over_the_network():
    pattern = re.compile(r"""(src|href)\s*=\s*["']?(https?:)?//""", re.IGNORECASE)
    offenders = []
    for path in [
        *ROOT.glob("cleanprod/**/templates/**/*.html"),
        *ROOT.glob("cleanprod/static/cleanprod/**/*"),
    ]:
        if path.is_file() and pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders


def test_production_settings_pass_check_deploy():
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never does.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k" * 20 + "Zq8#vN3!pL0@wR5^tY7&uI2*oP9(aS4)dF6_gH1+jK",
        "DJANGO_ALLOWED_HOSTS": "cleanprod.example.gov.cn",
        "DATABASE_URL": "postgres://cleanprod@127.0.0.1:5432/cleanprod",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
