"""versions of areas, improvements, organisations and people
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'

TABLES = ('organisation', 'person', 'strategic_area', 'improvement')


def upgrade():
    # Every row there is starts at version 1.
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    for table in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
