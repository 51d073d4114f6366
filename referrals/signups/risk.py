"""Risk signals on a signup or an order: each names its evidence and adds points to a score.

The score is compared with the merchant's thresholds (`review_score`, `reject_score` in
fraud_settings): at or above the first a person decides, at or above the second the signup is
rejected. One signal alone rarely rejects: a spouse on the family computer looks like the
promoter's own device, a campus looks like one network, so those hold at most; evidence that
agrees (the promoter's device and an address spelled like theirs) adds up to a rejection.

Counts are judged against the promoter's own audience (distinct browsers that followed their
links) and the spread of networks and browsers, not raw numbers: a viral post brings many
signups and many more visitors, a farm brings one signup per click.

An order credited to a promoter is judged by the signals that make sense at a checkout
(`conversion_signals`: the promoter's device, network, browser or card, an automated browser, a
click injected seconds before) and by its own (referrals.signups.order_risk), against the same
thresholds.

Every query reads earlier referrals of the signup's promoter, or of its device, which
referrals.signups.fraud locks before the checks (`_keys_read`), so signups sent at once see
each other.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from core.merchants.domains import host_is_allowed
from referrals.clicks.models import Click
from referrals.promoters import evidence
from referrals.promoters.models import Promoter
from referrals.signups import emails
from referrals.signups.models import Referral

if TYPE_CHECKING:
    from referrals.signups.fraud import Finding, Signup

# add(code, message, points=None): note a finding (signals() collects them).
Add = Callable[..., None]

# Points per signal at its first level; the messages say which level fired.
POINTS = {
    "existing_customer": 100,
    "same_device_as_promoter": 50,
    "same_network_and_browser_as_promoter": 60,
    "same_address_as_promoter": 25,
    "email_like_promoter": 60,
    "near_duplicate_address": 60,
    "device_reused": 50,
    "automated_browser": 80,
    "click_seconds_before_signup": 45,
    "click_from_shop_page": 45,
    "sequential_addresses": 50,
    "domain_dominates": 40,
    "one_browser_many_networks": 50,
    "code_only_burst": 50,
    "signups_exceed_audience": 40,
    "network_cluster": 30,
    # Orders (referrals.signups.order_risk): the card is the promoter's own, the friend's
    # referral is held or rejected, another buyer of this promoter paid with this device.
    "same_card_as_promoter": 100,
    "card_reused": 50,
    "referral_under_review": 40,
    "referral_rejected": 100,
}
DEFAULT_REVIEW_SCORE = 40
DEFAULT_REJECT_SCORE = 80
WEEK, DAY, THREE_DAYS = timedelta(days=7), timedelta(days=1), timedelta(days=3)
SECONDS_BEFORE = timedelta(seconds=20)
# Friends of this many promoters from one network in a week make it a shared network.
SHARED_NETWORK_PROMOTERS = 3
# Providers many unrelated people share: one of them dominating a promoter's friends is normal.
PUBLIC_PROVIDERS = frozenset({
    "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "outlook.com", "hotmail.com",
    "live.com", "msn.com", "icloud.com", "me.com", "mac.com", "aol.com", "proton.me",
    "protonmail.com", "pm.me", "gmx.com", "gmx.net", "gmx.de", "web.de", "mail.com", "mail.ru",
    "yandex.com", "yandex.ru", "qq.com", "163.com", "126.com", "comcast.net", "verizon.net",
    "att.net", "sbcglobal.net", "fastmail.com", "hey.com", "zoho.com", "tutanota.com",
    "privaterelay.appleid.com", "duck.com", "yahoo.co.uk", "hotmail.co.uk", "btinternet.com",
    "orange.fr", "free.fr", "libero.it", "naver.com"
})
_EDUCATIONAL = re.compile(r"(^|\.)(edu|ac\.[a-z]{2}|edu\.[a-z]{2}|k12\.[a-z]{2}\.us)$")
_AUTOMATION = re.compile(
    r"HeadlessChrome|PhantomJS|Selenium|puppeteer|playwright|python-requests|python-urllib|"
    r"curl/|wget/|Go-http-client|okhttp|scrapy|\bbot\b|spider|crawler", re.IGNORECASE)


@dataclass(frozen=True)
class Earlier:
    """One of the promoter's referrals from the last week, as the signals need it."""

    email: str | None
    device: str | None
    network_hash: str | None
    ip_hash: str | None
    user_agent: str | None
    code_only: bool
    click_id: str | None
    created_at: datetime


def signals(session: Session, *, signup: "Signup", now: datetime) -> list["Finding"]:
    """The risk findings for a signup, each with its points; empty when nothing is off."""
    from referrals.signups.fraud import Finding

    found: list[Finding] = []
    add = collector(found)
    promoter = signup.promoter
    shared = _shared_network(session, signup, now)
    _existing_customer(session, signup, now, add)
    _near_duplicate(session, signup, add)
    found += conversion_signals(session, signup=signup, shared=shared)
    earlier = _earlier(session, promoter, now)
    _device_reused(signup, earlier, add)
    _patterns(signup, earlier, now, shared, add)
    _audience(session, signup, earlier, now, add)
    return found


def collector(found: list["Finding"]) -> Add:
    """add(code, message, points=None): a finding with the signal's points, into `found`."""
    from referrals.signups.fraud import Finding

    def add(code: str, message: str, points: int | None = None) -> None:
        found.append(Finding("risk", code, message, POINTS[code] if points is None else points))
    return add


def conversion_signals(session: Session, *, signup: "Signup", shared: bool
                       ) -> list["Finding"]:
    """The signals a signup and an order share: the friend is the promoter (device, network
    and browser, card), the browser is automated, the click was injected at the conversion.
    `shared`: the friend's network is one many promoters' friends use (a campus, a carrier)."""
    found: list[Finding] = []
    add = collector(found)
    _like_the_promoter(session, signup, shared, add)
    if signup.user_agent and _AUTOMATION.search(signup.user_agent):
        add("automated_browser", "The friend's browser says it is automated "
            f"({_short(signup.user_agent)}).")
    _stuffed_click(signup, add)
    return found


def shared_network(session: Session, *, signup: "Signup", now: datetime) -> bool:
    """Whether the signup's (or order's) network is shared by many promoters' friends."""
    return _shared_network(session, signup, now)


def _existing_customer(session: Session, signup: "Signup", now: datetime, add: Add) -> None:
    """A customer before the referral: their own record (made by an order, the widget or the
    shop's enrolment) is older than a day, or an earlier customer has their mailbox."""
    conditions = [Promoter.external_id == signup.referee_external_id]
    if signup.referee_email:
        conditions.append(Promoter.email == signup.referee_email)
    known = session.execute(
        select(Promoter.id, Promoter.created_at).where(
            Promoter.merchant_id == signup.merchant_id, or_(*conditions),
            Promoter.created_at < now - DAY, Promoter.id != signup.promoter.id,
        ).order_by(Promoter.created_at).limit(1)
    ).first()
    if known is not None:
        add("existing_customer", f"The friend has been a customer since "
            f"{known.created_at:%Y-%m-%d} ({known.id}), before this referral.")


def loose_mailbox(email: str | None) -> str | None:
    """The address with any +tag dropped, whatever the provider: ben+2@yahoo.com is
    ben@yahoo.com here (Yahoo delivers it elsewhere, but a second account made that way is the
    same person's)."""
    key = emails.mailbox_key(email)
    if not key or "@" not in key:
        return None
    local, _, domain = key.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}"


def _near_duplicate(session: Session, signup: "Signup", add: Add) -> None:
    """An earlier friend's address give or take a +tag, at a provider that keeps tags apart
    (duplicate_email already catches the providers that merge them)."""
    loose = loose_mailbox(signup.referee_email)
    if loose is None:
        return
    local, _, domain = loose.rpartition("@")
    tagged = f"{_literal(local)}+%@{_literal(domain)}"  # LIKE: that local part, any +tag
    own = emails.mailbox_key(signup.referee_email)
    earlier = session.execute(
        select(Referral.id, Referral.referee_email_key).where(
            Referral.merchant_id == signup.merchant_id,
            or_(Referral.referee_email_key == loose,
                Referral.referee_email_key.like(tagged, escape="\\")),
            Referral.referee_email_key != own,
        ).limit(1)
    ).first()
    if earlier is not None:
        add("near_duplicate_address", "The address is a +tag twin of "
            f"{earlier.referee_email_key}, referred before ({earlier.id}).")


def _literal(text: str) -> str:
    """`text` matched as itself in LIKE (escape character backslash)."""
    return re.sub(r"([\\%_])", r"\\\1", text)


def _shared_network(session: Session, signup: "Signup", now: datetime) -> bool:
    """Whether friends of several promoters came from the signup's network this week: a
    campus, a carrier's NAT, a relay. Sharing such a network says little about who is who."""
    if not signup.network_hash:
        return False
    promoters = session.scalar(
        select(func.count(func.distinct(Referral.promoter_id))).where(
            Referral.merchant_id == signup.merchant_id,
            Referral.network_hash == signup.network_hash, Referral.created_at > now - WEEK)
    ) or 0
    return promoters >= SHARED_NETWORK_PROMOTERS


def _like_the_promoter(session: Session, signup: "Signup", shared: bool, add: Add) -> None:
    """Self-referral beyond the email: the promoter's device, network and browser. On a shared
    network only the device counts: two students on one campus NAT with the same phone are
    two people."""
    friend = emails.mailbox_key(signup.referee_email)
    promoter = signup.promoter
    if friend and promoter.email and _resembles(friend, emails.mailbox_key(promoter.email)):
        add("email_like_promoter", f"The friend's address {signup.referee_email} is spelled "
            "like the promoter's own.")
    if not any((signup.device_id, signup.visitor_id, signup.ip_hash, signup.network_hash,
                signup.card_hash)):
        return
    seen = evidence.promoter_sightings(session, promoter=promoter)
    if signup.card_hash and any(s.card_hash == signup.card_hash for s in seen):
        # A card is one person's (or one household's) wallet: the strongest sign there is.
        add("same_card_as_promoter", "The friend paid with a card the promoter paid with "
            "on their own purchases (the same Stripe card fingerprint).")
    devices = {s.device_id for s in seen if s.device_id} | {s.visitor_id for s in seen
                                                             if s.visitor_id}
    if (signup.device_id and signup.device_id in devices) or (
            signup.visitor_id and signup.visitor_id in devices):
        add("same_device_as_promoter", f"The friend {_did(signup)} on a device the promoter "
            "uses.")
        return
    if shared:
        return
    same_net = [s for s in seen if (signup.ip_hash and s.ip_hash == signup.ip_hash) or (
        signup.network_hash and s.network_hash == signup.network_hash)]
    if signup.user_agent and any(s.user_agent == signup.user_agent for s in same_net):
        add("same_network_and_browser_as_promoter", "The friend came from the promoter's "
            "network with the promoter's exact browser (a private window, or the same person).")
    elif signup.ip_hash and any(s.ip_hash == signup.ip_hash for s in seen):
        add("same_address_as_promoter", "The friend came from the promoter's own address "
            "with another browser (a second device, or someone at home).")


def _did(signup: "Signup") -> str:
    return "signed up" if signup.conversion == "signup" else "ordered"


def card_is_promoters(session: Session, *, promoter: Promoter, card_hash: str) -> bool:
    """Whether the promoter paid with this card (its hashed Stripe fingerprint) themself."""
    return any(s.card_hash == card_hash
               for s in evidence.promoter_sightings(session, promoter=promoter))


def _resembles(friend: str, promoter: str | None) -> bool:
    """The same letters before the @, give or take a few trailing digits or letters."""
    if not promoter:
        return False
    a, b = (re.sub(r"[^a-z0-9]", "", key.split("@")[0]) for key in (friend, promoter))
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 5 and longer.startswith(shorter) and len(longer) - len(shorter) <= 3


def _stuffed_click(signup: "Signup", add: Add) -> None:
    if signup.click_created_at is None or signup.created_at is None:
        return
    seconds = (signup.created_at - signup.click_created_at).total_seconds()
    # Exactly no time at all is a clock that did not move (a back-fill, an import), not a
    # person: an injected click still takes the browser a moment to follow.
    if 0 < seconds <= SECONDS_BEFORE.total_seconds():
        at = "signup" if signup.conversion == "signup" else "checkout"
        add("click_seconds_before_signup", f"The credited click came {seconds:.1f} seconds "
            f"before the {signup.conversion} (a click injected at {at}, not a friend who "
            "browsed).")
    host = _host(signup.click_referrer)
    if host and host_is_allowed(host, list(signup.shop_domains)):
        add("click_from_shop_page", f"The credited click was made from the shop's own page "
            f"({host}): the visitor was already shopping when the link was followed.")


def _host(url: str | None) -> str | None:
    match = re.match(r"^[a-z][a-z0-9+.-]*://([^/:?#]+)", url or "", re.IGNORECASE)
    return match.group(1).lower() if match else None


def _earlier(session: Session, promoter: Promoter, now: datetime) -> list[Earlier]:
    rows = session.execute(
        select(Referral.referee_email, Referral.device_id, Referral.visitor_id,
               Referral.network_hash, Referral.ip_hash, Referral.user_agent,
               Referral.attributed_by, Referral.click_id, Referral.created_at)
        .where(Referral.promoter_id == promoter.id, Referral.created_at > now - WEEK)
        .order_by(Referral.created_at.desc()).limit(500)
    ).all()
    return [Earlier(r.referee_email, r.device_id or r.visitor_id, r.network_hash, r.ip_hash,
                    r.user_agent, r.attributed_by == "code", r.click_id, r.created_at)
            for r in rows]


def _device_reused(signup: "Signup", earlier: list[Earlier], add: Add) -> None:
    device = signup.device_id or signup.visitor_id
    # Signups on one click are the reused_click check's: counted once, there.
    count = sum(1 for e in earlier if device and e.device == device
                and (e.click_id is None or e.click_id != signup.click_id))
    if count:
        add("device_reused", f"This device already signed up {count} other friend"
            f"{'s' if count > 1 else ''} of this promoter this week.", min(100, 50 * count))


def _skeleton(email: str | None) -> str | None:
    """kmiller101@yahoo.com is kmiller#@yahoo.com; None for an address without digits."""
    key = emails.mailbox_key(email)
    if not key or "@" not in key:
        return None
    local, _, domain = key.rpartition("@")
    if not re.search(r"\d", local):
        return None
    return re.sub(r"\d+", "#", local) + "@" + domain


def _patterns(signup: "Signup", earlier: list[Earlier], now: datetime, shared: bool,
              add: Add) -> None:
    """Farms: addresses in a sequence, one private domain, one browser across networks."""
    skeleton = _skeleton(signup.referee_email)
    if skeleton:
        alike = 1 + sum(1 for e in earlier if _skeleton(e.email) == skeleton)
        if alike >= 3:
            add("sequential_addresses", f"{alike} of the promoter's signups this week follow "
                f"one address pattern, {skeleton}.", 100 if alike >= 5 else None)
    domain = emails.email_domain(signup.referee_email)
    if domain and domain not in PUBLIC_PROVIDERS and not _EDUCATIONAL.search(domain):
        same = 1 + sum(1 for e in earlier if emails.email_domain(e.email) == domain)
        if same >= 4 and same >= 0.6 * (len(earlier) + 1):
            add("domain_dominates", f"{same} of the promoter's {len(earlier) + 1} signups this "
                f"week are at one private domain, {domain}.", 80 if same >= 8 else None)
    today = [e for e in earlier if e.created_at > now - DAY]
    if signup.user_agent:
        same_agent = [e for e in today if e.user_agent == signup.user_agent]
        networks = {e.network_hash or e.ip_hash for e in same_agent} | {
            signup.network_hash or signup.ip_hash}
        count = len(same_agent) + 1
        if count >= 5 and len(networks) >= 4 and count >= 0.7 * (len(today) + 1):
            add("one_browser_many_networks", f"{count} of the promoter's {len(today) + 1} "
                f"signups today came with one exact browser signature from {len(networks)} "
                "networks.", 100 if count >= 8 else None)
    if signup.network_hash and not shared:
        cluster = 1 + sum(1 for e in today if e.network_hash == signup.network_hash)
        if cluster >= 4:
            addresses = {e.ip_hash for e in today if e.network_hash == signup.network_hash}
            add("network_cluster", f"{cluster} of the promoter's signups today came from one "
                f"network (one /24 or /64, {len(addresses | {signup.ip_hash})} addresses).")


def _audience(session: Session, signup: "Signup", earlier: list[Earlier], now: datetime,
              add: Add) -> None:
    """Signups judged against the browsers that followed the promoter's links."""
    today = 1 + sum(1 for e in earlier if e.created_at > now - DAY)
    code_only = signup.attributed_by == "code" and signup.click_id is None
    burst = 1 + sum(1 for e in earlier if e.code_only and e.created_at > now - THREE_DAYS)
    if today < 6 and not (code_only and burst >= 4):
        return
    visitors_today, visitors_3_days = session.execute(
        select(func.count(func.distinct(Click.visitor_id)).filter(Click.created_at > now - DAY),
               func.count(func.distinct(Click.visitor_id)))
        .where(Click.promoter_id == signup.promoter.id, Click.valid.is_(True),
               Click.created_at > now - THREE_DAYS)
    ).one()
    if code_only and burst >= 4 and visitors_3_days < 5 * burst:
        add("code_only_burst", f"{burst} signups in 3 days typed the promoter's code without "
            f"following a link, against {visitors_3_days} visitors on their links (a code "
            "posted where strangers find it).", 100 if burst >= 6 else None)
    if today >= 6 and visitors_today < 1.5 * today:
        add("signups_exceed_audience", f"{today} signups today against {visitors_today} "
            "browsers that followed the promoter's links: nearly every visitor signed up.",
            80 if today >= 10 else None)


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."
