"""Two-factor sign-in: user_two_factor, user_recovery_codes, merchants.require_two_factor

Revision ID: 7a3f9c1d2e40
Revises: 6a1d3f0b2c11
Create Date: 2026-12-07 20:30:00

"""
import sqlalchemy as sa
from alembic import op

import core.db

# revision identifiers, used by Alembic.
revision = '7a3f9c1d2e40'
down_revision = '6a1d3f0b2c11'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'user_two_factor',
        sa.Column('user_id', sa.String(length=40), nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('secret_sealed', sa.Text(), nullable=False),
        sa.Column('confirmed_at', core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_step', sa.BigInteger(), nullable=True),
        sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_user_two_factor_merchant_id_merchants')),
        sa.ForeignKeyConstraint(['user_id'], ['merchant_users.id'],
                                name=op.f('fk_user_two_factor_user_id_merchant_users')),
        sa.PrimaryKeyConstraint('user_id', name=op.f('pk_user_two_factor')),
    )
    op.create_table(
        'user_recovery_codes',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('user_id', sa.String(length=40), nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('code_digest', sa.String(length=64), nullable=False),
        sa.Column('used_at', core.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_user_recovery_codes_merchant_id_merchants')),
        sa.ForeignKeyConstraint(['user_id'], ['merchant_users.id'],
                                name=op.f('fk_user_recovery_codes_user_id_merchant_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_recovery_codes')),
        sa.UniqueConstraint('user_id', 'code_digest',
                            name='uq_user_recovery_codes_user_id_code'),
    )
    with op.batch_alter_table('user_recovery_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_recovery_codes_user_id'), ['user_id'],
                              unique=False)
    with op.batch_alter_table('merchants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('require_two_factor', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('merchants', schema=None) as batch_op:
        batch_op.drop_column('require_two_factor')
    with op.batch_alter_table('user_recovery_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_recovery_codes_user_id'))
    op.drop_table('user_recovery_codes')
    op.drop_table('user_two_factor')
