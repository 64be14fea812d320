"""Textual's keys panel (the palette's "Keys" command) in the current language.

Textual's ``HelpPanel`` lists the keys of the widget with the cursor beside the screen, with
each binding's description and tooltip as they were written (in English). This panel is the
same, with the descriptions, tooltips and group titles looked up in the catalog (``_()``) as
the footer and help do (Textual 8.2's ``BindingsTable.render_bindings_table``, translated).
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from operator import itemgetter

from rich import box
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import HelpPanel, Markdown
from textual.widgets._key_panel import BindingsTable, KeyPanel

from tui.i18n import N_, _

# Textual's group title for an Input's keys (``Input.BINDING_GROUP_TITLE``).
GROUP_TITLES = (N_("Input"),)


def _translated(text: str) -> str:
    """A description, tooltip or title in the current language (empty stays empty)."""
    return _(text) if text else text


class TranslatedBindingsTable(BindingsTable):
    """Textual's table of keys, its words in the current language."""

    def render_bindings_table(self) -> Table:
        """The active keys by widget, each with its description and dim tooltip."""
        bindings = self.screen.active_bindings.values()
        key_style = self.get_component_rich_style("bindings-table--key")
        divider_transparent = self.get_component_styles("bindings-table--divider").color.a == 0
        table = Table(
            padding=(0, 0),
            show_header=False,
            box=box.SIMPLE if divider_transparent else box.HORIZONTALS,
            border_style=self.get_component_rich_style("bindings-table--divider"),
        )
        table.add_column("", justify="right")
        header_style = self.get_component_rich_style("bindings-table--header")
        description_style = self.get_component_rich_style("bindings-table--description")
        previous_namespace: object = None
        for namespace, grouped in groupby(bindings, key=itemgetter(0)):
            table_bindings = list(grouped)
            if not table_bindings:
                continue
            if namespace.BINDING_GROUP_TITLE:
                title = Text(_translated(namespace.BINDING_GROUP_TITLE), end="")
                title.stylize(header_style)
                table.add_row("", title)
            by_action: defaultdict[str, list[Binding]] = defaultdict(list)
            for _node, binding, _enabled, _tooltip in table_bindings:
                if not binding.system:
                    by_action[binding.action].append(binding)
            for same_action in by_action.values():
                keys = " ".join(dict.fromkeys(self.app.get_key_display(b) for b in same_action))
                table.add_row(
                    Text(keys, style=key_style),
                    self._description(same_action[0], description_style),
                )
            if namespace != previous_namespace:
                table.add_section()
            previous_namespace = namespace
        return table

    @staticmethod
    def _description(binding: Binding, style: Style) -> Text:
        """A binding's description, then its tooltip dimmed; never parsed as markup."""
        text = Text(_translated(binding.description), end="", style=style)
        if binding.tooltip:
            if binding.description:
                text.append(" ")
            text.append(_translated(binding.tooltip), "dim")
        return text


class TranslatedKeyPanel(KeyPanel):
    """Textual's keys panel with the translated table."""

    def compose(self) -> ComposeResult:
        """The table of keys."""
        yield TranslatedBindingsTable(shrink=True, expand=False)


class TranslatedHelpPanel(HelpPanel):
    """Textual's help panel (widget help and keys) with the translated keys panel."""

    def compose(self) -> ComposeResult:
        """The focused widget's help (none of dealboard's widgets has any) and the keys."""
        yield Markdown(id="widget-help")
        yield TranslatedKeyPanel(id="keys-help")
