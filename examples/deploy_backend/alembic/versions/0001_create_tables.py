"""Create the tables described by schema.sql.

Revision ID: 0001
Revises:
"""
from alembic import op

import database
from models import metadata

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _statements():
    with open(database.SCHEMA_FILE, encoding="utf-8") as handle:
        lines = [line for line in handle if not line.lstrip().startswith("--")]
    return [statement.strip() for statement in "".join(lines).split(";") if statement.strip()]


def upgrade():
    for statement in _statements():
        op.execute(statement)


def downgrade():
    for name in reversed(metadata.table_names()):
        op.drop_table(name)
