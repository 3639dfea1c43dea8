"""What patients and staff type is shown as text, never run as HTML, wherever the portal's data appears.

Rules checked:
- markup in a note shared with the patient is escaped on the portal's note list and note page;
- markup in a pain check-in comment is escaped on the portal's pain page and on the care team's plan page;
- markup in the details of warning symptoms the patient reports is escaped on the coordinator's dashboard and
  on the patient's chart.
"""

from __future__ import annotations

import pytest

from tests.portal.conftest import write_note

SCRIPT = "<script>alert(1)</script>"
IMAGE = '<img src=x onerror="alert(2)">'
ESCAPED = ["&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=&#34;alert(2)&#34;&gt;"]
PAYLOAD = f"Before {SCRIPT} between {IMAGE} after"


def assert_escaped(html: str) -> None:
    assert SCRIPT not in html
    assert "<img" not in html
    for text in ESCAPED:
        assert text in html


@pytest.fixture
def shared_note(maya):
    return write_note(maya.plan, maya.physio, PAYLOAD)


def test_markup_in_a_shared_note_is_escaped_in_the_portal(maya_client, shared_note):
    assert_escaped(maya_client.get("/portal/notes").get_data(as_text=True))
    assert_escaped(maya_client.get(f"/portal/notes/{shared_note.id}").get_data(as_text=True))


def test_markup_in_a_check_in_comment_is_escaped_in_the_portal_and_on_the_plan_page(
    maya_client, maya, staff_client, coordinator
):
    assert maya_client.post_form("/portal/pain", {"score": "5", "comment": PAYLOAD}).status_code == 302
    assert_escaped(maya_client.get("/portal/pain").get_data(as_text=True))

    for staff in (maya.physio, coordinator):
        staff_client.login(staff.email)
        assert_escaped(staff_client.get(f"/plans/{maya.plan.id}").get_data(as_text=True))
        staff_client.post_form("/logout")


def test_markup_in_a_refused_comment_is_escaped_on_the_form(maya_client):
    response = maya_client.post_form("/portal/pain", {"comment": PAYLOAD})
    assert response.status_code == 400
    assert_escaped(response.get_data(as_text=True))


def test_markup_in_warning_symptom_details_is_escaped_on_the_dashboard_and_the_chart(
    maya_client, maya, staff_client, coordinator
):
    response = maya_client.post_form("/portal/warning-symptoms", {"symptoms": ["limb_weakness"], "details": PAYLOAD})
    assert response.status_code == 302
    assert SCRIPT not in maya_client.get(response.headers["Location"]).get_data(as_text=True)

    staff_client.login(coordinator.email)
    assert_escaped(staff_client.get("/coordinator").get_data(as_text=True))
    assert_escaped(staff_client.get(f"/patients/{maya.patient.id}").get_data(as_text=True))


def test_markup_in_refused_warning_symptom_details_is_escaped_on_the_form(maya_client):
    response = maya_client.post_form("/portal/warning-symptoms", {"details": PAYLOAD})
    assert response.status_code == 400
    assert_escaped(response.get_data(as_text=True))
