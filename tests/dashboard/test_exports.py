"""CSV exports: promoters, referrals and the ledger, only the merchant's own, formula-safe."""

import csv
import io

from tests.support.dashboard import csrf_of, held_referral
from tests.support.referrals import enroll
from tests.support.rewards import create_rule


def rows_of(response) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_exports_hold_the_merchants_rows_and_no_formulas(
    client, merchant, make_merchant, owner_client
):
    create_rule(client, merchant)  # 100 points to the referrer per approved referral
    ana = enroll(client, merchant, external_id="cus_ana", name="=HYPERLINK(\"x\")")
    held = held_referral(client, merchant, ana)
    enroll(client, make_merchant("Other Shop"), external_id="cus_other")
    token = csrf_of(owner_client.get("/dashboard/review"))
    owner_client.post(f"/dashboard/review/{held['id']}",
                      data={"decision": "approve", "note": "ok", "csrf_token": token})

    promoters = rows_of(owner_client.get("/dashboard/export/promoters.csv"))
    assert {row["external_id"] for row in promoters} == {"cus_ana", "cus_9"}  # and the friend
    assert next(row for row in promoters if row["external_id"] == "cus_ana")["name"] \
        == "'=HYPERLINK(\"x\")"
    referrals = rows_of(owner_client.get("/dashboard/export/referrals.csv"))
    assert [(row["id"], row["status"], row["reasons"], row["decision_note"])
            for row in referrals] == [(held["id"], "approved", "disposable_email", "ok")]
    ledger = rows_of(owner_client.get("/dashboard/export/ledger.csv"))
    mine = [row for row in ledger if row["owner"] == ana["id"]]
    assert [(row["account"], row["amount"]) for row in mine] == [("pending", "100")]
    assert sum(int(row["amount"]) for row in ledger) == 0  # double entry, every line exported
    page = owner_client.get(f"/dashboard/promoters/{ana['id']}").get_data(as_text=True)
    assert "+100 points pending" in page


def test_exports_need_a_signed_in_user(client):
    assert client.get("/dashboard/export/ledger.csv").status_code == 302


def test_a_large_export_is_paged(client, merchant, owner_client, monkeypatch):
    from api.dashboard import exports

    monkeypatch.setattr(exports, "PAGE", 2)
    for n in range(5):
        enroll(client, merchant, external_id=f"cus_{n}")
    promoters = rows_of(owner_client.get("/dashboard/export/promoters.csv"))
    assert sorted(row["external_id"] for row in promoters) == [f"cus_{n}" for n in range(5)]


# What a spreadsheet reads as the start of a formula: DDE's pipe, the full-width signs that
# Japanese and Chinese input methods type, and any of them behind leading spaces.
FORMULA_NAMES = ["|cmd", "\uff1dHYPERLINK(1)", "\uff0b1", "\uff0d1", "\uff20SUM(1)",
                 "=1", "+1", "-1", "@1"]


def test_every_formula_start_is_escaped_in_exports(client, merchant, owner_client):
    stored = {}
    for n, name in enumerate(FORMULA_NAMES):
        stored[f"cus_{n}"] = enroll(client, merchant, external_id=f"cus_{n}", name=name)["name"]
    enroll(client, merchant, external_id="cus_plain", name="Ana | Lima")
    names = {row["external_id"]: row["name"]
             for row in rows_of(owner_client.get("/dashboard/export/promoters.csv"))}
    for external_id, name in stored.items():
        assert names[external_id] == "'" + name, name
    assert names["cus_plain"] == "Ana | Lima"


def test_leading_spaces_do_not_hide_a_formula():
    """The API trims names, but other text (notes, reasons) may keep its leading spaces."""
    from api.dashboard.exports import _cell

    for text in (" =1+1", "\u3000\uff1d1", "\xa0@SUM(1)", "  |cmd", "\n=1", "\t1", "\r1"):
        assert _cell(text) == "'" + text, repr(text)
    assert _cell(" Ana") == " Ana" and _cell(-5) == "-5"
