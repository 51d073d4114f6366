"""exchange rates a merchant sets, to their own currency

Revision ID: 887f2407a063
Revises: 76ced9be11f0
Create Date: 2026-12-07 14:20:00.000000

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = '887f2407a063'
down_revision = '76ced9be11f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('exchange_rates',
    sa.Column('merchant_id', sa.String(length=40), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('to_currency', sa.String(length=3), nullable=False),
    sa.Column('rate', sa.String(length=32), nullable=False),
    sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('currency <> to_currency', name=op.f('ck_exchange_rates_not_own_currency')),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], name=op.f('fk_exchange_rates_merchant_id_merchants')),
    sa.PrimaryKeyConstraint('merchant_id', 'currency', name=op.f('pk_exchange_rates'))
    )


def downgrade():
    op.drop_table('exchange_rates')
