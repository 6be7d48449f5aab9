"""sales

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05 09:51:48.841562
"""

from alembic import op
import sqlalchemy as sa


revision = '0029'
down_revision = '0028'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('sales_orders',
    sa.Column('workspace_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=8), nullable=False),
    sa.Column('ordered_at', sa.DateTime(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('total_minor', sa.BigInteger(), nullable=False),
    sa.Column('refunded_minor', sa.BigInteger(), nullable=False),
    sa.Column('discount_codes', sa.JSON(), nullable=False),
    sa.Column('landing_site', sa.String(length=1000), nullable=False),
    sa.Column('customer_hash', sa.String(length=64), nullable=True),
    sa.Column('financial_status', sa.String(length=24), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_sales_orders_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sales_orders'))
    )
    with op.batch_alter_table('sales_orders', schema=None) as batch_op:
        batch_op.create_index('ix_sales_orders_time', ['workspace_id', 'ordered_at'], unique=False)
        batch_op.create_index('uq_sales_orders_external', ['workspace_id', 'external_id'], unique=True)

    op.create_table('shop_webhooks',
    sa.Column('workspace_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('public_id', sa.String(length=40), nullable=False),
    sa.Column('secret_encrypted', sa.Text(), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_shop_webhooks_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_shop_webhooks_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_webhooks')),
    sa.UniqueConstraint('public_id', name=op.f('uq_shop_webhooks_public_id')),
    sa.UniqueConstraint('workspace_id', name=op.f('uq_shop_webhooks_workspace_id'))
    )
    op.create_table('shop_webhook_deliveries',
    sa.Column('webhook_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('delivery_id', sa.String(length=100), nullable=False),
    sa.Column('received_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['webhook_id'], ['shop_webhooks.id'], name=op.f('fk_shop_webhook_deliveries_webhook_id_shop_webhooks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shop_webhook_deliveries'))
    )
    with op.batch_alter_table('shop_webhook_deliveries', schema=None) as batch_op:
        batch_op.create_index('uq_shop_webhook_deliveries', ['webhook_id', 'delivery_id'], unique=True)

    op.create_table('creator_tracking',
    sa.Column('workspace_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('code_key', sa.String(length=40), nullable=False),
    sa.Column('landing_url', sa.String(length=500), nullable=False),
    sa.Column('utm_campaign', sa.String(length=80), nullable=False),
    sa.Column('utm_content', sa.String(length=80), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_creator_id'], ['campaign_creators.id'], name=op.f('fk_creator_tracking_campaign_creator_id_campaign_creators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_creator_tracking_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_creator_tracking_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_tracking')),
    sa.UniqueConstraint('campaign_creator_id', name=op.f('uq_creator_tracking_campaign_creator_id'))
    )
    with op.batch_alter_table('creator_tracking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creator_tracking_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('uq_creator_tracking_code', ['workspace_id', 'code_key'], unique=True)
        batch_op.create_index('uq_creator_tracking_utm', ['workspace_id', 'utm_campaign', 'utm_content'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('creator_tracking', schema=None) as batch_op:
        batch_op.drop_index('uq_creator_tracking_utm')
        batch_op.drop_index('uq_creator_tracking_code')
        batch_op.drop_index(batch_op.f('ix_creator_tracking_campaign_id'))

    op.drop_table('creator_tracking')
    with op.batch_alter_table('shop_webhook_deliveries', schema=None) as batch_op:
        batch_op.drop_index('uq_shop_webhook_deliveries')

    op.drop_table('shop_webhook_deliveries')
    op.drop_table('shop_webhooks')
    with op.batch_alter_table('sales_orders', schema=None) as batch_op:
        batch_op.drop_index('uq_sales_orders_external')
        batch_op.drop_index('ix_sales_orders_time')

    op.drop_table('sales_orders')
