"""The rule editor: create a rule or edit it as a new version, seeing the dry run before saving.

Submitting the form never saves. It shows what the rule would award on a sample event: the
change is made inside the request's transaction, `rewards.program.rules.dry_run` (the service behind
POST /v1/rules/dry_run) runs against it, and the transaction is rolled back, so the preview is
exactly what the saved rule would do and nothing of it stays. Only the preview page's Save
button saves, and only if nobody saved another version in between.
"""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for

from api.dashboard.blueprint import blp
from api.dashboard.forms import FormInvalid, schema_load, service_error, whole_numbers
from api.dashboard.session import current_user, login_required
from api.request.context import now
from api.v1.rules import DryRunCreate, RuleCreate, RuleRead, RuleUpdate
from core.currencies import format_money
from core.db import db
from core.errors import GoodwordError, NotFound
from core.merchants import service as merchants_service
from referrals.promoters import service as promoters_service
from rewards.events import TRIGGERS
from rewards.program import rule_definitions
from rewards.program import rules as rules_service
from rewards.program.models import RECURRING_MODES, REWARD_TYPES
from rewards.program.rule_definitions import BENEFICIARIES_BY_TRIGGER

CONDITIONS = ("min_order_amount", "within_days_of_referral")
LIMITS = ("per_promoter_per_day", "per_promoter_per_month", "lifetime_cap", "budget",
          "per_channel_days")
NUMBERS = ("reward[value]", "hold_days", *(f"conditions[{name}]" for name in CONDITIONS),
           "conditions[recurring][months]", *(f"limits[{name}]" for name in LIMITS))
SAMPLE_NUMBERS = ("sample[order_amount]", "sample[days_since_referral]")
# The service names flat columns; the form names the API's grouped parameters.
PARAM_ALIASES = {"reward_type": "reward[type]", "reward_value": "reward[value]"}
SAMPLE_DEFAULTS = {"sample[order_amount]": "5000", "sample[days_since_referral]": "3",
                   "sample[first_order]": "true"}


@dataclass(frozen=True)
class Verdict:
    rule_id: str
    name: str
    version: int
    award: bool
    text: str


def _checked(values: dict, name: str) -> bool:
    return values.get(name) in ("true", "on")


def rule_payload(values: dict, *, trigger: str | None) -> dict:
    """The form as the body of POST /v1/rules (with a trigger) or PATCH /v1/rules/{id}."""
    numbers = whole_numbers({name: values.get(name, "").strip() for name in NUMBERS}, NUMBERS)
    currency = values.get("conditions[currency]", "").strip() or None
    recurring_mode = values.get("conditions[recurring][mode]", "")
    recurring = None
    if recurring_mode:  # empty: every subscription invoice earns, like any order
        recurring = {"mode": recurring_mode}
        if numbers["conditions[recurring][months]"] is not None:
            recurring["months"] = numbers["conditions[recurring][months]"]
    payload = {
        "name": values.get("name", "").strip(),
        "beneficiary": values.get("beneficiary", ""),
        "active": _checked(values, "active"),
        "reward": {"type": values.get("reward[type]", ""), "value": numbers["reward[value]"]},
        "conditions": {
            "first_order_only": _checked(values, "conditions[first_order_only]"),
            "currency": currency,
            "recurring": recurring,
            **{name: numbers[f"conditions[{name}]"] for name in CONDITIONS},
        },
        "limits": {name: numbers[f"limits[{name}]"] for name in LIMITS},
        "hold_days": numbers["hold_days"],
    }
    if trigger is not None:
        payload["trigger"] = trigger
    return payload


def form_values(rule: dict) -> dict:
    """A rule as RuleRead shows it, as the form's text fields."""
    values = {"name": rule["name"], "beneficiary": rule["beneficiary"],
              "active": "true" if rule["active"] else "",
              "reward[type]": rule["reward"]["type"], "reward[value]": str(rule["reward"]["value"]),
              "hold_days": "" if rule["hold_days"] is None else str(rule["hold_days"])}
    recurring = rule["conditions"].get("recurring") or {}
    values["conditions[recurring][mode]"] = recurring.get("mode") or ""
    values["conditions[recurring][months]"] = str(recurring.get("months") or "")
    for group in ("conditions", "limits"):
        for name, value in rule[group].items():
            if name == "recurring":
                continue
            if isinstance(value, bool):
                values[f"{group}[{name}]"] = "true" if value else ""
            else:
                values[f"{group}[{name}]"] = "" if value is None else str(value)
    return values


def _sample_event(values: dict, *, trigger: str, merchant_id: str, beneficiary: str) -> dict:
    """The dry run's hypothetical event: fresh sample promoters (no tier, nothing earned) unless
    the merchant names one of theirs to stand as the rule's beneficiary."""
    numbers = whole_numbers({name: values.get(name, "").strip() for name in SAMPLE_NUMBERS},
                            SAMPLE_NUMBERS)
    fields = {"trigger": trigger}
    if trigger == "order.paid":
        fields["order_amount"] = numbers["sample[order_amount]"]
        fields["currency"] = values.get("sample[currency]", "").strip() or None
        fields["first_order"] = _checked(values, "sample[first_order]")
    if trigger in ("order.paid", "referral.approved"):
        fields["days_since_referral"] = numbers["sample[days_since_referral]"]
    chosen = values.get("sample[promoter]", "").strip()
    for role in BENEFICIARIES_BY_TRIGGER[trigger]:
        if chosen and role == beneficiary:
            fields[role] = chosen
            continue
        promoter, _ = promoters_service.enroll_promoter(
            db.session, merchant_id=merchant_id, now=now(), name=f"Sample {role}",
        )
        fields[role] = promoter.id
    return schema_load(DryRunCreate(), {k: v for k, v in fields.items() if v is not None},
                       prefix="sample")


def _preview(*, merchant_id: str, trigger: str, rule_id: str | None, fields: dict,
             values: dict) -> tuple[dict, bool, list[Verdict]]:
    """(the rule as it would be saved, whether it changes anything, every rule's verdict)."""
    try:
        if rule_id is None:
            version = rule_definitions.create_rule(
                db.session, merchant_id=merchant_id, trigger=trigger, definition=dict(fields),
                now=now())
            changed = True
        else:
            before = rule_definitions.get_rule(db.session, merchant_id=merchant_id,
                                               rule_id=rule_id).version
            version = rule_definitions.update_rule(
                db.session, merchant_id=merchant_id, rule_id=rule_id, changes=dict(fields),
                now=now())
            changed = version.version != before
        rule = RuleRead().dump(version)
        event = _sample_event(values, trigger=trigger, merchant_id=merchant_id,
                              beneficiary=rule["beneficiary"])
        names = {current.rule_id: current.name for current in rule_definitions.current_versions(
            db.session, merchant_id=merchant_id, trigger=trigger)}
        verdicts = [
            Verdict(v.rule_id, names.get(v.rule_id, v.rule_id), v.rule_version,
                    hasattr(v, "amount"), _verdict_text(v))
            for v in rules_service.dry_run(db.session, merchant_id=merchant_id, now=now(),
                                           **event)
        ]
    except GoodwordError as exc:
        raise _on_form(exc) from None
    finally:
        db.session.rollback()  # the preview's rule and sample promoters never existed
    return rule, changed, verdicts


def _on_form(exc: GoodwordError) -> FormInvalid:
    if exc.param in ("referrer", "referee", "customer"):
        return FormInvalid({"sample[promoter]": exc.message})
    if exc.param in ("order_amount", "days_since_referral", "currency"):
        return FormInvalid({f"sample[{exc.param}]": exc.message})
    return service_error(exc, PARAM_ALIASES)


def _verdict_text(verdict) -> str:
    if hasattr(verdict, "amount"):
        held = f", available after {verdict.hold_days} days" if verdict.hold_days else ""
        return (f"awards {rules_service.amount_text(verdict.amount, verdict.unit)} to the "
                f"{verdict.beneficiary}{held}")
    return f"awards nothing: {verdict.message}"


def _form(*, values: dict, trigger: str, rule_id: str | None, errors: dict | None = None,
          status: int = 200):
    merchant = merchants_service.get_merchant(db.session, merchant_id=current_user().merchant_id)
    return render_template(
        "dashboard/rule_form.html", values=values, trigger=trigger, rule_id=rule_id,
        errors=errors or {}, triggers=TRIGGERS, reward_types=REWARD_TYPES,
        beneficiaries=BENEFICIARIES_BY_TRIGGER[trigger], merchant=merchant,
        recurring_modes=("", *RECURRING_MODES),
    ), status


@blp.get("/program/rules/new")
@login_required
def new_rule():
    trigger = request.args.get("trigger", "referral.approved")
    if trigger not in TRIGGERS:
        trigger = "referral.approved"
    values = {"active": "true", "reward[type]": "fixed_points", **SAMPLE_DEFAULTS}
    return _form(values=values, trigger=trigger, rule_id=None)


@blp.get("/program/rules/<rule_id>/edit")
@login_required
def edit_rule(rule_id: str):
    version = _own_rule(rule_id)
    rule = RuleRead().dump(version)
    values = {**form_values(rule), **SAMPLE_DEFAULTS, "base_version": str(rule["version"])}
    return _form(values=values, trigger=rule["trigger"], rule_id=rule_id)


def _own_rule(rule_id: str):
    try:
        return rule_definitions.get_rule(db.session, merchant_id=current_user().merchant_id,
                                         rule_id=rule_id)
    except NotFound:
        abort(404)


@blp.post("/program/rules")
@login_required
def submit_new_rule():
    trigger = request.form.get("trigger", "")
    if trigger not in TRIGGERS:
        abort(400, description="Choose what the rule listens to.")
    return _submit(trigger=trigger, rule_id=None)


@blp.post("/program/rules/<rule_id>")
@login_required
def submit_rule_edit(rule_id: str):
    version = _own_rule(rule_id)
    return _submit(trigger=version.rule.trigger, rule_id=rule_id)


def _submit(*, trigger: str, rule_id: str | None):
    """One form, three steps: preview (the default), back to editing, or save."""
    values = request.form.to_dict()
    values.pop("csrf_token", None)
    step = values.pop("step", "preview")
    merchant_id = current_user().merchant_id
    if step == "edit":
        return _form(values=values, trigger=trigger, rule_id=rule_id)
    try:
        payload = rule_payload(values, trigger=trigger if rule_id is None else None)
        fields = schema_load(RuleCreate() if rule_id is None else RuleUpdate(), payload)
        fields.pop("trigger", None)
        if step == "save":
            return _save(merchant_id=merchant_id, trigger=trigger, rule_id=rule_id,
                         fields=fields, values=values)
        rule, changed, verdicts = _preview(merchant_id=merchant_id, trigger=trigger,
                                           rule_id=rule_id, fields=fields, values=values)
    except FormInvalid as exc:
        db.session.rollback()
        return _form(values=values, trigger=trigger, rule_id=rule_id, errors=exc.errors,
                     status=400)
    return render_template(
        "dashboard/rule_preview.html", values=values, trigger=trigger, rule_id=rule_id,
        rule=rule, changed=changed, verdicts=verdicts, min_order=_min_order(rule),
    )


def _min_order(rule: dict) -> str | None:
    """The minimum order as money, in the rule's currency (its own, else the merchant's)."""
    amount = rule["conditions"]["min_order_amount"]
    if amount is None:
        return None
    currency = rule["conditions"]["currency"] or merchants_service.get_merchant(
        db.session, merchant_id=current_user().merchant_id).currency
    return format_money(amount, currency)


def _save(*, merchant_id: str, trigger: str, rule_id: str | None, fields: dict, values: dict):
    try:
        if rule_id is None:
            version = rule_definitions.create_rule(
                db.session, merchant_id=merchant_id, trigger=trigger, definition=fields,
                now=now())
        else:
            current = rule_definitions.get_rule(db.session, merchant_id=merchant_id,
                                                rule_id=rule_id)
            if str(current.version) != values.get("base_version"):
                # Someone saved another version after this preview: what was shown is stale.
                raise FormInvalid({"form": (
                    f"This rule was changed (it is now version {current.version}) after you "
                    "opened it. Check the form and preview again.")})
            version = rule_definitions.update_rule(
                db.session, merchant_id=merchant_id, rule_id=rule_id, changes=fields, now=now())
    except GoodwordError as exc:
        raise _on_form(exc) from None
    flash(f"Rule “{version.name}” saved as version {version.version}.")
    return redirect(url_for("dashboard.program", _anchor=version.rule_id))
