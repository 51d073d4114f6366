"""The fraud verdict on a signup without a database: which findings a friend's signup gets from
the checks that need no earlier referrals (blocked promoter, self-referral, throwaway address),
and what the merchant's settings make of them. The checks that count earlier referrals
(duplicate mailbox, reused click, velocity) are in tests/api/test_referrals.py."""

from datetime import UTC, datetime

import pytest

from referrals.promoters.models import Promoter
from referrals.signups import fraud
from referrals.signups.fraud import Finding, Person, Signup
from referrals.signups.models import FraudSettings

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
THROWAWAY = frozenset({"mailinator.com"})
# Only the checks that read nothing: the session is never touched (None would fail if it were).
READING_NOTHING = {"duplicate_email": "off", "reused_click": "off", "velocity": "off"}


def settings(**changes) -> FraudSettings:
    return FraudSettings(merchant_id="mer_acme", **{**fraud.DEFAULTS, **changes})


def ana(**fields) -> Promoter:
    return Promoter(**{"id": "pro_ana", "merchant_id": "mer_acme", "external_id": "cus_ana",
                       "email": "ana.lima@gmail.com", "visitor_id": "vis_ana",
                       "status": "active", **fields})


def findings_for(promoter: Promoter, *, email="ben@example.com", external_id="cus_ben",
                 visitor_id="vis_ben", **setting_changes) -> list[str]:
    signup = Signup(merchant_id="mer_acme", promoter=promoter, referee_external_id=external_id,
                    referee_email=email, ip_hash=None, visitor_id=visitor_id)
    found = fraud.checks_reading_nothing(
        signup=signup, settings=settings(**{**READING_NOTHING, **setting_changes}),
        disposable_domains=THROWAWAY)
    return [finding.code for finding in found]


def test_an_honest_friend_has_no_findings_and_is_approved():
    assert findings_for(ana()) == []
    assert fraud.verdict([], settings()) == "approved"


@pytest.mark.parametrize(("friend", "code"), [
    ({"external_id": "cus_ana"}, "self_referral_customer"),
    # One Gmail mailbox, however it is spelled.
    ({"email": "Ana.Lima+friend@googlemail.com"}, "self_referral_email"),
    ({"email": "analima@gmail.com"}, "self_referral_email"),
])
def test_a_promoter_referring_herself_is_found_however_she_disguises_it(friend, code):
    assert findings_for(ana(), **friend) == [code]


def test_her_browser_alone_is_left_to_the_risk_score():
    # A spouse on the family computer is a real friend: the score holds it for a person
    # (same_device_as_promoter, tests/api/test_risk_signals.py); it is no rejection by itself.
    assert findings_for(ana(), visitor_id="vis_ana") == []


def test_dots_and_tags_are_one_mailbox_only_where_the_provider_says_so():
    promoter = ana(email="ana.lima@example.com")
    assert findings_for(promoter, email="analima@example.com") == []
    assert findings_for(promoter, email="ana.lima+x@example.com") == []


def test_a_throwaway_address_is_found_with_its_domain_subdomains_included():
    assert findings_for(ana(), email="ben@mailinator.com") == ["disposable_email"]
    assert findings_for(ana(), email="ben@eu.mailinator.com") == ["disposable_email"]


def test_a_check_turned_off_finds_nothing():
    assert findings_for(ana(), external_id="cus_ana", self_referral="off") == []
    assert findings_for(ana(), email="ben@mailinator.com", disposable_email="off") == []


def test_a_blocked_promoters_signups_are_found_whatever_the_settings():
    everything_off = dict.fromkeys(fraud.ACTION_SETTINGS, "off")
    assert findings_for(ana(status="blocked"), **everything_off) == ["promoter_blocked"]


def _finding(check: str) -> Finding:
    return Finding(check, check, "why")


@pytest.mark.parametrize(("checks", "changes", "expected"), [
    (["disposable_email"], {}, "pending_review"),  # review by default
    (["self_referral"], {}, "rejected"),  # reject by default
    (["disposable_email", "self_referral"], {}, "rejected"),  # the strictest action wins
    (["disposable_email", "velocity"], {"disposable_email": "reject"}, "rejected"),
    (["self_referral"], {"self_referral": "review"}, "pending_review"),
    # A block is no setting a merchant can soften: always rejected.
    (["blocked"], {}, "rejected"),
])
def test_the_verdict_follows_the_strictest_setting_among_the_findings(checks, changes,
                                                                      expected):
    assert fraud.verdict([_finding(check) for check in checks], settings(**changes)) == expected


def test_an_order_by_someone_else_credits_the_promoter_without_reading_settings():
    buyer = Person(external_id="cus_ben", email="ben@example.com", visitor_id="vis_ben")
    assert fraud.order_self_referral(None, promoter=ana(), buyer=buyer) is None


def test_an_order_on_her_own_customer_account_is_hers_even_with_the_check_off():
    """Settings are not read: her own account is her for certain, not a likeness."""
    buyer = Person(external_id="cus_ana", email=None, visitor_id=None)
    found = fraud.order_self_referral(None, promoter=ana(), buyer=buyer)
    assert found is not None and found.code == "self_referral_customer"
