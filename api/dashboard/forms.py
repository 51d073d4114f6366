"""HTML forms read into the API's own input shapes, and the API's errors put back on the form.

A dashboard form is validated by the same marshmallow schema and the same service as the JSON
API, so the two can never disagree about what a valid rule, tier or setting is. Form fields are
named like the API's parameters (`reward[value]`), so an error's `param` names its field.
"""

import re

import marshmallow as ma

from core.errors import GoodwordError


class FormInvalid(Exception):
    """Problems with a submitted form: {field name: message}."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(errors)
        self.errors = errors


def whole_numbers(payload: dict, names: tuple[str, ...]) -> dict:
    """Turn the named text fields into integers; an empty one stays None (not given)."""
    errors = {}
    for name in names:
        value = payload.get(name)
        if value is None or value == "":
            payload[name] = None
            continue
        try:
            payload[name] = int(value)
        except ValueError:
            errors[name] = "must be a whole number."
    if errors:
        raise FormInvalid(errors)
    return payload


def schema_load(schema: ma.Schema, payload: dict, *, prefix: str = "") -> dict:
    """The schema's load; its errors on the form's fields (`prefix[name]` for a sub-form)."""
    try:
        return schema.load(payload)
    except ma.ValidationError as exc:
        raise FormInvalid(flatten(exc.messages, prefix)) from None


def flatten(messages, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested messages as {"reward[value]": "..."}."""
    if isinstance(messages, list):
        return {prefix or "form": " ".join(map(str, messages))}
    flat = {}
    for name, problems in messages.items():
        key = f"{prefix}[{name}]" if prefix else str(name)
        flat.update(flatten(problems, key))
    return flat


def service_error(exc: GoodwordError, aliases: dict[str, str] | None = None) -> FormInvalid:
    """A service's refusal, on the field its `param` names (or on the whole form)."""
    param = (aliases or {}).get(exc.param, exc.param) if exc.param else "form"
    return FormInvalid({param: exc.message})


# marshmallow's messages, said the way a merchant filling in a form would say them.
PLAIN = (
    (re.compile(r"^(Field may not be null|Missing data for required field)\.$"), "Fill this in."),
    (re.compile(r"^Not a valid integer\.$"), "Enter a whole number."),
    (re.compile(r"^Must be greater than or equal to 1 and less than or equal to \d+\.$"),
     "Enter a number above zero."),
    (re.compile(r"^Must be greater than or equal to (\d+) and less than or equal to (\d+)\.$"),
     r"Enter a number from \1 to \2."),
    (re.compile(r"^Must be one of: .*\.$"), "Choose one of the options."),
    (re.compile(r"^Length must be between 1 and (\d+)\.$"),
     r"Fill this in, in at most \1 characters."),
    (re.compile(r"^must be a whole number\.$"), "Enter a whole number."),
)


def plain_errors(errors: dict[str, str]) -> dict[str, str]:
    """Each field's message in plain words ("Fill this in." for "Field may not be null.")."""
    plain = {}
    for name, message in errors.items():
        for pattern, replacement in PLAIN:
            if pattern.match(message):
                message = pattern.sub(replacement, message)
                break
        plain[name] = message
    return plain
