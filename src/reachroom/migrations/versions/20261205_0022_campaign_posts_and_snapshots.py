"""campaign posts and snapshots

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 05:52:54.400928
"""

from alembic import op
import sqlalchemy as sa


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_posts',
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('posted_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('linked_by', sa.String(length=8), nullable=False),
    sa.Column('link_reason', sa.Text(), nullable=False),
    sa.Column('added_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('unlinked_at', sa.DateTime(), nullable=True),
    sa.Column('unlinked_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_campaign_posts_added_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_creator_id'], ['campaign_creators.id'], name=op.f('fk_campaign_posts_campaign_creator_id_campaign_creators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_posts_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unlinked_by'], ['users.id'], name=op.f('fk_campaign_posts_unlinked_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_posts'))
    )
    with op.batch_alter_table('campaign_posts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_posts_campaign_creator_id'), ['campaign_creator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_posts_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('uq_campaign_posts_campaign_id_url', ['campaign_id', 'url'], unique=True)

    op.create_table('campaign_post_snapshots',
    sa.Column('campaign_post_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('collected_at', sa.DateTime(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('metric_version', sa.String(length=24), nullable=False),
    sa.Column('views', sa.BigInteger(), nullable=True),
    sa.Column('reach', sa.BigInteger(), nullable=True),
    sa.Column('impressions', sa.BigInteger(), nullable=True),
    sa.Column('likes', sa.BigInteger(), nullable=True),
    sa.Column('comments', sa.BigInteger(), nullable=True),
    sa.Column('shares', sa.BigInteger(), nullable=True),
    sa.Column('saves', sa.BigInteger(), nullable=True),
    sa.Column('link_clicks', sa.BigInteger(), nullable=True),
    sa.Column('watch_time_s', sa.BigInteger(), nullable=True),
    sa.Column('flags', sa.JSON(), nullable=False),
    sa.Column('added_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['added_by'], ['users.id'], name=op.f('fk_campaign_post_snapshots_added_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_post_id'], ['campaign_posts.id'], name=op.f('fk_campaign_post_snapshots_campaign_post_id_campaign_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_post_snapshots'))
    )
    with op.batch_alter_table('campaign_post_snapshots', schema=None) as batch_op:
        batch_op.create_index('ix_campaign_post_snapshots_post_collected', ['campaign_post_id', 'collected_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('campaign_post_snapshots', schema=None) as batch_op:
        batch_op.drop_index('ix_campaign_post_snapshots_post_collected')

    op.drop_table('campaign_post_snapshots')
    with op.batch_alter_table('campaign_posts', schema=None) as batch_op:
        batch_op.drop_index('uq_campaign_posts_campaign_id_url')
        batch_op.drop_index(batch_op.f('ix_campaign_posts_campaign_id'))
        batch_op.drop_index(batch_op.f('ix_campaign_posts_campaign_creator_id'))

    op.drop_table('campaign_posts')
