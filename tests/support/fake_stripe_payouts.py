"""A FAKE of the Stripe endpoints localstripe lacks, promotion codes (create, list, update) and
customer balance transactions, on a loopback port; every other request is forwarded to localstripe.

It is not Stripe: it checks each request against Stripe's documented parameters (unknown or
missing ones are a 400, as Stripe answers), honours Idempotency-Key the way Stripe documents
(the same key and body replay the first answer), and records what it was asked and what it made.
"""

import json
import re
import secrets
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

# https://docs.stripe.com/api/promotion_codes/create (API version 2025-09-30 and later)
PROMOTION_CODE_PARAMS = {"promotion", "code", "customer", "customer_account", "expires_at",
                         "max_redemptions", "metadata", "restrictions", "active"}
# https://docs.stripe.com/api/promotion_codes/update: "Most fields are, by design, not editable."
PROMOTION_CODE_UPDATE_PARAMS = {"active", "metadata", "restrictions"}
# https://docs.stripe.com/api/customer_balance_transactions/create
BALANCE_TRANSACTION_PARAMS = {"amount", "currency", "description", "metadata"}


def _nested(pairs: list[tuple[str, str]]) -> dict:
    """Stripe's form encoding, `promotion[coupon]=x`, back into dictionaries."""
    body: dict = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = body
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return body


class FakeStripePayouts:
    def __init__(self, localstripe_url: str, api_version: str):
        self.localstripe_url = localstripe_url
        self.api_version = api_version
        self.requests: list[dict] = []
        self.promotion_codes: dict[str, dict] = {}
        self.balance_transactions: dict[str, dict] = {}
        self._idempotent: dict[str, tuple[str, int, dict]] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def reset(self):
        with self._lock:
            self.requests.clear()
            self.promotion_codes.clear()
            self.balance_transactions.clear()
            self._idempotent.clear()

    # What each fake endpoint does, given a checked request: (status, body).
    def create_promotion_code(self, params: dict, auth: str) -> tuple[int, dict]:
        unknown = set(params) - PROMOTION_CODE_PARAMS
        if unknown:
            return _invalid(f"Received unknown parameter: {sorted(unknown)[0]}")
        promotion = params.get("promotion") or {}
        if promotion.get("type") != "coupon" or not promotion.get("coupon"):
            return _invalid("Missing required param: promotion[coupon].", "parameter_missing")
        status, _ = self.forward("GET", f"/v1/coupons/{promotion['coupon']}", b"", auth)
        if status != 200:
            return _invalid(f"No such coupon: '{promotion['coupon']}'", "resource_missing")
        code = params.get("code") or secrets.token_hex(4).upper()
        if not re.fullmatch(r"[A-Za-z0-9]{1,500}", code):
            # "Valid characters are lower case letters (a-z), upper case letters (A-Z), and
            # digits (0-9)."
            return _invalid(f"Invalid code: {code!r}", "parameter_invalid_string")
        if any(p["code"].lower() == code.lower() and p["active"]
               for p in self.promotion_codes.values()):
            return _invalid(f"An active promotion code with `code: {code}` already exists.",
                            "resource_already_exists")
        promotion_code = {
            "id": "promo_" + secrets.token_hex(8), "object": "promotion_code", "active": True,
            "code": code, "promotion": {"type": "coupon", "coupon": promotion["coupon"]},
            "customer": params.get("customer"), "created": int(time.time()),
            "max_redemptions": int(params["max_redemptions"]) if params.get("max_redemptions")
            else None, "metadata": params.get("metadata") or {}, "times_redeemed": 0,
            "livemode": False,
        }
        self.promotion_codes[promotion_code["id"]] = promotion_code
        return 200, promotion_code

    def update_promotion_code(self, promotion_code_id: str, params: dict) -> tuple[int, dict]:
        unknown = set(params) - PROMOTION_CODE_UPDATE_PARAMS
        if unknown:
            return _invalid(f"Received unknown parameter: {sorted(unknown)[0]}")
        promotion_code = self.promotion_codes.get(promotion_code_id)
        if promotion_code is None:
            return _invalid(f"No such promotion code: '{promotion_code_id}'", "resource_missing")
        if "active" in params:
            if params["active"] not in ("true", "false"):
                return _invalid(f"Invalid boolean: {params['active']}", "parameter_invalid_boolean")
            promotion_code["active"] = params["active"] == "true"
        promotion_code["metadata"].update(params.get("metadata") or {})
        return 200, promotion_code

    def list_promotion_codes(self, query: dict) -> tuple[int, dict]:
        found = [p for p in self.promotion_codes.values()
                 if "code" not in query or p["code"].lower() == query["code"].lower()]
        return 200, {"object": "list", "data": found[: int(query.get("limit", 10))],
                     "has_more": False, "url": "/v1/promotion_codes"}

    def create_balance_transaction(self, customer: str, params: dict, auth: str):
        unknown = set(params) - BALANCE_TRANSACTION_PARAMS
        if unknown:
            return _invalid(f"Received unknown parameter: {sorted(unknown)[0]}")
        if "amount" not in params or "currency" not in params:
            return _invalid("Missing required param: amount or currency.", "parameter_missing")
        status, _ = self.forward("GET", f"/v1/customers/{customer}", b"", auth)
        if status != 200:
            return _invalid(f"No such customer: '{customer}'", "resource_missing")
        transaction = {
            "id": "cbtxn_" + secrets.token_hex(8), "object": "customer_balance_transaction",
            "amount": int(params["amount"]), "currency": params["currency"],
            "customer": customer, "description": params.get("description"),
            "metadata": params.get("metadata") or {}, "type": "adjustment",
            "created": int(time.time()), "livemode": False,
        }
        self.balance_transactions[transaction["id"]] = transaction
        return 200, transaction

    def forward(self, method: str, path: str, body: bytes, auth: str) -> tuple[int, dict]:
        forwarded = urllib.request.Request(
            self.localstripe_url + path, data=body or None, method=method,
            headers={"Authorization": auth,
                     "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(forwarded, timeout=10) as answer:
                return answer.status, json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as refused:
            return refused.code, json.loads(refused.read() or b"{}")

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet: the test output is for failures
                pass

            def do_GET(self):
                self._serve("GET")

            def do_POST(self):
                self._serve("POST")

            def _serve(self, method):
                url = urlsplit(self.path)
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                auth = self.headers.get("Authorization", "")
                params = _nested(parse_qsl(body.decode(), keep_blank_values=True))
                query = dict(parse_qsl(url.query))
                key = self.headers.get("Idempotency-Key")
                with fake._lock:
                    fake.requests.append({"method": method, "path": url.path, "params": params,
                                          "idempotency_key": key,
                                          "stripe_version": self.headers.get("Stripe-Version")})
                    status, answer = self._answer(method, url.path, params, query, body, auth,
                                                  key)
                payload = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def _answer(self, method, path, params, query, body, auth, key):
                if not auth.startswith("Bearer sk_") and not auth.startswith("Bearer rk_"):
                    return 401, {"error": {"type": "invalid_request_error",
                                           "message": "You did not provide an API key."}}
                if self.headers.get("Stripe-Version") != fake.api_version:
                    return 400, {"error": {"type": "invalid_request_error",
                                           "message": "unexpected Stripe-Version"}}
                parts = path.strip("/").split("/")
                if method == "POST" and key and key in fake._idempotent:
                    first_body, status, answer = fake._idempotent[key]
                    if first_body != body.decode():
                        return 400, {"error": {"type": "idempotency_error",
                                               "message": "Keys for idempotent requests can "
                                               "only be used with the same parameters."}}
                    return status, answer
                if method == "POST" and parts == ["v1", "promotion_codes"]:
                    status, answer = fake.create_promotion_code(params, auth)
                elif method == "POST" and len(parts) == 3 and parts[:2] == ["v1",
                                                                           "promotion_codes"]:
                    status, answer = fake.update_promotion_code(parts[2], params)
                elif method == "GET" and parts == ["v1", "promotion_codes"]:
                    return fake.list_promotion_codes(query)
                elif (method == "POST" and len(parts) == 4 and parts[:2] == ["v1", "customers"]
                      and parts[3] == "balance_transactions"):
                    status, answer = fake.create_balance_transaction(parts[2], params, auth)
                else:
                    target = path + (f"?{urlsplit(self.path).query}" if query else "")
                    return fake.forward(method, target, body, auth)
                if key and status < 500:
                    fake._idempotent[key] = (body.decode(), status, answer)
                return status, answer

        return Handler


def _invalid(message: str, code: str = "parameter_unknown") -> tuple[int, dict]:
    return 400, {"error": {"type": "invalid_request_error", "code": code, "message": message}}
