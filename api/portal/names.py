"""How the portal names a referred friend: by initials only, so a promoter never reads a
stranger's email address in their history."""

import re


def initials(text: str | None) -> str:
    """A friend as the promoter may see them: "ana.maria@x" is "A. M."."""
    local = (text or "").split("@")[0]
    parts = [part for part in re.split(r"[^A-Za-z0-9]+", local) if part][:2]
    return " ".join(part[0].upper() + "." for part in parts) or "?"
