"""campaign agreements (versioned terms, acceptance) and payments (the ledger per creator)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 22:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_agreements',
    sa.Column('campaign_creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('brief_version', sa.Integer(), nullable=True),
    sa.Column('fee_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('product_value_minor', sa.BigInteger(), nullable=False),
    sa.Column('deliverables', sa.JSON(), nullable=False),
    sa.Column('usage_rights_days', sa.Integer(), nullable=False),
    sa.Column('exclusivity_days', sa.Integer(), nullable=False),
    sa.Column('payment_terms', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.Column('accepted_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('on_behalf', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['accepted_by'], ['users.id'], name=op.f('fk_campaign_agreements_accepted_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_creator_id'], ['campaign_creators.id'], name=op.f('fk_campaign_agreements_campaign_creator_id_campaign_creators'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_campaign_agreements_created_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_agreements')),
    sa.UniqueConstraint('campaign_creator_id', 'version', name=op.f('uq_campaign_agreements_campaign_creator_id_version'))
    )
    with op.batch_alter_table('campaign_agreements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_agreements_campaign_creator_id'), ['campaign_creator_id'], unique=False)

    op.create_table('campaign_payments',
    sa.Column('campaign_creator_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('agreement_version', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('amount_minor', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('method', sa.String(length=40), nullable=False),
    sa.Column('reference', sa.String(length=120), nullable=False),
    sa.Column('approved_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('paid_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_campaign_payments_approved_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['campaign_creator_id'], ['campaign_creators.id'], name=op.f('fk_campaign_payments_campaign_creator_id_campaign_creators'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_payments'))
    )
    with op.batch_alter_table('campaign_payments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_payments_campaign_creator_id'), ['campaign_creator_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('campaign_payments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_payments_campaign_creator_id'))

    op.drop_table('campaign_payments')
    with op.batch_alter_table('campaign_agreements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_agreements_campaign_creator_id'))

    op.drop_table('campaign_agreements')
