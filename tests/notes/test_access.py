"""Who reaches which notes page: the whole matrix over every route of the `notes` blueprint.

Rules checked:
- The author reaches their drafts and the plan's signed notes; nobody else reaches a draft, not even a
  teammate or a coordinator (404, so ids leak nothing).
- The care team and coordinators reach the plan's notes, its timeline, its print view and every signed note.
- A practitioner outside the team, or taken off it, gets 404 for the plan, its notes and its drafts, and still
  has an inbox of their own.
- Patients and admins do not reach these pages at all (403); anonymous visitors are sent to log in.
- A refused request changes nothing.
- The matrix covers every route of the blueprint, so a new route cannot go untested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from carespace.extensions import db
from carespace.models import Note, NoteAddendum, NoteKind, User
from tests.factories import make_plan, make_user
from tests.notes.helpers import take_off_team, write

ROLES = ["author", "teammate", "coordinator", "outsider", "removed", "admin", "patient", "anonymous"]
READERS = {"author", "teammate", "coordinator"}  # the plan's care team and coordinators
AUTHOR = {"author"}
STAFF = {*READERS, "outsider", "removed"}

MESSAGE = {"kind": "team_message", "body": "Meeting on Friday", "visibility": "team"}
SOAP = {"kind": "progress", "subjective": "Changed", "visibility": "team"}

# (method, url, form data, who reaches it, the status they get)
ROUTES = [
    ("GET", "/plans/{plan}/notes", None, READERS, 200),
    ("GET", "/plans/{plan}/notes/new", None, READERS, 200),
    ("POST", "/plans/{plan}/notes/new", MESSAGE, READERS, 302),
    ("GET", "/plans/{plan}/timeline", None, READERS, 200),
    ("GET", "/plans/{plan}/print", None, READERS, 200),
    ("GET", "/notes/inbox", None, STAFF, 200),
    ("GET", "/notes/{note}", None, READERS, 200),
    ("GET", "/notes/{note}/print", None, READERS, 200),
    ("POST", "/notes/{note}/addenda", {"text": "More"}, READERS, 302),
    ("POST", "/notes/{note}/entered-in-error", {"reason": "Wrong patient"}, READERS, 302),
    ("GET", "/notes/{note}/edit", None, READERS, 302),  # signed: refused with a message
    ("POST", "/notes/{note}/edit", SOAP, READERS, 302),
    ("POST", "/notes/{note}/sign", None, READERS, 302),
    ("POST", "/notes/{note}/discard", None, READERS, 302),
    ("GET", "/notes/{draft}", None, AUTHOR, 200),
    ("GET", "/notes/{draft}/print", None, AUTHOR, 200),
    ("GET", "/notes/{draft}/edit", None, AUTHOR, 200),
    ("POST", "/notes/{draft}/edit", SOAP, AUTHOR, 302),
    ("POST", "/notes/{draft}/sign", None, AUTHOR, 302),
    ("POST", "/notes/{draft}/discard", None, AUTHOR, 302),
]


@dataclass
class World:
    plan_id: int
    note_id: int  # signed by the author
    draft_id: int  # the author's
    people: dict[str, User]

    def url(self, pattern: str) -> str:
        return pattern.format(plan=self.plan_id, note=self.note_id, draft=self.draft_id)


@pytest.fixture
def world(clinic) -> World:
    removed = make_user("practitioner", name="Rae Removed", disciplines=["psychotherapy"])
    assignment = next(a for a in clinic.plan.assignments_in(clinic.plan.phase) if a.discipline.code == "psychotherapy")
    assignment.practitioner_id = removed.id
    db.session.commit()
    write(clinic.plan, removed, subjective="Written before leaving the team")
    take_off_team(clinic.plan, removed, clinic.coordinator)
    note = write(clinic.plan, clinic.author, subjective="Signed")
    draft = write(clinic.plan, clinic.author, sign=False, subjective="Draft")
    people = {
        "author": clinic.author,
        "teammate": clinic.teammate,
        "coordinator": clinic.coordinator,
        "outsider": clinic.outsider,
        "removed": removed,
        "admin": make_user("admin"),
        "patient": make_user("patient"),
    }
    return World(clinic.plan.id, note.id, draft.id, people)


def state() -> list:
    """Everything a request to these routes could change."""
    db.session.expire_all()
    notes = db.session.scalars(select(Note).order_by(Note.id))
    return [
        [(n.id, n.status, n.subjective, n.body, n.entered_in_error_reason) for n in notes],
        list(db.session.scalars(select(NoteAddendum.text))),
    ]


def request(client, method: str, url: str, data: dict | None):
    if method == "GET":
        return client.get(url)
    return client.post_form(url, dict(data or {}))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "url", "data", "reach", "ok"), ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES])
def test_route_access(app, client, world, role, method, url, data, reach, ok):
    if role != "anonymous":
        assert client.login(world.people[role].email).status_code == 302
    before = state()

    response = request(client, method, world.url(url), data)

    if role in reach:
        assert response.status_code == ok, response.get_data(as_text=True)[:2000]
        return
    if role == "anonymous":
        assert response.status_code == 302 and response.headers["Location"].startswith("/login")
    elif role in ("admin", "patient"):
        assert response.status_code == 403
    else:
        assert response.status_code == 404
    assert state() == before, "a refused request changed the record"


def test_the_matrix_covers_every_notes_route(app):
    def shape(rule: str) -> str:
        return re.sub(r"<[^>]+>|\{[^}]+\}", "{}", rule)

    covered = {(method, shape(url)) for method, url, *_ in ROUTES}
    routes = {
        (method, shape(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("notes.")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert routes == covered


DRAFT_ROUTES = [(m, u, d) for m, u, d, reach, _ in ROUTES if "{draft}" in u]


@pytest.mark.parametrize("who", ["teammate", "coordinator"])
@pytest.mark.parametrize(("method", "url", "data"), DRAFT_ROUTES, ids=[f"{r[0]} {r[1]}" for r in DRAFT_ROUTES])
def test_nobody_but_the_author_finds_a_draft(client, world, who, method, url, data):
    client.login(world.people[who].email)
    assert request(client, method, world.url(url), data).status_code == 404


def test_a_removed_practitioner_gets_404_on_their_own_notes(client, clinic):
    own = write(clinic.plan, clinic.teammate)
    own_draft = write(clinic.plan, clinic.teammate, sign=False)
    take_off_team(clinic.plan, clinic.teammate, clinic.coordinator)
    client.login(clinic.teammate.email)
    for url in (f"/notes/{own.id}", f"/notes/{own.id}/print", f"/notes/{own_draft.id}", f"/notes/{own_draft.id}/edit"):
        assert client.get(url).status_code == 404, url
    assert client.post_form(f"/notes/{own.id}/entered-in-error", {"reason": "Wrong"}).status_code == 404
    assert client.post_form(f"/notes/{own_draft.id}/discard").status_code == 404


def test_a_note_on_another_patients_plan_is_404_to_a_practitioner_off_that_team(client, clinic):
    other = make_plan(team={"physiotherapy": clinic.outsider})
    note = write(other, clinic.outsider, kind=NoteKind.PROGRESS)
    client.login(clinic.author.email)
    assert client.get(f"/notes/{note.id}").status_code == 404
    assert client.get(f"/plans/{other.id}/notes").status_code == 404


@pytest.mark.parametrize(
    "url",
    ["/notes/999999", "/notes/999999/print", "/notes/999999/edit", "/plans/999999/notes", "/plans/999999/timeline"],
)
def test_unknown_ids_are_404(client, clinic, url):
    client.login(clinic.coordinator.email)
    assert client.get(url).status_code == 404
