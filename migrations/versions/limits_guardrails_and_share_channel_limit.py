"""limits: owner guardrails on merchants, per-channel share limit on rules

Revision ID: 76ced9be11f0
Revises: 73f7fc8196c0
Create Date: 2026-12-07 14:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '76ced9be11f0'
down_revision = '73f7fc8196c0'
branch_labels = None
depends_on = None


def upgrade():
    # Existing merchants get the defaults: every rule and tier they have keeps saving, and an
    # award beyond them is capped from now on (see rewards/program/guardrails.py).
    with op.batch_alter_table('merchants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('max_award_points', sa.BigInteger(), server_default='100000', nullable=False))
        batch_op.add_column(sa.Column('max_award_credit', sa.BigInteger(), server_default='100000', nullable=False))
        batch_op.add_column(sa.Column('min_hold_days', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_check_constraint(op.f('ck_merchants_guardrails'), "max_award_points > 0 AND max_award_credit > 0 AND min_hold_days BETWEEN 0 AND 365")

    # Rule versions are append-only, so existing share rules are not rewritten: a share rule
    # with no per_channel_days is evaluated with the default of 1 (rewards/program/rules.py).
    with op.batch_alter_table('rule_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('per_channel_days', sa.Integer(), nullable=True))


def downgrade():
    with op.batch_alter_table('rule_versions', schema=None) as batch_op:
        batch_op.drop_column('per_channel_days')

    with op.batch_alter_table('merchants', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_merchants_guardrails'), type_='check')
        batch_op.drop_column('min_hold_days')
        batch_op.drop_column('max_award_credit')
        batch_op.drop_column('max_award_points')
