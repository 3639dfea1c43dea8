"""Command-line tools: `flask --app app create-user` and `flask --app app seed-demo`."""

from __future__ import annotations

import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from carespace import audit
from carespace.auth.passwords import hash_password, password_problem
from carespace.demo import DemoError, seed_demo_clinic
from carespace.demo_bulk import refresh_statistics, seed_bulk_patients
from carespace.demo_notes import seed_demo_notes
from carespace.demo_portal import link_demo_patient
from carespace.extensions import db
from carespace.models import Discipline, Role, User

DEMO_PASSWORD = "carespace-demo-2026"  # noqa: S105 - the documented demo log-in, refused in production
DEMO_ACCOUNTS = [
    ("admin@example.com", "Avery Admin", Role.ADMIN, []),
    ("coordinator@example.com", "Casey Coordinator", Role.COORDINATOR, []),
    ("physio@example.com", "Pat Physio", Role.PRACTITIONER, ["physiotherapy"]),
    ("massage@example.com", "Morgan Massage", Role.PRACTITIONER, ["massage_therapy"]),
    ("kinesiology@example.com", "Kai Kinesiology", Role.PRACTITIONER, ["kinesiology"]),
    ("psychotherapy@example.com", "Sam Psychotherapy", Role.PRACTITIONER, ["psychotherapy"]),
    ("patient@example.com", "Jordan Patient", Role.PATIENT, []),
]


def _disciplines_by_code(codes: list[str]) -> list[Discipline]:
    found = list(db.session.scalars(select(Discipline).where(Discipline.code.in_(codes))))
    missing = set(codes) - {d.code for d in found}
    if missing:
        known = ", ".join(db.session.scalars(select(Discipline.code).order_by(Discipline.code)))
        raise click.BadParameter(f"unknown discipline(s) {', '.join(sorted(missing))}; known: {known}")
    return found


@click.command("create-user")
@click.option("--email", required=True, help="The person's email, used to log in.")
@click.option("--name", required=True, help="The person's full name.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]), help="The account's role.")
@click.option("--discipline", "disciplines", multiple=True, help="A discipline code (practitioners; repeatable).")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@with_appcontext
def create_user_command(email: str, name: str, role: str, disciplines: tuple[str, ...], password_stdin: bool):
    """Create an account; the first admin of a new clinic is made this way."""
    email = email.strip().lower()
    if db.session.scalar(select(User.id).where(User.email == email)):
        raise click.ClickException(f"an account with the email {email} already exists")
    if Role(role) == Role.PRACTITIONER and not disciplines:
        raise click.ClickException("a practitioner needs at least one --discipline")
    if Role(role) != Role.PRACTITIONER and disciplines:
        raise click.ClickException("only practitioners have disciplines")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password, email)
    if problem:
        raise click.ClickException(problem)
    user = User(
        email=email,
        name=name.strip(),
        role=Role(role),
        password_hash=hash_password(password),
        disciplines=_disciplines_by_code(list(disciplines)),
    )
    db.session.add(user)
    audit.record("account.created", user, detail=f"role {role} (command line)")
    db.session.commit()
    click.echo(f"Created {role} account {email}.")


def seed_demo_accounts() -> list[str]:
    """Create the demo accounts that do not exist yet; returns the emails created."""
    created = []
    for email, name, role, codes in DEMO_ACCOUNTS:
        if db.session.scalar(select(User.id).where(User.email == email)):
            continue
        db.session.add(
            User(
                email=email,
                name=name,
                role=role,
                password_hash=hash_password(DEMO_PASSWORD),
                disciplines=_disciplines_by_code(codes),
            )
        )
        created.append(email)
    return created


@click.command("seed-demo")
@click.option(
    "--patients", "extra", type=click.IntRange(min=0), default=0, help="Also add this many bulk synthetic patients."
)
@with_appcontext
def seed_demo_command(extra: int):
    """Load synthetic demo data (never in production). Safe to run again: the demo clinic and its notes come once."""
    if current_app.config["ENV_NAME"] == "production":
        raise click.ClickException("seed-demo is refused when CARESPACE_ENV=production")
    created = seed_demo_accounts()
    db.session.commit()
    try:
        clinic = seed_demo_clinic()
        notes = seed_demo_notes()
        linked = link_demo_patient()
        db.session.commit()
        started = time.perf_counter()
        if extra:
            seed_bulk_patients(extra)
            refresh_statistics()
        seconds = time.perf_counter() - started
    except DemoError as problem:
        db.session.rollback()
        raise click.ClickException(str(problem)) from problem
    click.echo(
        f"Demo data ready ({len(created)} new account(s), {clinic} new demo patient(s), {notes} new demo note(s))."
    )
    if linked:
        click.echo("patient@example.com now opens the portal of a demo patient with an active plan.")
    if extra:
        click.echo(f"Added {extra} bulk patient(s) with plans in {seconds:.1f} s.")
    click.echo("Log in at /login with any of:")
    for email, _name, role, _codes in DEMO_ACCOUNTS:
        click.echo(f"  {email:<28} {role.value:<13} password: {DEMO_PASSWORD}")
