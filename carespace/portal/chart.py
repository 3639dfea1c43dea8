"""The pain trend drawn as an SVG on the server (no script), with phase moves marked on the same axis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from carespace import timefmt
from carespace.models import Phase

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 16, 16, 40


@dataclass
class Point:
    x: float
    y: float
    score: int
    label: str


@dataclass
class Marker:
    x: float
    label: str
    at: datetime


@dataclass
class PainChart:
    """Coordinates for the template: the line, its points, the phase-move markers and the axes."""

    width: int = WIDTH
    height: int = HEIGHT
    points: list[Point] = field(default_factory=list)
    markers: list[Marker] = field(default_factory=list)
    y_ticks: list[tuple[float, int]] = field(default_factory=list)
    x_labels: list[tuple[float, str]] = field(default_factory=list)
    check_ins: list = field(default_factory=list)
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def rows(self) -> list[tuple[datetime, object]]:
        """Check-ins and the phase moves drawn on the chart, oldest first, for the text table.

        The drawing is hidden from screen readers, so the table must carry the phase moves too.
        """
        entries = [(c.created_at, c) for c in self.check_ins] + [(m.at, m) for m in self.markers]
        return sorted(entries, key=lambda entry: (entry[0], isinstance(entry[1], Marker)))


def clinical_phase_name(phase: Phase) -> str:
    """How the staff pages name a phase on the chart."""
    return f"{phase.label} phase"


def pain_chart(
    check_ins: list, phase_moves: list, phase_name: Callable[[Phase], str] = clinical_phase_name
) -> PainChart:
    """Lay out check-ins (oldest first) and phase moves (PlanEvents) on a time axis, scores 0-10 upwards.

    `phase_name` words the phase-move markers for the reader (the portal uses the patient's plain words).
    """
    chart = PainChart(check_ins=list(check_ins))
    plot_w, plot_h = chart.right - chart.left, chart.bottom - chart.top
    chart.y_ticks = [(chart.bottom - plot_h * score / 10, score) for score in (0, 2, 4, 6, 8, 10)]
    if not check_ins:
        return chart
    start, end = check_ins[0].created_at, check_ins[-1].created_at
    span = (end - start).total_seconds()

    def x_of(moment: datetime, index: int) -> float:
        if span <= 0:
            return chart.left + (plot_w * (index + 0.5) / len(check_ins))
        return chart.left + plot_w * (moment - start).total_seconds() / span

    chart.points = [
        Point(
            x_of(c.created_at, i), chart.bottom - plot_h * c.score / 10, c.score, timefmt.local(c.created_at, "%b %d")
        )
        for i, c in enumerate(check_ins)
    ]
    chart.x_labels = [(chart.points[0].x, chart.points[0].label)]
    if len(chart.points) > 1:
        chart.x_labels.append((chart.points[-1].x, chart.points[-1].label))
    chart.markers = [
        Marker(x_of(move.created_at, 0), phase_name(Phase(move.to_value)), move.created_at)
        for move in phase_moves
        if span > 0 and start <= move.created_at <= end
    ]
    return chart
