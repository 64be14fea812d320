"""What merging one phase into another will do, read before it is done.

``merge_preview`` counts the deals a merge moves and the open deals' weighted value before and
after, with the rules ``merge_phase`` applies: every deal of the source moves (open, closed
and deleted ones); an open deal's probability override is dropped, so it counts the target's
probability afterwards; a closed deal keeps its probability at close and is only relabelled.
``check_merge`` holds the refusals both share, so a preview is never offered for a merge that
would be refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.domain.errors import RuleError
from models.domain.i18n import _, format_whole_percent, ngettext
from models.domain.money import format_money
from models.domain.probability import effective_probability, weighted_cents
from models.domain.status import CLOSED_STATUSES, Status
from models.operations.lookup import find_phase
from models.storage.schema import Deal, Phase


@dataclass(frozen=True)
class MergePreview:
    """The deals a merge of ``source_name`` into ``target_name`` moves, and their weighted value.

    Counts are of deals not deleted, except ``deleted_deals``. The weighted values are of the
    open deals only, in cents, each deal rounded as ``weighted_cents`` rounds it.
    """

    source_id: int
    source_name: str
    source_probability: int
    target_id: int
    target_name: str
    target_probability: int
    open_deals: int
    overrides_dropped: int  # open deals whose own probability the merge clears
    closed_deals: int  # won or lost: relabelled, their probability at close stays
    deleted_deals: int  # moved too, so a restored deal comes back in the target
    open_value_cents: int
    weighted_before_cents: int
    weighted_after_cents: int

    @property
    def total_deals(self) -> int:
        """Every deal the merge moves: what ``merge_phase`` returns."""
        return self.open_deals + self.closed_deals + self.deleted_deals

    @property
    def weighted_change_cents(self) -> int:
        """How much the open deals' weighted value changes (negative when it falls)."""
        return self.weighted_after_cents - self.weighted_before_cents


def check_merge(source: Phase, target: Phase) -> None:
    """Refuse a merge into the phase itself or into an archived phase."""
    if source.id == target.id:
        raise RuleError(_("A phase cannot be merged into itself."))
    if target.archived:
        raise RuleError(
            _("Phase {target_name!r} is archived; merge into an active phase.").format(
                target_name=target.name
            )
        )


def merge_preview(source: str | int | Phase, target: str | int | Phase) -> MergePreview:
    """Say what merging ``source`` into ``target`` would do; changes nothing."""
    from_phase, into_phase = find_phase(source), find_phase(target)
    check_merge(from_phase, into_phase)
    in_source = Deal.phase == from_phase.id
    open_deals = overrides = value = before = after = 0
    rows = (
        Deal.select(Deal.value_cents, Deal.probability_override)
        .where(in_source, Deal.status == Status.OPEN, Deal.deleted_at.is_null())
        .tuples()
    )
    for value_cents, override in rows.iterator():
        open_deals += 1
        overrides += override is not None
        value += value_cents
        before += weighted_cents(
            value_cents, effective_probability(override, from_phase.probability)
        )
        # merge_phase clears the override: the deal counts the target's probability.
        after += weighted_cents(value_cents, effective_probability(None, into_phase.probability))
    closed = (
        Deal.select()
        .where(in_source, Deal.status.in_(CLOSED_STATUSES), Deal.deleted_at.is_null())
        .count()
    )
    deleted = Deal.select().where(in_source, Deal.deleted_at.is_null(False)).count()
    return MergePreview(
        source_id=from_phase.id,
        source_name=from_phase.name,
        source_probability=from_phase.probability,
        target_id=into_phase.id,
        target_name=into_phase.name,
        target_probability=into_phase.probability,
        open_deals=open_deals,
        overrides_dropped=overrides,
        closed_deals=closed,
        deleted_deals=deleted,
        open_value_cents=value,
        weighted_before_cents=before,
        weighted_after_cents=after,
    )


def preview_lines(preview: MergePreview, currency: str = "EUR", lang: str = "en") -> list[str]:
    """The preview as sentences, money in the database's currency; names as stored (unescaped).

    One wording for the app's confirmation and the command line's.
    """
    source, target = preview.source_name, preview.target_name

    def money(cents: int) -> str:
        return format_money(cents, currency, lang)

    change = preview.weighted_change_cents
    sign = "+" if change > 0 else ""
    count = preview.open_deals
    lines = [
        ngettext(
            "{count} open deal moves from {source} to {target}: weighted value"
            " {before} → {after} ({change}).",
            "{count} open deals move from {source} to {target}: weighted value"
            " {before} → {after} ({change}).",
            count,
        ).format(
            count=count,
            source=source,
            target=target,
            before=money(preview.weighted_before_cents),
            after=money(preview.weighted_after_cents),
            change=sign + money(change),
        )
    ]
    dropped = preview.overrides_dropped
    if dropped:
        lines.append(
            ngettext(
                "{count} of them loses its own probability and counts {target}'s {probability}.",
                "{count} of them lose their own probability and count {target}'s {probability}.",
                dropped,
            ).format(
                count=dropped,
                target=target,
                probability=format_whole_percent(preview.target_probability),
            )
        )
    closed = preview.closed_deals
    lines.append(
        ngettext(
            "{count} closed deal is relabelled to {target} (won or lost; each keeps its"
            " probability at close).",
            "{count} closed deals are relabelled to {target} (won or lost; each keeps its"
            " probability at close).",
            closed,
        ).format(count=closed, target=target)
    )
    if preview.deleted_deals:
        lines.append(
            ngettext(
                "{count} deleted deal moves too.",
                "{count} deleted deals move too.",
                preview.deleted_deals,
            ).format(count=preview.deleted_deals)
        )
    lines.append(_("{source} is archived afterwards.").format(source=source))
    return lines
