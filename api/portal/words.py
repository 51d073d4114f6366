"""What the portal says, in English and German, and the history told as sentences.

The portal is read by shoppers, not by the merchant: it speaks in what happened to them ("You
earned 500 points: your friend B. placed their first order"), never in ledger accounts. The
language is the promoter's browser's (Accept-Language), or `?lang=de`; the widget picks its
language the same way and carries the same two (api/static/widget/goodword.js).
"""

from collections.abc import Callable

from flask import request

from api.portal.names import initials
from core.currencies import format_money
from referrals.promoters.history import HistoryItem

LANGUAGES = ("en", "de")

TEXT = {
    "en": {
        "title": "Your rewards at {shop}",
        "your_link": "Your link",
        "share_label": "Share this link with friends",
        "copy": "Copy",
        "copied": "Copied",
        "code": "Code",
        "points": "Points",
        "available": "Available",
        "pending": "Pending",
        "pending_hint": "available after the shop's hold period",
        "earned_in_all": "Earned in all",
        "redeem_points": "Points",
        "redeem_store_credit": "Redeem for store credit",
        "redeem_account_credit": "Redeem as account credit",
        "redeem_code": "Redeem for a discount code",
        "point_worth": "Each point is worth {worth}.",
        "redeemed_title": "Your rewards to use",
        "tier": "Tier",
        "tier_is": "You are <strong>{name}</strong>",
        "no_tier": "No tier yet.",
        "progress": "Progress to {name}: {current} of {threshold}",
        "history": "What happened",
        "history_empty": "Nothing yet: share your link to start earning.",
        "friends": "Friends you referred",
        "friends_empty": "No friends yet.",
        "joined": "joined",
        "being_checked": "being checked",
        "not_counted": "not counted",
        "ready": "ready to use",
        "on_its_way": "on its way",
        "failed": "did not work; your points are back",
        "use_store_credit": "{worth} store credit. The shop takes it off your next order: "
                            "check out with the email you use here. Ask the shop if you "
                            "do not see it.",
        "use_code": "{worth} off one order: type this code in the discount code field at "
                    "checkout.",
        "use_account_credit": "{worth} on your account with the shop. It is taken off your "
                              "next order on its own when you pay.",
        "use_store_credit_no_amount": "Store credit. The shop takes it off your next order: "
                                      "check out with the email you use here.",
        "earned": "You earned {amount}",
        "used": "You used {amount}",
        "used_for": "You used {amount} {reason}",
        "returned": "{amount} came back to you",
        "taken_back": "{amount} taken back",
        "expired": "{amount} expired unused",
        "because_first_order": "your friend {friend} placed their first order",
        "because_order": "your friend {friend} placed an order",
        "because_own_order": "an order",
        "because_referral": "your friend {friend} joined",
        "because_share": "you shared your link ({channel})",
        "because_signup": "welcome to the program",
        "because_refund": "an order was refunded",
        "for_store_credit": "for {worth} store credit",
        "for_code": "for a {worth} discount code",
        "for_account_credit": "for {worth} account credit",
        "redemption_failed": "the reward could not be issued",
        "points_unit": "{n} points",
        "point_unit": "1 point",
        "when": "When",
        "what": "What",
        "friend": "Friend",
        "status": "Status",
        "reward": "Reward",
        "how_to_use": "How to use it",
        "redeemed_failed": "That did not work, and your points are back: {reason}",
        "redeemed_held": "Your reward is on its way: it shows below as soon as the shop's "
                       "payment provider confirms it.",
        "redeemed_code": "Your code {code} is worth {worth}: use it once at checkout.",
        "redeemed_balance": "{worth} was added to your account balance with the shop.",
        "redeemed_store_credit": "Redeemed {points} points for store credit.",
        "choose_points": "Choose how many points to redeem.",
        "already_redeemed": "That redemption was already made; see it below.",
        "catalog_title": "Rewards to choose from",
        "catalog_points": "Points",
        "catalog_redeem": "Redeem",
        "catalog_all_gone": "all gone",
        "catalog_more_points": "{n} more points",
        "redeemed_catalog_code": "Your code {code} is ready: use it once at checkout.",
        "redeemed_catalog_credit": "{worth} store credit is yours.",
        "closed_title": "Your rewards are closed",
        "closed_text": "The shop has closed your rewards account: it no longer earns or "
                       "redeems points. Contact the shop if you think this is a mistake.",
        "expired_title": "This link has expired",
        "expired_text": "Links to your rewards page work for one hour, to keep your rewards "
                        "safe if one is forwarded. Open your rewards again from the shop to get "
                        "a fresh link.",
        "invalid_title": "This link is not valid",
        "invalid_text": "It may have been copied incompletely, or the page is no longer "
                        "available. Open your rewards again from the shop.",
    },
    "de": {
        "title": "Ihre Prämien bei {shop}",
        "your_link": "Ihr Link",
        "share_label": "Teilen Sie diesen Link mit Freunden",
        "copy": "Kopieren",
        "copied": "Kopiert",
        "code": "Code",
        "points": "Punkte",
        "available": "Verfügbar",
        "pending": "Vorgemerkt",
        "pending_hint": "verfügbar nach der Wartezeit des Shops",
        "earned_in_all": "Insgesamt gesammelt",
        "redeem_points": "Punkte",
        "redeem_store_credit": "Gegen Guthaben einlösen",
        "redeem_account_credit": "Als Kontoguthaben einlösen",
        "redeem_code": "Gegen einen Rabattcode einlösen",
        "point_worth": "Jeder Punkt ist {worth} wert.",
        "redeemed_title": "Ihre Prämien zum Einlösen",
        "tier": "Stufe",
        "tier_is": "Ihre Stufe: <strong>{name}</strong>",
        "no_tier": "Noch keine Stufe.",
        "progress": "Fortschritt bis {name}: {current} von {threshold}",
        "history": "Was passiert ist",
        "history_empty": "Noch nichts: Teilen Sie Ihren Link, um Punkte zu sammeln.",
        "friends": "Freunde, die Sie geworben haben",
        "friends_empty": "Noch keine Freunde.",
        "joined": "dabei",
        "being_checked": "wird geprüft",
        "not_counted": "nicht gezählt",
        "ready": "bereit",
        "on_its_way": "unterwegs",
        "failed": "hat nicht geklappt; Ihre Punkte sind zurück",
        "use_store_credit": "{worth} Guthaben. Der Shop zieht es von Ihrer nächsten "
                            "Bestellung ab: Bestellen Sie mit der E-Mail-Adresse, die Sie hier "
                            "nutzen. Fragen Sie den Shop, falls Sie es nicht sehen.",
        "use_code": "{worth} Rabatt auf eine Bestellung: Geben Sie diesen Code an der Kasse "
                    "im Feld für Rabattcodes ein.",
        "use_account_credit": "{worth} auf Ihrem Kundenkonto beim Shop. Es wird bei Ihrer "
                              "nächsten Bezahlung automatisch abgezogen.",
        "use_store_credit_no_amount": "Guthaben. Der Shop zieht es von Ihrer nächsten "
                                      "Bestellung ab: Bestellen Sie mit der E-Mail-Adresse, "
                                      "die Sie hier nutzen.",
        "earned": "Sie haben {amount} erhalten",
        "used": "Sie haben {amount} eingelöst",
        "used_for": "Sie haben {amount} {reason} eingelöst",
        "returned": "{amount} zurückerhalten",
        "taken_back": "{amount} zurückgebucht",
        "expired": "{amount} ungenutzt verfallen",
        "because_first_order": "Ihr Freund {friend} hat zum ersten Mal bestellt",
        "because_order": "Ihr Freund {friend} hat bestellt",
        "because_own_order": "eine Bestellung",
        "because_referral": "Ihr Freund {friend} ist dabei",
        "because_share": "Sie haben Ihren Link geteilt ({channel})",
        "because_signup": "willkommen im Programm",
        "because_refund": "eine Bestellung wurde erstattet",
        "for_store_credit": "für {worth} Guthaben",
        "for_code": "für einen Rabattcode über {worth}",
        "for_account_credit": "für {worth} Kontoguthaben",
        "redemption_failed": "die Prämie konnte nicht ausgestellt werden",
        "points_unit": "{n} Punkte",
        "point_unit": "1 Punkt",
        "when": "Wann",
        "what": "Was",
        "friend": "Freund",
        "status": "Status",
        "reward": "Prämie",
        "how_to_use": "So lösen Sie sie ein",
        "redeemed_failed": "Das hat nicht geklappt, Ihre Punkte sind zurück: {reason}",
        "redeemed_held": "Ihre Prämie ist unterwegs: Sie erscheint unten, sobald der "
                       "Zahlungsanbieter des Shops sie bestätigt.",
        "redeemed_code": "Ihr Code {code} ist {worth} wert: einmal an der Kasse einlösbar.",
        "redeemed_balance": "{worth} wurden Ihrem Kundenkonto beim Shop gutgeschrieben.",
        "redeemed_store_credit": "{points} Punkte gegen Guthaben eingelöst.",
        "choose_points": "Wählen Sie, wie viele Punkte Sie einlösen möchten.",
        "already_redeemed": "Diese Einlösung wurde schon ausgeführt; Sie sehen sie unten.",
        "catalog_title": "Prämien zur Auswahl",
        "catalog_points": "Punkte",
        "catalog_redeem": "Einlösen",
        "catalog_all_gone": "vergriffen",
        "catalog_more_points": "noch {n} Punkte",
        "redeemed_catalog_code": "Ihr Code {code} ist bereit: einmal an der Kasse einlösbar.",
        "redeemed_catalog_credit": "Sie haben jetzt {worth} Guthaben.",
        "closed_title": "Ihr Prämienkonto ist geschlossen",
        "closed_text": "Der Shop hat Ihr Prämienkonto geschlossen: Es sammelt und löst keine "
                       "Punkte mehr ein. Wenden Sie sich an den Shop, wenn Sie das für einen "
                       "Fehler halten.",
        "expired_title": "Dieser Link ist abgelaufen",
        "expired_text": "Links zu Ihrer Prämienseite gelten eine Stunde, damit Ihre Prämien "
                        "sicher bleiben, falls einer weitergeleitet wird. Öffnen Sie Ihre "
                        "Prämien erneut im Shop, um einen neuen Link zu erhalten.",
        "invalid_title": "Dieser Link ist ungültig",
        "invalid_text": "Er wurde vielleicht unvollständig kopiert, oder die Seite gibt es "
                        "nicht mehr. Öffnen Sie Ihre Prämien erneut im Shop.",
    },
}


def language() -> str:
    """`?lang=` if it names one we speak, else the browser's first choice we speak."""
    asked = request.args.get("lang", "")
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES, default="en") or "en"


def translator(lang: str) -> Callable[..., str]:
    words = TEXT.get(lang, TEXT["en"])

    def say(key: str, **values: object) -> str:
        return words[key].format(**values)

    return say


def amount_text(say: Callable[..., str], amount: int, unit: str, lang: str) -> str:
    if unit != "points":
        return format_money(amount, unit)
    if amount == 1:
        return say("point_unit")
    return say("points_unit", n=f"{amount:,}".replace(",", "." if lang == "de" else ","))


def history_sentence(item: HistoryItem, *, lang: str) -> str:
    """"You used 300 points for $3.00 store credit", "You earned 500 points: your friend B.
    placed their first order"."""
    say = translator(lang)
    amount = amount_text(say, item.amount, item.unit, lang)
    reason = _reason(say, item)
    if item.kind == "used" and reason:  # "You used 300 points for $3.00 store credit."
        return say("used_for", amount=amount, reason=reason) + "."
    head = say(item.kind, amount=amount)
    return f"{head}: {reason}." if reason else f"{head}."


def _reason(say: Callable[..., str], item: HistoryItem) -> str:
    friend = initials(item.friend) if item.friend else None
    if item.because in ("first_order", "order"):
        if friend is None:
            return say("because_own_order")
        return say(f"because_{item.because}", friend=friend)
    if item.because == "referral":
        return say("because_referral", friend=friend or "?")
    if item.because == "share":
        return say("because_share", channel=item.channel or "")
    if item.because in ("signup", "refund"):
        return say(f"because_{item.because}")
    if item.because == "redemption":
        if item.kind == "returned":
            return say("redemption_failed")
        return reward_text(say, reward_kind=item.reward_kind, amount=item.credit_amount,
                           currency=item.credit_currency)
    return ""


def reward_text(say: Callable[..., str], *, reward_kind: str | None, amount: int | None,
                currency: str | None) -> str:
    """What a redemption bought: "for $3.00 store credit"."""
    worth = format_money(amount, currency) if amount is not None and currency else ""
    if reward_kind == "promotion_code":
        return say("for_code", worth=worth)
    if reward_kind == "customer_balance":
        return say("for_account_credit", worth=worth)
    if worth:
        return say("for_store_credit", worth=worth)
    return ""


def how_to_use(say: Callable[..., str], redemption: object) -> str:
    """How the promoter spends a redeemed reward, whichever way the shop paid it."""
    amount = getattr(redemption, "credit_amount", None)
    currency = getattr(redemption, "credit_currency", None)
    worth = format_money(amount, currency) if amount is not None and currency else ""
    kind = getattr(redemption, "reward_kind", None)
    if getattr(redemption, "promotion_code", None):
        return say("use_code", code=redemption.promotion_code, worth=worth)
    if kind == "customer_balance":
        return say("use_account_credit", worth=worth)
    return say("use_store_credit", worth=worth) if worth else say("use_store_credit_no_amount")


def redemption_title(say: Callable[..., str], redemption: object, *, lang: str) -> str:
    """"300 points for $3.00 store credit"."""
    points = amount_text(say, int(getattr(redemption, "amount", 0)), "points", lang)
    bought = reward_text(say, reward_kind=getattr(redemption, "reward_kind", None),
                         amount=getattr(redemption, "credit_amount", None),
                         currency=getattr(redemption, "credit_currency", None))
    return f"{points} {bought}".strip()
