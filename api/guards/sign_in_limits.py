"""Dashboard sign-in's limits, wired to the request: the client's address (as many proxies deep
as TRUSTED_PROXIES trusts), the settings, and where the attempts are counted: Redis when
REDIS_URL is set, the database otherwise. The rules are `core/users/sign_in_limits.py`'s."""

import redis
from flask import Flask, current_app, request

from api.request.context import now
from api.request.unit_of_work import current_unit_of_work
from core.errors import GoodwordError
from core.users import password_cost
from core.users import sign_in_limits as limits_service
from core.users.models import MerchantUser

_COUNTERS = "goodword_sign_in_counters"


def init_app(app: Flask) -> None:
    password_cost.set_cap(concurrency=app.config["SIGN_IN_HASH_CONCURRENCY"],
                          wait_seconds=app.config["SIGN_IN_HASH_WAIT_SECONDS"])
    app.extensions[_COUNTERS] = {}


def limits() -> limits_service.SignInLimits:
    config = current_app.config
    return limits_service.SignInLimits(
        per_account=config["SIGN_IN_LIMIT_PER_ACCOUNT"],
        per_address=config["SIGN_IN_LIMIT_PER_ADDRESS"],
        first_delay=config["SIGN_IN_FIRST_DELAY_SECONDS"],
        max_delay=config["SIGN_IN_MAX_DELAY_SECONDS"],
        quiet=config["SIGN_IN_QUIET_SECONDS"],
    )


def counter() -> limits_service.AttemptCounter:
    """One per process and Redis URL: the client's connection pool is shared by its threads."""
    url = current_app.config.get("SIGN_IN_REDIS_URL")
    counters = current_app.extensions.setdefault(_COUNTERS, {})
    found = counters.get(url)
    if found is None:
        found = counters[url] = (
            limits_service.RedisCounter(redis.Redis.from_url(url, socket_timeout=2))
            if url else limits_service.DatabaseCounter())
    return found


def authenticate(*, email: str, password: str) -> MerchantUser:
    """The user, once the attempt has been counted (and refused past the limits)."""
    return limits_service.authenticate(
        current_unit_of_work(), counter=counter(), limits=limits(),
        attempt=limits_service.SignInAttempt(email=email, password=password,
                                             address=request.remote_addr or ""),
        now=now())


def refusal(error: GoodwordError) -> tuple[int, dict[str, str]]:
    """The status and headers a failed sign-in answers with: 429 with Retry-After past the
    limits, 503 when every password slot is busy, 401 for a wrong email or password."""
    if isinstance(error, limits_service.SignInLimited):
        return 429, {"Retry-After": str(error.retry_after)}
    if isinstance(error, password_cost.PasswordChecksBusy):
        return 503, {"Retry-After": "1"}
    return 401, {}
