"""claim review

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 05:33:06.642755
"""

from alembic import op
import sqlalchemy as sa


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('creator_account_claims', schema=None) as batch_op:
        batch_op.add_column(sa.Column('method', sa.String(length=8), server_default='', nullable=False))
        batch_op.add_column(sa.Column('review_note', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('review_requested_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('decided_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('decided_workspace_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('rejection_reason', sa.Text(), server_default='', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_creator_account_claims_decided_by_users'), 'users', ['decided_by'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_creator_account_claims_decided_workspace_id_workspaces'), 'workspaces', ['decided_workspace_id'], ['id'], ondelete='SET NULL')
    # every claim verified so far was proved by the code in the bio
    op.execute("UPDATE creator_account_claims SET method = 'code' WHERE status = 'verified'")


def downgrade() -> None:
    with op.batch_alter_table('creator_account_claims', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_creator_account_claims_decided_workspace_id_workspaces'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_creator_account_claims_decided_by_users'), type_='foreignkey')
        batch_op.drop_column('rejection_reason')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_workspace_id')
        batch_op.drop_column('decided_by')
        batch_op.drop_column('review_requested_at')
        batch_op.drop_column('review_note')
        batch_op.drop_column('method')

