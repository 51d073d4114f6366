"""An order says why its click, token or code credited nobody: orders.attribution_refusal

Revision ID: 45c4fcb49ca6
Revises: 619295e2b9fc
Create Date: 2026-12-07 15:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '45c4fcb49ca6'
down_revision = '619295e2b9fc'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('attribution_refusal', sa.String(length=40), nullable=True))


def downgrade():
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('attribution_refusal')
