"""Running Alembic from code: ``erp db upgrade`` and the test fixtures use this."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parent.parent
#: Migration branches and where their revisions live. The sales documents live in
#: ``erp/sales`` but need inventory's tables, so they have a branch of their own.
BRANCHES = {
    "erp": "erp",
    "inventory": "inventory",
    "sales": "erp/sales",
    "finance": "finance",
    "purchasing": "purchasing",
    "logistics": "logistics",
}


def branch_of_module(module: str) -> str:
    """The migration branch owning the tables of a model module."""
    if module.startswith("erp.sales"):
        return "sales"
    return module.split(".")[0]


def version_locations() -> list[str]:
    return [str(ROOT / path / "migrations" / "versions") for path in BRANCHES.values()
            if (ROOT / path / "migrations" / "versions").is_dir()]


def alembic_config(url: str | None = None, connection=None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(ROOT / "erp" / "migrations"))
    cfg.set_main_option("version_locations", " ".join(version_locations()))
    cfg.set_main_option("path_separator", "space")
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def upgrade(engine, revision: str = "heads") -> None:
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection=connection), revision)


def current_heads(engine) -> set[str]:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())
