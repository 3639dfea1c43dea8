"""The one source of the current time, so tests can stop and move it."""

from datetime import UTC, datetime, timedelta

_frozen: datetime | None = None


def now() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def freeze(at: datetime | None = None) -> datetime:
    """Stop the clock at `at` (default: now). For tests."""
    global _frozen
    _frozen = (at or datetime.now(UTC)).astimezone(UTC)
    return _frozen


def advance(delta: timedelta) -> datetime:
    """Move a frozen clock forward. For tests."""
    global _frozen
    _frozen = now() + delta
    return _frozen


def unfreeze() -> None:
    """Let the clock run again."""
    global _frozen
    _frozen = None
