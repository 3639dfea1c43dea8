"""Reading and posting the template pages the way a browser does, and the data many template tests share."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from html.parser import HTMLParser

from sqlalchemy import select

from carespace.extensions import db
from carespace.models import CarePlanTemplate, Discipline, Patient, condition_key

RADICULOPATHY_ALIASES = [
    "Cervical radiculopathy",
    "Disc herniation",
    "Lumbar radiculopathy",
    "Medial nerve radiculopathy",
    "Sciatica",
    "Spinal stenosis",
]


class _FormReader(HTMLParser):
    """What a browser would submit from the page's main form (the first without an `action`).

    Also collects every select's options, in or out of that form.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: dict[str, str] = {}
        self.options: dict[str, list[tuple[str, str]]] = {}
        self._form_done = False
        self._in_form = False
        self._select: str | None = None
        self._option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        name = attributes.get("name")
        if tag == "form" and not self._form_done and "action" not in attributes:  # not the nav's log-out form
            self._in_form = True
        elif tag == "select" and name:
            self._select = name
            self.options[name] = []
            if self._in_form:
                self.values[name] = ""
        elif tag == "option" and self._select:
            self._option = attributes.get("value") or ""
            self.options[self._select].append((self._option, ""))
            if "selected" in attributes and self._in_form:
                self.values[self._select] = self._option
        elif tag == "input" and name and self._in_form and attributes.get("type") != "submit":
            self.values[name] = attributes.get("value") or ""
        elif tag == "textarea" and name and self._in_form:
            self._textarea = name
            self.values[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._in_form:
            self._in_form, self._form_done = False, True
        elif tag == "select":
            self._select = None
        elif tag == "option":
            self._option = None
        elif tag == "textarea" and self._textarea:
            # Like a browser, drop the one line break that may open a textarea's content.
            self.values[self._textarea] = re.sub(r"^\r?\n", "", self.values[self._textarea])
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data
        elif self._select and self._option is not None:
            value, text = self.options[self._select][-1]
            self.options[self._select][-1] = (value, text + data)


def _read(response) -> _FormReader:
    reader = _FormReader()
    reader.feed(response.get_data(as_text=True))
    return reader


def form_fields(response) -> dict[str, str]:
    """The fields of the page's main form with the values they show, as a browser would post them."""
    values = _read(response).values
    values.pop("csrf_token", None)
    return values


def select_options(response, name: str) -> list[str]:
    """The texts of a select's options."""
    return [text.strip() for _, text in _read(response).options.get(name, [])]


def rows(fields: dict[str, str], phase: str, kind: str) -> list[dict[str, str]]:
    """The rows of one phase's list ("disciplines" or "goals") as the form shows them, in order."""
    pattern = re.compile(rf"^{phase}-{kind}-(\d+)-(\w+)$")
    found: dict[int, dict[str, str]] = {}
    for name, value in fields.items():
        if match := pattern.match(name):
            found.setdefault(int(match.group(1)), {})[match.group(2)] = value
    return [found[index] for index in sorted(found)]


def filled_rows(fields: dict[str, str], phase: str, kind: str) -> list[dict[str, str]]:
    """The rows that are not blank."""
    return [row for row in rows(fields, phase, kind) if any(row.values())]


def set_row(fields: dict[str, str], phase: str, kind: str, index: int, **values: str) -> dict[str, str]:
    """Fill in (or, with empty strings, clear) row `index` of a list; returns `fields`."""
    for column, value in values.items():
        fields[f"{phase}-{kind}-{index}-{column}"] = value
    return fields


def first_blank(fields: dict[str, str], phase: str, kind: str) -> int:
    """The index of the first blank row of a list."""
    return next(i for i, row in enumerate(rows(fields, phase, kind)) if not any(row.values()))


def field_error(response, field_id: str) -> str | None:
    """The error shown beside a form field, or None."""
    match = re.search(rf'id="{re.escape(field_id)}-error"[^>]*>(.*?)</div>', response.get_data(as_text=True), re.S)
    return unescape(match.group(1).strip()) if match else None


def discipline_id(code: str) -> str:
    """A discipline's id as the form posts it."""
    return str(db.session.scalar(select(Discipline.id).where(Discipline.code == code)))


def template_named(name: str) -> CarePlanTemplate:
    """The stored template with this name, read afresh."""
    db.session.expire_all()
    return db.session.scalars(select(CarePlanTemplate).where(CarePlanTemplate.name_key == condition_key(name))).one()


def make_patient(given_name: str = "Sam", family_name: str = "Rivera") -> Patient:
    """A committed (synthetic) patient."""
    patient = Patient(given_name=given_name, family_name=family_name, date_of_birth=date(1978, 4, 9), phone="555-0142")
    db.session.add(patient)
    db.session.commit()
    return patient


def new_template_fields(name: str = "Plantar fasciitis", aliases: str = "Heel pain\nPoliceman's heel") -> dict:
    """A complete new-template form: one discipline and one goal in the acute phase."""
    return {
        "name": name,
        "description": "Heel pain pathway.",
        "aliases": aliases,
        "acute-disciplines-0-discipline": discipline_id("physiotherapy"),
        "acute-disciplines-0-focus": "Calf and plantar fascia stretching",
        "acute-disciplines-0-frequency": "1 session a week",
        "acute-goals-0-description": "Walk in the morning without sharp heel pain",
        "acute-goals-0-measure": "NPRS",
        "acute-goals-0-target": "≤ 3",
    }


def new_form(client, **overrides) -> dict[str, str]:
    """The new-template form as the page shows it (blank rows included), filled in with `new_template_fields`."""
    return {**form_fields(client.get("/admin/templates/new")), **new_template_fields(**overrides)}
