"""A promoter's Stripe friend code follows their standing: active, state_version, synced_version

Revision ID: 619295e2b9fc
Revises: 887f2407a063
Create Date: 2026-12-07 15:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '619295e2b9fc'
down_revision = '887f2407a063'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('stripe_promotion_codes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('state_version', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('synced_version', sa.Integer(), server_default='0', nullable=False))
    # Codes of promoters blocked or erased before this revision are still active in Stripe:
    # marked due, so the next `goodword retry-payouts` deactivates them.
    op.execute(
        "UPDATE stripe_promotion_codes SET active = false, state_version = 1 WHERE promoter_id IN "
        "(SELECT id FROM promoters WHERE status <> 'active' OR erased_at IS NOT NULL)"
    )


def downgrade():
    with op.batch_alter_table('stripe_promotion_codes', schema=None) as batch_op:
        batch_op.drop_column('synced_version')
        batch_op.drop_column('state_version')
        batch_op.drop_column('active')
