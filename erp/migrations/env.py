"""Alembic environment. Each package keeps its own branch of revisions in
``<package>/migrations/versions`` (branch label = package name), so packages
never fight over one linear history; ``erp db upgrade`` goes to all heads."""
from __future__ import annotations

from alembic import context

from erp.db import Base, make_engine
from erp.models import import_all_models

import_all_models()
config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
    engine.dispose()


def render_item(type_, obj, autogen_context):
    """Render our column types so that migrations do not depend on model code."""
    from erp.db.types import EnumString, JSONDocument, ScaledDecimal

    if type_ == "type" and isinstance(obj, EnumString):
        return f"sa.String(length={obj.impl.length})"
    if type_ == "type" and isinstance(obj, ScaledDecimal):
        autogen_context.imports.add("import erp.db.types")
        return f"erp.db.types.ScaledDecimal(scale={obj.scale}, precision={obj.precision})"
    if type_ == "type" and isinstance(obj, JSONDocument):
        autogen_context.imports.add("import erp.db.types")
        return "erp.db.types.JSONDocument()"
    return False


def _table_branches() -> dict[str, str]:
    from erp.migrate import branch_of_module

    owners = {}
    for mapper in Base.registry.mappers:
        for table in mapper.tables:
            owners[table.name] = branch_of_module(mapper.class_.__module__)
    for table in Base.metadata.tables.values():
        owners.setdefault(table.name, table.info.get("branch", "erp"))
    return owners


def include_object(obj, name, type_, reflected, compare_to):
    """With ``-x branch=<name>`` autogenerate looks only at that branch's tables."""
    branch = context.get_x_argument(as_dictionary=True).get("branch") or config.attributes.get("branch")
    if not branch or type_ != "table":
        return True
    return _table_branches().get(name) == branch


def process_revision_directives(_context, _revision, directives) -> None:
    """Foreign keys marked ``use_alter`` (they close a cycle, e.g. customers ↔ price lists)
    are created after every table instead of inside CREATE TABLE."""
    from alembic.operations import ops
    from sqlalchemy import ForeignKeyConstraint

    script = directives[0]
    for upgrade_ops in script.upgrade_ops_list:
        deferred = []
        for op_ in upgrade_ops.ops:
            if not isinstance(op_, ops.CreateTableOp):
                continue
            keep = []
            for item in op_.columns:
                if isinstance(item, ForeignKeyConstraint) and item.use_alter:
                    deferred.append(ops.ModifyTableOps(op_.table_name, [ops.CreateForeignKeyOp.from_constraint(item)]))
                else:
                    keep.append(item)
            op_.columns = keep
        upgrade_ops.ops.extend(deferred)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
        render_item=render_item,
        include_object=include_object,
        process_revision_directives=process_revision_directives,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
