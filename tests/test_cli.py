"""`create-user` makes accounts (the first admin comes from here); `seed-demo` loads demo accounts, idempotently."""

import pytest
from sqlalchemy import func, select

from carespace.cli import DEMO_ACCOUNTS, DEMO_PASSWORD
from carespace.extensions import db
from carespace.models import AuditEvent, Role, User

GOOD_PASSWORD = "first-admin-password-2026"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def run(*args, stdin=None):
        return runner.invoke(args=list(args), input=stdin)

    return run


def accounts() -> int:
    return db.session.scalar(select(func.count()).select_from(User))


def test_migrations_create_no_account(app):
    assert accounts() == 0


def test_create_user_reads_the_password_from_stdin(cli, client):
    result = cli(
        "create-user",
        "--email",
        "Boss@Clinic.test",
        "--name",
        "Bo Boss",
        "--role",
        "admin",
        "--password-stdin",
        stdin=GOOD_PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert (user.email, user.role, user.active) == ("boss@clinic.test", Role.ADMIN, True)
    assert user.password_hash.startswith("$argon2id$")
    assert GOOD_PASSWORD not in result.output
    assert client.login("boss@clinic.test", GOOD_PASSWORD).status_code == 302
    assert db.session.scalar(select(AuditEvent.action)) == "account.created"


def test_create_user_prompts_for_the_password_twice(cli):
    result = cli(
        "create-user",
        "--email",
        "c@clinic.test",
        "--name",
        "C",
        "--role",
        "coordinator",
        stdin=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert accounts() == 1


def test_create_practitioner_with_disciplines(cli):
    result = cli(
        "create-user",
        "--email",
        "p@clinic.test",
        "--name",
        "P",
        "--role",
        "practitioner",
        "--discipline",
        "physiotherapy",
        "--discipline",
        "acupuncture",
        "--password-stdin",
        stdin=GOOD_PASSWORD,
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User))
    assert [d.code for d in user.disciplines] == ["acupuncture", "physiotherapy"]


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "admin"], "short", "at least 12 characters"),
        (["--role", "admin"], "password1234", "too common"),
        (["--role", "admin"], "x@clinic.test", "cannot be your email"),
        (["--role", "practitioner"], GOOD_PASSWORD, "needs at least one --discipline"),
        (["--role", "coordinator", "--discipline", "nutrition"], GOOD_PASSWORD, "only practitioners"),
        (["--role", "practitioner", "--discipline", "surgery"], GOOD_PASSWORD, "unknown discipline"),
        (["--role", "superuser"], GOOD_PASSWORD, "Invalid value for '--role'"),
    ],
)
def test_create_user_refusals_explain_themselves(cli, args, stdin, message):
    result = cli("create-user", "--email", "x@clinic.test", "--name", "X", *args, "--password-stdin", stdin=stdin)
    assert result.exit_code != 0
    assert message in result.output
    assert accounts() == 0


def test_create_user_refuses_a_duplicate_email(cli):
    base = ["create-user", "--email", "dup@clinic.test", "--name", "D", "--role", "admin", "--password-stdin"]
    assert cli(*base, stdin=GOOD_PASSWORD).exit_code == 0
    result = cli(*base, stdin=GOOD_PASSWORD)
    assert result.exit_code != 0 and "already exists" in result.output
    assert accounts() == 1


def test_seed_demo_creates_the_demo_accounts_once(cli, client):
    first = cli("seed-demo")
    assert first.exit_code == 0, first.output
    assert "coordinator@example.com" in first.output and DEMO_PASSWORD in first.output
    assert cli("seed-demo").exit_code == 0
    assert accounts() == len(DEMO_ACCOUNTS) == 7
    physio = db.session.scalar(select(User).where(User.email == "physio@example.com"))
    assert [d.code for d in physio.disciplines] == ["physiotherapy"]
    for email, _name, role, _codes in DEMO_ACCOUNTS:
        assert db.session.scalar(select(User.role).where(User.email == email)) == role
    assert client.login("massage@example.com", DEMO_PASSWORD).status_code == 302


def test_seed_demo_is_refused_in_production(cli, app):
    app.config["ENV_NAME"] = "production"
    result = cli("seed-demo")
    assert result.exit_code != 0 and "refused" in result.output
    assert accounts() == 0
