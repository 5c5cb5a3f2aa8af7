"""64-bit ids

Revision ID: 7d3e9a1c5b20
Revises: f65a8c68adb4
Create Date: 2026-12-01 04:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7d3e9a1c5b20'
down_revision = 'f65a8c68adb4'
branch_labels = None
depends_on = None

# (table, column) of every id and every reference to one; the sequences behind the ids.
ID_COLUMNS = [
    ('user', 'id'),
    ('prediction', 'id'),
    ('prediction', 'user_id'),
    ('api_token', 'id'),
    ('api_token', 'user_id'),
]
SEQUENCES = ['user_id_seq', 'prediction_id_seq', 'api_token_id_seq']


def _retype(column_type, sequence_type):
    # SQLite's INTEGER is 64 bits already, and its tables keep their rows as they are.
    if op.get_bind().dialect.name == 'sqlite':
        return
    for table, column in ID_COLUMNS:
        op.alter_column(table, column, type_=column_type)
    # PostgreSQL's SERIAL made each sequence an integer one, which stops at 2**31 - 1.
    for sequence in SEQUENCES:
        op.execute(f'ALTER SEQUENCE {sequence} AS {sequence_type}')


def upgrade():
    _retype(sa.BigInteger(), 'bigint')


def downgrade():
    _retype(sa.Integer(), 'integer')
