"""first run: job_progress, the background jobs' progress the web app shows in a banner

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04 16:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'job_progress',
        sa.Column('stage', sa.String(length=64), nullable=False),
        sa.Column('done', sa.Integer(), nullable=False),
        sa.Column('total', sa.Integer(), nullable=False),
        sa.Column('finished', sa.Boolean(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('stage', name=op.f('pk_job_progress')),
    )


def downgrade() -> None:
    op.drop_table('job_progress')
