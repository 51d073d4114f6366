"""Every module that defines a table, imported in one place so SQLAlchemy's metadata is whole.

The app factory imports this module, and so does Alembic's `migrations/env.py`: a query, a
`create_all` in the tests and `flask db migrate` all see every table, whichever services a code
path happened to import first. A new models module is added here (tests/unit/test_models_registry.py
fails until it is).
"""

from api.request import idempotency
from core import periodic
from core.events import models as events_models
from core.merchants import exchange_rates
from core.merchants import models as merchants_models
from core.users import models as users_models
from referrals.clicks import models as clicks_models
from referrals.journey import models as journey_models
from referrals.members import models as members_models
from referrals.messages import models as messages_models
from referrals.promoters import evidence_models
from referrals.promoters import models as promoters_models
from referrals.shares import models as shares_models
from referrals.signups import models as signups_models
from referrals.stripe import models as stripe_models
from referrals.widget import models as widget_models
from rewards.catalog import models as catalog_models
from rewards.ledger import models as ledger_models
from rewards.orders import models as orders_models
from rewards.program import models as program_models
from rewards.redemptions import models as redemptions_models

MODEL_MODULES = (
    events_models,
    exchange_rates,
    merchants_models,
    periodic,
    users_models,
    promoters_models,
    evidence_models,
    clicks_models,
    shares_models,
    signups_models,
    journey_models,
    members_models,
    messages_models,
    stripe_models,
    widget_models,
    ledger_models,
    orders_models,
    program_models,
    catalog_models,
    redemptions_models,
    idempotency,
)
