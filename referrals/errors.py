"""Errors of the referrals domain, each with a stable code a merchant's code can branch on."""

from core.errors import Conflict, InvalidInput, NotFound


class PromoterNotFound(NotFound):
    code = "resource_missing"


class CodeTaken(Conflict):
    code = "code_taken"


class InvalidCode(InvalidInput):
    code = "code_invalid"
