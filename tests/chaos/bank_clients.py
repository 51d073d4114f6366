"""The bank check's clients: each is a shop's server (or Stripe) with its own customers and a
random generator seeded from the run's seed and its number, so a seed replays the same
operations. What an operation does never depends on another client's answers; only what the
server answered is recorded, and the final checks hold for any interleaving."""

import json
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from tests.chaos.bank_model import ExpectedOrder, Observed
from tests.chaos.http_support import Answer, Api
from tests.support import stripe as stripe_support
from tests.threads import wait_all

INSUFFICIENT = "insufficient_balance"


class BankClient:
    def __init__(self, number: int, *, seed: int, api: Api, merchant_id: str, clock,
                 referrers: list[dict], observed: Observed, lock: threading.Lock):
        self.number = number
        self.rng = random.Random(f"{seed}/{number}")
        self.tag = f"s{seed}c{number}"
        self.api = api
        self.merchant_id = merchant_id
        self.clock = clock
        self.referrers = referrers
        self.observed = observed
        self.lock = lock
        self.counter = 0
        self.referred: dict[str, str] = {}  # customer -> referrer promoter id
        self.unreferred: list[str] = []
        self.orders: list[ExpectedOrder] = []  # through POST /v1/orders
        self.payments: list[ExpectedOrder] = []  # through Stripe
        self.refund_events: dict[str, list[dict]] = {}  # payment intent -> charge.refunded sent
        self.operations = 0

    # The mix: what a round of this client does.
    def run_round(self) -> None:
        steps = [
            (self.sign_up, 2), (self.order, 5), (self.refund, 3), (self.stripe_payment, 2),
            (self.stripe_refund, 2), (self.redeem, 3), (self.read_balance, 1),
        ]
        for _ in range(self.rng.randint(3, 8)):
            (step,) = self.rng.choices([s for s, _ in steps], weights=[w for _, w in steps])
            step()
            self.operations += 1

    def _next(self, kind: str) -> str:
        self.counter += 1
        return f"{self.tag}-{kind}{self.counter}"

    def _fail(self, what: str, answer: Answer) -> None:
        with self.lock:
            self.observed.failures.append(f"client {self.number}: {what}: {answer.status} "
                                          f"{json.dumps(answer.body)[:300]}")

    def _post(self, path: str, body: dict, *, twice: bool = False,
              refusal_not_kept: str | None = None) -> list[Answer]:
        """POST with an Idempotency-Key; `twice` sends it twice at once, as a retrying client
        whose first attempt is still in flight would. Both answers must be the same, with one
        exception the API documents: a refusal is not kept under the key (it changed nothing),
        so when one attempt is refused with `refusal_not_kept` (say, too few available points)
        the other runs afresh and may succeed once the worker has matured more points."""
        key = self._next("key")
        if not twice:
            return [self.api.call("POST", path, body, key=key)]
        with ThreadPoolExecutor(2) as pool:
            calls = [pool.submit(self.api.call, "POST", path, body, key=key) for _ in range(2)]
            wait_all(calls, 300)
        answers = [call.result() for call in calls]
        # Only one ran; the other waited for it and replays it, or was told to retry (409
        # idempotency_error while the first was in flight): the retry replays.
        for n, answer in enumerate(answers):
            for _ in range(100):
                if not _in_flight(answer):
                    break
                time.sleep(0.05)
                answer = answers[n] = self.api.call("POST", path, body, key=key)
        first, second = answers
        refused = [a for a in answers if refusal_not_kept and a.error_code == refusal_not_kept]
        if len(refused) == 1:
            return answers
        if (first.status, first.body) != (second.status, second.body):
            self._fail(f"one Idempotency-Key, two answers for {path}", second)
        return answers

    # Operations.
    def sign_up(self) -> None:
        customer = self._next("friend")
        referrer = self.rng.choice(self.referrers)
        (answer, *_) = self._post("/v1/referrals", {
            "referee_external_id": customer, "referee_email": f"{customer}@example.com",
            "code": referrer["code"]}, twice=self.rng.random() < 0.2)
        if answer.status != 201 or answer.body["status"] != "approved":
            return self._fail("referral", answer)
        self.referred[customer] = referrer["id"]
        with self.lock:
            self.observed.referrals[answer.body["id"]] = referrer["id"]

    def order(self) -> None:
        body = {"external_id": self._next("order"), "currency": "USD",
                "amount": self.rng.choice([self.rng.randint(100, 1999),
                                           self.rng.randint(2000, 30_000)])}
        choice = self.rng.random()
        if self.referred and choice < 0.5:
            customer = self.rng.choice(sorted(self.referred))
            promoter = self.referred[customer]
        else:
            if self.unreferred and choice < 0.75:
                customer = self.rng.choice(self.unreferred)
            else:
                customer = self._next("buyer")
                self.unreferred.append(customer)
            promoter = None
            if self.rng.random() < 0.6:  # a code typed at checkout credits its promoter
                referrer = self.rng.choice(self.referrers)
                body["code"] = referrer["code"].lower()
                promoter = referrer["id"]
        body["customer_external_id"] = customer
        answers = self._post("/v1/orders", body, twice=self.rng.random() < 0.15)
        if answers[0].status != 201:
            return self._fail("order", answers[0])
        expected = ExpectedOrder(body["external_id"], customer, body["amount"], promoter,
                                 id=answers[0].body["id"])
        self.orders.append(expected)
        with self.lock:
            self.observed.orders[expected.external_id] = expected
        if self.rng.random() < 0.15:  # the shop sends the same order again, without a key
            again = self.api.call("POST", "/v1/orders", body)
            if again.status != 200 or again.body["id"] != expected.id:
                self._fail("the same order again", again)

    def refund(self) -> None:
        open_orders = [o for o in self.orders if o.remaining > 0]
        if not open_orders:
            return
        order = self.rng.choice(open_orders)
        path = f"/v1/orders/{order.id}/refunds"
        if self.rng.random() < 0.1:  # more than is left: refused, nothing changes
            answer = self.api.call("POST", path, {"amount": order.remaining + 1,
                                                  "external_id": self._next("refund")},
                                   key=self._next("key"))
            if answer.error_code != "refund_exceeds_order":
                self._fail("an over-refund", answer)
            return
        amount = (order.remaining if self.rng.random() < 0.3
                  else self.rng.randint(1, order.remaining))
        body = {"amount": amount, "external_id": self._next("refund")}
        answers = self._post(path, body, twice=self.rng.random() < 0.15)
        if answers[0].status != 201:
            return self._fail("refund", answers[0])
        order.refunded += amount
        if self.rng.random() < 0.2:  # the same refund id again: already recorded
            again = self.api.call("POST", path, body)
            if again.status != 200 or again.body["id"] != answers[0].body["id"]:
                self._fail("the same refund again", again)

    def _deliver(self, stripe_event: dict, *, twice: bool = False) -> None:
        payload = json.dumps(stripe_event).encode()
        headers = {"Content-Type": "application/json", "Stripe-Signature":
                   stripe_support.signature_header(
                       payload, timestamp=int(self.clock.now().timestamp()))}
        path = f"/stripe/webhooks/{self.merchant_id}"

        def send(_):
            answer = self.api.raw("POST", path, data=payload, headers=headers)
            for _ in range(self.api.retries_503):
                if answer.status != 503:
                    break
                answer = self.api.raw("POST", path, data=payload, headers=headers)
            return answer

        with ThreadPoolExecutor(2) as pool:
            calls = [pool.submit(send, n) for n in range(2 if twice else 1)]
            wait_all(calls, 300)
        answers = [call.result() for call in calls]
        for answer in answers:
            if answer.status != 200:
                self._fail(f"stripe {stripe_event['type']}", answer)

    def stripe_payment(self) -> None:
        intent = f"pi_{self._next('pay').replace('-', '_')}"
        referrer = self.rng.choice(self.referrers)
        expected = ExpectedOrder(intent, f"cus_{self.tag}n{self.counter}",
                                 self.rng.randint(500, 30_000), referrer["id"], via_stripe=True)
        self.payments.append(expected)
        with self.lock:
            self.observed.orders[intent] = expected
        if self.rng.random() < 0.25:  # Stripe sends the refund before the payment
            self.stripe_refund(expected)
        paid = stripe_support.event("payment_intent.succeeded", stripe_support.payment_intent(
            intent_id=intent, amount=expected.amount, customer=expected.customer,
            metadata={"goodword_code": referrer["code"]}), event_id=f"evt_{intent}")
        self._deliver(paid, twice=self.rng.random() < 0.3)
        if self.rng.random() < 0.2:  # and redelivers it later
            self._deliver(paid)

    def stripe_refund(self, payment: ExpectedOrder | None = None) -> None:
        if payment is None:
            open_payments = [p for p in self.payments if p.remaining > 0]
            if not open_payments:
                return
            payment = self.rng.choice(open_payments)
        sent = self.refund_events.setdefault(payment.external_id, [])
        new_events = []
        for _ in range(self.rng.choice([1, 1, 2])):
            total = max([e["data"]["object"]["amount_refunded"] for e in sent + new_events]
                        or [0])
            if total >= payment.amount:
                break
            total = (payment.amount if self.rng.random() < 0.3
                     else self.rng.randint(total + 1, payment.amount))
            refunds = [f"re_{payment.external_id}_{n}" for n in range(len(sent + new_events) + 1)]
            charge = stripe_support.charge_refunded(
                charge_id=f"ch_{payment.external_id}", intent_id=payment.external_id,
                amount=payment.amount, refunded=total, refund_ids=refunds)
            new_events.append(stripe_support.event("charge.refunded", charge,
                                                   event_id=f"evt_{refunds[-1]}"))
        if self.rng.random() < 0.5:
            new_events.reverse()  # a later total arrives before an earlier one
        for stripe_event in new_events:
            self._deliver(stripe_event, twice=self.rng.random() < 0.2)
        sent.extend(new_events)
        payment.refunded = max([e["data"]["object"]["amount_refunded"] for e in sent] or [0])

    def redeem(self) -> None:
        promoter = self.rng.choice(self.referrers)
        kind = "stripe" if self.rng.random() < 0.2 else "store_credit"
        body = {"promoter": promoter["id"], "points": self.rng.randint(1, 150),
                "reward_kind": kind}
        answers = self._post("/v1/redemptions", body, twice=self.rng.random() < 0.2,
                             refusal_not_kept=INSUFFICIENT)
        for answer in answers:  # both, when one was refused and the other ran afresh
            if answer.status == 201 and answer.body["status"] in ("issued", "held"):
                with self.lock:
                    self.observed.redemptions[answer.body["id"]] = body["points"]
            elif answer.error_code != INSUFFICIENT:
                self._fail("redemption", answer)

    def read_balance(self) -> None:
        promoter = self.rng.choice(self.referrers)
        answer = self.api.get(f"/v1/promoters/{promoter['id']}/balance")
        if answer.status != 200:
            return self._fail("balance", answer)
        for unit in answer.body["balances"]:
            if min(unit["pending"], unit["available"], unit["held"], -unit["debt"]) < 0:
                self._fail("a negative balance", answer)


def _in_flight(answer: Answer) -> bool:
    error = (answer.body or {}).get("error") if isinstance(answer.body, dict) else None
    return answer.status == 409 and (error or {}).get("type") == "idempotency_error"
