"""opportunities

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05 01:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_opportunities',
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('status', sa.String(length=8), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('show_brand', sa.Boolean(), nullable=False),
    sa.Column('gifted_only', sa.Boolean(), nullable=False),
    sa.Column('fee_min_minor', sa.BigInteger(), nullable=True),
    sa.Column('fee_max_minor', sa.BigInteger(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('platforms', sa.JSON(), nullable=False),
    sa.Column('countries', sa.JSON(), nullable=False),
    sa.Column('niches', sa.JSON(), nullable=False),
    sa.Column('min_followers', sa.Integer(), nullable=True),
    sa.Column('max_followers', sa.Integer(), nullable=True),
    sa.Column('min_authenticity', sa.Integer(), nullable=True),
    sa.Column('published_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_opportunities_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['published_by'], ['users.id'], name=op.f('fk_campaign_opportunities_published_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_opportunities')),
    sa.UniqueConstraint('campaign_id', name=op.f('uq_campaign_opportunities_campaign_id'))
    )


def downgrade() -> None:
    op.drop_table('campaign_opportunities')
