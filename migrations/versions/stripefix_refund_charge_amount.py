"""A Stripe refund keeps its charge's amount and currency: stripe_events.charge_amount/currency

Revision ID: b7bae8e5e135
Revises: 45c4fcb49ca6
Create Date: 2026-12-07 15:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7bae8e5e135'
down_revision = '45c4fcb49ca6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stripe_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('charge_amount', sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column('charge_currency', sa.String(length=3), nullable=True))


def downgrade():
    with op.batch_alter_table('stripe_events', schema=None) as batch_op:
        batch_op.drop_column('charge_currency')
        batch_op.drop_column('charge_amount')
