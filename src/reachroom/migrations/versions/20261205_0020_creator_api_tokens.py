"""creator api tokens

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 05:26:55.305647
"""

from alembic import op
import sqlalchemy as sa


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('creator_api_tokens',
    sa.Column('creator_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['creator_user_id'], ['creator_users.id'], name=op.f('fk_creator_api_tokens_creator_user_id_creator_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_creator_api_tokens_token_hash'))
    )
    with op.batch_alter_table('creator_api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creator_api_tokens_creator_user_id'), ['creator_user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('creator_api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creator_api_tokens_creator_user_id'))

    op.drop_table('creator_api_tokens')
