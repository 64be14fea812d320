"""The shape of the management information: its sections, in order, and each one's rows.

``Section`` names every section once; the command line, the CSV export and the management
screen take their lists from it. The TypedDicts describe what ``build_report`` returns
(amounts in integer cents); ``report_to_json`` gives the same shape with amounts as exact
decimal strings, the JSON contract of docs/reports.md.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypedDict


class Section(StrEnum):
    """A section of the management information, by its key in the JSON and the CSV."""

    PIPELINE = "pipeline"
    OUTCOMES_BY_PHASE = "outcomes_by_phase"
    FUNNEL = "funnel"
    CALIBRATION = "calibration"
    CONVERSION = "conversion"
    TIME_IN_PHASE = "time_in_phase"
    REASONS = "reasons"
    COMPETITORS = "competitors"
    REASONS_BY_PHASE = "reasons_by_phase"
    COMPETITORS_BY_PHASE = "competitors_by_phase"
    FORECAST = "forecast"  # with ``forecast_undated`` beside it in the JSON
    OVERDUE = "overdue"
    WIN_RATE = "win_rate"
    DAYS_TO_CLOSE = "days_to_close"
    FORECAST_ACCURACY = "forecast_accuracy"
    CORRECTIONS = "corrections"
    TREND = "trend"


# Every section in report order (the CSV's order).
SECTIONS: tuple[Section, ...] = tuple(Section)

# The filter as the JSON shows it; "from" is a Python keyword, hence the functional form.
ReportFilters = TypedDict(
    "ReportFilters",
    {
        "from": str | None,
        "to": str | None,
        "owner": str | None,
        "source": str | None,
        "min_deals": int,
    },
)


class ReportPhase(TypedDict):
    """A phase the report shows: active, or archived with deals or history in it."""

    id: int
    name: str
    probability: int
    position: int
    archived: bool


class OpenTotals(TypedDict):
    """Open deals: how many, their value and their weighted value (cents)."""

    open_count: int
    open_value: int
    weighted_value: int


class PipelinePhase(TypedDict):
    """Open deals in one phase."""

    phase: str
    probability: int
    open_count: int
    open_value: int
    weighted_value: int


class Pipeline(TypedDict):
    """Open deals per phase and in total."""

    phases: list[PipelinePhase]
    total: OpenTotals


class PhaseOutcomes(TypedDict):
    """Deals won and lost in one phase (the phase they closed in)."""

    phase: str
    probability: int
    accepted_count: int
    accepted_value: int
    rejected_count: int
    rejected_value: int


class FunnelStep(TypedDict):
    """Deals that reached one phase, and their share of those that reached the first."""

    phase: str
    reached: int
    share: float | None


class Calibration(TypedDict):
    """A phase's configured probability beside the actual win rate of deals that reached it."""

    phase: str
    probability: int
    closed: int
    won: int
    actual_win_rate: float | None
    too_few: bool
    interval_low: float | None  # 95 % Wilson score interval (models.reports.calibration)
    interval_high: float | None
    outside: bool | None  # configured probability outside the interval; None: too few


class ConversionStep(TypedDict):
    """Of the deals that reached a phase, those that reached the next active phase too."""

    phase: str
    next_phase: str
    reached: int
    reached_next: int
    rate: float | None


class PhaseTime(TypedDict):
    """Days deals spent open in a phase: how many deals, their average and median (per deal)."""

    phase: str
    deals: int
    average_days: float | None
    median_days: float | None


class ReasonCount(TypedDict):
    """Closed deals with one reason and outcome (reason None: none given)."""

    reason: str | None
    outcome: str
    count: int
    value: int


class CompetitorCount(TypedDict):
    """Deals lost to one competitor."""

    competitor: str
    count: int
    value: int


class PhaseReasonCount(TypedDict):
    """Deals closed in one phase with one outcome and reason (reason None: none given)."""

    phase: str
    outcome: str
    reason: str | None
    count: int
    value: int


class PhaseCompetitorCount(TypedDict):
    """Deals lost in one phase to one competitor."""

    phase: str
    competitor: str
    count: int
    value: int


class ForecastMonth(TypedDict):
    """Open deals expected to close in one month (``YYYY-MM``), from today on."""

    month: str
    open_count: int
    weighted_value: int


class Undated(TypedDict):
    """Open deals without an expected close date."""

    open_count: int
    weighted_value: int


class Overdue(TypedDict):
    """Open deals expected to close before today: how many, their value and weighted value."""

    count: int
    value: int
    weighted_value: int


class WinRate(TypedDict):
    """Closed deals, how many were won, and the rate (None when none closed)."""

    closed: int
    won: int
    rate: float | None


class OwnerWinRate(TypedDict):
    """The win rate of one owner's deals."""

    owner: str
    closed: int
    won: int
    rate: float | None


class SourceWinRate(TypedDict):
    """The win rate of the deals from one source."""

    source: str
    closed: int
    won: int
    rate: float | None


class WinRates(TypedDict):
    """Win rates overall, per owner and per source."""

    overall: WinRate
    by_owner: list[OwnerWinRate]
    by_source: list[SourceWinRate]


class OwnerDays(TypedDict):
    """Average days to close of one owner's deals, and how many deals it is taken over."""

    owner: str
    closed: int
    average: float


class SourceDays(TypedDict):
    """Average days to close of the deals from one source, and how many deals."""

    source: str
    closed: int
    average: float


class PhaseDays(TypedDict):
    """Average days to close of the deals closed in one phase, and how many deals."""

    phase: str
    closed: int
    average: float


class DaysToClose(TypedDict):
    """Average days from creation to close (None when nothing closed), overall and per group."""

    average: float | None
    by_owner: list[OwnerDays]
    by_source: list[SourceDays]
    by_phase: list[PhaseDays]


class ForecastAccuracy(TypedDict):
    """Won deals with an expected close date, how many closed after it, average days late."""

    won_with_date: int
    won_late: int
    average_slip_days: float | None


class Corrections(TypedDict):
    """Outcomes undone (reopened) and corrected (switched), from history."""

    reopened: int
    switched: int


class TrendMonth(TypedDict):
    """One calendar month (``YYYY-MM``): deals created, won and lost in it (models.reports.trend)."""

    month: str
    created: int
    won_count: int
    won_value: int
    lost_count: int
    lost_value: int
    win_rate: float | None
    average_won_value: int | None


class Report(TypedDict):
    """Every section of the management information, amounts in cents."""

    currency: str
    filters: ReportFilters
    pipeline: Pipeline
    outcomes_by_phase: list[PhaseOutcomes]
    funnel: list[FunnelStep]
    calibration: list[Calibration]
    conversion: list[ConversionStep]
    time_in_phase: list[PhaseTime]
    reasons: list[ReasonCount]
    competitors: list[CompetitorCount]
    reasons_by_phase: list[PhaseReasonCount]
    competitors_by_phase: list[PhaseCompetitorCount]
    forecast: list[ForecastMonth]
    forecast_undated: Undated
    overdue: Overdue
    win_rate: WinRates
    days_to_close: DaysToClose
    forecast_accuracy: ForecastAccuracy
    corrections: Corrections
    trend: list[TrendMonth]
