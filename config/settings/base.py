"""Settings shared by every environment; everything secret or site-specific comes from the
environment (see .env.example). The other modules only override."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "axes",
    "cleanprod.core",
    "cleanprod.workdays",
    "cleanprod.trail",
    "cleanprod.regions",
    "cleanprod.accounts",
    "cleanprod.registry",
    "cleanprod.agencies",
    "cleanprod.experts",
    "cleanprod.audits",
    "cleanprod.reviews",
    "cleanprod.performance",
    "cleanprod.reporting",
    "cleanprod.portal",
    "cleanprod.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cleanprod.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cleanprod.accounts.middleware.ScopeMiddleware",
    "cleanprod.accounts.middleware.SessionLimitsMiddleware",
    "cleanprod.trail.middleware.RequestContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cleanprod" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cleanprod.accounts.context_processors.navigation",
            ],
        },
    },
]

# --- Database: SQLite file under var/ by default, PostgreSQL via DATABASE_URL -------------
SQLITE_PATH = VAR_DIR / "cleanprod.sqlite3"
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE serialises writers, standing in for select_for_update (STYLE §7).
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;"
            " PRAGMA busy_timeout=20000;"
        ),
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, passwords, sign-in -----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reporting:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "cleanprod.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "cleanprod.accounts.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
    {
        "NAME": "cleanprod.accounts.passwords.PasswordHistoryValidator",
        "OPTIONS": {"remember": 5},
    },
]
PASSWORD_RESET_TIMEOUT = 1800

# django-axes: lock the account after 5 consecutive failures for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Sessions: 30 minutes idle (15 for the three administrators), 8 hours absolute.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 30 * 60
SESSION_ADMIN_IDLE_SECONDS = 15 * 60
SESSION_ABSOLUTE_SECONDS = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_TOUCH_SECONDS = 60  # the idle clock restarts at most once a minute (accounts.middleware)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "cleanprod" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "uploads"
FILE_UPLOAD_PERMISSIONS = 0o640
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "cleanprod.core.api.CursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "cleanprod.core.api.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"user": env("API_USER_RATE", default="6000/hour")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CleanProd API",
    "DESCRIPTION": "Cleaner production audit management platform (清洁生产审核管理平台).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # one stable name per choice set that shares a field name with another app's
    "ENUM_NAME_OVERRIDES": {
        "AuditStatusEnum": "cleanprod.audits.models.cases.Audit.Status",
        "MandatoryListStatusEnum": "cleanprod.audits.models.lists.MandatoryList.Status",
        "MandatoryListOriginEnum": "cleanprod.audits.models.lists.MandatoryList.Origin",
        "ListAmendmentKindEnum": "cleanprod.audits.models.lists.ListAmendment.Kind",
        "ReviewStatusEnum": "cleanprod.reviews.models.reviews.Review.Status",
        "SeatStatusEnum": "cleanprod.reviews.models.reviews.Seat.Status",
        "ExpertStatusEnum": "cleanprod.experts.models.Expert.Status",
        "ConflictKindEnum": "cleanprod.experts.models.Conflict.Kind",
    },
}

# --- Background work: Django's Tasks API via the django-tasks backport, database queue -----
TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}

# --- CleanProd ---------------------------------------------------------------------------
# The region this installation serves (a province code, or 000000 for a national one).
CLEANPROD_DEPLOYMENT_REGION = env("CLEANPROD_DEPLOYMENT_REGION", default="000000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="WARNING")},
}
CSRF_FAILURE_VIEW = "cleanprod.core.views.csrf_failure"
LOGIN_URL_PATH = "/accounts/login/"

# axes.W006 asks for per-IP lockout too. The stated policy locks the *account* after 5
# failures; per-IP rate limits belong to the reverse proxy (nginx limit_req) and DRF
# throttles, so a whole office behind one NAT address is not locked out by one typist.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

# Bootstrap names the error alert "danger"
MESSAGE_TAGS = {40: "danger"}  # django.contrib.messages.constants.ERROR
