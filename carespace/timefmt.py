"""Showing stored UTC times in the clinic's time zone."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app

from carespace import clock

DEFAULT_FORMAT = "%Y-%m-%d %H:%M"


def clinic_zone() -> ZoneInfo:
    """The clinic's configured time zone."""
    return ZoneInfo(current_app.config["TIMEZONE"])


def local(value: datetime | None, fmt: str = DEFAULT_FORMAT) -> str:
    """`value` (aware, UTC) as clinic-local text; empty for None. Used as the `localtime` filter."""
    if value is None:
        return ""
    return value.astimezone(clinic_zone()).strftime(fmt)


def clinic_today() -> date:
    """Today's date in the clinic's time zone."""
    return clock.now().astimezone(clinic_zone()).date()


def local_date(value: date | None, fmt: str = "%Y-%m-%d") -> str:
    """A stored calendar date as text; empty for None. Used as the `date` filter."""
    return value.strftime(fmt) if value else ""
