"""/v1/exchange_rates: what an order in another currency is worth to the merchant's rules."""

import marshmallow as ma
from flask.views import MethodView

from api.request.blueprints import secret_blueprint
from api.request.context import current_merchant, now
from api.request.schemas import WriteSchema, deleted, list_body, list_of
from core.db import db
from core.merchants import exchange_rates as rates_service

blp = secret_blueprint(
    "exchange_rates", __name__, url_prefix="/v1/exchange_rates",
    description="Exchange rates to the merchant's currency: an order in another currency "
    "earns from rules that pay by amount only through one of these.",
)


class ExchangeRateRead(ma.Schema):
    object = ma.fields.Constant("exchange_rate")
    currency = ma.fields.String()
    to_currency = ma.fields.String(metadata={"description": "the merchant's currency"})
    rate = ma.fields.String(
        metadata={"description": "major units of to_currency one major unit of currency is "
                  "worth, as exact decimal text"})
    updated_at = ma.fields.AwareDateTime()


class ExchangeRateSet(WriteSchema):
    currency = ma.fields.String(
        required=True, validate=ma.validate.Length(equal=3),
        metadata={"description": "ISO 4217 code of the orders' currency, such as VND"})
    rate = ma.fields.String(
        required=True, validate=ma.validate.Length(min=1, max=32),
        metadata={"description": 'what one unit of currency is worth in the merchant\'s '
                  'currency, as a decimal string ("0.00004": 1 VND is 0.00004 USD); never a '
                  "JSON number, which could not be kept exact"})


@blp.route("")
class ExchangeRateCollection(MethodView):
    @blp.arguments(ExchangeRateSet)
    @blp.response(201, ExchangeRateRead)
    @blp.alt_response(200, schema=ExchangeRateRead, description="replaced the rate set before")
    def post(self, fields):
        """Set the rate for one currency (replacing any earlier one). Orders recorded from now
        on convert at it, rounding down; orders already recorded keep what they earned."""
        rate, created = rates_service.set_rate(
            db.session, merchant=current_merchant(), now=now(), **fields)
        return rate, 201 if created else 200

    @blp.response(200, list_of(ExchangeRateRead))
    def get(self):
        """Every rate the merchant set, by currency."""
        return list_body(rates_service.list_rates(db.session, merchant=current_merchant()),
                         False)


@blp.route("/<currency>")
class ExchangeRateItem(MethodView):
    @blp.response(200, ExchangeRateRead)
    def get(self, currency):
        """The rate for one currency."""
        return rates_service.get_rate(db.session, merchant=current_merchant(),
                                      currency=currency)

    @blp.response(200, deleted(ExchangeRateRead))
    def delete(self, currency):
        """Remove the rate: orders in that currency earn nothing again from rules that count
        another currency."""
        return rates_service.remove_rate(db.session, merchant=current_merchant(),
                                         currency=currency)
