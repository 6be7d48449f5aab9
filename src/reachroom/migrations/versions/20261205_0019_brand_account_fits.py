"""brand account fits

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-05 05:03:58.017286
"""

from alembic import op
import sqlalchemy as sa


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('brand_account_fits',
    sa.Column('workspace_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('brand_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('account_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('fit', sa.Float(), nullable=False),
    sa.Column('confidence', sa.Float(), nullable=False),
    sa.Column('gate', sa.Float(), nullable=False),
    sa.Column('components', sa.JSON(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), autoincrement=True, nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['social_accounts.id'], name=op.f('fk_brand_account_fits_account_id_social_accounts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['brand_id'], ['brands.id'], name=op.f('fk_brand_account_fits_brand_id_brands'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['workspace_id'], ['workspaces.id'], name=op.f('fk_brand_account_fits_workspace_id_workspaces'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_brand_account_fits')),
    sa.UniqueConstraint('brand_id', 'account_id', name=op.f('uq_brand_account_fits_brand_id_account_id'))
    )
    with op.batch_alter_table('brand_account_fits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_brand_account_fits_account_id'), ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_brand_account_fits_workspace_id'), ['workspace_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('brand_account_fits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_brand_account_fits_workspace_id'))
        batch_op.drop_index(batch_op.f('ix_brand_account_fits_account_id'))

    op.drop_table('brand_account_fits')
