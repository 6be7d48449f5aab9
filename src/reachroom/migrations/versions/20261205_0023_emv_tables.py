"""emv tables

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 06:10:00.599828
"""

from alembic import op
import sqlalchemy as sa


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('emv_tables',
    sa.Column('workspace_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('version', sa.BigInteger(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('values', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_emv_tables_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_emv_tables_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_emv_tables'))
    )
    with op.batch_alter_table('emv_tables', schema=None) as batch_op:
        batch_op.create_index('uq_emv_tables_workspace_id_version', ['workspace_id', 'version'], unique=True)



def downgrade() -> None:
    with op.batch_alter_table('emv_tables', schema=None) as batch_op:
        batch_op.drop_index('uq_emv_tables_workspace_id_version')

    op.drop_table('emv_tables')
