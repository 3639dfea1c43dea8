"""Reading admin pages the way a person does, and the few steps many admin tests share."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime
from html import unescape
from html.parser import HTMLParser

from sqlalchemy import select

from carespace.extensions import db
from carespace.models import AuditEvent, Discipline, User

ONE_TIME_LINK = re.compile(r'value="https?://[^/"]+(/reset/[^"]+)"')
ALERT = re.compile(r'<div class="alert alert-(\w+)"[^>]*>(.*?)</div>', re.S)


class _PageReader(HTMLParser):
    """Collects the data rows of a page's tables and the values its form fields show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.values: dict[str, str | list[str]] = {}
        self._in_tbody = False
        self._cells: list[str] | None = None
        self._text: list[str] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "tbody":
            self._in_tbody = True
        elif tag == "tr" and self._in_tbody:
            self._cells = []
        elif tag == "td" and self._cells is not None:
            self._text = []
        elif tag == "input" and name and name != "csrf_token" and attributes.get("type") != "submit":
            if attributes.get("type") == "checkbox":
                ticked = self.values.setdefault(name, [])
                if "checked" in attributes:
                    ticked.append(attributes.get("value") or "")
            else:
                self.values[name] = attributes.get("value") or ""
        elif tag == "select" and name:
            self._select = name
            self.values[name] = ""
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._in_tbody = False
        elif tag == "td" and self._cells is not None and self._text is not None:
            self._cells.append(" ".join("".join(self._text).split()))
            self._text = None
        elif tag == "tr" and self._cells is not None:
            self.rows.append(self._cells)
            self._cells = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)


def _read(response) -> _PageReader:
    reader = _PageReader()
    reader.feed(response.get_data(as_text=True))
    return reader


def table_rows(response) -> list[list[str]]:
    """The data rows of the page's table, each a list of cell texts ("No ... matches." rows left out)."""
    return [row for row in _read(response).rows if len(row) > 1]


def form_values(response) -> dict[str, str | list[str]]:
    """What the page's form fields show: text values, the selected option, the ticked checkboxes."""
    return _read(response).values


def alerts(response, category: str | None = None) -> list[str]:
    """The flashed messages on the page, optionally only those of one category (success, danger, info)."""
    return [
        unescape(text.strip())
        for kind, text in ALERT.findall(response.get_data(as_text=True))
        if category in (None, kind)
    ]


def field_error(response, field_id: str) -> str | None:
    """The error shown beside a form field, or None."""
    match = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</div>', response.get_data(as_text=True), re.S)
    return unescape(match.group(1).strip()) if match else None


def one_time_link(response) -> str:
    """The path of the one-time password link the page hands over (``/reset/<token>``)."""
    match = ONE_TIME_LINK.search(response.get_data(as_text=True))
    assert match, "no one-time link on the page"
    return match.group(1)


def csv_rows(response) -> list[list[str]]:
    """The rows of a CSV download, header first."""
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def discipline_ids(*codes: str) -> list[int]:
    """The ids of the disciplines with these codes, as the account form posts them."""
    return list(db.session.scalars(select(Discipline.id).where(Discipline.code.in_(codes)).order_by(Discipline.id)))


def audit_events(action: str | None = None) -> list[AuditEvent]:
    """The audit trail (or one action's events), oldest first."""
    stmt = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.session.scalars(stmt))


def make_event(action: str, at: datetime, *, actor: User | None = None, detail: str | None = None) -> AuditEvent:
    """A committed audit event with an explicit time, for the audit page's tests."""
    event = AuditEvent(action=action, created_at=at, actor_id=actor.id if actor else None, detail=detail)
    db.session.add(event)
    db.session.commit()
    return event


def database_text() -> str:
    """Every value in every table, as text, so a test can look for something that must not be stored."""
    values = [
        str(value) for table in db.metadata.sorted_tables for row in db.session.execute(select(table)) for value in row
    ]
    return "\n".join(values)


def audit_text() -> str:
    """Every value in every column of audit_events, as text."""
    return "\n".join(str(value) for row in db.session.execute(select(AuditEvent.__table__)) for value in row)


def issue_link(client, user: User) -> str:
    """Have the signed-in admin issue a password link for `user`; returns its path."""
    response = client.post_form(f"/admin/users/{user.id}/reset-link")
    assert response.status_code == 200, "the admin could not issue a link"
    return one_time_link(response)


def choose_password(browser, link: str, password: str, confirm: str | None = None):
    """Submit the reset page at `link` with a new password (typed twice, unless `confirm` differs)."""
    return browser.post_form(link, {"new_password": password, "confirm": password if confirm is None else confirm})
