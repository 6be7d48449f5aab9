"""daily delivery

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-05 09:23:15.167768
"""

from alembic import op
import sqlalchemy as sa


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

HISTORY = ("views", "reach", "impressions", "engagements", "link_clicks")
BACKFILL = """
INSERT INTO campaign_daily_deltas (campaign_id, day, views, reach, impressions, engagements, link_clicks)
SELECT cid, day, SUM(views), SUM(reach), SUM(impressions), SUM(engagements), SUM(link_clicks) FROM (
  SELECT cid, day, {changes} FROM (
    SELECT p.campaign_id AS cid, s.campaign_post_id AS pid, date(s.collected_at) AS day,
           COALESCE(s.views, 0) AS views, COALESCE(s.reach, 0) AS reach, COALESCE(s.impressions, 0) AS impressions,
           COALESCE(s.likes, 0) + COALESCE(s.comments, 0) + COALESCE(s.shares, 0) + COALESCE(s.saves, 0)
             AS engagements,
           COALESCE(s.link_clicks, 0) AS link_clicks,
           ROW_NUMBER() OVER (PARTITION BY s.campaign_post_id, date(s.collected_at)
                              ORDER BY s.collected_at DESC, s.id DESC) AS rn
    FROM campaign_post_snapshots s JOIN campaign_posts p ON p.id = s.campaign_post_id
    WHERE p.unlinked_at IS NULL) d
  WHERE rn = 1) c
GROUP BY cid, day
"""


def upgrade() -> None:
    op.create_table('campaign_daily_deltas',
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.BigInteger(), nullable=False),
    sa.Column('reach', sa.BigInteger(), nullable=False),
    sa.Column('impressions', sa.BigInteger(), nullable=False),
    sa.Column('engagements', sa.BigInteger(), nullable=False),
    sa.Column('link_clicks', sa.BigInteger(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_daily_deltas_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_daily_deltas'))
    )
    with op.batch_alter_table('campaign_daily_deltas', schema=None) as batch_op:
        batch_op.create_index('uq_campaign_daily_deltas_day', ['campaign_id', 'day'], unique=True)
    # the delivery over time of campaigns measured before this table existed, from their snapshots
    changes = ", ".join(f"{k} - COALESCE(LAG({k}) OVER (PARTITION BY pid ORDER BY day), 0) AS {k}" for k in HISTORY)
    op.execute(BACKFILL.format(changes=changes))


def downgrade() -> None:
    with op.batch_alter_table('campaign_daily_deltas', schema=None) as batch_op:
        batch_op.drop_index('uq_campaign_daily_deltas_day')

    op.drop_table('campaign_daily_deltas')
