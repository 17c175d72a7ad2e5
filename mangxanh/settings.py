"""Settings for Mạng Xanh.

Development defaults need nothing: SQLite in var/, console e-mail, DEBUG on.
Production is switched on with MANGXANH_PRODUCTION=1 and configured through the
environment (see README): SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, EMAIL_*.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("MANGXANH_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("MANGXANH_PRODUCTION")
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when MANGXANH_PRODUCTION=1")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "mangxanh.core.views.csrf_failure"

INSTALLED_APPS = [
    "mangxanh.core",
    "mangxanh.accounts",
    "mangxanh.org",
    "mangxanh.audit",
    "mangxanh.scanning",
    "mangxanh.files",
    "mangxanh.review",
    "mangxanh.intake",
    "mangxanh.plans",
    "mangxanh.watch",
    "mangxanh.learning",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "treebeard",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "mangxanh.intake.api.ApiJsonErrorsMiddleware",  # errors under /api/v1/ are always JSON
    "csp.middleware.CSPMiddleware",
    "mangxanh.core.middleware.NoStoreMiddleware",
    # Before anything reads the body (sessions, CSRF, forms): oversize requests get 413 unread.
    "mangxanh.core.middleware.BodySizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "mangxanh.org.middleware.CurrentUnitMiddleware",
    "mangxanh.audit.middleware.AuditContextMiddleware",
    "mangxanh.accounts.middleware.RequireTwoFactorMiddleware",
    # Axes must be last so it sees the final response of a failed log-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "mangxanh.urls"
WSGI_APPLICATION = "mangxanh.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mangxanh.core.context_processors.navigation",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
# Reverse proxies whose X-Forwarded-For is believed (mangxanh/core/client_ip.py). Default: none,
# the address is the connection's. Either networks ("127.0.0.1/32,10.0.0.0/8") or a count (nginx: 1).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Monitoring probes sending "Authorization: Bearer <HEALTH_TOKEN>" get /suc-khoe/'s details
# (anyone else but system administrators sees only ok / not ok). Empty: no probe token.
HEALTH_TOKEN = os.environ.get("HEALTH_TOKEN", "")
# Where links in e-mails point (staff reminders, reporter notices, invitations); `mangxanh run` sets it to
# its own port when it is not set.
MANGXANH_BASE_URL = os.environ.get("MANGXANH_BASE_URL", "http://127.0.0.1:8000")
# The audit chain's head, kept outside the database (mangxanh/audit/head.py); "" switches it off.
AUDIT_HEAD_DIR = os.environ.get("MANGXANH_AUDIT_HEAD_DIR", str(VAR_DIR / "audit-head"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'mangxanh.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes. synchronous=FULL: every commit
    # (an acknowledged report, an audit entry) is flushed to disk before it returns; NORMAL could
    # lose the last commits on power loss. Cost: benchmarks/bench_sqlite_sync.py.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "mangxanh.accounts.backends.UsernameOrEmailBackend",
    # user.has_perm("review.decide", draft): the capability table of mangxanh.org.permissions.
    "mangxanh.org.permissions.CapabilityBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failures (django-axes).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Usernames in any case and e-mail addresses count against one account.
AXES_USERNAME_CALLABLE = "mangxanh.accounts.lockout.axes_username"
AXES_VERBOSE = False
# Rate-limit and lock-out counters live in the cache. One process's memory by default; several web
# processes or machines must share one: CACHE_URL (or REDIS_URL) = redis://127.0.0.1:6379/0.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
if CACHE_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                          "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "mangxanh")}}
# Beyond axes' (account, address) pairs (mangxanh/accounts/throttle.py): failures per address across
# accounts, per account across addresses (then only addresses it logged in from before), reset mails an hour.
LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "30"))
LOGIN_FAILURES_PER_ACCOUNT = int(os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "20"))
PASSWORD_RESET_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_PER_ADDRESS", "10"))
PASSWORD_RESET_PER_ACCOUNT = int(os.environ.get("PASSWORD_RESET_PER_ACCOUNT", "3"))
# One idea of the client's address everywhere (mangxanh/core/client_ip.py).
AXES_CLIENT_IP_CALLABLE = "mangxanh.core.client_ip.axes_client_ip"

# Sessions expire after inactivity.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

# Two-factor is required for administrators when production settings are on.
OTP_TOTP_ISSUER = "Mạng Xanh"
MANGXANH_REQUIRE_ADMIN_2FA = env_bool("MANGXANH_REQUIRE_ADMIN_2FA", default=PRODUCTION)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["mangxanh.formats"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "files"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, static files come straight from the apps, so the demo can run with DEBUG off
# (Vietnamese error pages, as users will see them) without collectstatic.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The largest request body accepted at all (the largest upload, 50 MB of activity evidence, plus the form);
# larger ones get 413 before the body is read. Keep it equal to nginx's client_max_body_size (deploy/nginx).
MANGXANH_MAX_REQUEST_BYTES = int(os.environ.get("MANGXANH_MAX_REQUEST_BYTES", str(60 * 1024 * 1024)))
MANGXANH_MAX_IMPORT_BYTES = int(os.environ.get("MANGXANH_MAX_IMPORT_BYTES", str(5 * 1024 * 1024)))
# Images declaring more pixels (width x height) are refused at upload, before decoding (decompression bombs).
MANGXANH_MAX_IMAGE_PIXELS = int(os.environ.get("MANGXANH_MAX_IMAGE_PIXELS", str(40_000_000)))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": [],
    }
}

# The security watch of registered websites (mangxanh/watch): limits per site, and the only private or
# loopback hosts it may contact (test fixtures; empty in production).
WATCH_ALLOW_HOSTS = env_list("WATCH_ALLOW_HOSTS")
WATCH_MAX_PAGES = int(os.environ.get("WATCH_MAX_PAGES", "20"))
WATCH_MAX_PAGE_BYTES = int(os.environ.get("WATCH_MAX_PAGE_BYTES", str(1024 * 1024)))
WATCH_SITE_SECONDS = float(os.environ.get("WATCH_SITE_SECONDS", "30"))
WATCH_KEEP_DAYS = int(os.environ.get("WATCH_KEEP_DAYS", "30"))

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mạng Xanh <no-reply@localhost>")

# Content-Security-Policy on every response (django-csp): scripts and styles only from our own static
# files, no inline script or event handler anywhere. The evidence viewer sets its own, stricter policy.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Route prefixes whose pages carry Cache-Control: no-store (cases, their victims and evidence).
MANGXANH_NO_STORE_ROUTE_PREFIXES = ["vu-viec/"]

if PRODUCTION:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY") else None
    # HTTPS only: plain-HTTP requests are redirected and browsers remember it (HSTS).
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Loopback health probes (load balancer, systemd) may speak plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^suc-khoe/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
