"""creator account claims

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 01:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('creator_account_claims',
    sa.Column('creator_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], name=op.f('fk_creator_account_claims_account_id_social_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['creator_user_id'], ['creator_users.id'], name=op.f('fk_creator_account_claims_creator_user_id_creator_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_account_claims')),
    sa.UniqueConstraint('creator_user_id', 'account_id', name=op.f('uq_creator_account_claims_creator_user_id_account_id'))
    )
    with op.batch_alter_table('creator_account_claims', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creator_account_claims_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_creator_account_claims_creator_user_id'), ['creator_user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('creator_account_claims', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creator_account_claims_creator_user_id'))
        batch_op.drop_index(batch_op.f('ix_creator_account_claims_account_id'))

    op.drop_table('creator_account_claims')
