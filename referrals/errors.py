"""Errors of the referrals domain, each with a stable code a merchant's code can branch on."""

from core.errors import AuthenticationFailed, Conflict, InvalidInput, NotFound


class PromoterNotFound(NotFound):
    code = "resource_missing"


class CodeTaken(Conflict):
    code = "code_taken"


class InvalidCode(InvalidInput):
    code = "code_invalid"


class InvalidLinkOption(InvalidInput):
    code = "link_option_invalid"


class LandingInvalid(InvalidInput):
    """A `?to=` page no URL parser can read: no browser could be sent there either."""

    code = "landing_invalid"


class PromoterBlocked(Conflict):
    code = "promoter_blocked"


class ClickNotFound(NotFound):
    code = "resource_missing"


class ReferralNotFound(NotFound):
    code = "resource_missing"


class AttributionFailed(InvalidInput):
    """The click, token or code given cannot credit this signup to anyone."""

    code = "attribution_failed"


class RefereeAlreadyReferred(Conflict):
    code = "referee_already_referred"


class ReferralNotPending(Conflict):
    code = "referral_not_pending"


class PromoterErased(Conflict):
    code = "promoter_erased"


class WidgetSessionInvalid(AuthenticationFailed):
    """A forged, garbled or foreign widget session token: nobody can be enrolled with it."""

    code = "widget_session_invalid"


class WidgetSessionExpired(AuthenticationFailed):
    code = "widget_session_expired"


class WidgetSettingsInvalid(InvalidInput):
    code = "widget_settings_invalid"
