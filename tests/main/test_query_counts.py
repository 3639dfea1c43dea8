"""List pages run a fixed number of SQL statements: the same for 10 patients as for 500.

Each page eager-loads what its template shows, and each of its lists is bounded, so a page's cost
does not grow with the clinic.
"""

import pytest

from carespace.timefmt import clinic_today
from tests.conftest import count_queries
from tests.factories import make_user
from tests.main.builders import bulk_clinic


def statements_for(client, path: str) -> list[str]:
    with count_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200
    return statements


@pytest.mark.parametrize(
    ("role", "path"),
    [
        ("coordinator", "/coordinator"),
        ("coordinator", "/patients"),
        ("coordinator", "/patients?phase=acute&status=active"),
        ("practitioner", "/practitioner"),
    ],
)
def test_same_query_count_for_10_and_500_patients(client, login_as, frozen_clock, role, path):
    physio = make_user("practitioner", name="Pat Physio")
    login_as(physio if role == "practitioner" else role)
    bulk_clinic(10, practitioner=physio, today=clinic_today())
    client.get(path)  # the first request of a session may do one-off work; compare steady states
    few = statements_for(client, path)

    bulk_clinic(490, practitioner=physio, start=10, today=clinic_today())
    many = statements_for(client, path)

    assert len(few) == len(many), "\n\n".join(many)
