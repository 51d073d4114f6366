"""Email addresses as a merchant stores them and as their provider delivers them."""

from pathlib import Path

import disposable_email_domains

# Providers that deliver "ana+anything@" to "ana@"; Gmail also ignores dots in the local part.
_PLUS_TAG_PROVIDERS = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com",
        "icloud.com", "me.com", "mac.com", "fastmail.com", "fastmail.fm", "protonmail.com",
        "proton.me", "pm.me", "yandex.com", "yandex.ru", "zoho.com", "hey.com",
    }
)
_DOTLESS_PROVIDERS = frozenset({"gmail.com", "googlemail.com"})
_ALIASES = {"googlemail.com": "gmail.com"}



def normalise_email(email: str | None) -> str | None:
    """What we store: trimmed and lower-cased (providers treat addresses case-insensitively)."""
    if not email:
        return None
    return email.strip().lower()


def mailbox_key(email: str | None) -> str | None:
    """The mailbox an address really reaches, for comparing people rather than strings."""
    email = normalise_email(email)
    if not email or "@" not in email:
        return email
    local, _, domain = email.rpartition("@")
    domain = _ALIASES.get(domain, domain)
    if domain in _PLUS_TAG_PROVIDERS:
        local = local.split("+", 1)[0]
    if domain in _DOTLESS_PROVIDERS:
        local = local.replace(".", "")
    return f"{local}@{domain}"


def email_domain(email: str | None) -> str | None:
    email = normalise_email(email)
    return email.rpartition("@")[2] if email and "@" in email else None


def load_disposable_domains(overrides: Path | None = None) -> frozenset[str]:
    """The throwaway providers: the community-kept disposable-email-domains list (its PyPI
    package, refreshed with each release of it), changed by the operator's own file if any.

    The file (DISPOSABLE_DOMAINS_FILE) has one domain a line: a domain adds a provider the list
    misses, `!domain` takes one out that the shop's customers really use; `#` starts a comment.
    """
    domains = {domain.lower() for domain in disposable_email_domains.blocklist}
    lines = overrides.read_text(encoding="utf-8").splitlines() if overrides else []
    for line in lines:
        entry = line.split("#", 1)[0].strip().lower()
        if entry.startswith("!"):
            domains.discard(entry[1:].strip())
        elif entry:
            domains.add(entry)
    return frozenset(domains)


def is_disposable(email: str | None, disposable_domains: frozenset[str]) -> bool:
    """True for a throwaway provider's address, including its subdomains."""
    domain = email_domain(email)
    while domain:
        if domain in disposable_domains:
            return True
        _, _, domain = domain.partition(".")
    return False
