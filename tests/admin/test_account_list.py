"""The account list at /admin/users.

Rules checked:
- it lists staff accounts only; patient accounts never appear, whatever the filters;
- the search matches any part of a name or an email, ignoring case (accented letters too),
  and its wildcards are literal;
- the role filter keeps only accounts of that role;
- it shows 25 accounts a page, the next page shows the rest;
- text people typed (names) is escaped, never sent as markup, on the list, the account page and the link page.
"""

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.admin.pages import table_rows
from tests.factories import make_user

NAME, EMAIL, ROLE, DISCIPLINES, STATUS = range(5)


def names(response) -> list[str]:
    return [row[NAME] for row in table_rows(response)]


def test_list_shows_staff_of_every_role_with_role_disciplines_and_status(client, admin):
    make_user("coordinator", name="Casey Coordinator", email="casey@clinic.test")
    make_user("practitioner", name="Pia Practitioner", email="pia@clinic.test", disciplines=["kinesiology"])
    make_user("coordinator", name="Dee Former", email="dee@clinic.test", active=False)

    rows = table_rows(client.get("/admin/users"))

    assert rows == [
        ["Avery Admin", admin.email, "Admin", "", "Active"],
        ["Casey Coordinator", "casey@clinic.test", "Coordinator", "", "Active"],
        ["Dee Former", "dee@clinic.test", "Coordinator", "", "Deactivated"],
        ["Pia Practitioner", "pia@clinic.test", "Practitioner", "Kinesiology", "Active"],
    ]


def test_admin_home_is_the_account_list(client, admin):
    assert names(client.get("/admin/")) == ["Avery Admin"]


@pytest.mark.parametrize("query", [{}, {"q": "Pat"}, {"role": "patient"}, {"q": "portal.test", "role": "patient"}])
def test_patient_accounts_never_appear(client, admin, query):
    make_user("patient", name="Pat Patient", email="pat@portal.test")
    make_user("coordinator", name="Casey Coordinator")

    response = client.get("/admin/users", query_string=query)

    assert response.status_code == 200
    assert "Pat Patient" not in names(response)
    assert "pat@portal.test" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("whitf", ["Dana Whitfield"]),
        ("WHITF", ["Dana Whitfield"]),
        ("dana", ["Dana Whitfield"]),
        ("PHYSIO-TEAM", ["Omar Haddad"]),
        ("omar.h@", ["Omar Haddad"]),
        ("  haddad  ", ["Omar Haddad"]),
        ("nobody-has-this", []),
    ],
)
def test_search_matches_part_of_name_or_email_ignoring_case(client, admin, q, expected):
    make_user("coordinator", name="Dana Whitfield", email="dana@clinic.test")
    make_user("practitioner", name="Omar Haddad", email="omar.h@physio-team.test")

    assert names(client.get("/admin/users", query_string={"q": q})) == expected


@pytest.mark.parametrize("q", ["Émilie", "émilie", "ÉMILIE"])
def test_search_ignores_case_in_accented_names(client, admin, q):
    make_user("coordinator", name="Émilie Tremblay", email="et@clinic.test")

    assert names(client.get("/admin/users", query_string={"q": q})) == ["Émilie Tremblay"]


@pytest.mark.parametrize("wildcard", ["%", "_"])
def test_search_wildcards_are_matched_literally(client, admin, wildcard):
    make_user("coordinator", name="Dana Whitfield")
    make_user("coordinator", name=f"Percent{wildcard}Sign Person")

    assert names(client.get("/admin/users", query_string={"q": wildcard})) == [f"Percent{wildcard}Sign Person"]


def test_role_filter_keeps_only_that_role(client, admin):
    make_user("coordinator", name="Casey Coordinator")
    make_user("practitioner", name="Pia Practitioner")
    make_user("practitioner", name="Quinn Practitioner")

    response = client.get("/admin/users", query_string={"role": "practitioner"})

    assert names(response) == ["Pia Practitioner", "Quinn Practitioner"]


def test_search_and_role_filter_combine(client, admin):
    make_user("coordinator", name="Dana Whitfield")
    make_user("practitioner", name="Dana Oduya")

    response = client.get("/admin/users", query_string={"q": "dana", "role": "coordinator"})

    assert names(response) == ["Dana Whitfield"]


def test_list_shows_25_accounts_a_page_and_the_rest_on_the_next(client, admin):
    for n in range(30):
        make_user("coordinator", name=f"Colleague {n:02d}", password=None)

    first = names(client.get("/admin/users"))
    second = names(client.get("/admin/users", query_string={"page": 2}))

    assert len(first) == 25
    assert len(second) == 31 - 25  # the 30 colleagues and the admin
    assert set(first).isdisjoint(second)
    assert set(first) | set(second) == {"Avery Admin", *(f"Colleague {n:02d}" for n in range(30))}


def test_pager_links_keep_the_filters(client, admin):
    for n in range(26):
        make_user("practitioner", name=f"Practitioner {n:02d}", password=None)

    html = client.get("/admin/users", query_string={"role": "practitioner", "q": "pract"}).get_data(as_text=True)
    next_link = unescape(re.search(r'href="([^"]+)">Next</a>', html).group(1))

    assert "Page 1 of 2" in html
    assert parse_qs(urlsplit(next_link).query) == {"role": ["practitioner"], "q": ["pract"], "page": ["2"]}
    assert names(client.get(next_link)) == ["Practitioner 25"]


def test_names_are_escaped_never_sent_as_markup(client, admin):
    make_user("coordinator", name="<script>alert(1)</script>")

    response = client.get("/admin/users")
    html = response.get_data(as_text=True)

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)</script>" in names(response)


def test_names_are_escaped_on_the_account_page_and_the_link_page(client, admin):
    user = make_user("coordinator", name="<script>alert(1)</script>")

    pages = [client.get(f"/admin/users/{user.id}"), client.post_form(f"/admin/users/{user.id}/reset-link")]

    for page in pages:
        html = page.get_data(as_text=True)
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
