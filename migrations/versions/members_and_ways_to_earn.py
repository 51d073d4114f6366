"""members and ways to earn: birthdays, merchant time zone, activities, occasions, rule settings

Revision ID: 5e3a1c7b9d20
Revises: c3f1a9e2d7b4
Create Date: 2026-12-07 18:30:00

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = '5e3a1c7b9d20'
down_revision = 'c3f1a9e2d7b4'
branch_labels = None
depends_on = None


def upgrade():
    # Birthdays and anniversaries fall on the merchant's calendar day (an IANA name).
    with op.batch_alter_table('merchants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), server_default='UTC',
                                      nullable=False))

    # A member is a promoter row; the shop may tell a birth month and day, never a year.
    with op.batch_alter_table('promoters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('birthday', sa.String(length=5), nullable=True))
        batch_op.create_index('ix_promoters_merchant_id_birthday', ['merchant_id', 'birthday'])

    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_order_number', sa.Integer(), nullable=True))

    with op.batch_alter_table('rule_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('nth', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('years', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('activity_type', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('per_promoter_lifetime', sa.Integer(), nullable=True))

    op.create_table(
        'activities',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('promoter_id', sa.String(length=40), nullable=False),
        sa.Column('type', sa.String(length=64), nullable=False),
        sa.Column('external_id', sa.String(length=255), nullable=False),
        sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_activities_merchant_id_merchants')),
        sa.ForeignKeyConstraint(['promoter_id'], ['promoters.id'],
                                name=op.f('fk_activities_promoter_id_promoters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_activities')),
        sa.UniqueConstraint('merchant_id', 'type', 'external_id',
                            name=op.f('uq_activities_merchant_id_type_external_id')),
    )
    op.create_index('ix_activities_promoter_id', 'activities', ['promoter_id'])

    op.create_table(
        'occasions',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('promoter_id', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=12), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('birthday', 'anniversary')", name=op.f('ck_occasions_kind')),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_occasions_merchant_id_merchants')),
        sa.ForeignKeyConstraint(['promoter_id'], ['promoters.id'],
                                name=op.f('fk_occasions_promoter_id_promoters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_occasions')),
        sa.UniqueConstraint('promoter_id', 'kind', 'year',
                            name=op.f('uq_occasions_promoter_id_kind_year')),
    )


def downgrade():
    op.drop_table('occasions')
    op.drop_index('ix_activities_promoter_id', table_name='activities')
    op.drop_table('activities')
    with op.batch_alter_table('rule_versions', schema=None) as batch_op:
        batch_op.drop_column('per_promoter_lifetime')
        batch_op.drop_column('activity_type')
        batch_op.drop_column('years')
        batch_op.drop_column('nth')
    with op.batch_alter_table('orders', schema=None) as batch_op:
        batch_op.drop_column('customer_order_number')
    with op.batch_alter_table('promoters', schema=None) as batch_op:
        batch_op.drop_index('ix_promoters_merchant_id_birthday')
        batch_op.drop_column('birthday')
    with op.batch_alter_table('merchants', schema=None) as batch_op:
        batch_op.drop_column('timezone')
