"""bid terms: deliverables with a fee each and proposed dates; one open bid per creator and campaign

Revision ID: 0031
Revises: 0030
Create Date: 2026-12-05 17:06:42.203627
"""

from alembic import op
import sqlalchemy as sa


revision = '0031'
down_revision = '0030'
branch_labels = None
depends_on = None

# Before the unique index: should a race ever have let two open bids in, the older ones are withdrawn.
OLDER_OPEN = """UPDATE creator_bids SET status = 'withdrawn' WHERE status IN ('open', 'countered') AND EXISTS (
SELECT 1 FROM creator_bids b WHERE b.creator_user_id = creator_bids.creator_user_id
AND b.campaign_id = creator_bids.campaign_id AND b.status IN ('open', 'countered') AND b.id > creator_bids.id)"""


def upgrade() -> None:
    op.execute(OLDER_OPEN)
    with op.batch_alter_table('creator_bids', schema=None) as batch_op:
        batch_op.add_column(sa.Column('deliverables', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('starts_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('ends_on', sa.Date(), nullable=True))
        batch_op.create_index('uq_creator_bids_one_open', ['creator_user_id', 'campaign_id'], unique=True, sqlite_where=sa.text("status IN ('open', 'countered')"), postgresql_where=sa.text("status IN ('open', 'countered')"))


def downgrade() -> None:
    with op.batch_alter_table('creator_bids', schema=None) as batch_op:
        batch_op.drop_index('uq_creator_bids_one_open', sqlite_where=sa.text("status IN ('open', 'countered')"), postgresql_where=sa.text("status IN ('open', 'countered')"))
        batch_op.drop_column('ends_on')
        batch_op.drop_column('starts_on')
        batch_op.drop_column('deliverables')
