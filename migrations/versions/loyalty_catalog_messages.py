"""rewards catalog and code pools, member messages, unsubscribes

Revision ID: 7a4c2e9f1b63
Revises: 6a1f0d3c7e42
Create Date: 2026-12-07 20:30:00

"""
from alembic import op
import sqlalchemy as sa

import core.db


# revision identifiers, used by Alembic.
revision = '7a4c2e9f1b63'
down_revision = '6a1f0d3c7e42'
branch_labels = None
depends_on = None

CATALOG_KINDS = ("'store_credit', 'amount_coupon', 'percent_coupon', 'free_shipping', "
                 "'free_product', 'code_pool'")
AMOUNT_KINDS = "'store_credit', 'amount_coupon'"
MESSAGE_KINDS = "'reward_earned', 'points_expiring', 'birthday', 'tier_reached'"


def upgrade():
    op.create_table(
        'catalog_rewards',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('description', sa.Text(), nullable=True),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('points_cost', sa.BigInteger(), nullable=False),
        sa.Column('amount', sa.BigInteger(), nullable=True),
        sa.Column('currency', sa.String(length=3), nullable=True),
        sa.Column('percent_off', sa.Integer(), nullable=True),
        sa.Column('product', sa.String(length=200), nullable=True),
        sa.Column('per_member_limit', sa.Integer(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"kind IN ({CATALOG_KINDS})", name=op.f('ck_catalog_rewards_kind')),
        sa.CheckConstraint('points_cost > 0', name=op.f('ck_catalog_rewards_points_cost')),
        sa.CheckConstraint(
            f"(kind IN ({AMOUNT_KINDS}) AND amount > 0 AND currency IS NOT NULL)"
            f" OR (kind NOT IN ({AMOUNT_KINDS}) AND amount IS NULL)",
            name=op.f('ck_catalog_rewards_amount')),
        sa.CheckConstraint("kind <> 'percent_coupon' OR percent_off BETWEEN 1 AND 100",
                           name=op.f('ck_catalog_rewards_percent_off')),
        sa.CheckConstraint('per_member_limit IS NULL OR per_member_limit > 0',
                           name=op.f('ck_catalog_rewards_per_member_limit')),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_catalog_rewards_merchant_id_merchants')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_catalog_rewards')),
    )
    op.create_index('ix_catalog_rewards_merchant_id_points_cost', 'catalog_rewards',
                    ['merchant_id', 'points_cost'])

    with op.batch_alter_table('redemptions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('catalog_reward_id', sa.String(length=40), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_redemptions_catalog_reward_id_catalog_rewards'),
                                    'catalog_rewards', ['catalog_reward_id'], ['id'])
        batch_op.create_index('ix_redemptions_promoter_id_catalog_reward_id',
                              ['promoter_id', 'catalog_reward_id'])

    op.create_table(
        'reward_codes',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('catalog_reward_id', sa.String(length=40), nullable=False),
        sa.Column('code', sa.String(length=64), nullable=False),
        sa.Column('redemption_id', sa.String(length=40), nullable=True),
        sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('issued_at', core.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['catalog_reward_id'], ['catalog_rewards.id'],
                                name=op.f('fk_reward_codes_catalog_reward_id_catalog_rewards')),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_reward_codes_merchant_id_merchants')),
        sa.ForeignKeyConstraint(['redemption_id'], ['redemptions.id'],
                                name=op.f('fk_reward_codes_redemption_id_redemptions')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reward_codes')),
        sa.UniqueConstraint('catalog_reward_id', 'code',
                            name=op.f('uq_reward_codes_catalog_reward_id_code')),
        sa.UniqueConstraint('redemption_id', name=op.f('uq_reward_codes_redemption_id')),
    )
    op.create_index('ix_reward_codes_catalog_reward_id_redemption_id', 'reward_codes',
                    ['catalog_reward_id', 'redemption_id'])

    op.create_table(
        'sent_messages',
        sa.Column('id', sa.String(length=40), nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('promoter_id', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('cause_id', sa.String(length=64), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('failure_reason', sa.String(length=300), nullable=True),
        sa.Column('created_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('sent_at', core.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(f"kind IN ({MESSAGE_KINDS})", name=op.f('ck_sent_messages_kind')),
        sa.CheckConstraint(
            "status IN ('pending', 'sending', 'sent', 'failed', 'skipped')",
            name=op.f('ck_sent_messages_status')),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_sent_messages_merchant_id_merchants')),
        sa.ForeignKeyConstraint(['promoter_id'], ['promoters.id'],
                                name=op.f('fk_sent_messages_promoter_id_promoters')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_messages')),
        sa.UniqueConstraint('merchant_id', 'promoter_id', 'kind', 'cause_id',
                            name=op.f('uq_sent_messages_merchant_id_promoter_id_kind_cause_id')),
    )
    op.create_index('ix_sent_messages_status_id', 'sent_messages', ['status', 'id'])
    op.create_index('ix_sent_messages_merchant_id_id', 'sent_messages', ['merchant_id', 'id'])

    op.create_table(
        'message_templates',
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=True),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('updated_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(f"kind IN ({MESSAGE_KINDS})", name=op.f('ck_message_templates_kind')),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_message_templates_merchant_id_merchants')),
        sa.PrimaryKeyConstraint('merchant_id', 'kind', name=op.f('pk_message_templates')),
    )

    op.create_table(
        'message_unsubscribes',
        sa.Column('promoter_id', sa.String(length=40), nullable=False),
        sa.Column('merchant_id', sa.String(length=40), nullable=False),
        sa.Column('unsubscribed_at', core.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'],
                                name=op.f('fk_message_unsubscribes_merchant_id_merchants')),
        sa.ForeignKeyConstraint(['promoter_id'], ['promoters.id'],
                                name=op.f('fk_message_unsubscribes_promoter_id_promoters')),
        sa.PrimaryKeyConstraint('promoter_id', name=op.f('pk_message_unsubscribes')),
    )


def downgrade():
    op.drop_table('message_unsubscribes')
    op.drop_table('message_templates')
    op.drop_index('ix_sent_messages_merchant_id_id', table_name='sent_messages')
    op.drop_index('ix_sent_messages_status_id', table_name='sent_messages')
    op.drop_table('sent_messages')
    op.drop_index('ix_reward_codes_catalog_reward_id_redemption_id', table_name='reward_codes')
    op.drop_table('reward_codes')
    with op.batch_alter_table('redemptions', schema=None) as batch_op:
        batch_op.drop_index('ix_redemptions_promoter_id_catalog_reward_id')
        batch_op.drop_constraint('fk_redemptions_catalog_reward_id_catalog_rewards',
                                 type_='foreignkey')
        batch_op.drop_column('catalog_reward_id')
    op.drop_index('ix_catalog_rewards_merchant_id_points_cost', table_name='catalog_rewards')
    op.drop_table('catalog_rewards')
