"""GET /widget/v1/goodword.js: the share widget's script, the one tag a shop adds to its page.

No key: a script tag cannot send one, and the script holds nothing secret. It is cached for a
short while only, so a fix reaches every shop within minutes; the ETag makes revalidation cheap.
"""

import hashlib
from pathlib import Path

from flask import Blueprint, Response, request

SCRIPT = Path(__file__).resolve().parent.parent / "static" / "widget" / "goodword.js"
CACHE_SECONDS = 300

blp = Blueprint("widget_script", __name__)


@blp.get("/widget/v1/goodword.js")
def script() -> Response:
    source = SCRIPT.read_bytes()
    response = Response(source, mimetype="text/javascript")
    response.set_etag(hashlib.sha256(source).hexdigest()[:32])
    response.cache_control.public = True
    response.cache_control.max_age = CACHE_SECONDS
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Any shop may load it; the script itself only talks to the origin it was served from.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response.make_conditional(request)
