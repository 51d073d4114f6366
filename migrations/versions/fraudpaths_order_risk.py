"""Risk on orders: the buyer's evidence and the risk decision on orders; card hashes as evidence

Revision ID: 6a1f0d3c7e42
Revises: 6a1f3c9d2b47
Create Date: 2026-12-07 20:10:00

"""
import sqlalchemy as sa
from alembic import op

import core.db

# revision identifiers, used by Alembic.
revision = '6a1f0d3c7e42'
down_revision = '6a1f3c9d2b47'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ip_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('network_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('user_agent', sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column('device_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('card_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('risk_status', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('risk_score', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('risk_reasons', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('risk_decided_at', core.db.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.create_index('ix_orders_referral_id', ['referral_id'], unique=False)
        batch_op.create_index('ix_orders_merchant_id_device_id', ['merchant_id', 'device_id'],
                              unique=False)
        batch_op.create_index('ix_orders_merchant_id_card_hash', ['merchant_id', 'card_hash'],
                              unique=False)
        batch_op.create_check_constraint(
            op.f('ck_orders_risk_status'),
            "risk_status IN ('approved', 'pending_review', 'rejected')")
    with op.batch_alter_table('promoter_evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('card_hash', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('promoter_evidence', schema=None) as batch_op:
        batch_op.drop_column('card_hash')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_orders_risk_status'), type_='check')
        batch_op.drop_index('ix_orders_merchant_id_card_hash')
        batch_op.drop_index('ix_orders_merchant_id_device_id')
        batch_op.drop_index('ix_orders_referral_id')
        for column in ('risk_decided_at', 'risk_reasons', 'risk_score', 'risk_status',
                       'card_hash', 'device_id', 'user_agent', 'network_hash', 'ip_hash'):
            batch_op.drop_column(column)
