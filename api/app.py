"""The application factory."""

from pathlib import Path

from flask import Flask
from flask_cors import CORS
from flask_migrate import Migrate
from flask_smorest import Api
from werkzeug.middleware.proxy_fix import ProxyFix

from api import (
    dashboard,
    models_registry,  # noqa: F401 -- every table, before any query or migration
    openapi_document,
    redirects,
    reference_route,
    stripe_webhooks,
)
from api.cli import commands, seed, worker
from api.config import engine_options, from_environment
from api.guards import (
    limits,
    nul_characters,
    security_headers,
    sign_in_alert_emails,
    sign_in_limits,
)
from api.guards.limits import limit_clicks
from api.pages import demo_shop, landing, unsubscribe
from api.portal import views as portal
from api.request import errors, request_id, unit_of_work
from api.request.blueprints import ID_CONVERTERS
from api.v1 import (
    activities,
    api_keys,
    catalog,
    events,
    exchange_rates,
    ledger,
    loyalty_stats,
    merchant,
    orders,
    promoters,
    redemptions,
    referrals,
    review_cases,
    rules,
    stats,
    tiers,
    webhook_endpoints,
)
from api.widget import admin as widget_admin
from api.widget import public as widget_public
from api.widget import script as widget_script
from core.clock import SystemClock
from core.db import db
from referrals.promoters import facts as referral_facts
from referrals.signups.emails import load_disposable_domains
from rewards import ports as rewards_ports

ROOT = Path(__file__).resolve().parent.parent

migrate = Migrate()


class GoodwordApi(Api):
    """flask-smorest, documenting and answering errors with Goodword's error object."""

    ERROR_SCHEMA = errors.ErrorResponse

    def handle_http_exception(self, error):
        return errors.handle_http_exception(error)


def create_app(test_config: dict | None = None) -> Flask:
    instance_path = ROOT / "instance"
    app = Flask(
        __name__,
        instance_path=str(instance_path),
        template_folder=str(ROOT / "templates"),
    )
    app.config.update(from_environment(str(instance_path)))
    app.config.update(
        API_TITLE="Goodword",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/v1",
        OPENAPI_JSON_PATH="openapi.json",
        OPENAPI_SWAGGER_UI_PATH="docs",
        OPENAPI_SWAGGER_UI_URL="/v1/docs/assets/",
        API_SPEC_OPTIONS={
            "security": [{"bearerAuth": []}],
            "components": {
                "securitySchemes": {
                    "bearerAuth": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A secret key sk_test_... or sk_live_...",
                    },
                    "publishableKey": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "A publishable key pk_test_...: widget routes only",
                    },
                }
            },
        },
    )
    if test_config:
        app.config.update(test_config)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["DATABASE_POOL_SIZE"]))
    instance_path.mkdir(exist_ok=True)
    app.extensions["goodword_clock"] = app.config.get("CLOCK") or SystemClock()
    app.extensions["goodword_disposable_domains"] = load_disposable_domains(
        Path(app.config["DISPOSABLE_DOMAINS_FILE"]) if app.config["DISPOSABLE_DOMAINS_FILE"]
        else None
    )

    if app.config["TRUSTED_PROXIES"]:
        # Behind a load balancer the shopper's address is in X-Forwarded-For; trust exactly as
        # many hops as there are proxies, or anyone could choose the address we hash.
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    rewards_ports.plug(referral_facts)
    db.init_app(app)
    unit_of_work.init_app(app)
    request_id.init_app(app)
    limits.init_app(app)
    sign_in_limits.init_app(app)
    sign_in_alert_emails.init_app(app)
    migrate.init_app(
        app, db, directory=str(ROOT / "migrations"), render_as_batch=True, compare_type=True
    )
    app.config["API_SPEC_OPTIONS"] = {
        **app.config["API_SPEC_OPTIONS"], **openapi_document.spec_options(app.config["PUBLIC_URL"])
    }
    api = GoodwordApi(app, spec_kwargs={"extra_plugins": [openapi_document.GoodwordSpecPlugin()]})
    openapi_document.field_types(api)
    for name, converter in ID_CONVERTERS.items():
        api.register_converter(converter, lambda converter: {"type": "string"})
        app.url_map.converters[name] = converter
    for blueprint in (
        merchant.blp, api_keys.blp, promoters.blp, referrals.blp, referrals.settings_blp,
        review_cases.blp,
        stats.blp, orders.blp, redemptions.blp, ledger.blp, widget_public.blp, rules.blp, tiers.blp,
        widget_admin.sessions_blp, widget_admin.settings_blp, widget_admin.feedback_blp,
        events.blp, webhook_endpoints.blp, exchange_rates.blp, activities.blp, catalog.blp,
        loyalty_stats.blp,
    ):
        api.register_blueprint(blueprint)
    api.register_blueprint(portal.sessions_blp)
    app.register_blueprint(landing.blp)
    app.register_blueprint(dashboard.blp)
    app.register_blueprint(portal.blp)
    app.register_blueprint(unsubscribe.blp)
    app.register_blueprint(redirects.blp)
    limit_clicks(app)
    app.register_blueprint(stripe_webhooks.blp)
    app.register_blueprint(widget_script.blp)
    if app.config["GOODWORD_ENV"] != "production":
        # A pretend shop with a public key and writes on GET has no place on a real server.
        app.register_blueprint(demo_shop.blp)
    if app.config["BENCH_REFERENCE_ROUTE"]:
        app.register_blueprint(reference_route.blp)
        api.register_blueprint(reference_route.orders_blp)
    openapi_document.document_redirect(api, app)
    openapi_document.unused_components(api)
    CORS(app, resources=widget_public.CORS_RESOURCES)
    errors.register_error_handlers(app)
    nul_characters.init_app(app)
    security_headers.init_app(app)
    commands.register_commands(app)
    for command in tiers.tiers_cli.commands.values():
        app.cli.add_command(command)
    app.cli.add_command(worker.worker_command)
    app.cli.add_command(seed.seed_command)
    return app
