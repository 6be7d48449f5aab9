"""campaign rollups

Revision ID: 0026
Revises: 0025
Create Date: 2026-12-05 06:31:13.506468
"""

import json

from alembic import op
import sqlalchemy as sa


revision = '0026'
down_revision = '0025'
branch_labels = None
depends_on = None


COUNTS = ("views", "reach", "impressions", "likes", "comments", "shares", "saves", "link_clicks", "watch_time_s")


def _backfill() -> None:
    """The rollups of posts linked before this table existed, from their latest snapshots."""
    sums = ", ".join(f"SUM(s.{c}), COUNT(s.{c})" for c in COUNTS)
    rows = op.get_bind().execute(sa.text(
        "SELECT p.campaign_id, p.campaign_creator_id, p.format, p.platform, s.source, COUNT(*), " + sums + ", "
        "SUM(COALESCE(s.likes, 0) + COALESCE(s.comments, 0) + COALESCE(s.shares, 0) + COALESCE(s.saves, 0)), "
        "COUNT(CASE WHEN s.likes IS NOT NULL OR s.comments IS NOT NULL OR s.shares IS NOT NULL "
        "OR s.saves IS NOT NULL THEN 1 END), MAX(s.collected_at) "
        "FROM campaign_posts p JOIN campaign_post_snapshots s ON s.id = p.latest_snapshot_id "
        "WHERE p.unlinked_at IS NULL "
        "GROUP BY p.campaign_id, p.campaign_creator_id, p.format, p.platform, s.source")).all()
    for r in rows:
        pairs = r[6:6 + 2 * len(COUNTS)]
        op.get_bind().execute(sa.text(
            "INSERT INTO campaign_rollups (campaign_id, campaign_creator_id, format, platform, source, posts, sums, "
            "reported, engagements, engagements_reported, collected_until) VALUES (:c, :e, :f, :p, :s, :n, :sums, "
            ":reported, :eng, :eng_n, :until)"),
            {"c": r[0], "e": r[1], "f": r[2], "p": r[3], "s": r[4], "n": r[5],
             "sums": json.dumps({c: int(pairs[2 * i] or 0) for i, c in enumerate(COUNTS)}),
             "reported": json.dumps({c: int(pairs[2 * i + 1] or 0) for i, c in enumerate(COUNTS)}),
             "eng": int(r[-3] or 0), "eng_n": int(r[-2] or 0), "until": r[-1]})


def upgrade() -> None:
    op.create_table('campaign_rollups',
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('posts', sa.BigInteger(), nullable=False),
    sa.Column('sums', sa.JSON(), nullable=False),
    sa.Column('reported', sa.JSON(), nullable=False),
    sa.Column('engagements', sa.BigInteger(), nullable=False),
    sa.Column('engagements_reported', sa.BigInteger(), nullable=False),
    sa.Column('collected_until', sa.DateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['campaign_creator_id'], ['campaign_creators.id'], name=op.f('fk_campaign_rollups_campaign_creator_id_campaign_creators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_rollups_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_rollups'))
    )
    with op.batch_alter_table('campaign_rollups', schema=None) as batch_op:
        batch_op.create_index('uq_campaign_rollups_key', ['campaign_id', 'campaign_creator_id', 'format', 'platform', 'source'], unique=True)
    _backfill()


def downgrade() -> None:
    with op.batch_alter_table('campaign_rollups', schema=None) as batch_op:
        batch_op.drop_index('uq_campaign_rollups_key')

    op.drop_table('campaign_rollups')
