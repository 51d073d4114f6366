"""The migrations, not create_all, build the schema, and they build exactly the models."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from core.db import db
from core.jobs import include_in_model_comparison

# procrastinate's tables (PostgreSQL only) come from its own SQL, not from the models.
OPTIONS = {"compare_type": True, "include_object": include_in_model_comparison}


def test_there_is_one_head(app):
    with app.app_context():
        config = app.extensions["migrate"].migrate.get_config()
        assert len(ScriptDirectory.from_config(config).get_heads()) == 1


def test_upgrade_head_on_an_empty_database_yields_exactly_the_models(app):
    """The session started from an empty database and ran `upgrade`; nothing may differ."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=OPTIONS)
        assert compare_metadata(context, db.metadata) == []


def test_downgrade_to_base_and_back_leaves_the_same_schema(app):
    with app.app_context():
        downgrade(revision="base")
        with db.engine.connect() as connection:
            assert db.inspect(connection).get_table_names() in ([], ["alembic_version"])
        upgrade()
        with db.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts=OPTIONS)
            assert compare_metadata(context, db.metadata) == []


def test_sharding_the_ledger_keeps_the_books_of_a_database_holding_postings(app, merchant,
                                                                           clock):
    """Down to the revision before merchant-side shards and back up again with postings in the
    books, the merchant's on several shards: both ways go through (the shards merged into one
    row going down), and the trial balance is the same, zero, after each."""
    from referrals.promoters import service as promoters_service
    from rewards.earning import service as earning
    from rewards.events import Award
    from rewards.ledger import statements

    with app.app_context():
        for n, amount in enumerate((100, 250, 40)):
            db.session.info["ledger_shard"] = (0, 7, 31)[n]
            promoter, _ = promoters_service.enroll_promoter(
                db.session, merchant_id=merchant.id, now=clock.now(), external_id=f"cus_{n % 2}")
            award = Award(rule_id="rul_x", rule_version=1, beneficiary="referrer",
                          promoter_id=promoter.id, kind="points", unit="points", amount=amount,
                          hold_days=0, description="migrated")
            earning.grant_all(db.session, merchant_id=merchant.id, awards=[award],
                              cause_type="test", cause_id=f"c{n}", now=clock.now())
        db.session.commit()
        before = statements.trial_balance(db.session, merchant_id=merchant.id)
        db.session.remove()
        downgrade(revision="306d23355395")
        with db.engine.connect() as connection:
            merchant_rows = connection.execute(text(
                "SELECT kind, balance FROM ledger_accounts WHERE owner = 'merchant'")).all()
        upgrade()
        after = statements.trial_balance(db.session, merchant_id=merchant.id)
    assert merchant_rows == [("issued", -390)]
    assert before == after
    assert [(t.by_kind, t.accounts_total, t.accounts_match_entries) for t in after] == [
        ({"issued": -390, "pending": 390}, 0, True)
    ]
