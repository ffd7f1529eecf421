"""Settings for Observatory: one module, driven by environment variables (see README "Configuration").

Nothing configured = the demo: the private PostgreSQL + PostGIS cluster that `make demo` starts in var/pg
(scripts/demo-postgres), files on disk, Celery tasks run in-process.
DATABASE_URL=postgis://... and CELERY_BROKER_URL=redis://... (or amqp://...) = the real stack.
"""

import ipaddress
import secrets
import sys
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from observatory.env import envbool, envint, envlist, envstr

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(envstr("OBSERVATORY_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = envbool("DEBUG", False)
# No DATABASE_URL = the demo, on its own cluster (see DATABASES below).
DEMO = not envstr("DATABASE_URL")


def _secret_key() -> str:
    key = envstr("SECRET_KEY")
    if key:
        return key
    if not (DEBUG or DEMO):
        raise ImproperlyConfigured("SECRET_KEY (or SECRET_KEY_FILE) must be set when DATABASE_URL is.")
    # Demo and development only: a random key kept in var/ so sessions survive a restart. Never committed.
    path = VAR_DIR / "dev-secret-key"
    if not path.exists():
        warnings.warn(f"generated a development SECRET_KEY in {path}", stacklevel=1)
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "observatory.accounts",
    "observatory.geography",
    "observatory.casework",
    "observatory.audit",
    "observatory.stats",
    "observatory",
    "cms",
    "reports_intake",
    "nlp",
    # Editors translate pages and snippets field by field, and see what is out of date (DESIGN §9).
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.gis",
]

MIDDLEWARE = [
    # Before anything reads X-Forwarded-*: the request path must match the proxy settings (issue 13).
    "observatory.operations.proxy.ProxyPathMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Sees every response (WhiteNoise's too): CSP, Permissions-Policy, no-store on private pages.
    "observatory.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's, with the language from the URL prefix or Accept-Language, never a cookie (observatory.i18n).
    "observatory.i18n.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Django's CSRF check, accepting the `Origin: null` that no-referrer pages send (see the class).
    "observatory.security.NullOriginCsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Carries the per-session key that opens the staff member's private key (never stored server-side).
    "observatory.casework.staff.middleware.SessionKeyCookieMiddleware",
    "observatory.casework.staff.otp_middleware.RequireVerifiedStaffMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # The report form's route from a per-process table instead of Wagtail's six queries (cms/routing.py).
    "cms.routing.ReportPageRouteMiddleware",
]

ROOT_URLCONF = "observatory.urls"
WSGI_APPLICATION = "observatory.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "observatory" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------
# One engine everywhere (DESIGN §2): PostgreSQL + PostGIS. The demo's is the cluster scripts/demo-postgres
# runs in var/pg on 127.0.0.1:DEMO_PG_PORT, whose superuser `observatory` lets migrate create the extension.
DEMO_PG_PORT = envint("DEMO_PG_PORT", 55432, min=1024, max=65535)
DATABASE_URL = envstr("DATABASE_URL") or f"postgis://observatory@127.0.0.1:{DEMO_PG_PORT}/observatory"
# The application connects as a role that owns no table (`manage.py create_app_role`): it cannot alter
# tables, disable the audit log's triggers or truncate them. The commands that change or replace the
# schema connect as the owner, MIGRATION_DATABASE_URL, when it is set.
MIGRATION_DATABASE_URL = envstr("MIGRATION_DATABASE_URL")
OWNER_COMMANDS = {"migrate", "create_app_role", "restore", "createcachetable"}
_command = sys.argv[1] if len(sys.argv) > 1 and sys.argv[0].endswith("manage.py") else ""
if MIGRATION_DATABASE_URL and _command in OWNER_COMMANDS:
    DATABASE_URL = MIGRATION_DATABASE_URL
_scheme = DATABASE_URL.partition("://")[0] if "://" in DATABASE_URL else "(none)"
if _scheme != "postgis":
    # Only the scheme is shown: the rest of the URL may hold a password.
    raise ImproperlyConfigured(
        f"DATABASE_URL must be postgis://user@host:port/name (PostgreSQL + PostGIS, the only engine "
        f"Observatory runs on); its scheme is {_scheme!r}. Unset it for the demo database."
    )
# Persistent connections, checked before each request reuses one: after a database restart a stale
# connection is replaced instead of failing the request (issue 12, finding 1).
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60, min=0, max=3600), conn_health_checks=True
    )
}
# Deadlines on every statement of a web request (gunicorn.conf.py sets OBSERVATORY_WEB=1): a lock held
# by a migration or a slow query ends the request with "nothing was saved, send again" within seconds,
# instead of committing the report after the reporter gave up. Workers and management commands (bulletins,
# migrations) keep PostgreSQL's default of no limit unless DB_STATEMENT_TIMEOUT_MS/DB_LOCK_TIMEOUT_MS say.
WEB_PROCESS = envbool("OBSERVATORY_WEB", False)
WEB_DB_TIMEOUTS_MS = {"statement_timeout": 10_000, "lock_timeout": 3_000}
DB_TIMEOUTS_MS = {  # from DB_STATEMENT_TIMEOUT_MS and DB_LOCK_TIMEOUT_MS
    name: envint(f"DB_{name.upper()}_MS", value if WEB_PROCESS else 0, min=0, max=600_000)
    for name, value in WEB_DB_TIMEOUTS_MS.items()
}


def pg_session_options(timeouts: dict[str, int]) -> str:
    """libpq `options` setting these parameters on every new connection (0 = no limit)."""
    return " ".join(f"-c {name}={value}" for name, value in timeouts.items() if value)


if pg_session_options(DB_TIMEOUTS_MS):
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = pg_session_options(DB_TIMEOUTS_MS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: rate limits and single-use tokens live here (never IPs; see DESIGN §5) --------------
REDIS_URL = envstr("REDIS_URL")
# Timeouts: a stalled cache Redis fails a request in seconds (the error pages need no cache) instead of
# holding a web thread for ever.
CACHE_TIMEOUT_SECONDS = 2.0
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "observatory.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "socket_connect_timeout": CACHE_TIMEOUT_SECONDS,
                "socket_timeout": CACHE_TIMEOUT_SECONDS,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery ---------------------------------------------------------------------------------------
CELERY_BROKER_URL = envstr("CELERY_BROKER_URL")
# Without a broker (the demo) tasks run in-process, synchronously, through the same task code.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND") or REDIS_URL or None
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
# Nothing lost: a task is acknowledged after it ran, and redelivered if its worker dies mid-task.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Deadlines for talking to the broker. A web request publishes once right after commit with retry=False
# (outbox._send), and a publish that fails is left to the sweeper, so a dead or stalled broker costs a
# request at most BROKER_TIMEOUT_SECONDS to connect plus as much to send, then none for
# outbox.BROKER_BACKOFF_SECONDS. Redis takes them as transport options, AMQP as broker_connection_timeout
# (connect) and the transport's read/write timeouts.
BROKER_TIMEOUT_SECONDS = 2.0
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
# A task whose worker died without acknowledging it (kill -9, host lost) is handed to another worker
# after the visibility timeout (Redis), so a report waits at most this long plus the sweeper's minute.
# Longer than any task runs (triage: seconds; a bulletin: a few minutes), or a slow task runs twice.
CELERY_VISIBILITY_TIMEOUT_SECONDS = envint("CELERY_VISIBILITY_TIMEOUT_SECONDS", 600, min=120, max=3600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT_SECONDS,
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": BROKER_TIMEOUT_SECONDS,
    # AMQP (py-amqp) names for the same deadlines (its connect deadline is the setting above).
    "read_timeout": BROKER_TIMEOUT_SECONDS,
    "write_timeout": BROKER_TIMEOUT_SECONDS,
}
CELERY_TASK_DEFAULT_QUEUE = "default"
# The heartbeat goes where triage goes: it proves the triage worker consumes (observatory.operations).
CELERY_TASK_ROUTES = {
    "casework.triage_report": {"queue": "triage"},
    "observatory.triage_heartbeat": {"queue": "triage"},
}
CELERY_BEAT_SCHEDULE: dict = {
    # The outbox sweeper: publishes tasks whose publication right after commit failed (broker away).
    "publish-outbox": {"task": "reports_intake.publish_outbox", "schedule": 60.0},
    # Spent proof-of-work challenges are kept (reports_intake.SpentNonce) only until they expire.
    "purge-spent-nonces": {"task": "reports_intake.purge_spent_nonces", "schedule": 3600.0},
    # Leftovers either way (a file without its row, a row without its file), counted once a day.
    "check-orphans": {"task": "reports_intake.check_orphans", "schedule": crontab(minute=30, hour=4)},
    # Read by /readyz; `expires` drops the heartbeats that queued up while the triage worker was away.
    "triage-heartbeat": {
        "task": "observatory.triage_heartbeat",
        "schedule": 60.0,
        "options": {"expires": 120},
    },
    # Each quarter's bulletin is drafted early on the first day after it ends (idempotent).
    "build-quarterly-bulletin": {
        "task": "cms.build_due_bulletins",
        "schedule": crontab(minute=0, hour=3, day_of_month=1, month_of_year="1,4,7,10"),
    },
}

# --- Auth and staff second factor ------------------------------------------------------------------
LOGIN_URL = "staff_login"
LOGIN_REDIRECT_URL = "/staff/"
OTP_LOGIN_URL = "staff_login"
OTP_TOTP_ISSUER = envstr("OTP_TOTP_ISSUER", "Observatory")
# The key TOTP secrets are sealed under in the database (accounts.SealedTOTPDevice), given to the web
# processes only. Unset: derived from SECRET_KEY, and then changing SECRET_KEY voids every authenticator.
TOTP_SEAL_KEY = envstr("TOTP_SEAL_KEY") or ""
# django-otp's per-device throttle would let anyone who knows a password lock the owner's second factor;
# observatory.casework.staff.throttle slows guessing per client and per account instead.
OTP_TOTP_THROTTLE_FACTOR = 0
# The Django admin never shows a device's secret or its QR code (a superuser could copy a colleague's
# second factor); backup codes are still listed there.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_STATIC_THROTTLE_FACTOR = 0
# Passkeys and security keys as a second factor (django-otp-webauthn), registered from /staff/passkeys/
# once signed in with a code. The relying party is the staff site's host name; its origins must be listed
# (scheme and port included), or browsers' answers are refused.
# Unset: the CSRF trusted origins (the site's public https:// origins), and the first one's host name.
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist(
    "OTP_WEBAUTHN_ALLOWED_ORIGINS", CSRF_TRUSTED_ORIGINS or ["http://localhost:8000"]
)
OTP_WEBAUTHN_RP_ID = envstr(
    "OTP_WEBAUTHN_RP_ID", urlsplit(next(iter(OTP_WEBAUTHN_ALLOWED_ORIGINS), "")).hostname or ""
)
OTP_WEBAUTHN_RP_NAME = envstr("OTP_WEBAUTHN_RP_NAME", "Observatory")
# No passwordless sign-in: the password also opens the user's sealed key (casework.staff.passkeys).
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_HELPER_CLASS = "observatory.casework.staff.passkeys.StaffWebAuthnHelper"
# Argon2id first: the staff password also opens the user's sealed key, so its hash must be slow to crack.
# (observatory.settings_test keeps a fast hasher for fixtures.)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# URL prefixes where every request needs a user who passed a django-otp second factor.
STAFF_URL_PREFIXES = ("/admin/", "/django-admin/", "/staff/")
# Open to a signed-in user without a second factor yet: first sign-in walks them through enrolment.
STAFF_OPEN_PATHS = ("/staff/login/", "/staff/enrol/")
# Days the office has to acknowledge a new case before the dashboard marks it overdue.
CASE_ACK_DAYS = envint("CASE_ACK_DAYS", 7, min=1, max=90)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The session table keeps a keyed hash of each session id, not the id: a dump gives no session to replay.
SESSION_ENGINE = "observatory.casework.staff.session_store"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
# A staff session carries the key that opens its private key: at most a day, so none stays open for days.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600, min=5 * 60, max=24 * 3600)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SAMESITE = "Strict"
# A browser-session cookie: a dated one would keep a trace of the visit on a seized phone for a year.
CSRF_COOKIE_AGE = None

# --- Security headers (CSP and the rest are added by observatory.security middleware later) -----
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "no-referrer"
X_FRAME_OPTIONS = "DENY"
# 0 turns HSTS off; two years is the longest any browser or preload list asks for.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, min=0, max=2 * 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
BEHIND_TLS_PROXY = envbool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None

# --- Abuse protection (reports_intake.abuse; DESIGN §5) ---------------------------------------------
# Leading zero bits: each one doubles the work. pow.js does ~175,000 hashes/s on one server core, an old
# phone several times fewer: 18 (2^18 hashes) is seconds there, 22 is minutes, beyond that nobody waits.
# Below 8 the work is nothing even for a bot (the browser tests use 8).
POW_DIFFICULTY = envint("POW_DIFFICULTY", 18, min=8, max=22)
# Long enough to write a report after the page loads; spent nonces are kept in the cache this long.
POW_TTL_SECONDS = envint("POW_TTL_SECONDS", 60 * 60, min=5 * 60, max=24 * 3600)
# 1 behind deploy/'s nginx. Counting more proxies than there are lets the client choose its own address.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0, min=0, max=5)
# The two must agree (issue 13): behind a proxy with no proxy counted, every client has the proxy's
# address and one person's requests use up everyone's limits; a proxy counted with none in front lets a
# client write its own X-Forwarded-For and escape every limit. deploy/ ships nginx and sets both.
if not DEBUG and BEHIND_TLS_PROXY != (TRUSTED_PROXY_COUNT > 0):
    raise ImproperlyConfigured(
        f"BEHIND_TLS_PROXY={int(BEHIND_TLS_PROXY)} but TRUSTED_PROXY_COUNT={TRUSTED_PROXY_COUNT}: behind the "
        "reverse proxy set both (TRUSTED_PROXY_COUNT=1 for deploy/nginx.conf); without one, neither."
    )
# The addresses (or networks) the proxy connects from: loopback for nginx on the same host (systemd), the
# proxy's fixed address in deploy/compose.yaml. Forwarding headers from any other peer are ignored, and
# X-Forwarded-For from one of these with TRUSTED_PROXY_COUNT=0 is refused (observatory/operations/proxy.py).
TRUSTED_PROXY_ADDRESSES = envlist("TRUSTED_PROXY_ADDRESSES", ["127.0.0.1", "::1"])
try:
    [ipaddress.ip_network(entry, strict=False) for entry in TRUSTED_PROXY_ADDRESSES]
except ValueError as exc:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_ADDRESSES: {exc}") from None
# The key each day's rate-limit secret is derived from (reports_intake.abuse). Only the web processes have
# it, from the environment or a secret file; it is never written to Redis or the database, so a copy of
# those cannot turn a rate-limit key back into an address. Unset: derived from SECRET_KEY.
RATE_LIMIT_KEY = envstr("RATE_LIMIT_KEY") or ""
# bucket -> (requests allowed, window in seconds). 0 would close the door to everyone; per client, more
# than 1,000 in one window is no person (a whole office behind one address included).
ABUSE_RATE_LIMITS = {
    "submit": (envint("INTAKE_SUBMITS_PER_CLIENT_HOUR", 10, min=1, max=1000), 3600),
    "nojs": (envint("INTAKE_NOJS_PER_CLIENT_HOUR", 3, min=1, max=1000), 3600),
    # Without JavaScript past "nojs": a shared office connection, on a form opened ASSISTED_MIN_SECONDS ago.
    "nojs-assisted": (envint("INTAKE_ASSISTED_NOJS_PER_CLIENT_HOUR", 30, min=1, max=1000), 3600),
    "receipt-login": (envint("MAILBOX_LOGINS_PER_CLIENT_15MIN", 10, min=1, max=1000), 900),
    # The circuit breaker: past this many an hour from everyone, each client gets "flood" instead of "submit".
    "submit-global": (envint("INTAKE_SUBMISSIONS_PER_HOUR", 10_000, min=1, max=1_000_000), 3600),
    "flood": (envint("INTAKE_SUBMITS_PER_CLIENT_IN_FLOOD", 1, min=1, max=1000), 3600),
}
# Nobody writes a report in less: the no-JavaScript "assisted" allowance needs a form opened this long ago.
ASSISTED_MIN_SECONDS = envint("INTAKE_ASSISTED_MIN_SECONDS", 120, min=10, max=3600)
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # otherwise the admin loads staff avatars from gravatar.com
# A staff password seals the user key: only the staff pages change it (keyring.change_password re-seals
# the key; a recovery key replaces a forgotten one). Wagtail's own forms would change the password alone
# and lock the person out of every case (tests/security/test_wagtail_account.py).
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False

# --- Languages ------------------------------------------------------------------------------------
LANGUAGE_CODE = "es"
# Each name as its own speakers write it (the language switcher and the reply-language choice show these).
# The language is in the URL (/ar/…, i18n_patterns in observatory/urls.py) or, on a bare URL, the browser's
# Accept-Language; never a cookie (DESIGN §9): observatory.i18n.LocaleMiddleware.
LANGUAGES = [
    ("es", "Español"),
    ("ca", "Valencià"),
    ("ar", "العربية"),
    ("fr", "Français"),
    ("ro", "Română"),
    ("en", "English"),
]
# Staff pages (unprefixed URLs) are translated into these; another browser language gets the first of them.
STAFF_LANGUAGES = ("es", "ca", "en")
# Where quick exit lands once it has ended the session (observatory.i18n.quick_exit): a neutral page.
QUICK_EXIT_URL = envstr("QUICK_EXIT_URL", "https://www.google.com/")
# One page tree per language (cms.demo ships every page in all of them), translated with wagtail-localize.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Madrid"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    # Files' and folders' times rounded to the hour, like the database's (observatory/file_storage.py).
    "default": {"BACKEND": "observatory.file_storage.HourStampedFileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "observatory.staticfiles.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Text fields: 10,000 non-ASCII characters url-encoded is about 120 kB. Files stay in memory whatever the
# request's size (one handler, capped per file), so an attachment never touches the disk before it is
# cleaned and encrypted; the request itself is capped at reports_intake.requests.MAX_REQUEST_BYTES.
DATA_UPLOAD_MAX_MEMORY_SIZE = 512 * 1024
# Staff uploads under STAFF_URL_PREFIXES (Wagtail documents) pass on to Django's two handlers.
FILE_UPLOAD_HANDLERS = [
    "reports_intake.upload_fields.InMemoryUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- Wagtail --------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = envstr("SITE_NAME", "Observatory")
WAGTAILADMIN_BASE_URL = envstr("SITE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "pdf", "txt", "zip", "json"]
WAGTAIL_ENABLE_UPDATE_CHECK = False  # no outbound request from the admin
WAGTAIL_USAGE_COUNT_ENABLED = False

# --- Logging: to stderr, never request details (no IPs, no user agents; see DESIGN §5) ----------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["stderr"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        # django.request and django.server log the request line and client address: keep them quiet.
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        "django.server": {"handlers": [], "level": "CRITICAL", "propagate": False},
        "django_tasks": {"level": "WARNING"},
        # Pillow logs image metadata (EXIF) at DEBUG: never below INFO, whatever LOG_LEVEL says.
        "PIL": {"level": "INFO"},
    },
}

SITE_LABEL = _("Observatory against discrimination and hate")

# gis.W001 asks for GDAL >= 3.9 to block file/network access from spatial reference strings. Debian 12
# ships 3.6; we never pass user-supplied spatial references to GDAL (boundaries come from a staff command
# as GeoJSON parsed by GEOS, and reports keep codes only), so the check is noise here.
# security.W003 asks for CsrfViewMiddleware by name; ours is its subclass NullOriginCsrfViewMiddleware
# (observatory/security.py), which runs Django's whole check and accepts only `Origin: null` besides.
# security.W021 asks for HSTS preload: a commitment for every subdomain that is slow to undo, so the
# deploying city opts in (SECURE_HSTS_PRELOAD=1), it is not a default.
SILENCED_SYSTEM_CHECKS = ["gis.W001", "security.W003", "security.W021"]
if BEHIND_TLS_PROXY:
    # security.W008 asks for SECURE_SSL_REDIRECT. Behind deploy/'s proxy, nginx answers every plain-HTTP
    # request with a redirect to HTTPS and gunicorn publishes no port; redirecting here too would send the
    # probes that reach gunicorn directly (healthz, readyz) away. Without the proxy the warning stays.
    SILENCED_SYSTEM_CHECKS.append("security.W008")

# Content-free e-mail alert to the office when triage marks a report urgent (empty = dashboard only).
OFFICE_ALERT_EMAILS = envlist("OFFICE_ALERT_EMAILS", [])

# The city the bulletins are about, by INE municipality code (46250 = València).
OBSERVATORY_CITY_CODE = envstr("OBSERVATORY_CITY_CODE", "46250")

# --- Operations: backups, probes, metrics (observatory.operations; DESIGN §10) --------------------
# The public half of the offline backup key (`manage.py backup_keygen`); its private half never comes here.
BACKUP_PUBLIC_KEY_FILE = envstr("BACKUP_PUBLIC_KEY_FILE", str(VAR_DIR / "backup-public.key"))
# /readyz: each dependency answers within this, and work is flowing within these limits.
HEALTH_CHECK_TIMEOUT_SECONDS = 1.0
HEALTH_OUTBOX_BACKLOG_MAX = envint("HEALTH_OUTBOX_BACKLOG_MAX", 100, min=1, max=1_000_000)
# received_at is rounded down to the hour, so anything under two hours would fire on a healthy queue.
HEALTH_UNTRIAGED_MAX_AGE_SECONDS = envint(
    "HEALTH_UNTRIAGED_MAX_AGE_SECONDS", 4 * 3600, min=7200, max=7 * 86400
)
# Beat sends a heartbeat every minute: five missed in a row is a stopped beat or triage worker.
HEALTH_HEARTBEAT_MAX_AGE_SECONDS = envint("HEALTH_HEARTBEAT_MAX_AGE_SECONDS", 300, min=120, max=3600)
# /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>`; unset = metrics off (404).
METRICS_TOKEN = envstr("METRICS_TOKEN")
# Probes arrive over plain HTTP on the loopback interface: answer them rather than redirect to HTTPS.
SECURE_REDIRECT_EXEMPT = [r"^(healthz|readyz|metrics)$"]
# Error reports to Sentry or a compatible service, off unless set; events keep the exception's class and
# stack only, never a message, a request's contents or an address (observatory/operations/error_reports.py).
SENTRY_DSN = envstr("SENTRY_DSN") or ""
if SENTRY_DSN:
    from observatory.operations.error_reports import init_sentry

    init_sentry(SENTRY_DSN, environment=envstr("SENTRY_ENVIRONMENT", "production"), release=envstr("RELEASE"))

# --- Retention (observatory.operations.retention; DESIGN §10) --------------------------------------
# Days a report is kept, by outcome. A case being worked on (assigned, in progress, referred, or with
# confirmed labels) is kept while it is open. At the end the report is crypto-shredded by
# the daily `observatory.shred_expired` task, unless an office admin set a legal hold.
RETENTION_DAYS = {
    # A closed case (its labels are confirmed, so it is counted in the statistics), from its closing.
    "closed_case": envint("RETENTION_CLOSED_CASE_DAYS", 5 * 365 + 1, min=30, max=50 * 366),
    # A report never taken up as a case (still new or triaged, labels never confirmed: spam, duplicates,
    # out of scope, a reporter who never came back), from its reception. Never counted.
    "not_taken_up": envint("RETENTION_NOT_TAKEN_UP_DAYS", 365, min=30, max=50 * 366),
}
# A reporter's request to delete their report is carried out this many days later (they may change their
# mind in the meantime; a legal hold set within it stops it).
RETENTION_ERASURE_GRACE_DAYS = envint("RETENTION_ERASURE_GRACE_DAYS", 14, min=1, max=90)
CELERY_BEAT_SCHEDULE["shred-expired"] = {
    "task": "observatory.shred_expired",
    "schedule": crontab(hour=3, minute=17),
}
