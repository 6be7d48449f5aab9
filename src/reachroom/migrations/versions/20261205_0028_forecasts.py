"""forecasts

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05 09:44:10.438119
"""

from alembic import op
import sqlalchemy as sa


revision = '0028'
down_revision = '0027'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('deliverable_forecasts',
    sa.Column('campaign_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('campaign_creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('agreement_version', sa.BigInteger(), nullable=False),
    sa.Column('position', sa.BigInteger(), nullable=False),
    sa.Column('platform', sa.String(length=16), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=False),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('history_until', sa.DateTime(), nullable=False),
    sa.Column('method_version', sa.String(length=24), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_creator_id'], ['campaign_creators.id'], name=op.f('fk_deliverable_forecasts_campaign_creator_id_campaign_creators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_deliverable_forecasts_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deliverable_forecasts'))
    )
    with op.batch_alter_table('deliverable_forecasts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deliverable_forecasts_campaign_id'), ['campaign_id'], unique=False)
        batch_op.create_index('uq_deliverable_forecasts_terms', ['campaign_creator_id', 'agreement_version', 'position'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('deliverable_forecasts', schema=None) as batch_op:
        batch_op.drop_index('uq_deliverable_forecasts_terms')
        batch_op.drop_index(batch_op.f('ix_deliverable_forecasts_campaign_id'))

    op.drop_table('deliverable_forecasts')
