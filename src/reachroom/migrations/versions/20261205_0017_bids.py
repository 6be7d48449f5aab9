"""bids

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 01:10:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('creator_bids',
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('creator_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fee_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('gifted_only', sa.Boolean(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('campaign_creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], name=op.f('fk_creator_bids_account_id_social_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_creator_id'], ['campaign_creators.id'], name=op.f('fk_creator_bids_campaign_creator_id_campaign_creators'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_creator_bids_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['creator_user_id'], ['creator_users.id'], name=op.f('fk_creator_bids_creator_user_id_creator_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_bids'))
    )
    with op.batch_alter_table('creator_bids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creator_bids_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_creator_bids_creator_user_id'), ['creator_user_id'], unique=False)

    op.create_table('creator_bid_messages',
    sa.Column('bid_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('author', sa.String(length=8), nullable=False),
    sa.Column('fee_minor', sa.BigInteger(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['bid_id'], ['creator_bids.id'], name=op.f('fk_creator_bid_messages_bid_id_creator_bids'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_bid_messages'))
    )
    with op.batch_alter_table('creator_bid_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creator_bid_messages_bid_id'), ['bid_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('creator_bid_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creator_bid_messages_bid_id'))

    op.drop_table('creator_bid_messages')
    with op.batch_alter_table('creator_bids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creator_bids_creator_user_id'))
        batch_op.drop_index(batch_op.f('ix_creator_bids_campaign_id'))

    op.drop_table('creator_bids')
