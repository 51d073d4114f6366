"""Following referral links like a browser, and the clicks they leave."""

from urllib.parse import parse_qs, urlsplit

from sqlalchemy import select

from core.db import db
from referrals.clicks.models import Click

PUBLIC = "http://goodword.test"


def follow(client, path: str, **kwargs):
    kwargs.setdefault("headers", {"User-Agent": "Mozilla/5.0 (test)",
                                  "Referer": "https://social.example/post/1"})
    return client.get(path, **kwargs)


def all_clicks(app) -> list[Click]:
    with app.app_context():
        clicks = list(db.session.scalars(select(Click).order_by(Click.id)))
        db.session.expunge_all()
        return clicks


def handed_click(response) -> str:
    """The gw_click the shop receives on landing."""
    return parse_qs(urlsplit(response.headers["Location"]).query)["gw_click"][0]
