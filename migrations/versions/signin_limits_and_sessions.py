"""Sign-in limits counted in the database, and dashboard sessions the server can end

Revision ID: 6a1f3c9d2b47
Revises: 7a1c4e9b2d60
Create Date: 2026-12-07 20:10:00

"""
import sqlalchemy as sa
from alembic import op

import core.db

# revision identifiers, used by Alembic.
revision = '6a1f3c9d2b47'
down_revision = '7a1c4e9b2d60'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'dashboard_sessions',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.String(length=40), nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_dashboard_sessions_merchant_id_merchants')),
        sa.ForeignKeyConstraint(['user_id'], ['merchant_users.id'],
                                name=op.f('fk_dashboard_sessions_user_id_merchant_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_dashboard_sessions')),
    )
    with op.batch_alter_table('dashboard_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dashboard_sessions_user_id'), ['user_id'],
                              unique=False)
    op.create_table(
        'sign_in_buckets',
        sa.Column('bucket', sa.String(length=80), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('opens_at', sa.BigInteger(), nullable=False),
        sa.Column('next_delay', sa.Integer(), nullable=False),
        sa.Column('expires_at', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('bucket', name=op.f('pk_sign_in_buckets')),
    )
    with op.batch_alter_table('sign_in_buckets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sign_in_buckets_expires_at'), ['expires_at'],
                              unique=False)


def downgrade():
    op.drop_table('sign_in_buckets')
    op.drop_table('dashboard_sessions')
