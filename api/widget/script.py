"""GET /widget/v1/goodword.js and /widget/v1/storefront.js: the scripts a shop adds to its pages.

goodword.js is the share widget (the order-confirmation page); storefront.js keeps a referral
click and a device id in the shop's own storage for its signup and checkout forms (every page).
No key: a script tag cannot send one, and the scripts hold nothing secret. They are cached for a
short while only, so a fix reaches every shop within minutes; the ETag makes revalidation cheap.
"""

import hashlib
from pathlib import Path

from flask import Blueprint, Response, request

STATIC = Path(__file__).resolve().parent.parent / "static" / "widget"
SCRIPT = STATIC / "goodword.js"
STOREFRONT_SCRIPT = STATIC / "storefront.js"
CACHE_SECONDS = 300

blp = Blueprint("widget_script", __name__)


@blp.get("/widget/v1/goodword.js")
def script() -> Response:
    return _serve(SCRIPT)


@blp.get("/widget/v1/storefront.js")
def storefront_script() -> Response:
    return _serve(STOREFRONT_SCRIPT)


def _serve(path: Path) -> Response:
    source = path.read_bytes()
    response = Response(source, mimetype="text/javascript")
    response.set_etag(hashlib.sha256(source).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Any shop may load it; the script itself only talks to the origin it was served from.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response.make_conditional(request)
