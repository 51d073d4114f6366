"""Signed referral links: ids only, short, valid across secret rotation, optionally expiring."""

from datetime import UTC, datetime, timedelta

import pytest
from itsdangerous import URLSafeSerializer

from core.ids import new_id
from referrals.errors import InvalidLinkOption
from referrals.links import service as links

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
MERCHANT = new_id("mer")
PROMOTER = new_id("pro")
OLD, NEW = "old-secret-" + "o" * 32, "new-secret-" + "n" * 32


def sign(secret_keys=(NEW,), now=NOW, **options) -> str:
    return links.sign_link(
        secret_keys=list(secret_keys), merchant_id=MERCHANT, promoter_id=PROMOTER, now=now,
        **options,
    )


def read(token, secret_keys=(NEW,), now=NOW, max_age=None) -> links.LinkClaims:
    return links.read_link(token, secret_keys=list(secret_keys), now=now, max_age=max_age)


def payload_of(token: str) -> dict:
    """What anyone holding the link can read: the payload is signed, not encrypted."""
    payload, _timestamp, _signature = token.rsplit(".", 2)
    return URLSafeSerializer("any key").load_payload(payload.encode())


def test_a_link_names_merchant_and_promoter_and_nothing_else():
    token = sign()
    assert payload_of(token) == {"m": MERCHANT, "p": PROMOTER}
    assert read(token) == links.LinkClaims(MERCHANT, PROMOTER)


def test_a_link_is_short_enough_for_a_text_message():
    assert len(sign()) <= 160
    assert len(sign(campaign="spring-sale", channel="whatsapp")) <= 200


def test_campaign_and_channel_travel_in_the_link():
    claims = read(sign(campaign="spring-sale", channel="sms"))
    assert (claims.campaign, claims.channel, claims.problem) == ("spring-sale", "sms", None)


@pytest.mark.parametrize(
    "options", [{"channel": "carrier-pigeon"}, {"campaign": ""}, {"campaign": "a" * 65},
                {"campaign": "jane@example.com"}],
)
def test_bad_link_options_are_refused(options):
    with pytest.raises(InvalidLinkOption):
        sign(**options)


def test_links_signed_before_a_rotation_keep_working():
    old_link = sign(secret_keys=[OLD])
    assert read(old_link, secret_keys=[OLD, NEW]).problem is None


def test_after_rotation_new_links_use_the_newest_secret():
    new_link = sign(secret_keys=[OLD, NEW])
    assert read(new_link, secret_keys=[NEW]).problem is None
    assert read(new_link, secret_keys=[OLD]).problem == "tampered"


def test_a_retired_secret_no_longer_verifies():
    assert read(sign(secret_keys=[OLD]), secret_keys=[NEW]).problem == "tampered"


def test_a_tampered_link_keeps_only_its_merchant_for_the_fallback_redirect():
    token = sign()
    signed, signature = token.rsplit(".", 1)
    tampered = f"{signed}.{'A' if signature[0] != 'A' else 'B'}{signature[1:]}"
    assert read(tampered) == links.LinkClaims(MERCHANT, None, problem="tampered")


@pytest.mark.parametrize("token", ["a.b", "...", "not base64!.x.y", "x" * 600 + ".y"])
def test_garbage_is_tampered_with_no_merchant(token):
    assert read(token) == links.LinkClaims(None, None, problem="tampered")


def test_links_do_not_expire_by_default():
    assert read(sign(), now=NOW + timedelta(days=3650)).problem is None


def test_a_configured_maximum_age_expires_links_by_the_injected_clock():
    token = sign(now=NOW)
    max_age = timedelta(days=30)
    assert read(token, now=NOW + timedelta(days=29), max_age=max_age).problem is None
    expired = read(token, now=NOW + timedelta(days=31), max_age=max_age)
    # The signature is genuine, so the ids are kept for the record.
    assert expired == links.LinkClaims(MERCHANT, PROMOTER, problem="expired")


def test_only_tokens_contain_a_dot():
    assert links.looks_like_token(sign())
    assert not links.looks_like_token("ANA7K3P")
