"""Delayed Stripe payment methods: stripe_pending_payments keeps a purchase until it is paid

Revision ID: 5e7d1c2a9b30
Revises: 5e3a1c7b9d20
Create Date: 2026-12-07 18:30:00

"""
import sqlalchemy as sa
from alembic import op

import core.db

# revision identifiers, used by Alembic.
revision = '5e7d1c2a9b30'
down_revision = '5e3a1c7b9d20'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'stripe_pending_payments',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('reference', sa.String(length=255), nullable=False),
        sa.Column('checkout_session', sa.String(length=255), nullable=True),
        sa.Column('customer', sa.String(length=255), nullable=True),
        sa.Column('click_id', sa.String(length=512), nullable=True),
        sa.Column('token', sa.String(length=512), nullable=True),
        sa.Column('code', sa.String(length=512), nullable=True),
        sa.Column('promotion_code_id', sa.String(length=512), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('started_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('closed_at', core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_stripe_pending_payments_merchant_id_merchants')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_stripe_pending_payments')),
        sa.UniqueConstraint('merchant_id', 'reference',
                            name=op.f('uq_stripe_pending_payments_merchant_id_reference')),
    )


def downgrade():
    op.drop_table('stripe_pending_payments')
