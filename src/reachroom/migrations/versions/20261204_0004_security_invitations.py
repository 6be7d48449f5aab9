"""security: workspace invitations; login attempts indexed by address

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 15:30:00

Adding someone to a workspace is now an invitation they accept (the link's token stored as a SHA-256 hash).
The login rate limit counts failures per (email, address) and per address, so attempts get an (ip, created_at)
index.
"""

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BigId = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        'invitations',
        sa.Column('workspace_id', BigId, nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('role', sa.String(length=16), nullable=False),
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('invited_by', BigId, nullable=True),
        sa.Column('expires_at', sa.DateTime(), nullable=False),
        sa.Column('accepted_at', sa.DateTime(), nullable=True),
        sa.Column('revoked_at', sa.DateTime(), nullable=True),
        sa.Column('id', BigId, autoincrement=True, nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['invited_by'], ['users.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('token_hash'),
    )
    op.create_index('ix_invitations_workspace_id', 'invitations', ['workspace_id'], unique=False)
    op.create_index('ix_login_attempts_ip_created', 'login_attempts', ['ip', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_login_attempts_ip_created', table_name='login_attempts')
    op.drop_index('ix_invitations_workspace_id', table_name='invitations')
    op.drop_table('invitations')
