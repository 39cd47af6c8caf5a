"""Alembic environment: runs hand-written migrations against the SQLite database.

``prepend_sys_path = .`` in alembic.ini makes the project modules importable.
``models.metadata`` is a plain description of the tables (not SQLAlchemy
``MetaData``), so autogenerate is not used; it only limits which tables
Alembic considers part of this application.
"""
from logging.config import fileConfig

from alembic import context
from sqlalchemy import engine_from_config, pool

from models import metadata

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name)

target_metadata = None
MANAGED_TABLES = set(metadata.table_names())


def include_object(obj, name, type_, reflected, compare_to):
    """Ignore tables that schema.sql / models.metadata do not describe."""
    return type_ != "table" or name in MANAGED_TABLES


def run_migrations_offline():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata,
                      include_object=include_object, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    connectable = engine_from_config(config.get_section(config.config_ini_section, {}),
                                     prefix="sqlalchemy.", poolclass=pool.NullPool)
    with connectable.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          include_object=include_object, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
