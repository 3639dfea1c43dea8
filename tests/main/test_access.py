"""Each home page is for its own role only: everyone else signed in gets 403, anonymous visitors log in."""

from urllib.parse import urlsplit

import pytest

HOMES = {"/coordinator": "coordinator", "/practitioner": "practitioner"}
ROLES = ["admin", "coordinator", "practitioner", "patient"]


@pytest.mark.parametrize("path", list(HOMES))
@pytest.mark.parametrize("role", ROLES)
def test_home_pages_are_for_their_own_role(client, login_as, path, role):
    login_as(role)
    assert client.get(path).status_code == (200 if HOMES[path] == role else 403)


@pytest.mark.parametrize("path", list(HOMES))
def test_anonymous_visitors_are_sent_to_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and urlsplit(response.headers["Location"]).path == "/login"


@pytest.mark.parametrize(("role", "home"), [("coordinator", "/coordinator"), ("practitioner", "/practitioner")])
def test_the_landing_page_sends_each_role_home(client, login_as, role, home):
    login_as(role)
    assert urlsplit(client.get("/").headers["Location"]).path == home
