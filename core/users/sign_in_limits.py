"""Sign-in limits: every attempt is counted before its password is checked, per account (the
email, whatever address it comes from) and per address (whatever account it tries), in one
count every process shares: Redis when it is configured, the database otherwise.

A bucket lets `limit` attempts through freely. The attempt that reaches the limit closes it for
`first_delay` seconds; each attempt let through after that doubles the wait, up to `max_delay`.
A growing delay, never a lock-out: a stranger guessing the owner's password holds the owner up
for one delay at most, and gets one guess per delay. A bucket is forgotten after `quiet`
seconds without an attempt past its delay. A successful sign-in gives its own attempt back.

Counting first is what makes the limit hold: 100 guesses sent at once each take a number from
one atomic counter, and only the first `limit` are checked (the others are refused unhashed).
"""

import hashlib
import ipaddress
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

import redis
from sqlalchemy import case, or_, select, update
from sqlalchemy.orm import Session

from core.db import insert_ignoring_twins
from core.errors import AuthenticationFailed, GoodwordError
from core.unit_of_work import UnitOfWork
from core.users import password_cost, sign_in_alerts
from core.users import service as users_service
from core.users.models import MerchantUser, SignInBucket

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignInLimits:
    """The numbers, from settings (`SIGN_IN_*`, docs/reference/security.md)."""

    per_account: int = 10
    per_address: int = 20
    first_delay: int = 60
    max_delay: int = 3600
    quiet: int = 900


@dataclass(frozen=True)
class Bucket:
    key: str
    limit: int


@dataclass(frozen=True)
class Verdict:
    """Whether the attempt may be checked; if not, in how many seconds to come back. `attempts`
    are the counts after this one, bucket by bucket, up to the one that refused, and `closed_for`
    how long each bucket now stays closed (0 while it is under its limit)."""

    allowed: bool
    retry_after: int
    attempts: tuple[int, ...]
    closed_for: tuple[int, ...]


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def account_bucket(email: str, limits: SignInLimits) -> Bucket:
    """One bucket per email, known or not: answering differently for unknown emails would tell
    an attacker which ones have accounts."""
    return Bucket("account:" + _digest(email.strip().lower()), limits.per_account)


def address_bucket(address: str, limits: SignInLimits) -> Bucket:
    """One bucket per IPv4 address or IPv6 /64: a single IPv6 host is given a whole /64, so
    counting its addresses one by one would give it billions of buckets."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        key = address
    else:
        if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
            key = str(parsed.ipv4_mapped)
        elif isinstance(parsed, ipaddress.IPv6Address):
            key = str(ipaddress.IPv6Network(f"{parsed}/64", strict=False))
        else:
            key = str(parsed)
    return Bucket("address:" + _digest(key), limits.per_address)


class AttemptCounter(Protocol):
    def reserve(self, session: Session, buckets: Sequence[Bucket], *, now: int,
                limits: SignInLimits) -> Verdict: ...

    def give_back(self, session: Session, buckets: Sequence[Bucket], *, now: int) -> None: ...


class DatabaseCounter:
    """Counts in the `sign_in_buckets` table with conditional UPDATEs: the database lets one
    writer at a time change a row (a row lock on PostgreSQL, the write lock on SQLite), and each
    UPDATE checks the limit against the row as that writer finds it. The caller commits at
    once, so the row lock is held for milliseconds."""

    def reserve(self, session: Session, buckets: Sequence[Bucket], *, now: int,
                limits: SignInLimits) -> Verdict:
        counts: list[int] = []
        closed_for: list[int] = []
        for bucket in buckets:
            taken = self._take(session, bucket, now=now, limits=limits)
            if taken is None:
                opens_at = session.scalar(
                    select(SignInBucket.opens_at).where(SignInBucket.bucket == bucket.key))
                return Verdict(False, max(1, (opens_at or now) - now), tuple(counts),
                               tuple(closed_for))
            counts.append(taken[0])
            closed_for.append(max(0, taken[1] - now))
        return Verdict(True, 0, tuple(counts), tuple(closed_for))

    @staticmethod
    def _take(session: Session, bucket: Bucket, *, now: int, limits: SignInLimits
              ) -> tuple[int, int] | None:
        """(attempts, opens_at) after counting this one, or None when the bucket is closed."""
        fresh = {"attempts": 0, "opens_at": 0, "next_delay": limits.first_delay,
                 "expires_at": now + limits.quiet}
        session.execute(insert_ignoring_twins(session, SignInBucket).values(
            bucket=bucket.key, **fresh))
        session.execute(update(SignInBucket).where(
            SignInBucket.bucket == bucket.key, SignInBucket.expires_at <= now).values(**fresh))
        row = SignInBucket
        closing = row.attempts + 1 >= bucket.limit
        doubled = row.next_delay * 2
        taken = session.execute(
            update(row)
            .where(row.bucket == bucket.key,
                   or_(row.attempts < bucket.limit, row.opens_at <= now))
            .values(
                attempts=row.attempts + 1,
                opens_at=case((closing, now + row.next_delay), else_=row.opens_at),
                next_delay=case(
                    (closing & (doubled < limits.max_delay), doubled),
                    (closing, limits.max_delay), else_=row.next_delay),
                expires_at=case((closing, now + row.next_delay + limits.quiet),
                                else_=now + limits.quiet),
            )
            .returning(row.attempts, row.opens_at)
        ).one_or_none()
        return None if taken is None else (taken[0], taken[1])

    def give_back(self, session: Session, buckets: Sequence[Bucket], *, now: int) -> None:
        for bucket in buckets:
            session.execute(update(SignInBucket).where(
                SignInBucket.bucket == bucket.key, SignInBucket.attempts > 0,
                SignInBucket.expires_at > now).values(attempts=SignInBucket.attempts - 1))


# The same rule as DatabaseCounter's UPDATE, bucket after bucket, in one script: Redis runs a
# script alone, so no two attempts read the same count. KEYS: the buckets. ARGV: now, quiet,
# first delay, maximum delay, then each bucket's limit. Returns {allowed, retry after} and,
# for each bucket counted, its attempts and how long it is now closed.
_RESERVE = """
local now, quiet = tonumber(ARGV[1]), tonumber(ARGV[2])
local first, most = tonumber(ARGV[3]), tonumber(ARGV[4])
local result = {1, 0}
for i, key in ipairs(KEYS) do
  local limit = tonumber(ARGV[4 + i])
  local state = redis.call('HMGET', key, 'attempts', 'opens_at', 'next_delay', 'expires_at')
  local attempts, opens_at = tonumber(state[1]) or 0, tonumber(state[2]) or 0
  local delay, expires_at = tonumber(state[3]) or first, tonumber(state[4]) or 0
  if expires_at <= now then attempts, opens_at, delay = 0, 0, first end
  if attempts >= limit and opens_at > now then
    result[1], result[2] = 0, opens_at - now
    return result
  end
  attempts = attempts + 1
  expires_at = now + quiet
  if attempts >= limit then
    opens_at = now + delay
    expires_at = opens_at + quiet
    delay = math.min(delay * 2, most)
  end
  redis.call('HSET', key, 'attempts', attempts, 'opens_at', opens_at, 'next_delay', delay,
             'expires_at', expires_at)
  redis.call('EXPIRE', key, expires_at - now + 60)
  result[#result + 1] = attempts
  result[#result + 1] = math.max(0, opens_at - now)
end
return result
"""

_GIVE_BACK = """
local now = tonumber(ARGV[1])
for _, key in ipairs(KEYS) do
  local state = redis.call('HMGET', key, 'attempts', 'expires_at')
  if (tonumber(state[1]) or 0) > 0 and (tonumber(state[2]) or 0) > now then
    redis.call('HINCRBY', key, 'attempts', -1)
  end
end
return 0
"""


class RedisCounter:
    """Counts in Redis, one Lua script per attempt. If Redis stops answering, the database
    counts instead (never each process's memory, which an attacker would multiply by the
    number of processes)."""

    def __init__(self, client: redis.Redis, prefix: str = "goodword:sign-in:") -> None:
        self.client = client
        self.prefix = prefix
        self._reserve = client.register_script(_RESERVE)
        self._give_back = client.register_script(_GIVE_BACK)
        self.fallback = DatabaseCounter()

    def _keys(self, buckets: Sequence[Bucket]) -> list[str]:
        return [self.prefix + bucket.key for bucket in buckets]

    def reserve(self, session: Session, buckets: Sequence[Bucket], *, now: int,
                limits: SignInLimits) -> Verdict:
        arguments = [now, limits.quiet, limits.first_delay, limits.max_delay,
                     *(bucket.limit for bucket in buckets)]
        try:
            answer = self._reserve(keys=self._keys(buckets), args=arguments)
        except redis.RedisError:
            log.warning("Redis did not answer; counting sign-in attempts in the database")
            return self.fallback.reserve(session, buckets, now=now, limits=limits)
        allowed, retry_after, *counted = (int(value) for value in answer)
        return Verdict(bool(allowed), max(1, retry_after) if not allowed else 0,
                       tuple(counted[0::2]), tuple(counted[1::2]))

    def give_back(self, session: Session, buckets: Sequence[Bucket], *, now: int) -> None:
        try:
            self._give_back(keys=self._keys(buckets), args=[now])
        except redis.RedisError:
            self.fallback.give_back(session, buckets, now=now)


def forget_expired(session: Session, *, now: int) -> int:
    """Delete database buckets past their quiet period (the worker, hourly)."""
    result = session.execute(
        SignInBucket.__table__.delete().where(SignInBucket.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


class SignInLimited(GoodwordError):
    """Too many attempts for this account or from this address: come back in `retry_after`."""

    code = "sign_in_limited"

    def __init__(self, retry_after: int) -> None:
        minutes = -(-retry_after // 60)
        wait = "a minute" if minutes <= 1 else f"{minutes} minutes"
        super().__init__(f"Too many sign-in attempts; try again in {wait}.")
        self.retry_after = retry_after


@dataclass(frozen=True)
class SignInAttempt:
    email: str
    password: str
    # The client's address as the proxies in front were trusted to report it.
    address: str


def authenticate(unit: UnitOfWork, *, counter: AttemptCounter, limits: SignInLimits,
                 attempt: SignInAttempt, now: datetime) -> MerchantUser:
    """The signed-in user, or SignInLimited before any password is hashed, or
    AuthenticationFailed after the attempt was counted (and the owners told when it was one
    too many). The count is committed before the password is checked: every process sees it,
    and whatever happens to the check, the attempt was counted."""
    epoch = int(now.timestamp())
    email = users_service.normalize_email(attempt.email)
    buckets = (address_bucket(attempt.address, limits), account_bucket(email, limits))
    verdict = counter.reserve(unit.session, buckets, now=epoch, limits=limits)
    hashes = users_service.password_hashes(unit.session, email=email) if verdict.allowed else []
    # The count is kept, and the connection goes back to the pool before the hash below waits
    # for its slot: a flood of sign-ins must not hold every connection the API needs.
    unit.commit()
    if not verdict.allowed:
        raise SignInLimited(verdict.retry_after)
    try:
        user_id = users_service.matching_user_id(hashes, attempt.password)
    except password_cost.PasswordChecksBusy:
        # Not checked, so not a guess: the attempt is given back.
        counter.give_back(unit.session, buckets, now=epoch)
        unit.commit()
        raise
    if user_id is None:
        account_attempts, closed_for = verdict.attempts[-1], verdict.closed_for[-1]
        if account_attempts >= limits.per_account:
            failed = sign_in_alerts.FailedSignIns(
                failed_attempts=account_attempts,
                next_attempt_at=now + timedelta(seconds=closed_for),
                network=sign_in_alerts.network_of(attempt.address))
            sign_in_alerts.tell_owners(unit.session, email=email, failed=failed, now=now)
            unit.commit()
        raise AuthenticationFailed("Wrong email or password.", code="invalid_login")
    # A success is not a guess: it gives its attempt back (the failures before it stay).
    counter.give_back(unit.session, buckets, now=epoch)
    return users_service.get_user(unit.session, user_id=user_id)
