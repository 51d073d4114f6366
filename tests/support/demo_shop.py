"""The demo shop in a real browser: buying a mug, and what the page said meanwhile."""

import time

from sqlalchemy import func, select

from api.cli.seed_loyalty import MEMBERS
from core.db import db
from referrals.promoters.models import Promoter

PHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
         "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")


def watch(page) -> list[str]:
    """Console errors and uncaught exceptions on the page, collected as they happen."""
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def buy(page, live, *, email="ana@example.com", name="Ana", query="", start=True) -> None:
    """Buy the mug; `start=False` buys from the page the browser is on."""
    if start:
        page.goto(f"{live}/demo/shop{query}")
    page.get_by_role("link", name="Buy now").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Email").press("Enter")
    page.wait_for_url("**/demo/shop/orders/**")


def count(app, model, *conditions) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*conditions))


def shoppers(app, *conditions) -> int:
    """Promoters the story made: every one but the members seed-demo enrols for the loyalty
    side of the demo (api/cli/seed_loyalty.py)."""
    seeded = [external_id for external_id, _, _ in MEMBERS]
    return count(app, Promoter, Promoter.external_id.not_in(seeded), *conditions)


def wait_for(condition, attempts: int = 50) -> None:
    for _ in range(attempts):
        if condition():
            return
        time.sleep(0.1)
    assert condition()
