"""What a message says: the merchant's own template or the default in templates/emails/.

A template is its subject line ("Subject: ..."), a blank line, and the body, both Jinja. The
merchant writes their own, so they are rendered in Jinja's sandbox: a template can print the
values it is given, never reach into Python. Every body ends with the unsubscribe link.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from core.errors import InvalidInput

DEFAULTS_DIR = Path(__file__).resolve().parents[2] / "templates" / "emails"
_environment = SandboxedEnvironment(autoescape=False, undefined=StrictUndefined,
                                    keep_trailing_newline=True)
# The values every template may use, and examples the dashboard's preview shows.
EXAMPLE_VALUES: dict[str, Any] = {
    "member_name": "Ana", "merchant_name": "Acme Outfitters", "points": 150,
    "reason": "your order", "available_on": None, "expires_on": "2026-12-31",
    "tier_name": "Gold", "tier_perks": "free shipping", "balance": 420,
}


@dataclass(frozen=True)
class Rendered:
    subject: str
    body: str


@cache
def default_template(kind: str) -> str:
    return (DEFAULTS_DIR / f"{kind}.txt").read_text(encoding="utf-8")


def split(template: str) -> tuple[str, str]:
    """(subject, body) of a template's text."""
    first, _, body = template.partition("\n")
    if not first.startswith("Subject:"):
        raise InvalidInput("A template starts with its subject line: 'Subject: ...'.",
                           param="template")
    return first.removeprefix("Subject:").strip(), body.lstrip("\n")


def render(template: str, values: dict[str, Any], *, unsubscribe_url: str) -> Rendered:
    """The message as the member reads it; a broken template is a 400 naming the problem."""
    subject, body = split(template)
    try:
        rendered_subject = _environment.from_string(subject).render(values)
        rendered_body = _environment.from_string(body).render(values)
    except (TemplateError, TypeError, ValueError, ArithmeticError, LookupError) as exc:
        # The merchant's template may do sums or lookups on a value that is empty for this
        # message: refused here, so one bad template never stops the job for everyone else.
        raise InvalidInput(f"The template does not render: {exc}", param="template") from None
    footer = f"\n--\nNo more emails like this: {unsubscribe_url}\n"
    return Rendered(subject=" ".join(rendered_subject.split())[:300],
                    body=rendered_body.rstrip() + "\n" + footer)


def check(template: str) -> None:
    """Refuse a template that would not render with the values messages are given."""
    render(template, {**EXAMPLE_VALUES}, unsubscribe_url="https://example.invalid/u")
