"""Django settings. Everything deployment-specific comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from motcua.core.secrets import create_secret_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MOTCUA_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = os.environ.get("DEBUG", "0") == "1"
# A development key is generated once into var/ so a fresh checkout works without
# configuration, while production must set SECRET_KEY explicitly.
_secret_file = VAR_DIR / "secret_key"
SECRET_KEY = os.environ.get("SECRET_KEY") or (
    _secret_file.read_text().strip() if _secret_file.exists() else create_secret_file(_secret_file)
)
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

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
    "huey.contrib.djhuey",
    "motcua.core",
    "motcua.worktime",
    "motcua.agencies",
    "motcua.catalogue",
    "motcua.dossiers",
    "motcua.printing",
    "motcua.jobs",
    "motcua.ratings",
    "motcua.citizens",
    "motcua.portal",
    "motcua.workspace",
    "motcua.counter",
    "motcua.indices",
    "motcua.history",
    "motcua.reports",
    "motcua.seeding",
    "motcua.api",
    "motcua.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "motcua.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "motcua" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a background job writes.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: on a big table the planner's row estimates for the inbox queues pass
    # jit_above_cost and compiling took 0.56 s of a 0.59 s page (docs/performance.md);
    # our queries are short index scans and aggregations that JIT does not speed up.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = (options.get("options", "") + " -c jit=off").strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "motcua" / "static"]
MEDIA_URL = "media/"
# Uploads live outside the code tree and are never served from the web root.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Dossier attachments (personal data): the "private" storage below, never given a URL;
# downloads go through views that check permissions (motcua.core.storage).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# Largest accepted attachment (motcua.core.uploads); the web server's body limit must allow it.
MOTCUA_UPLOAD_MAX_BYTES = int(os.environ.get("MOTCUA_UPLOAD_MAX_BYTES", 20 * 1024 * 1024))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    # Location PRIVATE_MEDIA_ROOT, files 0o640, folders 0o750, `.url()` refused.
    "private": {"BACKEND": "motcua.core.storage.PrivateFileSystemStorage"},
}
WHITENOISE_USE_FINDERS = True

# One sign-in page for everybody (staff and citizens) by username, e-mail or phone
# (motcua.citizens.backends); the page sends staff to their workspace, citizens to their dossiers.
AUTHENTICATION_BACKENDS = ["motcua.citizens.backends.IdentifierBackend"]
LOGIN_URL = "citizens:login"
LOGIN_REDIRECT_URL = "citizens:dossiers"

REST_FRAMEWORK = {
    # drf-spectacular's, plus the problem responses every operation may give.
    "DEFAULT_SCHEMA_CLASS": "motcua.api.schema.AutoSchema",
    # Token first: a request without credentials gets 401 with `WWW-Authenticate: Token`
    # (DRF takes the challenge from the first class; session has none and would give 403).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.NamespaceVersioning",
    # The v1 URL namespace is the version; anything else is refused with 404.
    "ALLOWED_VERSIONS": ["v1"],
    "DEFAULT_VERSION": "v1",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 50,
    # Every error is an RFC 9457 problem (application/problem+json): see motcua/api/errors.py.
    "EXCEPTION_HANDLER": "motcua.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "motcua API",
    "DESCRIPTION": (
        "One-stop desk: procedure catalogue, agencies, working-time calendar.\n\n"
        "Errors are problem details (RFC 9457, `application/problem+json`) with `detail` in "
        "the language of Accept-Language (Vietnamese by default, or English); `type` is "
        "`about:blank` or a URI under https://motcua.gov.vn/problems/. Creating operations "
        "that take an `Idempotency-Key` header may be retried safely with the same key."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_URLCONF": "motcua.api.schema_urls",
    # One component per choice set used by several fields (names are part of the contract).
    "ENUM_NAME_OVERRIDES": {
        "DurationUnitEnum": "motcua.worktime.units.DurationUnit",
        "DossierStatusEnum": "motcua.dossiers.workflow.Status",
        "DossierActionEnum": "motcua.dossiers.workflow.Action",
        "DossierOutcomeEnum": "motcua.dossiers.models.Outcome",
        "ApplicantKindEnum": "motcua.dossiers.models.ApplicantKind",
        "AttachmentKindEnum": "motcua.dossiers.models.AttachmentKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "motcua.api.schema.drop_storage_integer_limits",
    ],
}

# Public base URL used in QR codes and printed forms.
MOTCUA_PUBLIC_URL = os.environ.get("MOTCUA_PUBLIC_URL", "http://127.0.0.1:8000")

# Background jobs (motcua.jobs, docs/jobs.md): Huey. SQLite file in VAR_DIR by default (works
# on a fresh machine, one consumer), Redis when MOTCUA_REDIS_URL is set (production, several
# consumers). MOTCUA_HUEY_IMMEDIATE=1 runs every task in the calling process at once (tests,
# or a deployment without a consumer). The consumer: `motcua run_huey` (scripts/start runs it).
_REDIS_URL = os.environ.get("MOTCUA_REDIS_URL", "").strip()
HUEY = {
    "name": "motcua",
    "huey_class": "huey.RedisHuey" if _REDIS_URL else "huey.SqliteHuey",
    "immediate": os.environ.get("MOTCUA_HUEY_IMMEDIATE", "0") == "1",
    "connection": {"url": _REDIS_URL}
    if _REDIS_URL
    else {"filename": str(Path(os.environ.get("MOTCUA_HUEY_FILE", VAR_DIR / "huey.sqlite3")))},
    "consumer": {
        "workers": int(os.environ.get("MOTCUA_HUEY_WORKERS", "1")),
        "worker_type": "thread",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
