"""Evidence and risk: referrals keep user agent, device and network; promoter evidence;
fraud settings gain the attribution policy and the risk score's thresholds

Revision ID: c3f1a9e2d7b4
Revises: b7bae8e5e135
Create Date: 2026-12-07 18:00:00

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = 'c3f1a9e2d7b4'
down_revision = 'b7bae8e5e135'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'promoter_evidence',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('promoter_id', sa.String(length=40), nullable=False),
        sa.Column('source', sa.String(length=12), nullable=False),
        sa.Column('visitor_id', sa.String(length=64), nullable=True),
        sa.Column('device_id', sa.String(length=64), nullable=True),
        sa.Column('ip_hash', sa.String(length=64), nullable=True),
        sa.Column('network_hash', sa.String(length=64), nullable=True),
        sa.Column('user_agent', sa.String(length=512), nullable=True),
        sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_promoter_evidence_merchant_id_merchants')),
        sa.ForeignKeyConstraint(['promoter_id'], ['promoters.id'],
                                name=op.f('fk_promoter_evidence_promoter_id_promoters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_promoter_evidence')),
    )
    op.create_index('ix_promoter_evidence_promoter_id', 'promoter_evidence', ['promoter_id'])
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_agent', sa.String(length=512), nullable=True))
        batch_op.add_column(sa.Column('device_id', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('network_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('risk_score', sa.Integer(), nullable=True))
        batch_op.create_index('ix_referrals_merchant_id_device_id', ['merchant_id', 'device_id'])
        batch_op.create_index('ix_referrals_merchant_id_network_hash_created_at',
                              ['merchant_id', 'network_hash', 'created_at'])
    with op.batch_alter_table('fraud_settings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attribution', sa.String(length=12), nullable=False,
                                      server_default='first_click'))
        batch_op.add_column(sa.Column('review_score', sa.Integer(), nullable=False,
                                      server_default='40'))
        batch_op.add_column(sa.Column('reject_score', sa.Integer(), nullable=False,
                                      server_default='80'))
        batch_op.create_check_constraint(
            op.f('ck_fraud_settings_attribution'), "attribution IN ('first_click', 'last_click')")


def downgrade():
    with op.batch_alter_table('fraud_settings', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_fraud_settings_attribution'), type_='check')
        batch_op.drop_column('reject_score')
        batch_op.drop_column('review_score')
        batch_op.drop_column('attribution')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index('ix_referrals_merchant_id_network_hash_created_at')
        batch_op.drop_index('ix_referrals_merchant_id_device_id')
        batch_op.drop_column('risk_score')
        batch_op.drop_column('network_hash')
        batch_op.drop_column('device_id')
        batch_op.drop_column('user_agent')
    op.drop_index('ix_promoter_evidence_promoter_id', table_name='promoter_evidence')
    op.drop_table('promoter_evidence')
