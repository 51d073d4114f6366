"""Idempotency-Key on every POST: a request with a key happens once, its answer replayed.

The key's row is inserted in the same transaction as the use case and holds the response, so a
request either happened with its stored answer or did not happen at all. On PostgreSQL a second
request with the same key waits on the unique index until the first commits, then replays it:
two requests with one key never both execute. Only successful responses are stored; a failed
request changed nothing, so retrying it with the same key runs it again.
"""

import contextlib
import hashlib
import hmac
import json
from datetime import datetime, timedelta

from flask import Response, g, request
from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from api.request.context import digest_secret, now
from api.request.errors import ApiError
from core.db import Model, UTCDateTime, db

KEY_LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255
ERASED_KEY_PREFIX = "erased:"


class IdempotencyRecord(Model):
    __tablename__ = "idempotency_records"
    # Keys are scoped to the kind and mode of API key too: a publishable key is public, and
    # whoever reads it from a shop's page must not be able to burn the server's keys.
    __table_args__ = (UniqueConstraint("merchant_id", "scope", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    merchant_id: Mapped[str] = mapped_column(ForeignKey("merchants.id"))
    scope: Mapped[str] = mapped_column(String(20))  # e.g. "secret:test"
    key: Mapped[str] = mapped_column(String(MAX_KEY_LENGTH))
    fingerprint: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int] = mapped_column(Integer)
    response_body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


def begin(merchant_id: str, scope: str, caller: str | None = None) -> Response | None:
    """Claim the request's Idempotency-Key, or return the stored response to replay.

    `caller` narrows the key to whoever made the first request, beyond the API key: the widget
    passes its session token and Origin, because a publishable key is public and a guessed
    Idempotency-Key must not replay one buyer's answer to another page.
    """
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY_LENGTH:
        raise ApiError(
            400,
            "idempotency_key_invalid",
            f"Idempotency-Key must be 1 to {MAX_KEY_LENGTH} characters.",
            param="Idempotency-Key",
        )
    if caller is not None:
        # Stored as a digest: the column keeps its width and the session token is not kept.
        key = hashlib.sha256(f"{caller}\0{key}".encode()).hexdigest()
    fingerprint = _fingerprint()
    moment = now()
    existing = _find(merchant_id, scope, key)
    if existing is not None and existing.created_at > moment - KEY_LIFETIME:
        return _replay(existing, fingerprint)
    if existing is not None:
        # Expired: the key is free again. Flushed now, because a flush orders inserts first.
        db.session.delete(existing)
        db.session.flush()
    record = IdempotencyRecord(
        merchant_id=merchant_id,
        scope=scope,
        key=key,
        fingerprint=fingerprint,
        status_code=0,
        response_body="",
        created_at=moment,
    )
    db.session.add(record)
    try:
        db.session.flush()
    except IntegrityError:
        # Another request with this key committed while we waited on the index: replay it.
        db.session.rollback()
        existing = _find(merchant_id, scope, key)
        if existing is None:
            raise ApiError(
                409, "idempotency_error", "A request with this key was in flight; retry.",
                error_type="idempotency_error",
            ) from None
        return _replay(existing, fingerprint)
    g.idempotency_record = record
    return None


def claim_form(merchant_id: str, scope: str, key: str) -> bool:
    """Claim a browser form's one-time key (a hidden field made when the page was shown) in the
    request's transaction. False when that form was already submitted: a double click or a
    resubmitted page acts once. On PostgreSQL a concurrent second submission waits on the unique
    index until the first commits, then gets False."""
    record = IdempotencyRecord(
        merchant_id=merchant_id, scope=scope, key=key[:MAX_KEY_LENGTH], fingerprint="",
        status_code=303, response_body="", created_at=now(),
    )
    try:
        with db.session.begin_nested():
            db.session.add(record)
    except IntegrityError:
        return False
    return True


def store_answer(response: Response) -> None:
    """Keep a successful answer under the request's Idempotency-Key, in the transaction the
    request boundary is about to commit (api/request/unit_of_work.py)."""
    record = g.pop("idempotency_record", None)
    if record is not None:
        record.status_code = response.status_code
        record.response_body = response.get_data(as_text=True)


def erased_key(key: str) -> str:
    """What a key naming an erased person is kept as: a digest keyed with the server's
    key-digest secret, so nobody holding the table can guess it back from likely keys."""
    digest = hmac.new(digest_secret(), key.encode(), hashlib.sha256).hexdigest()
    return ERASED_KEY_PREFIX + digest


def _find(merchant_id: str, scope: str, key: str) -> IdempotencyRecord | None:
    """The record of `key`, kept as sent or, once its person was erased, as `erased_key`."""
    return db.session.scalars(
        select(IdempotencyRecord).where(
            IdempotencyRecord.merchant_id == merchant_id,
            IdempotencyRecord.scope == scope,
            IdempotencyRecord.key.in_([key, erased_key(key)]),
        ).order_by(IdempotencyRecord.id)
    ).first()


def _replay(record: IdempotencyRecord, fingerprint: str) -> Response:
    if record.status_code == 0:
        # Committed part way (a Stripe payout commits its hold before calling Stripe) and not
        # finished, or still running: there is no answer to replay yet.
        raise ApiError(
            409, "idempotency_in_progress",
            "A request with this key is still in progress or was interrupted; retrieve the "
            "object it created, or retry later.",
            param="Idempotency-Key", error_type="idempotency_error",
        )
    if record.fingerprint != fingerprint:
        raise ApiError(
            409,
            "idempotency_error",
            "This Idempotency-Key was already used with different parameters or another route.",
            param="Idempotency-Key",
            error_type="idempotency_error",
        )
    return Response(
        record.response_body,
        status=record.status_code,
        mimetype="application/json",
        headers={"Idempotent-Replayed": "true"},
    )


def _fingerprint() -> str:
    """The same parameters give the same fingerprint whatever their JSON key order or spacing."""
    body = request.get_data()
    with contextlib.suppress(ValueError, RecursionError):
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.sha256()
    for part in (request.method.encode(), request.path.encode(), request.query_string, body):
        digest.update(part + b"\0")
    return digest.hexdigest()


def purge_expired(session, *, now: datetime, limit: int = 1000) -> int:
    """Delete up to `limit` records older than KEY_LIFETIME (the worker runs this); their keys
    are free again anyway, and a stored response may hold personal data. Returns how many."""
    expired = select(IdempotencyRecord.id).where(
        IdempotencyRecord.created_at < now - KEY_LIFETIME
    ).order_by(IdempotencyRecord.id).limit(limit)
    return session.execute(
        delete(IdempotencyRecord).where(IdempotencyRecord.id.in_(expired.scalar_subquery()))
    ).rowcount


def forget_answers(session, merchant_id: str, values: set[str]) -> None:
    """Forget an erased person in this merchant's kept requests.

    A key that names them (the README suggests `signup-cus_ben`) is personal data too: it is
    replaced by its keyed digest (`erased_key`), which only a request sending that same key
    again finds, so the shop's retry still replays its answer and never enrols the person
    anew. Values under 4 characters (a short name) would match unrelated keys: those stay.
    Elsewhere `values` (email, name, ids, code) are replaced in the strings of kept answers
    (also inside links): a replay then answers as before, without them."""
    for value in (value for value in values if len(value) >= 4):
        for record in session.scalars(select(IdempotencyRecord).where(
                IdempotencyRecord.merchant_id == merchant_id,
                IdempotencyRecord.key.contains(value, autoescape=True),
                IdempotencyRecord.key.not_like(f"{ERASED_KEY_PREFIX}%"))).all():
            record.key = erased_key(record.key)

    def scrub(item):
        if isinstance(item, dict):
            return {key: scrub(value) for key, value in item.items()}
        if isinstance(item, list):
            return [scrub(value) for value in item]
        if isinstance(item, str):
            for value in values:
                item = "erased" if item == value else item.replace(value, "erased")
        return item

    for value in values:
        for record in session.scalars(select(IdempotencyRecord).where(
                IdempotencyRecord.merchant_id == merchant_id,
                IdempotencyRecord.response_body.contains(json.dumps(value)[1:-1],
                                                         autoescape=True))):
            with contextlib.suppress(ValueError):
                record.response_body = json.dumps(scrub(json.loads(record.response_body)))
