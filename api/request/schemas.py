"""Schema conventions shared by every resource: strict input, the list object, read-only fields."""

import marshmallow as ma

READ_ONLY_FIELDS = ("id", "object", "created_at", "livemode")
# PostgreSQL's `integer`: the bound of any number read that names no wider range of its own.
INTEGER_COLUMN = ma.validate.Range(min=-(2**31), max=2**31 - 1)


class WriteSchema(ma.Schema):
    """Input: unknown fields are refused, and read-only ones say so instead of being ignored."""

    class Meta:
        unknown = ma.RAISE

    def on_bind_field(self, field_name, field_obj):
        """A number no column can hold is a 400 here, never a database error (a 500) later."""
        if isinstance(field_obj, ma.fields.Integer) and not any(
                isinstance(check, ma.validate.Range) and check.max is not None
                for check in field_obj.validators):
            field_obj.validators.append(INTEGER_COLUMN)

    @ma.pre_load
    def refuse_read_only(self, payload, **kwargs):
        if isinstance(payload, dict):
            for name in READ_ONLY_FIELDS:
                if name in payload:
                    raise ma.ValidationError({name: ["This field is read-only."]})
        return payload

    @ma.pre_load
    def refuse_truthy_numbers(self, payload, **kwargs):
        """JSON has booleans: `"active": 0` is a mistake to name, not a false to guess. (Query
        strings arrive as a multidict of text, where "true" is how a boolean is written.)"""
        if isinstance(payload, dict):
            for name, field in self.load_fields.items():
                key = field.data_key or name
                value = payload.get(key)
                if (isinstance(field, ma.fields.Boolean) and value is not None
                        and not isinstance(value, bool)):
                    raise ma.ValidationError({key: ["Not a valid boolean: send true or false."]})
        return payload

    @ma.pre_load
    def trim_text(self, payload, **kwargs):
        """Surrounding spaces are never meant: "  " is blank, and blank fails min-length."""
        if not isinstance(payload, dict):
            return payload
        return {
            name: value.strip() if isinstance(value, str) else value
            for name, value in payload.items()
        }


class NoFields(WriteSchema):
    """The body of an action that takes no input: anything sent is refused, never ignored."""


class ListArgs(WriteSchema):
    limit = ma.fields.Integer(
        load_default=10,
        validate=ma.validate.Range(min=1, max=100),
        metadata={"description": "page size, 1 to 100"},
    )
    starting_after = ma.fields.String(
        metadata={"description": "id of the last object of the previous page: the next page"}
    )
    ending_before = ma.fields.String(
        metadata={"description": "id of the first object of the page read: the page before it"}
    )


_list_schemas: dict[type, type] = {}


def list_of(item_schema: type[ma.Schema]) -> type[ma.Schema]:
    """The list object `{object: "list", data: [...], has_more}` around `item_schema`."""
    if item_schema not in _list_schemas:
        name = item_schema.__name__.removesuffix("Read") + "List"
        _list_schemas[item_schema] = type(
            name,
            (ma.Schema,),
            {
                "object": ma.fields.Constant("list"),
                "data": ma.fields.List(ma.fields.Nested(item_schema)),
                "has_more": ma.fields.Boolean(),
            },
        )
    return _list_schemas[item_schema]


def list_body(items: list, has_more: bool) -> dict:
    return {"data": items, "has_more": has_more}


def deleted(read_schema: type[ma.Schema]) -> type[ma.Schema]:
    """What a DELETE answers, as Stripe's do: the object as it now is, with `deleted: true`."""
    return type(f"Deleted{read_schema.__name__}", (read_schema,), {
        "deleted": ma.fields.Constant(True, metadata={"description": "Always true."}),
    })


def metadata_field() -> ma.fields.Dict:
    """`metadata` as sent: string keys and values (limits and "" removing a key: core.metadata)."""
    return ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.String(),
        metadata={"description": "your own keys and values (50 keys, keys up to 40 characters, "
                  "values up to 500); on update, \"\" removes a key and keys not sent stay"})


def metadata_read() -> ma.fields.Dict:
    return ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.String(),
                          attribute="metadata_",
                          metadata={"description": "your own keys and values"})
