"""The audit page at /admin/audit.

Rules checked:
- events are listed newest first, with times shown in the clinic's time zone (America/Toronto);
- the user filter matches part of the acting user's name or email, ignoring case;
- the action filter offers every action in the trail and keeps only the chosen one;
- the date filter takes whole days in the clinic's time zone, both ends included, across DST changes;
- an end date before the start date is refused beside the field;
- 25 events a page, the next page shows the rest, and the pager and export links keep the filters;
- text in the trail is escaped.
"""

import re
from datetime import UTC, datetime, timedelta
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.admin.pages import field_error, form_values, make_event, table_rows
from tests.factories import make_user

TIME, USER, ACTION, RECORD, PATIENT, ADDRESS, DETAIL = range(7)


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def details(response) -> list[str]:
    """The detail column of the listed events, leaving out events without one (such as the admin's log-in)."""
    return [row[DETAIL] for row in table_rows(response) if row[DETAIL]]


def link_labelled(response, label: str) -> str:
    html = response.get_data(as_text=True)
    return unescape(re.search(rf'href="([^"]+)"[^>]*>{label}</a>', html).group(1))


def test_events_are_listed_newest_first(client, admin):
    make_event("account.updated", utc("2025-01-11 12:00"), detail="middle")
    make_event("account.updated", utc("2025-01-10 12:00"), detail="oldest")
    make_event("account.updated", utc("2025-01-12 12:00"), detail="newest")

    rows = table_rows(client.get("/admin/audit"))

    assert rows[0][ACTION] == "auth.login"  # the admin's own log-in, just now
    assert [row[DETAIL] for row in rows[1:]] == ["newest", "middle", "oldest"]


def test_events_recorded_at_the_same_moment_show_the_later_recorded_first(client, admin):
    moment = utc("2025-01-10 12:00")
    make_event("account.updated", moment, detail="recorded first")
    make_event("account.updated", moment, detail="recorded second")

    assert details(client.get("/admin/audit")) == ["recorded second", "recorded first"]


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("2025-01-15 04:59:59", "2025-01-14 23:59:59"),  # EST, UTC-5
        ("2025-07-01 03:30:00", "2025-06-30 23:30:00"),  # EDT, UTC-4
    ],
)
def test_times_are_shown_in_the_clinic_time_zone(client, admin, stored, shown):
    make_event("account.updated", utc(stored), detail="timed")

    [row] = [row for row in table_rows(client.get("/admin/audit")) if row[DETAIL] == "timed"]

    assert row[TIME] == shown


def test_rows_show_user_action_record_address_and_detail(client, admin):
    coordinator = make_user("coordinator")

    client.post_form(f"/admin/users/{coordinator.id}/deactivate")

    row = table_rows(client.get("/admin/audit"))[0]
    assert row[USER:] == [admin.email, "account.deactivated", f"users {coordinator.id}", "", "127.0.0.1", ""]


@pytest.mark.parametrize("user", ["whitf", "DANA W", "dana@", "CLINIC.EXAMPLE"])
def test_user_filter_matches_part_of_name_or_email_ignoring_case(client, admin, user):
    dana = make_user("coordinator", name="Dana Whitfield", email="dana@clinic.example")
    omar = make_user("practitioner", name="Omar Haddad", email="omar@physio.test")
    make_event("account.updated", utc("2025-01-10 12:00"), actor=dana, detail="by Dana")
    make_event("account.updated", utc("2025-01-10 13:00"), actor=omar, detail="by Omar")
    make_event("account.updated", utc("2025-01-10 14:00"), detail="by nobody")

    response = client.get("/admin/audit", query_string={"user": user})

    assert details(response) == ["by Dana"]
    assert form_values(response)["user"] == user


def test_action_filter_offers_every_action_in_the_trail(client, admin):
    make_event("account.created", utc("2025-01-10 12:00"))
    make_event("account.deactivated", utc("2025-01-10 13:00"))

    html = client.get("/admin/audit").get_data(as_text=True)
    options = re.findall(r'<option[^>]*value="([^"]*)"', html)

    assert options == ["", "account.created", "account.deactivated", "auth.login"]


def test_action_filter_keeps_only_that_action(client, admin):
    make_event("account.created", utc("2025-01-10 12:00"), detail="created")
    make_event("account.deactivated", utc("2025-01-10 13:00"), detail="deactivated")
    make_event("account.created", utc("2025-01-10 14:00"), detail="created again")

    response = client.get("/admin/audit", query_string={"action": "account.created"})

    assert [(row[ACTION], row[DETAIL]) for row in table_rows(response)] == [
        ("account.created", "created again"),
        ("account.created", "created"),
    ]
    assert form_values(response)["action"] == "account.created"


def test_user_and_action_filters_combine(client, admin):
    dana = make_user("coordinator", name="Dana Whitfield")
    make_event("account.created", utc("2025-01-10 12:00"), actor=dana, detail="Dana created")
    make_event("account.deactivated", utc("2025-01-10 13:00"), actor=dana, detail="Dana deactivated")
    make_event("account.created", utc("2025-01-10 14:00"), actor=admin, detail="Avery created")

    response = client.get("/admin/audit", query_string={"user": "dana", "action": "account.created"})

    assert details(response) == ["Dana created"]


# Each case: the day filtered on, then events (UTC time, the clinic-local time as label, inside the day?)
# in time order. The events just outside a day are inside the UTC day, and the reverse, so a filter
# that ignored the zone, or used a fixed offset, would keep the wrong ones.
CLINIC_DAYS = [
    pytest.param(
        "2025-01-15",
        [
            ("2025-01-15 04:59:59", "Jan 14 23:59:59", False),
            ("2025-01-15 05:00:00", "Jan 15 00:00:00", True),
            ("2025-01-16 04:59:59", "Jan 15 23:59:59", True),
            ("2025-01-16 05:00:00", "Jan 16 00:00:00", False),
        ],
        id="winter day, UTC-5",
    ),
    pytest.param(
        "2025-07-15",
        [
            ("2025-07-15 03:59:59", "Jul 14 23:59:59", False),
            ("2025-07-15 04:00:00", "Jul 15 00:00:00", True),
            ("2025-07-16 03:59:59", "Jul 15 23:59:59", True),
            ("2025-07-16 04:00:00", "Jul 16 00:00:00", False),
        ],
        id="summer day, UTC-4",
    ),
    pytest.param(
        "2025-03-09",
        [
            ("2025-03-09 04:59:59", "Mar 8 23:59:59", False),
            ("2025-03-09 05:00:00", "Mar 9 00:00:00", True),
            ("2025-03-10 03:59:59", "Mar 9 23:59:59", True),
            ("2025-03-10 04:00:00", "Mar 10 00:00:00", False),
        ],
        id="spring forward, a 23-hour day",
    ),
    pytest.param(
        "2025-11-02",
        [
            ("2025-11-02 03:59:59", "Nov 1 23:59:59", False),
            ("2025-11-02 04:00:00", "Nov 2 00:00:00", True),
            ("2025-11-03 04:59:59", "Nov 2 23:59:59", True),
            ("2025-11-03 05:00:00", "Nov 3 00:00:00", False),
        ],
        id="fall back, a 25-hour day",
    ),
]


@pytest.mark.parametrize(("day", "events"), CLINIC_DAYS)
def test_date_filter_takes_whole_days_in_the_clinic_time_zone(client, admin, day, events):
    for at, label, _ in events:
        make_event("account.updated", utc(at), detail=label)

    response = client.get("/admin/audit", query_string={"start": day, "end": day})

    assert details(response) == [label for _, label, inside in reversed(events) if inside]


def test_start_date_alone_keeps_that_day_and_after(client, admin):
    make_event("account.updated", utc("2025-01-15 04:59:59"), detail="Jan 14 23:59:59")
    make_event("account.updated", utc("2025-01-15 05:00:00"), detail="Jan 15 00:00:00")

    response = client.get("/admin/audit", query_string={"start": "2025-01-15"})

    assert details(response) == ["Jan 15 00:00:00"]
    assert table_rows(response)[0][ACTION] == "auth.login"  # today's log-in is after the start too


def test_end_date_alone_keeps_that_day_and_before(client, admin):
    make_event("account.updated", utc("2025-01-16 04:59:59"), detail="Jan 15 23:59:59")
    make_event("account.updated", utc("2025-01-16 05:00:00"), detail="Jan 16 00:00:00")

    response = client.get("/admin/audit", query_string={"end": "2025-01-15"})

    assert [row[DETAIL] for row in table_rows(response)] == ["Jan 15 23:59:59"]


def test_range_of_several_days_includes_both_ends(client, admin):
    for at in ("2025-01-10 04:59:59", "2025-01-10 05:00:00", "2025-01-13 04:59:59", "2025-01-13 05:00:00"):
        make_event("account.updated", utc(at), detail=at)

    response = client.get("/admin/audit", query_string={"start": "2025-01-10", "end": "2025-01-12"})

    assert details(response) == ["2025-01-13 04:59:59", "2025-01-10 05:00:00"]


def test_end_before_start_is_refused_beside_the_field(client, admin):
    response = client.get("/admin/audit", query_string={"start": "2025-01-20", "end": "2025-01-10"})

    assert response.status_code == 200
    assert field_error(response, "end") == "The end date is before the start date."


def test_date_that_is_not_a_date_is_refused_beside_the_field(client, admin):
    response = client.get("/admin/audit", query_string={"start": "yesterday"})

    assert response.status_code == 200
    assert field_error(response, "start") is not None


@pytest.mark.parametrize(
    "dates",
    [{"start": "2025-01-20", "end": "2025-01-10"}, {"start": "yesterday"}],
    ids=["end before start", "not a date"],
)
def test_refused_date_does_not_widen_the_other_filters(client, admin, dates):
    dana = make_user("coordinator", name="Dana Whitfield")
    omar = make_user("practitioner", name="Omar Haddad")
    make_event("account.updated", utc("2025-01-15 12:00"), actor=dana, detail="by Dana")
    make_event("account.updated", utc("2025-01-15 13:00"), actor=omar, detail="by Omar")

    response = client.get("/admin/audit", query_string={"user": "dana", **dates})

    assert "by Omar" not in details(response)


def test_audit_shows_25_events_a_page_and_the_rest_on_the_next(client, admin):
    start = utc("2025-01-01 12:00")
    for n in range(30):
        make_event("account.updated", start + timedelta(hours=n), detail=f"event {n:02d}")

    first = table_rows(client.get("/admin/audit"))
    second = table_rows(client.get("/admin/audit", query_string={"page": 2}))

    assert len(first) == 25
    assert len(second) == 31 - 25  # the 30 events and the admin's log-in
    assert [row[DETAIL] for row in first[1:] + second] == [f"event {n:02d}" for n in reversed(range(30))]


def test_pager_and_export_links_keep_the_filters(client, admin):
    start = utc("2025-01-01 12:00")
    for n in range(26):
        make_event("account.updated", start + timedelta(hours=n), detail=f"event {n:02d}")
    filters = {"action": "account.updated", "start": "2025-01-01", "end": "2025-01-31"}

    response = client.get("/admin/audit", query_string=filters)
    next_page = link_labelled(response, "Next")
    export = link_labelled(response, "Export CSV")

    assert parse_qs(urlsplit(next_page).query) == {key: [value] for key, value in {**filters, "page": "2"}.items()}
    assert details(client.get(next_page)) == ["event 00"]
    assert urlsplit(export).path == "/admin/audit.csv"
    assert parse_qs(urlsplit(export).query) == {key: [value] for key, value in filters.items()}


def test_trail_text_is_escaped(client, admin):
    make_event("account.updated", utc("2025-01-10 12:00"), detail="<img src=x onerror=alert(1)>")

    html = client.get("/admin/audit").get_data(as_text=True)

    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
