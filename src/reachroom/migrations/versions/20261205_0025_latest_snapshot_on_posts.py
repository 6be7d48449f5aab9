"""latest snapshot on posts

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 06:22:59.549530
"""

from alembic import op
import sqlalchemy as sa


revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


LATEST = """UPDATE campaign_posts SET latest_snapshot_id = (SELECT s.id FROM campaign_post_snapshots s
WHERE s.campaign_post_id = campaign_posts.id ORDER BY s.collected_at DESC, s.id DESC LIMIT 1)"""
FLAGGED = """UPDATE campaign_posts SET flagged_snapshots = (SELECT COUNT(*) FROM campaign_post_snapshots s
WHERE s.campaign_post_id = campaign_posts.id AND CAST(s.flags AS TEXT) <> '[]')"""


def upgrade() -> None:
    with op.batch_alter_table('campaign_posts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('latest_snapshot_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('flagged_snapshots', sa.BigInteger(), server_default='0', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_campaign_posts_latest_snapshot_id_campaign_post_snapshots'), 'campaign_post_snapshots', ['latest_snapshot_id'], ['id'], ondelete='SET NULL')
    # posts linked before: their newest snapshot and how many of theirs are flagged
    op.execute(LATEST)
    op.execute(FLAGGED)



def downgrade() -> None:
    with op.batch_alter_table('campaign_posts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_campaign_posts_latest_snapshot_id_campaign_post_snapshots'), type_='foreignkey')
        batch_op.drop_column('flagged_snapshots')
        batch_op.drop_column('latest_snapshot_id')

