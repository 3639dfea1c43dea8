"""Intake: every field checked with its error beside it, nothing typed lost, a chart number, a red-flag screen."""

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from carespace import timefmt
from carespace.extensions import db
from carespace.models import AuditEvent, Patient, RedFlagAlert, RedFlagSource

GOOD = {
    "given_name": "Robin",
    "family_name": "Okafor",
    "preferred_name": "Rob",
    "date_of_birth": "1975-03-14",
    "phone": "+1 (416) 555-0123",
    "email": "Robin.Okafor@Example.org",
    "conditions": "Sciatica\n\nsciatica\nNeck pain",
    "referral_source": "Family doctor",
}


@pytest.fixture
def coordinator(login_as):
    return login_as("coordinator")


def error_beside(html: str, field: str) -> str | None:
    match = re.search(rf'id="{field}-error"[^>]*>(.*?)</div>', html, re.S)
    return match.group(1).strip() if match else None


def test_intake_registers_the_patient_with_a_chart_number(client, coordinator):
    response = client.post_form("/patients/new", GOOD)
    patient = db.session.scalar(select(Patient))
    assert response.headers["Location"] == f"/patients/{patient.id}"
    assert re.fullmatch(r"CS-[0-9A-Z]{4}-[0-9A-Z]{4}", patient.chart_number)
    assert (patient.given_name, patient.preferred_name, patient.email) == ("Robin", "Rob", "robin.okafor@example.org")
    assert [c.name for c in patient.conditions] == ["Sciatica", "Neck pain"]
    assert patient.date_of_birth == date(1975, 3, 14)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert patient.chart_number in page and "Rob (Robin) Okafor" in page
    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.patient_id == patient.id)).all()
    assert actions == ["patient.created", "patient.viewed"]


def test_chart_numbers_are_unique(client, coordinator):
    for n in range(5):
        client.post_form("/patients/new", {**GOOD, "family_name": f"Okafor{n}"})
    numbers = db.session.scalars(select(Patient.chart_number)).all()
    assert len(set(numbers)) == 5


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("given_name", "", "Enter the given name."),
        ("family_name", "", "Enter the family name."),
        ("given_name", "x" * 81, "Field cannot be longer than 80 characters."),
        ("date_of_birth", "", "Enter the date of birth"),
        ("date_of_birth", "14/03/1975", "Enter the date of birth (YYYY-MM-DD)."),
        ("phone", "", "Enter a phone number."),
        ("phone", "call me maybe", "Use digits, spaces and + ( ) - only."),
        ("email", "not-an-email", "Enter a valid email address."),
        ("conditions", " \n ", "Enter at least one condition."),
        ("conditions", "\n".join(f"Condition {n}" for n in range(11)), "at most 10 conditions"),
    ],
)
def test_each_bad_field_is_refused_beside_it_and_nothing_typed_is_lost(client, coordinator, field, value, message):
    response = client.post_form("/patients/new", {**GOOD, field: value})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in (error_beside(html, field) or "")
    assert db.session.scalar(select(Patient)) is None
    for other, typed in GOOD.items():
        if other not in (field, "conditions"):
            assert f'value="{typed}"' in html, other


def test_date_of_birth_in_the_future_or_over_120_years_ago_is_refused(client, coordinator):
    today = timefmt.clinic_today()
    tomorrow = (today + timedelta(days=1)).isoformat()
    html = client.post_form("/patients/new", {**GOOD, "date_of_birth": tomorrow}).get_data(as_text=True)
    assert error_beside(html, "date_of_birth") == "The date of birth cannot be in the future."
    html = client.post_form("/patients/new", {**GOOD, "date_of_birth": "1890-01-01"}).get_data(as_text=True)
    assert error_beside(html, "date_of_birth") == "The date of birth cannot be more than 120 years ago."
    client.post_form("/patients/new", {**GOOD, "date_of_birth": today.isoformat()})
    assert db.session.scalar(select(Patient)) is not None


def test_a_positive_red_flag_screen_raises_an_alert_at_once(client, coordinator):
    data = {**GOOD, "red_flags": ["bladder_bowel", "saddle_numbness"], "red_flag_details": "Since this morning"}
    response = client.post_form("/patients/new", data, follow_redirects=True)
    alert = db.session.scalar(select(RedFlagAlert))
    assert alert.source == RedFlagSource.INTAKE and alert.is_open
    assert alert.symptom_keys == ["bladder_bowel", "saddle_numbness"]
    html = response.get_data(as_text=True)
    assert "Red-flag alert raised" in html
    assert html.index("Open red-flag alerts") < html.index("<h1")  # at the top of the chart
    assert "New loss of bladder or bowel control" in html


def test_a_negative_screen_raises_nothing(client, coordinator):
    client.post_form("/patients/new", GOOD)
    assert db.session.scalar(select(RedFlagAlert)) is None


def test_typed_text_is_escaped(client, coordinator):
    payload = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
    response = client.post_form(
        "/patients/new", {**GOOD, "family_name": payload[:80], "conditions": payload}, follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
