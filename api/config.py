"""Settings, read from the environment once, failing fast when production would run on defaults."""

import os
from pathlib import Path

DEV_SECRET = "goodword-development-secret-do-not-use-in-production"
ENVIRONMENTS = ("development", "test", "production")


class ConfigurationError(RuntimeError):
    pass


def database_url(raw: str) -> str:
    """Accept the usual `postgresql://` and `postgres://` URLs and select the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def load_settings(environ: dict[str, str], instance_path: str) -> dict:
    env = environ.get("GOODWORD_ENV", "development")
    if env not in ENVIRONMENTS:
        raise ConfigurationError(f"GOODWORD_ENV must be one of {ENVIRONMENTS}, not {env!r}")
    secret_keys = [key.strip() for key in environ.get("SECRET_KEYS", "").split(",") if key.strip()]
    digest_secret = environ.get("API_KEY_DIGEST_SECRET", "")
    if env == "production":
        if not secret_keys or DEV_SECRET in secret_keys:
            raise ConfigurationError("SECRET_KEYS must be set in production (comma-separated).")
        if any(len(key) < 32 for key in secret_keys):
            raise ConfigurationError("Each of SECRET_KEYS needs at least 32 characters.")
        if len(digest_secret) < 32 or digest_secret == DEV_SECRET:
            raise ConfigurationError("API_KEY_DIGEST_SECRET must be set (32+ characters).")
    credentials_secrets = [
        secret.strip() for secret in environ.get("CREDENTIALS_SECRETS", "").split(",")
        if secret.strip()
    ]
    if env == "production" and any(len(secret) < 32 for secret in credentials_secrets):
        raise ConfigurationError("Each of CREDENTIALS_SECRETS needs at least 32 characters.")
    secret_keys = secret_keys or [DEV_SECRET]
    # `make demo PORT=8080` and `goodword run` on PORT build links on that port unless told.
    public_url = (environ.get("PUBLIC_URL")
                  or f"http://127.0.0.1:{environ.get('PORT') or 5000}").rstrip("/")
    default_db = "sqlite:///" + str(Path(instance_path) / "goodword.sqlite3")
    return {
        "GOODWORD_ENV": env,
        "SQLALCHEMY_DATABASE_URI": database_url(environ.get("DATABASE_URL", default_db)),
        # Newest last, as itsdangerous and Flask expect: sign with the newest, accept all.
        "GOODWORD_SECRET_KEYS": secret_keys,
        "SECRET_KEY": secret_keys[-1],
        "SECRET_KEY_FALLBACKS": secret_keys[:-1],
        "API_KEY_DIGEST_SECRET": (digest_secret or DEV_SECRET).encode(),
        "MAX_CONTENT_LENGTH": int(environ.get("MAX_CONTENT_LENGTH", 256 * 1024)),
        "PUBLIC_URL": public_url,
        # The dashboard's session cookie: never readable by scripts, not sent on cross-site
        # posts, and only over TLS when Goodword is served over it.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": public_url.startswith("https://"),
        "PERMANENT_SESSION_LIFETIME": 12 * 3600,
        "TRUSTED_PROXIES": int(environ.get("TRUSTED_PROXIES") or 0),
        # Shared counters across processes when Redis is there; per process otherwise.
        # Flask-Limiter's switch: 0 turns every rate limit off (benchmarks only).
        "RATELIMIT_ENABLED": environ.get("RATELIMIT_ENABLED", "1") != "0",
        "RATELIMIT_STORAGE_URI": environ.get("REDIS_URL") or "memory://",
        "WIDGET_RATE_LIMIT": environ.get("WIDGET_RATE_LIMIT", "120 per minute"),
        # Clicks on referral links per shopper address. Generous: a campus or a mobile
        # carrier can put many real people behind one address.
        "CLICK_RATE_LIMIT": environ.get("CLICK_RATE_LIMIT", "600 per minute"),
        # Failed dashboard sign-ins per address and email.
        "DASHBOARD_LOGIN_RATE_LIMIT": environ.get("DASHBOARD_LOGIN_RATE_LIMIT",
                                                  "10 per 15 minutes"),
        # Wrong two-factor codes per half-signed-in user (a code has a million values).
        "DASHBOARD_TWO_FACTOR_RATE_LIMIT": environ.get("DASHBOARD_TWO_FACTOR_RATE_LIMIT",
                                                       "5 per 15 minutes"),
        # Redeliveries a merchant may ask for (events and endpoint deliveries together).
        "REDELIVERY_RATE_LIMIT": environ.get("REDELIVERY_RATE_LIMIT", "60 per minute"),
        # Each webhook POST, connect to last byte (see "Webhooks" in the docs), and how many
        # POSTs one endpoint may have in flight at once across all workers.
        "WEBHOOK_DEADLINE_SECONDS": float(environ.get("WEBHOOK_DEADLINE_SECONDS") or 15),
        "WEBHOOK_PER_ENDPOINT": int(environ.get("WEBHOOK_PER_ENDPOINT") or 5),
        # Jobs of one merchant (an endpoint's deliveries) the workers run at once, all together:
        # a merchant's flood of work holds at most this many worker slots (core/jobs.py).
        "WORKER_PER_MERCHANT": int(environ.get("WORKER_PER_MERCHANT") or 2),
        # The operator's changes to the throwaway-domain list (disposable-email-domains): one
        # domain a line adds it, `!domain` removes it (referrals/signups/emails.py).
        "DISPOSABLE_DOMAINS_FILE": environ.get("DISPOSABLE_DOMAINS_FILE") or None,
        # Encrypt merchants' Stripe credentials, newest last. Unset, they are sealed under a key
        # derived from API_KEY_DIGEST_SECRET, which never rotates and production requires.
        "CREDENTIALS_SECRETS": [secret.encode() for secret in credentials_secrets]
        or [(digest_secret or DEV_SECRET).encode()],
        # Tests point the Stripe client at a local stand-in; production leaves this unset.
        "STRIPE_API_BASE": environ.get("STRIPE_API_BASE") or None,
        # Referral links never expire unless this is set: shared links live on in old posts.
        # Clicks are group-committed on PostgreSQL (see "The click path" in the README).
        "CLICK_GROUP_COMMIT": environ.get("CLICK_GROUP_COMMIT", "1") != "0",
        # A click not committed within this many seconds is answered 503, never a redirect.
        "CLICK_COMMIT_TIMEOUT_SECONDS": float(environ.get("CLICK_COMMIT_TIMEOUT_SECONDS") or 10),
        # Benchmarks only: the click and order paths' yardsticks (api/reference_route.py).
        "BENCH_REFERENCE_ROUTE": environ.get("BENCH_REFERENCE_ROUTE") == "1",
        "REFERRAL_LINK_MAX_AGE_DAYS": int(environ.get("REFERRAL_LINK_MAX_AGE_DAYS") or 0) or None,
        # PostgreSQL connections each app process keeps open (see engine_options).
        "DATABASE_POOL_SIZE": int(environ.get("DATABASE_POOL_SIZE") or 15),
    }


def engine_options(database_uri: str, pool_size: int) -> dict:
    """SQLAlchemy's engine options. Every connection is checked before use (a database restart
    must not fail requests). On PostgreSQL a process keeps up to `pool_size` connections open
    and opens no more: with SQLAlchemy's default (5 kept, 10 more opened and closed again), a
    process with more than 5 requests at once opened a connection, and PostgreSQL a backend,
    for every request past the fifth; measured under 64 concurrent orders, that halved what
    the server recorded (245 against 408 orders/s). A request past `pool_size` waits for a
    connection instead. (The click writer keeps one connection of its own besides.)"""
    options: dict = {"pool_pre_ping": True}
    if database_uri.startswith("postgresql"):
        options |= {"pool_size": pool_size, "max_overflow": 0}
    return options


def from_environment(instance_path: str) -> dict:
    return load_settings(dict(os.environ), instance_path)
