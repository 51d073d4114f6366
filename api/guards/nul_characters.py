"""Every request with a NUL in its path, query, form or headers is a 400, before any view runs.

No text Goodword stores or looks up may hold a NUL (PostgreSQL refuses it in text, so a lookup
would fail as a 500 deep inside a view), and no person types one: refusing it here, once, keeps
every page, form and API route from having to. A click is the exception: a shopper following a
damaged link still reaches the shop (the click records the link without its NULs).
"""

from flask import Flask, request

from api.request.errors import ApiError

_STILL_REACHES_THE_SHOP = frozenset({"redirects.follow"})


def refuse_nul_characters() -> None:
    if request.endpoint in _STILL_REACHES_THE_SHOP:
        return
    texts = [request.path, *request.headers.values()]
    for source in (request.args, request.form):
        for key, values in source.lists():
            texts += [key, *values]
    if any("\x00" in text for text in texts):
        raise ApiError(400, "invalid_characters", "The request contains a NUL character.")


def init_app(app: Flask) -> None:
    app.before_request(refuse_nul_characters)
