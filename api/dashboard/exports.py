"""CSV exports of promoters, referrals and ledger transactions, streamed page by page."""

import csv
import io
from collections.abc import Callable, Iterator

from flask import Response, stream_with_context

from api.dashboard.blueprint import blp
from api.dashboard.session import current_user, login_required
from core.db import db
from referrals.promoters import service as referrals_service
from referrals.signups import service as signups_service
from rewards.ledger import journal

PAGE = 500
# A cell starting with one of these is a formula to a spreadsheet: a promoter named
# "=HYPERLINK(...)" must not run in the merchant's Excel (CSV injection). `|` starts a DDE
# call in older Excel; spreadsheets read the full-width forms as the ASCII ones (Japanese
# and Chinese input methods type them), and skip leading spaces before any of them.
_FORMULA_STARTS = frozenset("=+-@|\uff1d\uff0b\uff0d\uff20")
_CONTROL_STARTS = ("\t", "\r", "\n")


def _is_formula(text: str) -> bool:
    return text.startswith(_CONTROL_STARTS) or text.lstrip()[:1] in _FORMULA_STARTS


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)  # amounts: a negative number is data, not a formula
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return "'" + text if _is_formula(text) else text


def _pages(fetch: Callable) -> Iterator:
    """Every row, fetched PAGE at a time by id cursor, so memory stays flat."""
    cursor = None
    while True:
        rows, has_more = fetch(limit=PAGE, starting_after=cursor)
        yield from rows
        if not has_more or not rows:
            return
        cursor = rows[-1].id


def _csv(name: str, header: list[str], rows: Iterator[list]) -> Response:
    def generate():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow([_cell(value) for value in row])
            if buffer.tell() > 64 * 1024:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = Response(stream_with_context(generate()), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@blp.get("/export/promoters.csv")
@login_required
def export_promoters():
    merchant_id = current_user().merchant_id
    promoters = _pages(lambda **cursor: referrals_service.list_promoters(
        db.session, merchant_id=merchant_id, **cursor))
    return _csv("promoters", ["id", "external_id", "email", "name", "code", "status",
                              "created_at"],
                ([p.id, p.external_id, p.email, p.name, p.code, p.status, p.created_at]
                 for p in promoters))


@blp.get("/export/referrals.csv")
@login_required
def export_referrals():
    merchant_id = current_user().merchant_id
    referrals = _pages(lambda **cursor: signups_service.list_referrals(
        db.session, merchant_id=merchant_id, **cursor))
    return _csv("referrals", ["id", "promoter_id", "referee_external_id", "referee_email",
                              "status", "reasons", "decision_note", "created_at", "decided_at"],
                ([r.id, r.promoter_id, r.referee_external_id, r.referee_email, r.status,
                  " ".join(reason["code"] for reason in r.reasons or []), r.decision_note,
                  r.created_at, r.decided_at] for r in referrals))


@blp.get("/export/ledger.csv")
@login_required
def export_ledger():
    merchant_id = current_user().merchant_id
    transactions = _pages(lambda **cursor: journal.merchant_transactions(
        db.session, merchant_id=merchant_id, **cursor))

    def rows():
        # One line per entry: the export balances to zero per transaction, like the ledger.
        for txn in transactions:
            for entry in txn.entries:
                yield [txn.id, txn.created_at, txn.kind, txn.unit, txn.promoter_id,
                       entry["owner"], entry["account"], entry["amount"], txn.cause_type,
                       txn.cause_id, txn.rule_id, txn.rule_version, txn.description]

    return _csv("ledger", ["transaction_id", "created_at", "kind", "unit", "promoter_id",
                           "owner", "account", "amount", "cause_type", "cause_id", "rule_id",
                           "rule_version", "description"], rows())
