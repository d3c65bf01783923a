"""The ``erp`` command: a Flask CLI with the project's own commands.

Each command is one unit of work: it opens a session, runs services, and
commits once at the end (or rolls back on any error).
"""
from __future__ import annotations

import contextlib
import sys

import click
from flask import current_app
from flask.cli import FlaskGroup, routes_command, shell_command

from erp import create_app


@contextlib.contextmanager
def unit_of_work():
    """A session for one CLI command: commit at the end, roll back on error."""
    from erp.db.flask import session_factory

    session = session_factory(current_app)()
    try:
        yield session
        session.commit()
    except Exception:
        session.rollback()
        raise
    finally:
        session.close()


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False)
def main() -> None:
    """Wholesale ERP administration."""


main.add_command(shell_command)
main.add_command(routes_command)


@main.group()
def db() -> None:
    """Database schema (Alembic migrations)."""


@db.command("upgrade")
@click.option("--revision", default="heads", show_default=True)
def db_upgrade(revision: str) -> None:
    """Migrate the database to the latest schema and sync built-in roles."""
    from erp.db.flask import engine
    from erp.migrate import upgrade

    upgrade(engine(current_app), revision)
    with unit_of_work() as session:
        from erp.auth.services import sync_roles

        sync_roles(session)
    click.echo("database is up to date")


@db.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--branch", default="erp", show_default=True, help="package whose branch gets the revision")
@click.option("--autogenerate/--empty", default=True)
def db_revision(message: str, branch: str, autogenerate: bool) -> None:
    """Create a migration in a package's branch (compare models with the database)."""
    from alembic import command

    from erp.migrate import ROOT, alembic_config

    cfg = alembic_config(url=current_app.config["ERP_DATABASE_URL"])
    command.revision(cfg, message=message, autogenerate=autogenerate, head=f"{branch}@head",
                     version_path=str(ROOT / branch / "migrations" / "versions"))


@main.command("create-user")
@click.argument("username")
@click.option("--name", "display_name", help="display name (defaults to the user name)")
@click.option("--role", "roles", multiple=True, help="role code; repeat for several")
@click.password_option()
def create_user(username: str, display_name: str | None, roles: tuple[str, ...], password: str) -> None:
    """Create a user (e.g. the first admin: erp create-user boss --role admin)."""
    from erp.auth.services import create_user as create
    from erp.errors import ErpError

    try:
        with unit_of_work() as session:
            user = create(session, None, username=username, display_name=display_name or username,
                          password=password, roles=roles or ("admin",))
            click.echo(f"created user {user.username} with roles {', '.join(user.role_codes)}")
    except ErpError as exc:
        raise click.ClickException(f"{exc} {exc.fields or ''}") from None


@main.command("demo-data")
@click.option("--if-empty", is_flag=True, help="only when the database has no users yet")
def demo_data(if_empty: bool) -> None:
    """Load a believable distributor: categories, customers, products, stock, users."""
    from sqlalchemy import func, select

    from erp.auth.models import User
    from erp.demo import DEMO_PASSWORD, load_demo_data

    with unit_of_work() as session:
        if if_empty and session.scalar(select(func.count(User.id))):
            click.echo("demo data: the database already has users; keeping them")
            return
        summary = load_demo_data(session)
    click.echo("demo data loaded: " + ", ".join(f"{k} {v}" for k, v in summary.items()))
    click.echo(f"demo password for every demo user: {DEMO_PASSWORD}")


@main.command("check")
def check() -> None:
    """Integrity checks (ledger = balances, numbering without gaps, …). Exit 1 on a problem."""
    from erp.checks import run_checks

    with unit_of_work() as session:
        results = run_checks(session)
    failed = 0
    for name, problems in results:
        if problems:
            failed += 1
            click.echo(f"FAIL {name}: {len(problems)} problem(s)")
            for problem in problems[:50]:
                click.echo(f"     {problem}")
        else:
            click.echo(f"ok   {name}")
    sys.exit(1 if failed else 0)


@main.command("run")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
@click.option("--debug/--no-debug", default=False)
def run(host: str, port: int, debug: bool) -> None:
    """Serve the staff UI and the API (development server; use gunicorn in production)."""
    from erp.demo import DEMO_PASSWORD, DEMO_USERS

    app = current_app._get_current_object()
    click.echo(f"\nWholesale ERP on http://{host}:{port}/  (API docs: http://{host}:{port}/api/v1/docs)")
    click.echo(f"Demo logins (password {DEMO_PASSWORD}):")
    for username, name, roles in DEMO_USERS:
        click.echo(f"  {username:<10} {name:<8} {', '.join(roles)}")
    click.echo("")
    # Flask ignores app.run() inside its own CLI; serve with Werkzeug directly.
    from werkzeug.serving import run_simple

    run_simple(host, port, app, threaded=True, use_reloader=False, use_debugger=debug)


@main.command("scheduler")
def scheduler() -> None:
    """Run the scheduled jobs (one process per deployment, never inside web workers)."""
    from erp.scheduler import run_scheduler

    run_scheduler(current_app._get_current_object())
