"""Developer and demo settings: DEBUG on, SQLite unless DATABASE_URL says otherwise."""

from .base import *  # noqa: F403

DEBUG = True

# Static files come from the finders (app and vendor folders); collectstatic is for production.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
