"""submission media and live posts

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05 00:20:00
"""

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('campaign_submission_media',
    sa.Column('submission_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('storage_key', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=64), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('created_by', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_campaign_submission_media_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['campaign_submissions.id'], name=op.f('fk_campaign_submission_media_submission_id_campaign_submissions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_submission_media')),
    sa.UniqueConstraint('storage_key', name=op.f('uq_campaign_submission_media_storage_key'))
    )
    with op.batch_alter_table('campaign_submission_media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_submission_media_submission_id'), ['submission_id'], unique=False)

    with op.batch_alter_table('campaign_submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('live_url', sa.String(length=500), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('live_caption', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('live_checks', sa.JSON(), nullable=False, server_default='[]'))
        batch_op.add_column(sa.Column('live_verdict', sa.String(length=8), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('live_checked_at', sa.DateTime(), nullable=True))



def downgrade() -> None:
    with op.batch_alter_table('campaign_submissions', schema=None) as batch_op:
        batch_op.drop_column('live_checked_at')
        batch_op.drop_column('live_verdict')
        batch_op.drop_column('live_checks')
        batch_op.drop_column('live_caption')
        batch_op.drop_column('live_url')

    with op.batch_alter_table('campaign_submission_media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_submission_media_submission_id'))

    op.drop_table('campaign_submission_media')
