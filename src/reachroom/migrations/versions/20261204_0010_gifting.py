"""gifting: campaign products (SKU, variants, value) and shipments (encrypted address, carrier, tracking, status)

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 23:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

BIG_ID = sa.BigInteger().with_variant(sa.Integer(), 'sqlite')


def upgrade() -> None:
    op.create_table('campaign_products',
    sa.Column('campaign_id', BIG_ID, nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('sku', sa.String(length=64), nullable=False),
    sa.Column('variants', sa.JSON(), nullable=False),
    sa.Column('value_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('created_by', BIG_ID, nullable=True),
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_products_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_campaign_products_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_products')),
    sa.UniqueConstraint('campaign_id', 'sku', name=op.f('uq_campaign_products_campaign_id_sku'))
    )
    with op.batch_alter_table('campaign_products', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_products_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('campaign_shipments',
    sa.Column('campaign_creator_id', BIG_ID, nullable=False),
    sa.Column('product_id', BIG_ID, nullable=False),
    sa.Column('variant', sa.String(length=80), nullable=False),
    sa.Column('recipient_encrypted', sa.Text(), nullable=False),
    sa.Column('address_encrypted', sa.Text(), nullable=False),
    sa.Column('address_erased_at', sa.DateTime(), nullable=True),
    sa.Column('carrier', sa.String(length=40), nullable=False),
    sa.Column('tracking_number', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('shipped_at', sa.DateTime(), nullable=True),
    sa.Column('delivered_at', sa.DateTime(), nullable=True),
    sa.Column('shipping_cost_minor', sa.BigInteger(), nullable=False),
    sa.Column('created_by', BIG_ID, nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', BIG_ID, autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_creator_id'], ['campaign_creators.id'], name=op.f('fk_campaign_shipments_campaign_creator_id_campaign_creators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['product_id'], ['campaign_products.id'], name=op.f('fk_campaign_shipments_product_id_campaign_products'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_campaign_shipments_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_shipments'))
    )
    with op.batch_alter_table('campaign_shipments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_shipments_campaign_creator_id'), ['campaign_creator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_shipments_product_id'), ['product_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('campaign_shipments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_shipments_product_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_shipments_campaign_creator_id'))

    op.drop_table('campaign_shipments')
    with op.batch_alter_table('campaign_products', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_products_campaign_id'))

    op.drop_table('campaign_products')
