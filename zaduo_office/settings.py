"""Settings for zaduo-office, read from the environment.

With nothing set, the project runs on an embedded SQLite database with Celery tasks run eagerly, so a
newcomer needs nothing installed. Production sets ``DJANGO_PRODUCTION=1`` plus ``SECRET_KEY``,
``DATABASE_URL`` (PostgreSQL), ``REDIS_URL`` and ``ALLOWED_HOSTS``; see README.md.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
DEBUG = env.bool("DJANGO_DEBUG", default=not PRODUCTION)

_DEV_SECRET_KEY = "dev-only-insecure-key-zaduo-office-do-not-use-in-production"
SECRET_KEY = env("SECRET_KEY", default="" if PRODUCTION else _DEV_SECRET_KEY)
if PRODUCTION and not SECRET_KEY:
    raise ImproperlyConfigured("生产环境必须设置 SECRET_KEY 环境变量 (SECRET_KEY must be set in production).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_fsm",
    "guardian",
    "axes",
    "core",
    "org",
    "documents.incoming",
    "documents.records",
    "documents.outgoing",
    "deadlines",
    "leave",
    "meetings",
    "supervision",
    "duty",
    "petitions",
    "information",
    "disclosure",
    "seals",
    "normative",
    "legal",
    "coordination",
    "research",
    "reception",
    "ops",
]

MIDDLEWARE = [
    # First, so every log line of the request carries its id (core/logs.py).
    "core.logs.RequestIdMiddleware",
    # /healthz answers here: no HTTPS redirect, no Host check, no session (ops/middleware.py).
    "ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy on every page (CONTENT_SECURITY_POLICY below; not on PDFs: core/middleware.py).
    "core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The session is written at most every SESSION_REFRESH_EVERY seconds, not on every page (core/middleware.py).
    "core.middleware.SessionRefreshMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL and other control characters are stripped from every form and query, the admin's too (issue 12).
    "core.middleware.ControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The signed-in person's profile, roles and pledge in one query a request (core/middleware.py).
    "core.middleware.RequestPersonMiddleware",
    # Every page needs a signed-in user unless its view says otherwise (sign-in, health check).
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A number too large for the database (SQLite's OverflowError) is a Chinese 400, not a 500 (core/middleware.py).
    "core.middleware.NumberOutOfRangeMiddleware",
    # Django's empty 405 (a GET on a form's POST-only address) becomes a Chinese page (core/middleware.py).
    "core.middleware.MethodNotAllowedMiddleware",
    # A person given a one-time password by the office import changes it before anything else.
    "org.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it turns a locked-out sign-in into our Chinese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zaduo_office.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.office",
            ],
            # {% idempotency_field %} in every form that creates something (core/idempotency.py).
            "builtins": ["core.templatetags.idempotency"],
        },
    },
]

# Every form labelled in words, formset rows by number, one field template (core/forms.py, issue 14).
FORM_RENDERER = "core.forms.OfficeFormRenderer"

WSGI_APPLICATION = "zaduo_office.wsgi.application"

# --- Database -------------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections: the session and user queries stay sub-millisecond (PERFORMANCE.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"].setdefault("TEST", {})["TEMPLATE"] = "template0"
    # No JIT: PostgreSQL's cost guess for the visibility rule's OR (issue 13) made it compile plans for ~0.8 s on
    # pages that answer in milliseconds without it; an office's short queries never gain from JIT.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"

# A session lasts one working day of inactivity; every request pushes the expiry forward.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=9 * 60 * 60)
# Idle timeout: a session ends SESSION_COOKIE_AGE after the last refresh of its expiry, which a page does at most
# every SESSION_REFRESH_EVERY seconds (core.middleware.SessionRefreshMiddleware) — not a write on every page.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_EVERY = env.int("SESSION_REFRESH_EVERY", default=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

# Sign-in throttling (django-axes): five failures for one account from one address lock that pair for a while.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Besides: this many failures from one address across all accounts lock that address — never an account alone,
# so no one can lock a colleague out from another desk (core/signin.py).
AXES_ADDRESS_FAILURE_LIMIT = env.int("AXES_ADDRESS_FAILURE_LIMIT", default=20)
AXES_HANDLER = "core.signin.SignInThrottle"
AXES_LOCKOUT_CALLABLE = "core.views.lockout"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# django-guardian: object permissions; no anonymous user, every page needs sign-in.
ANONYMOUS_USER_NAME = None
GUARDIAN_RAISE_403 = False

# --- Internationalisation -------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Uploaded originals live outside the static root and are served only through permission-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
# With DEBUG on (a developer's runserver) static files come straight from the source folders. With DEBUG off —
# production and `make run` on an office PC alike — they are collected: hashed names served for a year, gzip
# and Brotli copies (issue 10, issue 14); `make run` runs collectstatic first.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- E-mail (second notification channel) ---------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="杂多县政府办公室 <office@zaduo.local>")
EMAIL_SUBJECT_PREFIX = "[杂多县政府办公室] "
# Seconds any one exchange with the mail server may take; the worker sends, retrying later (core/emails.py).
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10)
EMAIL_RESEND_EVERY_MINUTES = env.int("EMAIL_RESEND_EVERY_MINUTES", default=5)

# --- Celery ---------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker the tasks run in-process, so the embedded default needs nothing installed.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# An unreachable Redis host must not hold a person's request for minutes (core/background.py), nor a frozen
# one (it accepts connections and never answers): every Redis client has a connect AND a read/write timeout.
REDIS_CONNECT_TIMEOUT = env.float("REDIS_CONNECT_TIMEOUT", default=3.0)
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_CONNECT_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
}
# The cache (the badges' per-person counts, core/workqueue.py) is shared by every worker through Redis. Without
# Redis there is none: a process's own memory would keep a count another worker's write has made wrong.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zaduo-cache",
            "OPTIONS": {"socket_connect_timeout": REDIS_CONNECT_TIMEOUT, "socket_timeout": REDIS_SOCKET_TIMEOUT},
        }
    }
# The result backend, should one be set (CELERY_RESULT_BACKEND is None: no task's result is read).
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_CONNECT_TIMEOUT
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
# The worker logs through LOGGING below (JSON lines in production), not Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Deadlines and reminders (deadlines/; times are local, "HH:MM") -------------------------------
DEADLINES_SCAN_EVERY_MINUTES = env.int("DEADLINES_SCAN_EVERY_MINUTES", default=15)
DEADLINES_DIGEST_AT = env("DEADLINES_DIGEST_AT", default="08:30")  # the daily overdue digest, working days
DEADLINES_START_OF_WORKDAY = env("DEADLINES_START_OF_WORKDAY", default="08:30")
# The end-of-day check of the same-day rules [26(1)], [26(6)5], [28(1)], [31].
DEADLINES_END_OF_WORKDAY = env("DEADLINES_END_OF_WORKDAY", default="17:30")
DEADLINES_SCAN_OVERLAP_MINUTES = env.int("DEADLINES_SCAN_OVERLAP_MINUTES", default=60)
DEADLINES_FIRST_SCAN_LOOKBACK_DAYS = env.int("DEADLINES_FIRST_SCAN_LOOKBACK_DAYS", default=2)
DEADLINES_MAX_CATCH_UP_DAYS = env.int("DEADLINES_MAX_CATCH_UP_DAYS", default=7)
DEADLINES_DIGEST_ITEMS = env.int("DEADLINES_DIGEST_ITEMS", default=20)

# --- Operations: backups, health, one beat (ops/; docs/operations.md) ------------------------------
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "var" / "backups")
BACKUP_AT = env("BACKUP_AT", default="02:30")  # the nightly backup, office time
# Rotation keeps every backup of the last 24 hours and the newest of each of the last 7 days, 4 weeks, 12 months.
BACKUP_KEEP_DAILY = env.int("BACKUP_KEEP_DAILY", default=7)
BACKUP_KEEP_WEEKLY = env.int("BACKUP_KEEP_WEEKLY", default=4)
BACKUP_KEEP_MONTHLY = env.int("BACKUP_KEEP_MONTHLY", default=12)
# /healthz is unhealthy when the newest backup is older than this (0: not checked).
BACKUP_MAX_AGE_HOURS = env.int("BACKUP_MAX_AGE_HOURS", default=36 if PRODUCTION else 0)
HEALTH_WORKER_STALE_MINUTES = env.int("HEALTH_WORKER_STALE_MINUTES", default=5)
OPS_KEY_PREFIX = env("OPS_KEY_PREFIX", default="zaduo:ops:")  # the heartbeat's and the beat lock's Redis keys
BEAT_LOCK_TTL_SECONDS = env.int("BEAT_LOCK_TTL_SECONDS", default=180)
# Beat refuses to start while another one holds the lock (ops/beat.py).
CELERY_BEAT_SCHEDULER = "ops.beat:SingleBeatScheduler"

CELERY_BEAT_SCHEDULE = __import__("zaduo_office.schedule", fromlist=["build_beat_schedule"]).build_beat_schedule(
    globals()
)

# --- Security -------------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
# An expired form (CSRF token) says so in Chinese and offers to reload the page, instead of Django's bare page.
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
# Content-Security-Policy (django-csp): every script, style sheet, image, font and request from this site only;
# no inline script and no event-handler attribute (page code lives in static/**/*.js); no <style> element. Only
# style *attributes* are allowed: ECharts writes its tooltips with them, and they cannot run code nor, with
# img-src 'self', fetch anything from elsewhere (docs/decisions.md).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

# --- Logging --------------------------------------------------------------------------------------
# JSON lines on stdout in production (one object per line: time, level, logger, message, request_id, user_id,
# event, item …); readable lines in development. Security events go to the "zaduo.security" logger.
LOG_FORMAT = env("LOG_FORMAT", default="json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "core.logs.JsonFormatter"}, "text": {"()": "core.logs.ReadableFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "stream": "ext://sys.stdout"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# --- Project settings -----------------------------------------------------------------------------
OFFICE_NAME = "杂多县政府办公室"
# WeasyPrint needs a font that covers Chinese; a PDF without one is refused, never rendered with boxes.
PDF_CJK_FONT_FAMILIES = ["Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]
# Licensed fonts an administrator drops here (.ttf/.otf/.ttc: 仿宋_GB2312, 方正小标宋简体, 楷体_GB2312, 黑体) are used
# by every PDF in preference to the free ones (documents.outgoing.printing.official_fonts, GB/T 9704-2012).
PDF_FONTS_DIR = env.path("PDF_FONTS_DIR", default=BASE_DIR / "var" / "fonts")
# Scanned originals and attachments: the largest file accepted, in MB.
UPLOAD_MAX_MB = env.int("UPLOAD_MAX_MB", default=20)
# 全宗号: the office's fonds number given by the county archives bureau; first part of every 档号 [33].
ARCHIVE_FONDS = env("ARCHIVE_FONDS", default="001")
# 人大代表建议、政协提案: the answer is due this many months after the proposal is assigned (the national rules'
# three months) [12]; supervision.services.default_answer_due.
SUPERVISION_PROPOSAL_ANSWER_MONTHS = env.int("SUPERVISION_PROPOSAL_ANSWER_MONTHS", default=3)
# The duty roster [41], [42] (duty/conf.py): the least rest between one's shifts, how long a handover may wait for
# its confirmation before it counts as missed, and how far back the reminder engine looks for missed handovers and
# empty posts (each lapse is told once when it happens).
DUTY_MIN_REST_HOURS = env.int("DUTY_MIN_REST_HOURS", default=12)
DUTY_HANDOVER_GRACE_MINUTES = env.int("DUTY_HANDOVER_GRACE_MINUTES", default=30)
DUTY_LAPSE_LOOKBACK_DAYS = env.int("DUTY_LAPSE_LOOKBACK_DAYS", default=3)
# Petitioners' ID and phone numbers are stored encrypted [47]–[50] (petitions/crypto.py, docs/petitions-keys.md):
# PETITIONS_PII_KEYS lists Fernet keys, the first encrypts and all decrypt (rotation: put a new key first, run
# ``manage.py rotate_petition_keys``, then drop the old one); PETITIONS_INDEX_KEY keys the blind index that finds
# repeat petitions. Production must set both; elsewhere they are derived from SECRET_KEY.
PETITIONS_PII_KEYS = env.list("PETITIONS_PII_KEYS", default=[])
PETITIONS_INDEX_KEY = env("PETITIONS_INDEX_KEY", default="")
if PRODUCTION:
    # Keys derived from SECRET_KEY would tie the petitioners' data to the Django secret (rotating one would lose
    # the other) and a wrong key would only show at the first registration: refuse to start instead.
    if not PETITIONS_PII_KEYS or not PETITIONS_INDEX_KEY:
        raise ImproperlyConfigured(
            "生产环境必须设置 PETITIONS_PII_KEYS 和 PETITIONS_INDEX_KEY 环境变量，信访人身份证号、电话才能加密保存"
            "（docs/petitions-keys.md）。PETITIONS_PII_KEYS and PETITIONS_INDEX_KEY must be set in production."
        )
    from cryptography.fernet import Fernet

    for _key in PETITIONS_PII_KEYS:
        try:
            Fernet(_key)
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                "PETITIONS_PII_KEYS 中有无效的密钥：每个密钥须为 Fernet 密钥（docs/petitions-keys.md）。"
            ) from None
    if len(PETITIONS_INDEX_KEY) < 32:
        raise ImproperlyConfigured("PETITIONS_INDEX_KEY 至少须有 32 个字符（docs/petitions-keys.md）。")
if not PETITIONS_PII_KEYS:
    PETITIONS_PII_KEYS = [
        base64.urlsafe_b64encode(hashlib.sha256(f"zaduo-office:pii:{SECRET_KEY}".encode()).digest()).decode()
    ]
if not PETITIONS_INDEX_KEY:
    PETITIONS_INDEX_KEY = hashlib.sha256(f"zaduo-office:pii-index:{SECRET_KEY}".encode()).hexdigest()

# --- Petitions (信访) time limits, 《信访工作条例》(2022) [47]–[50] -----------------------------------------------
# Counted in calendar days (the 条例 says 日); a limit whose last day is a weekend or a statutory holiday moves to
# the next working day (民法典 第二百零三条 on 期间; deadlines.calendar knows the holidays).
# 第三十一条: 收到信访事项之日起15日内决定是否受理并书面告知信访人.
PETITIONS_ACCEPT_DAYS = env.int("PETITIONS_ACCEPT_DAYS", default=15)
# 第三十五条: 应当自受理之日起60日内办结.
PETITIONS_HANDLE_DAYS = env.int("PETITIONS_HANDLE_DAYS", default=60)
# 第三十五条: 情况复杂的，经本行政机关负责人批准，可以适当延长办理期限，但延长期限不得超过30日，并告知信访人延期理由.
PETITIONS_MAX_EXTENSION_DAYS = env.int("PETITIONS_MAX_EXTENSION_DAYS", default=30)
# 第三十五条: 信访人对处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关的上一级机关复查.
PETITIONS_REVIEW_REQUEST_DAYS = env.int("PETITIONS_REVIEW_REQUEST_DAYS", default=30)
# 第三十五条: 收到复查请求的行政机关应当自收到复查请求之日起30日内提出复查意见.
PETITIONS_REVIEW_DECIDE_DAYS = env.int("PETITIONS_REVIEW_DECIDE_DAYS", default=30)
# 第三十六条: 信访人对复查意见不服的，可以自收到书面答复之日起30日内向复查机关的上一级机关请求复核；
# 收到复核请求的行政机关应当自收到复核请求之日起30日内提出复核意见.
PETITIONS_REREVIEW_REQUEST_DAYS = env.int("PETITIONS_REREVIEW_REQUEST_DAYS", default=30)
PETITIONS_REREVIEW_DECIDE_DAYS = env.int("PETITIONS_REREVIEW_DECIDE_DAYS", default=30)
# A referred case's unit answers within the handling limit; the office is reminded this many days before [47].
PETITIONS_REMIND_DAYS_BEFORE = env.int("PETITIONS_REMIND_DAYS_BEFORE", default=3)
# Same township and a title at least this similar (pg_trgm similarity, 0–1) is the same matter [48].
PETITIONS_REPEAT_TITLE_SIMILARITY = env.float("PETITIONS_REPEAT_TITLE_SIMILARITY", default=0.5)

# --- 政务信息 (information) [44]–[46] -------------------------------------------------------------------------------
# Items a week to the province and to the prefecture, each [44].
INFORMATION_WEEKLY_QUOTA = env.int("INFORMATION_WEEKLY_QUOTA", default=2)
# When a week behind the quota is warned: Thursday (weekday 3) at 09:00 [44].
INFORMATION_QUOTA_WARN_WEEKDAY = env.int("INFORMATION_QUOTA_WARN_WEEKDAY", default=3)
INFORMATION_QUOTA_WARN_AT = env("INFORMATION_QUOTA_WARN_AT", default="09:00")
# An ordinary item waits at most this many working days to be screened, and to be reviewed [46].
INFORMATION_SCREEN_DAYS = env.int("INFORMATION_SCREEN_DAYS", default=1)
INFORMATION_REVIEW_DAYS = env.int("INFORMATION_REVIEW_DAYS", default=1)
# An urgent item (紧急信息) waits at most this many hours for review, and again for sending (急事急报) [46].
INFORMATION_URGENT_HOURS = env.int("INFORMATION_URGENT_HOURS", default=2)

# --- 政务公开 (disclosure) [36] ---------------------------------------------------------------------------------------
# Working days before a finding's rectification deadline that the unit and the officer are warned [36].
DISCLOSURE_RECTIFICATION_WARN_DAYS = env.int("DISCLOSURE_RECTIFICATION_WARN_DAYS", default=3)

# --- 第二章's standing duties (issue 22) --------------------------------------------------------------------------
# 印信 [7]: an approved 用印申请 not stamped within this many days lapses.
SEALS_REQUEST_EXPIRES_DAYS = env.int("SEALS_REQUEST_EXPIRES_DAYS", default=30)
# 规范性文件 [13]: filing (备案) due this many days after publication; 法制科 warned this many days before a
# document's validity ends; an interpretation request answered within this many working days.
NORMATIVE_FILING_DAYS = env.int("NORMATIVE_FILING_DAYS", default=30)
NORMATIVE_EXPIRY_WARN_DAYS = env.int("NORMATIVE_EXPIRY_WARN_DAYS", default=90)
NORMATIVE_INTERPRETATION_DAYS = env.int("NORMATIVE_INTERPRETATION_DAYS", default=20)
# 行政复议、应诉 [13]: the handler is warned this many days before a reply or defence is due.
LEGAL_CASE_WARN_DAYS = env.int("LEGAL_CASE_WARN_DAYS", default=3)
# 协调事项 [9]: working days a proposal waits for the county leader's decision before a reminder.
COORDINATION_DECISION_WARN_DAYS = env.int("COORDINATION_DECISION_WARN_DAYS", default=5)
# 调研与文字综合 [4][5]: working days before a task's deadline that its team leader or drafter is warned.
RESEARCH_WARN_DAYS = env.int("RESEARCH_WARN_DAYS", default=3)
# 公务接待 [6]: above this estimated cost (yuan) the county head approves too; working days the approver has; the
# 公务接待清单 is due this many working days after the visit ends.
RECEPTION_LEADER_APPROVAL_ABOVE = env.int("RECEPTION_LEADER_APPROVAL_ABOVE", default=5000)
RECEPTION_APPROVAL_DAYS = env.int("RECEPTION_APPROVAL_DAYS", default=1)
RECEPTION_RECORD_DAYS = env.int("RECEPTION_RECORD_DAYS", default=5)
