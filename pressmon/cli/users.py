"""``pressmon users``: dashboard accounts (argon2 hashes), for the installer and administrators."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from pipeline.review.accounts import ROLES, add_user, list_users, set_disabled, set_password, set_role
from pipeline.storage.engine import transaction
from pressmon.cli.options import context
from pressmon.console import console
from pressmon.tables import users_table

app = typer.Typer(help="Manage dashboard accounts.", no_args_is_help=True)

PasswordStdin = Annotated[bool, typer.Option("--password-stdin", help="Read the password from stdin.")]


def _read_password(from_stdin: bool) -> str:
    """The new password: one line of stdin (for scripts) or a hidden, confirmed prompt."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))


@app.command("add")
def users_add(
    ctx: typer.Context,
    name: str,
    role: Annotated[str, typer.Option(help=f"One of {', '.join(ROLES)}.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a dashboard account."""
    password = _read_password(password_stdin)
    with transaction(context(ctx).engine()) as session:
        add_user(session, name, role, password, actor="cli")
    console.print(f"User {name} created with role {role}.")


@app.command("list")
def users_list(ctx: typer.Context) -> None:
    """List dashboard accounts."""
    with transaction(context(ctx).engine()) as session:
        console.print(users_table(list_users(session)))


@app.command("set-role")
def users_set_role(
    ctx: typer.Context, name: str, role: Annotated[str, typer.Argument(help=f"One of {', '.join(ROLES)}.")]
) -> None:
    """Change the role of a dashboard account."""
    with transaction(context(ctx).engine()) as session:
        set_role(session, name, role, actor="cli")
    console.print(f"User {name} now has role {role}.")


@app.command("disable")
def users_disable(
    ctx: typer.Context,
    name: str,
    enable: Annotated[bool, typer.Option("--enable", help="Re-enable the account instead.")] = False,
) -> None:
    """Disable a dashboard account (it can no longer sign in; open sessions end at their next click)."""
    with transaction(context(ctx).engine()) as session:
        set_disabled(session, name, not enable, actor="cli")
    console.print(f"User {name} {'enabled' if enable else 'disabled'}.")


@app.command("passwd")
def users_passwd(
    ctx: typer.Context,
    name: str,
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a new password for a dashboard account."""
    password = _read_password(password_stdin)
    with transaction(context(ctx).engine()) as session:
        set_password(session, name, password, actor="cli")
    console.print(f"Password of {name} changed.")
