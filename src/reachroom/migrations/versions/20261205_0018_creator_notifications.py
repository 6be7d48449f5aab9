"""creator notifications

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 01:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('creator_notifications',
    sa.Column('creator_user_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('text', sa.String(length=300), nullable=False),
    sa.Column('link', sa.String(length=200), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['creator_user_id'], ['creator_users.id'], name=op.f('fk_creator_notifications_creator_user_id_creator_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_creator_notifications'))
    )
    with op.batch_alter_table('creator_notifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_creator_notifications_creator_user_id'), ['creator_user_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('creator_notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_creator_notifications_creator_user_id'))

    op.drop_table('creator_notifications')
