"""Stripe-shaped metadata on promoters, referrals, orders, rules, redemptions and webhook
endpoints

Revision ID: 6a1d3f0b2c11
Revises: 5e7d1c2a9b30
Create Date: 2026-12-07 20:40:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '6a1d3f0b2c11'
down_revision = '5e7d1c2a9b30'
branch_labels = None
depends_on = None

TABLES = ("promoters", "referrals", "orders", "rules", "redemptions", "webhook_endpoints")


def upgrade():
    for table in TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('metadata', sa.JSON(), nullable=False,
                                          server_default=sa.text("'{}'")))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('metadata')
