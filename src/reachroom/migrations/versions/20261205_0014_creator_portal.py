"""creator portal accounts

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05 01:00:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('creator_users',
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('email_verified_at', sa.DateTime(), nullable=True),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('handles', sa.JSON(), nullable=False),
    sa.Column('niches', sa.JSON(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('rates', sa.JSON(), nullable=False),
    sa.Column('address_encrypted', sa.Text(), nullable=False),
    sa.Column('payout_encrypted', sa.Text(), nullable=False),
    sa.Column('payout_masked', sa.String(length=64), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_users')),
    sa.UniqueConstraint('email', name=op.f('uq_creator_users_email'))
    )
    op.create_table('creator_email_links',
    sa.Column('creator_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('purpose', sa.String(length=8), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['creator_user_id'], ['creator_users.id'], name=op.f('fk_creator_email_links_creator_user_id_creator_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_email_links')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_creator_email_links_token_hash'))
    )
    with op.batch_alter_table('creator_email_links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creator_email_links_creator_user_id'), ['creator_user_id'], unique=False)

    op.create_table('creator_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('creator_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['creator_user_id'], ['creator_users.id'], name=op.f('fk_creator_sessions_creator_user_id_creator_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_creator_sessions_token_hash'))
    )
    with op.batch_alter_table('creator_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creator_sessions_creator_user_id'), ['creator_user_id'], unique=False)

    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.alter_column('workspace_id',
               existing_type=sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
               nullable=True)



def downgrade() -> None:
    with op.batch_alter_table('outbound_emails', schema=None) as batch_op:
        batch_op.alter_column('workspace_id',
               existing_type=sa.BigInteger().with_variant(sa.Integer(), 'sqlite'),
               nullable=False)

    with op.batch_alter_table('creator_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creator_sessions_creator_user_id'))

    op.drop_table('creator_sessions')
    with op.batch_alter_table('creator_email_links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creator_email_links_creator_user_id'))

    op.drop_table('creator_email_links')
    op.drop_table('creator_users')
