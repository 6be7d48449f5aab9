"""campaign briefs (versioned) and submissions (drafts with their automated checks and review)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 22:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_briefs',
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('key_messages', sa.Text(), nullable=False),
    sa.Column('dos', sa.JSON(), nullable=False),
    sa.Column('donts', sa.JSON(), nullable=False),
    sa.Column('banned_words', sa.JSON(), nullable=False),
    sa.Column('required_hashtags', sa.JSON(), nullable=False),
    sa.Column('required_mentions', sa.JSON(), nullable=False),
    sa.Column('required_links', sa.JSON(), nullable=False),
    sa.Column('promo_codes', sa.JSON(), nullable=False),
    sa.Column('disclosure_rules', sa.String(length=8), nullable=False),
    sa.Column('deliverables', sa.JSON(), nullable=False),
    sa.Column('product', sa.Text(), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_briefs_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_campaign_briefs_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_briefs')),
    sa.UniqueConstraint('campaign_id', 'version', name=op.f('uq_campaign_briefs_campaign_id_version'))
    )
    with op.batch_alter_table('campaign_briefs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_briefs_campaign_id'), ['campaign_id'], unique=False)

    op.create_table('campaign_submissions',
    sa.Column('campaign_creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('caption', sa.Text(), nullable=False),
    sa.Column('links', sa.JSON(), nullable=False),
    sa.Column('brief_version', sa.Integer(), nullable=True),
    sa.Column('checks', sa.JSON(), nullable=False),
    sa.Column('verdict', sa.String(length=8), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('reviewer_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_creator_id'], ['campaign_creators.id'], name=op.f('fk_campaign_submissions_campaign_creator_id_campaign_creators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_campaign_submissions_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_campaign_submissions_reviewer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_submissions')),
    sa.UniqueConstraint('campaign_creator_id', 'version', name=op.f('uq_campaign_submissions_campaign_creator_id_version'))
    )
    with op.batch_alter_table('campaign_submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_submissions_campaign_creator_id'), ['campaign_creator_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('campaign_submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_submissions_campaign_creator_id'))

    op.drop_table('campaign_submissions')
    with op.batch_alter_table('campaign_briefs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_briefs_campaign_id'))

    op.drop_table('campaign_briefs')
