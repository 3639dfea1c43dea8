"""The timeline and the unread counts run a fixed number of queries however many notes a plan has
(test with 5 and with 300 notes).

Each page showing notes eager-loads what its template shows (authors, disciplines, addenda, the
teammate a note is for, who struck it), the lists are paged or bounded (the print view shows every
note, so it is checked too), and the unread badge and "Patients with new notes" are aggregate
queries, so a page costs the same for 5 signed notes as for 300, with addenda, reads and notes
entered in error mixed in. The people the notes name come from separate groups (authors, the
teammates notes are for, the coordinators who struck notes), so a lazy load cannot hide behind
another part of the page having loaded the same account. The timeline loads one batch per kind of
entry on its page; the plan's newest entries are a status change, a red flag and its
acknowledgement, so every kind is on the first page both times.
"""

import pytest

from tests.conftest import count_queries
from tests.factories import make_user
from tests.notes_speed.builders import add_notes, noted_plan

PAGES = [
    pytest.param("practitioner", "/plans/{plan}/timeline", "Red-flag alert acknowledged", id="timeline"),
    pytest.param("coordinator", "/plans/{plan}/timeline", "Entered in error", id="timeline-coordinator"),
    pytest.param("practitioner", "/plans/{plan}/notes", "for the attention of", id="notes"),
    pytest.param("practitioner", "/plans/{plan}/notes?kind=progress", "Progress", id="notes-filtered"),
    pytest.param("practitioner", "/notes/inbox", "on Rowan Ellery (Sciatica)", id="inbox"),
    pytest.param("coordinator", "/notes/inbox", "on Rowan Ellery (Sciatica)", id="inbox-coordinator"),
    pytest.param("practitioner", "/practitioner", "Rowan Ellery</a>: ", id="practitioner-home"),
    pytest.param("coordinator", "/coordinator", "Rowan Ellery</a>: ", id="coordinator-home"),
    pytest.param("practitioner", "/plans/{plan}/print", "Addendum", id="print-plan"),
]


def statements_for(client, path: str, expected: str) -> list[str]:
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert expected in html
    assert "/print" in path or 'data-unread="' in html, "the navigation shows the unread badge"
    return statements


@pytest.mark.parametrize(("role", "path", "expected"), PAGES)
def test_same_query_count_for_5_and_300_notes(client, login_as, frozen_clock, role, path, expected):
    physio = make_user("practitioner", name="Pat Physio")
    coordinator = make_user("coordinator", name="Casey Coordinator")
    login_as(physio if role == "practitioner" else coordinator)
    noted = noted_plan(physio, coordinator)
    path = path.format(plan=noted.plan.id)
    add_notes(noted, 5)
    client.get(path)  # the first request of a session may do one-off work; compare steady states
    few = statements_for(client, path, expected)

    add_notes(noted, 295)
    many = statements_for(client, path, expected)

    assert len(few) == len(many), "\n\n".join(many)
