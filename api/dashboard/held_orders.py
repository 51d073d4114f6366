"""Orders held for review on the review page: approve or reject the promoter's credit.

The decision goes through rewards.orders.service.decide_order, the function POST
/v1/orders/{id}/approve and /reject call: approving releases the order's rewards to mature,
rejecting claws its referral rewards back.
"""

from flask import abort, flash, redirect, request, url_for

from api.dashboard.blueprint import blp
from api.dashboard.session import current_user, login_required
from api.request.context import now
from core.db import db
from core.errors import GoodwordError, NotFound
from rewards.orders import service as orders_service

ORDERS_PER_PAGE = 20


def held_orders(number: int):
    """The page of held orders the review page shows below its signup cases."""
    return orders_service.held_page(db.session, merchant_id=current_user().merchant_id,
                                    number=number, size=ORDERS_PER_PAGE)


@blp.post("/review/orders/<order_id>")
@login_required
def decide_order(order_id: str):
    """Approve or reject one held order; `revoke` also rejects one approved before, as the
    API's reject does. Another merchant's order is a 404."""
    verdict = request.form.get("decision")
    if verdict not in ("approve", "reject"):
        abort(400, description="Choose approve or reject.")
    approve = verdict == "approve"
    user = current_user()
    note = request.form.get("note", "").strip()[:1000] or None
    word = "approved" if approve else "rejected"
    back = redirect(url_for("dashboard.review_queue",
                            page=request.form.get("page", 1, type=int),
                            orders_page=request.form.get("orders_page", 1, type=int))
                    + "#held-orders")
    try:
        order = orders_service.decide_order(
            db.session, merchant_id=user.merchant_id, order_id=order_id, approve=approve,
            reason={"code": f"credit_{word}", "message": f"The merchant {word} the credit "
                    f"({user.id})" + (f": {note}" if note else ".")},
            now=now(), revoke=not approve and request.form.get("revoke") == "1",
        )
    except NotFound:
        db.session.rollback()
        abort(404)
    except GoodwordError as exc:
        db.session.rollback()
        flash(exc.message, "error")
        return back
    flash(f"Order {order.external_id} ({order.id}): the credit is {order.risk_status}.")
    return back
