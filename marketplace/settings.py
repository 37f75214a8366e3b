"""Settings, read once from the environment.

`DATABASE_URL` unset means a SQLite file under ./var/ (WAL mode); otherwise PostgreSQL.
`MARKETPLACE_ENV=production` turns on the checks that refuse an unsafe start.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MARKETPLACE_VAR_DIR", Path.cwd() / "var"))


def _flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _database_from_url(url):
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "marketplace.sqlite3"),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
                "transaction_mode": "IMMEDIATE",
            },
            "TEST": {"NAME": os.environ.get("MARKETPLACE_TEST_SQLITE_NAME") or None},
        }
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL must start with postgresql:// (got {parsed.scheme}://); unset it to use SQLite."
        )
    options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "postgres",
        "USER": unquote(parsed.username or ""),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "",
        "PORT": str(parsed.port or ""),
        "OPTIONS": options,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


PRODUCTION = os.environ.get("MARKETPLACE_ENV", "development") == "production"
# Debug pages show code and settings to whoever sees an error, so debug is on only when asked for.
DEBUG = _flag("MARKETPLACE_DEBUG")
SECRET_KEY = os.environ.get("MARKETPLACE_SECRET_KEY", "")
if PRODUCTION:
    if not SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("Set MARKETPLACE_SECRET_KEY to at least 32 random characters in production.")
    if DEBUG:
        raise ImproperlyConfigured("MARKETPLACE_DEBUG must be off in production.")
elif not SECRET_KEY:
    SECRET_KEY = "development-only-key-never-used-in-production-000000"

BASE_URL = os.environ.get("MARKETPLACE_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVICE_NAME = "Digital Marketplace"
MARKETPLACE_OCDS_PREFIX = os.environ.get("MARKETPLACE_OCDS_PREFIX", "ocds-xxxxxx-marketplace")
MARKETPLACE_OCDS_PUBLISHER = os.environ.get("MARKETPLACE_OCDS_PUBLISHER", "Digital Marketplace")
ALLOWED_HOSTS = [h for h in os.environ.get("MARKETPLACE_ALLOWED_HOSTS", "").split(",") if h] or (
    [urlparse(BASE_URL).hostname] if PRODUCTION else ["*"]
)
CSRF_TRUSTED_ORIGINS = [BASE_URL]
# Whose X-Forwarded-Proto and X-Forwarded-For are believed (marketplace/web/proxy.py): loopback by default.
TRUSTED_PROXIES = os.environ.get("MARKETPLACE_TRUSTED_PROXIES", "127.0.0.1,::1")
HTTPS = urlparse(BASE_URL).scheme == "https"

INSTALLED_APPS = [
    # First, so that the back office's templates in web/templates/admin/ take the place of Django's own.
    "marketplace.web",
    "marketplace.accounts.admin_site.PlatformAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "marketplace.clock",
    "marketplace.audit",
    "marketplace.frameworks",
    "marketplace.organisations",
    "marketplace.suppliers",
    "marketplace.framework_applications",
    "marketplace.accounts",
    "marketplace.notifications",
    "marketplace.opportunities",
    "marketplace.applications",
    "marketplace.opendata",
    "marketplace.insights",
    "marketplace.checks",
    "marketplace.search",
    "marketplace.alerts",
    "marketplace.api",
]
# The insights' covering index lists extra columns for PostgreSQL; SQLite builds the same index on its key alone,
# which is what we want there, so its warning that it cannot add the extra columns says nothing actionable.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

MIDDLEWARE = [
    "marketplace.web.proxy.TrustedProxyMiddleware",
    "marketplace.web.security.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "marketplace.accounts.middleware.AccountStateMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "marketplace.web.jinja.environment",
            "autoescape": True,
            "context_processors": ["django.contrib.messages.context_processors.messages"],
        },
    },
    {
        # Only the Django admin uses Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {"default": _database_from_url(os.environ.get("DATABASE_URL", "").strip())}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["marketplace.accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ["email", "name"]}},
]
LOGIN_URL = "/sign-in"

# One hour of inactivity ends a session: the expiry moves on with every request.
SESSION_COOKIE_AGE = 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "marketplace.web.errors.csrf_failure"
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# GOV.UK Frontend's stylesheet refers to /assets/fonts and /assets/images, so static files live at /assets/.
STATIC_URL = "/assets/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

TASKS = {
    "default": {
        "BACKEND": os.environ.get("MARKETPLACE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_CHOICE = os.environ.get("MARKETPLACE_EMAIL_BACKEND", "console")
EMAIL_BACKEND = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "notify": "marketplace.notifications.notify.NotifyEmailBackend",
}.get(EMAIL_CHOICE)
if EMAIL_BACKEND is None:
    raise ImproperlyConfigured("MARKETPLACE_EMAIL_BACKEND must be console, smtp or notify.")
EMAIL_HOST = os.environ.get("MARKETPLACE_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("MARKETPLACE_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("MARKETPLACE_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("MARKETPLACE_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _flag("MARKETPLACE_SMTP_STARTTLS")
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = os.environ.get("MARKETPLACE_FROM_EMAIL", "Digital Marketplace <no-reply@marketplace.invalid>")
NOTIFY_API_KEY = os.environ.get("MARKETPLACE_NOTIFY_API_KEY", "")
NOTIFY_TEMPLATE_ID = os.environ.get("MARKETPLACE_NOTIFY_TEMPLATE_ID", "")

CLOCK_TRAVEL_ALLOWED = _flag("MARKETPLACE_ALLOW_CLOCK_TRAVEL") and not PRODUCTION
# A search with words counts each lot's matches exactly up to this many, then says "more than"; open matches and
# searches by filters alone are always counted exactly.
SEARCH_COUNT_BOUND = 10_000
# A demonstration site (`serve --demo` sets it): every page says its people, requirements and history are made up.
DEMO = _flag("MARKETPLACE_DEMO")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"expected_refusals": {"()": "marketplace.web.request_log.ExpectedRefusals"}},
    # Refusals (4xx) from Django's request and security loggers as one line at info level, tracebacks for 5xx.
    "handlers": {"stderr": {"class": "logging.StreamHandler", "filters": ["expected_refusals"]}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("MARKETPLACE_LOG_LEVEL", "WARNING")},
}
