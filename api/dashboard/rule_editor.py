"""The rule editor: create a rule or edit it as a new version, seeing the dry run before saving.

Submitting the form never saves. It shows what the rule would award on a sample event: the
change is made inside the request's transaction, `rewards.program.rules.dry_run` (the service behind
POST /v1/rules/dry_run) runs against it, and the transaction is rolled back, so the preview is
exactly what the saved rule would do and nothing of it stays. Only the preview page's Save
button saves, and only if nobody saved another version in between.
"""

from dataclasses import dataclass

from flask import abort, flash, redirect, render_template, request, url_for

from api.dashboard import amounts
from api.dashboard.blueprint import blp
from api.dashboard.forms import (
    FormInvalid,
    plain_errors,
    schema_load,
    service_error,
    whole_numbers,
)
from api.dashboard.rule_words import (
    BENEFICIARY_WORDS,
    RECURRING_WORDS,
    REWARD_TYPE_WORDS,
    TRIGGER_WORDS,
    Overlap,
    overlaps,
)
from api.dashboard.session import current_user, login_required
from api.request.context import now
from api.v1.rules import DryRunCreate, RuleCreate, RuleRead, RuleUpdate
from core.currencies import format_money, minor_units
from core.db import db
from core.errors import GoodwordError, NotFound
from core.merchants import service as merchants_service
from referrals.promoters import service as promoters_service
from rewards.events import TRIGGERS
from rewards.program import rule_definitions
from rewards.program import rules as rules_service
from rewards.program.models import RECURRING_MODES, REWARD_TYPES
from rewards.program.rule_definitions import BENEFICIARIES_BY_TRIGGER

LIMITS = ("per_promoter_per_day", "per_promoter_per_month", "lifetime_cap", "budget",
          "per_channel_days")
# Counts typed as whole numbers; amounts (money, percent, points) are read by `_amounts`.
NUMBERS = ("hold_days", "conditions[within_days_of_referral]", "conditions[recurring][months]",
           "limits[per_promoter_per_day]", "limits[per_promoter_per_month]",
           "limits[per_channel_days]")
AMOUNTS = ("reward[value]", "conditions[min_order_amount]", "limits[lifetime_cap]",
           "limits[budget]")
SAMPLE_NUMBERS = ("sample[days_since_referral]",)
# The service names flat columns; the form names the API's grouped parameters.
PARAM_ALIASES = {"reward_type": "reward[type]", "reward_value": "reward[value]"}
SAMPLE_DEFAULTS = {"sample[order_amount]": "50.00", "sample[days_since_referral]": "3",
                   "sample[first_order]": "true"}
# Rewards paid as store credit: their value, caps and budget are money in the merchant's currency.
CREDIT_REWARDS = ("percent_of_order", "fixed_credit", "coupon")


def _amount_kind(name: str, reward_type: str) -> str:
    """How the form's amount field `name` is typed: money, percent or points."""
    if name == "conditions[min_order_amount]":
        return "money"
    if name == "reward[value]":
        return {"percent_of_order": "percent", "fixed_credit": "money",
                "coupon": "money"}.get(reward_type, "points")
    return "money" if reward_type in CREDIT_REWARDS else "points"


AMOUNT_PROBLEMS = {"money": "Enter an amount of money, like 20.00.",
                   "percent": "Enter a percentage, like 10 or 2.5.",
                   "points": "Enter a whole number of points, like 500."}


def _read_amount(text: str, kind: str, currency: str) -> int:
    if kind == "money":
        return amounts.money_to_minor(text, currency)
    if kind == "percent":
        return amounts.percent_to_basis_points(text)
    if not text.isdigit():
        raise amounts.AmountInvalid(text)
    return int(text)


def _show_amount(value: int, kind: str, currency: str) -> str:
    if kind == "money":
        return amounts.minor_to_money(value, currency)
    if kind == "percent":
        return amounts.basis_points_to_percent(value)
    return str(value)


def _currencies(values: dict, merchant_currency: str) -> dict[str, str]:
    """Each amount field's currency: the minimum order counts in the rule's own currency, what
    the rule pays in the merchant's (store credit is always issued in it)."""
    rule_currency = (values.get("conditions[currency]", "").strip() or merchant_currency).upper()
    return {name: rule_currency if name == "conditions[min_order_amount]" else merchant_currency
            for name in AMOUNTS}


def _amounts(values: dict, merchant_currency: str) -> dict[str, int | None]:
    reward_type = values.get("reward[type]", "")
    currencies = _currencies(values, merchant_currency)
    found: dict[str, int | None] = {}
    errors = {}
    for name in AMOUNTS:
        text = values.get(name, "").strip()
        kind = _amount_kind(name, reward_type)
        try:
            found[name] = _read_amount(text, kind, currencies[name]) if text else None
        except amounts.AmountInvalid:
            errors[name] = AMOUNT_PROBLEMS[kind]
    if errors:
        raise FormInvalid(errors)
    return found


@dataclass(frozen=True)
class Verdict:
    rule_id: str
    name: str
    version: int
    award: bool
    text: str


def _checked(values: dict, name: str) -> bool:
    return values.get(name) in ("true", "on")


def rule_payload(values: dict, *, trigger: str | None, merchant_currency: str) -> dict:
    """The form as the body of POST /v1/rules (with a trigger) or PATCH /v1/rules/{id}."""
    errors: dict[str, str] = {}
    numbers: dict = {}
    try:
        numbers.update(whole_numbers({name: values.get(name, "").strip() for name in NUMBERS},
                                     NUMBERS))
    except FormInvalid as exc:
        errors.update(exc.errors)
    try:
        numbers.update(_amounts(values, merchant_currency))
    except FormInvalid as exc:
        errors.update(exc.errors)
    if errors:
        raise FormInvalid(errors)
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
            "min_order_amount": numbers["conditions[min_order_amount]"],
            "within_days_of_referral": numbers["conditions[within_days_of_referral]"],
        },
        "limits": {name: numbers[f"limits[{name}]"] for name in LIMITS},
        "hold_days": numbers["hold_days"],
    }
    if trigger is not None:
        payload["trigger"] = trigger
    return payload


def form_values(rule: dict, *, merchant_currency: str) -> dict:
    """A rule as RuleRead shows it, as the form's text fields (amounts as a person types them)."""
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
    currencies = _currencies(values, merchant_currency)
    for name in AMOUNTS:
        if values.get(name):
            kind = _amount_kind(name, values["reward[type]"])
            values[name] = _show_amount(int(values[name]), kind, currencies[name])
    return values


def _sample_event(values: dict, *, trigger: str, merchant_id: str, beneficiary: str,
                  merchant_currency: str) -> dict:
    """The dry run's hypothetical event: fresh sample promoters (no tier, nothing earned) unless
    the merchant names one of theirs to stand as the rule's beneficiary."""
    numbers = whole_numbers({name: values.get(name, "").strip() for name in SAMPLE_NUMBERS},
                            SAMPLE_NUMBERS)
    fields = {"trigger": trigger}
    if trigger == "order.paid":
        fields["currency"] = values.get("sample[currency]", "").strip() or None
        amount = values.get("sample[order_amount]", "").strip()
        try:
            fields["order_amount"] = amounts.money_to_minor(
                amount, fields["currency"] or _currencies(values, merchant_currency)[
                    "conditions[min_order_amount]"]) if amount else None
        except amounts.AmountInvalid:
            raise FormInvalid({"sample[order_amount]": AMOUNT_PROBLEMS["money"]}) from None
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
             values: dict) -> tuple[dict, bool, list[Verdict], Overlap | None]:
    """(the rule as it would be saved, whether it changes anything, every rule's verdict, the
    active rules it would pay on top of)."""
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
        overlap = _overlap(merchant_id=merchant_id, trigger=trigger, rule_id=version.rule_id)
        event = _sample_event(values, trigger=trigger, merchant_id=merchant_id,
                              beneficiary=rule["beneficiary"],
                              merchant_currency=_merchant().currency)
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
    return rule, changed, verdicts, overlap


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


def _merchant():
    return merchants_service.get_merchant(db.session, merchant_id=current_user().merchant_id)


def _form(*, values: dict, trigger: str, rule_id: str | None, errors: dict | None = None,
          status: int = 200):
    merchant = _merchant()
    one_unit = format_money(minor_units(merchant.currency), merchant.currency, whole=True)
    example = format_money(5 * minor_units(merchant.currency), merchant.currency)
    value_hints = {
        "fixed_points": "points, like 500",
        "points_per_currency_unit": f"points for each {one_unit} of the order, like 1",
        "percent_of_order": "percent of the order, like 10 for 10%",
        "fixed_credit": f"store credit in {merchant.currency}, like {example}",
        "coupon": f"the coupon's value in {merchant.currency}, like {example}",
    }
    return render_template(
        "dashboard/rule_form.html", values=values, trigger=trigger, rule_id=rule_id,
        errors=plain_errors(errors or {}), triggers=TRIGGERS, reward_types=REWARD_TYPES,
        beneficiaries=BENEFICIARIES_BY_TRIGGER[trigger], merchant=merchant,
        value_hints=value_hints,
        recurring_modes=("", *RECURRING_MODES), trigger_words=TRIGGER_WORDS,
        beneficiary_words=BENEFICIARY_WORDS, reward_type_words=REWARD_TYPE_WORDS,
        recurring_words=RECURRING_WORDS,
    ), status


def _overlap(*, merchant_id: str, trigger: str, rule_id: str) -> Overlap | None:
    """The active rules paying on top of `rule_id` (itself included), if any do."""
    current = rule_definitions.current_versions(db.session, merchant_id=merchant_id,
                                                trigger=trigger)
    return next((found for found in overlaps(current) if rule_id in found.rule_ids), None)


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
    values = {**form_values(rule, merchant_currency=_merchant().currency), **SAMPLE_DEFAULTS,
              "base_version": str(rule["version"])}
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
        payload = rule_payload(values, trigger=trigger if rule_id is None else None,
                               merchant_currency=_merchant().currency)
        fields = schema_load(RuleCreate() if rule_id is None else RuleUpdate(), payload)
        fields.pop("trigger", None)
        if step == "save":
            return _save(merchant_id=merchant_id, trigger=trigger, rule_id=rule_id,
                         fields=fields, values=values)
        rule, changed, verdicts, overlap = _preview(
            merchant_id=merchant_id, trigger=trigger, rule_id=rule_id, fields=fields,
            values=values)
    except FormInvalid as exc:
        db.session.rollback()
        return _form(values=values, trigger=trigger, rule_id=rule_id, errors=exc.errors,
                     status=400)
    return render_template(
        "dashboard/rule_preview.html", values=values, trigger=trigger, rule_id=rule_id,
        rule=rule, changed=changed, verdicts=verdicts, min_order=_min_order(rule),
        overlap=overlap, summary=_summary(rule), trigger_words=TRIGGER_WORDS,
        beneficiary_words=BENEFICIARY_WORDS,
    )


def _summary(rule: dict) -> dict[str, str]:
    """The rule's reward and limits in the merchant's words and money."""
    currency = _merchant().currency
    reward = rule["reward"]
    kind = "money" if reward["type"] in CREDIT_REWARDS else "points"
    limits = {}
    for name in ("lifetime_cap", "budget"):
        value = rule["limits"].get(name)
        if value is not None:
            limits[name] = format_money(value, currency) if kind == "money" else f"{value:,} points"
    return {"reward": amounts.reward_words(reward["type"], reward["value"], currency=currency),
            **limits}


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
    overlap = _overlap(merchant_id=merchant_id, trigger=trigger, rule_id=version.rule_id)
    if overlap is not None:
        flash(overlap.text, "warning")
    return redirect(url_for("dashboard.program", _anchor=version.rule_id))
