"""Following referral links like a browser, and the clicks they leave."""

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
