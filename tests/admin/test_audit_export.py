"""The audit trail's CSV export at /admin/audit.csv.

Rules checked:
- it is a CSV download with a header row, then one row per event, newest first;
- it honours the same filters as the audit page (user, action, clinic-day dates);
- a cell a spreadsheet would run as a formula (starting with =, +, -, @, tab or carriage return)
  is written with a leading apostrophe;
- every export is itself audited as `audit.exported`, by the admin, naming the action filter.
"""

from datetime import UTC, datetime

import pytest

from tests.admin.pages import audit_events, csv_rows, make_event
from tests.factories import make_user

HEADER = [
    "time_utc",
    "time_local",
    "user",
    "action",
    "object_type",
    "object_id",
    "patient_id",
    "address",
    "detail",
]
USER, ACTION, DETAIL = (HEADER.index(column) for column in ("user", "action", "detail"))


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def export(client, **filters):
    return client.get("/admin/audit.csv", query_string=filters)


def exported_details(response) -> list[str]:
    """The detail column of the exported events, leaving out events without one."""
    return [row[DETAIL] for row in csv_rows(response)[1:] if row[DETAIL]]


def test_export_is_a_csv_download(client, admin):
    response = export(client)

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == "attachment; filename=carespace-audit.csv"
    assert response.headers["Cache-Control"] == "no-store"


def test_export_starts_with_a_header_row(client, admin):
    assert csv_rows(export(client))[0] == HEADER


def test_export_writes_one_row_per_event_with_every_column(client, admin):
    dana = make_user("coordinator", email="dana@clinic.test")
    make_event("account.updated", utc("2025-01-15 04:59:59"), actor=dana, detail="name")

    rows = csv_rows(export(client, action="account.updated"))

    assert rows[1:] == [
        ["2025-01-15T04:59:59+00:00", "2025-01-14 23:59", "dana@clinic.test", "account.updated", "", "", "", "", "name"]
    ]


def test_export_lists_events_newest_first(client, admin):
    make_event("account.updated", utc("2025-01-11 12:00"), detail="middle")
    make_event("account.updated", utc("2025-01-10 12:00"), detail="oldest")
    make_event("account.updated", utc("2025-01-12 12:00"), detail="newest")

    assert exported_details(export(client, action="account.updated")) == ["newest", "middle", "oldest"]


def test_export_honours_the_user_filter(client, admin):
    dana = make_user("coordinator", name="Dana Whitfield")
    omar = make_user("practitioner", name="Omar Haddad")
    make_event("account.updated", utc("2025-01-10 12:00"), actor=dana, detail="by Dana")
    make_event("account.updated", utc("2025-01-10 13:00"), actor=omar, detail="by Omar")

    assert exported_details(export(client, user="WHITF")) == ["by Dana"]


def test_export_honours_the_action_filter(client, admin):
    make_event("account.created", utc("2025-01-10 12:00"), detail="created")
    make_event("account.deactivated", utc("2025-01-10 13:00"), detail="deactivated")

    rows = csv_rows(export(client, action="account.created"))

    assert [(row[ACTION], row[DETAIL]) for row in rows[1:]] == [("account.created", "created")]


def test_export_honours_the_dates_as_clinic_days(client, admin):
    make_event("account.updated", utc("2025-01-15 04:59:59"), detail="Jan 14 23:59:59")
    make_event("account.updated", utc("2025-01-15 05:00:00"), detail="Jan 15 00:00:00")
    make_event("account.updated", utc("2025-01-16 04:59:59"), detail="Jan 15 23:59:59")
    make_event("account.updated", utc("2025-01-16 05:00:00"), detail="Jan 16 00:00:00")

    response = export(client, start="2025-01-15", end="2025-01-15")

    assert exported_details(response) == ["Jan 15 23:59:59", "Jan 15 00:00:00"]


def test_export_lists_the_same_events_as_the_page(client, admin):
    dana = make_user("coordinator", name="Dana Whitfield")
    for hour in range(6):
        make_event("account.updated", utc(f"2025-01-15 {hour * 4:02d}:00"), actor=dana, detail=f"hour {hour * 4}")
    filters = {"user": "dana", "action": "account.updated", "start": "2025-01-15", "end": "2025-01-15"}

    page = client.get("/admin/audit", query_string=filters).get_data(as_text=True)
    exported = exported_details(export(client, **filters))

    assert exported == ["hour 20", "hour 16", "hour 12", "hour 8"]
    assert all(f"<td>{detail}</td>" in page for detail in exported)
    assert "<td>hour 4</td>" not in page


def test_export_with_an_invalid_date_range_is_refused(client, admin):
    dana = make_user("coordinator", name="Dana Whitfield")
    omar = make_user("practitioner", name="Omar Haddad", email="omar@physio.test")
    make_event("account.updated", utc("2025-01-15 12:00"), actor=dana, detail="by Dana")
    make_event("account.updated", utc("2025-01-15 13:00"), actor=omar, detail="by Omar")

    response = export(client, user="dana", start="2025-01-20", end="2025-01-10")

    assert response.status_code == 400
    assert "omar@physio.test" not in response.get_data(as_text=True)
    assert audit_events("audit.exported") == []


@pytest.mark.parametrize(
    "detail",
    [
        '=HYPERLINK("http://evil.example","click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)",
        "\t=1+1",
        "\r=1+1",
    ],
)
def test_formulas_are_written_with_a_leading_apostrophe(client, admin, detail):
    make_event("account.updated", utc("2025-01-10 12:00"), detail=detail)

    assert exported_details(export(client, action="account.updated")) == ["'" + detail]


def test_an_email_starting_like_a_formula_is_neutralised_too(client, admin):
    dana = make_user("coordinator", email="=cmd@clinic.test")
    make_event("account.updated", utc("2025-01-10 12:00"), actor=dana, detail="plain")

    [row] = csv_rows(export(client, action="account.updated"))[1:]

    assert row[USER] == "'=cmd@clinic.test"


def test_ordinary_text_is_written_as_it_is(client, admin):
    make_event("account.updated", utc("2025-01-10 12:00"), detail="role coordinator to admin; a=b")

    assert exported_details(export(client, action="account.updated")) == ["role coordinator to admin; a=b"]


def test_export_is_audited_with_its_filters(client, admin):
    export(client, action="account.created", user="dana", start="2025-01-01")

    [event] = audit_events("audit.exported")
    assert event.actor_id == admin.id
    assert event.detail == "user=dana, action=account.created, start=2025-01-01"
    assert event.ip_address == "127.0.0.1"


def test_every_export_is_audited(client, admin):
    export(client)
    export(client, start="2025-01-01")

    assert [e.detail for e in audit_events("audit.exported")] == [None, "start=2025-01-01"]
