"""The test run's style matching: which CSS rules apply to a node is worked out once per process.

Textual applies its stylesheet to every widget when it is mounted and again whenever its
classes or pseudo-classes change (focus, hover, disabled): it picks the rules that may apply
by the node's type names, id and classes, then checks each rule's selectors against the
node's path from the app (``_check_selectors``) and keeps the most specific value of each
style. That matching was some 15 % of a pilot test's CPU, and every app of the run matches
the same widgets in the same places again.

Whether a selector matches depends only on what Textual's checks read of each node on the
path: its CSS type names, its id, its classes and its pseudo-classes. So the rules matched
(the styles a node gets) are kept per process, keyed on the stylesheet's rules and, for
each node of the path, those four — the pseudo-classes as the value of each one that a
candidate rule names, worked out as Textual's checks do. Nothing else is kept: Textual's
own cache for a batch of nodes (``update_nodes``) is kept and consulted as before, the
styles are still set on the node by ``replace_rules`` (animated as before) and component
classes are still applied one by one. A node whose path cannot be read that way (a check
raises) is matched as before, without keeping anything.

``tests/tui/test_kept_styles.py`` walks the app's screens with and without this and compares
the styles of every node at every step.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

# Rule sets of the stylesheets seen, by the ids of their rules, and the number standing for
# them in the keys below (the list keeps the rules, and so their ids, alive).
_sheets: dict[tuple[int, ...], tuple[int, list[Any]]] = {}
# Per (rules, a node's selector names): the rules that may apply, in Textual's order, the
# pseudo-classes they name, and the four flags Textual sets on the node from those.
_candidates: dict[tuple[int, frozenset[str]], tuple[Any, ...]] = {}
# Per (candidates, a node's type names, id and classes): the pseudo-classes the candidates'
# selectors that match those ask of the node.
_asked: dict[tuple[int, tuple[Any, ...]], tuple[str, ...]] = {}
# Per (candidates, path): the styles matched (None: no rule matched).
_matched: dict[tuple[Any, ...], Any] = {}
_MISSING = object()
_ORDER = frozenset({"first-of-type", "last-of-type", "first-child", "last-child", "empty"})


def keep_style_matching(stylesheet: Any) -> None:
    """Replace ``Stylesheet.apply`` with one that keeps what it matched (see the docstring)."""
    textual_apply = stylesheet.apply
    exclude = stylesheet._EXCLUDE_PSEUDO_CLASSES_FROM_CACHE

    def apply(
        self: Any,
        node: Any,
        *,
        animate: bool = False,
        cache: dict[tuple[Any, ...], Any] | None = None,
    ) -> None:
        rules_map = self.rules_map
        sheet = _sheet_number(self)
        names = frozenset(node._selector_names)
        found = _candidates.get((sheet, names))
        if found is None:
            found = _candidates[(sheet, names)] = _candidates_of(self, rules_map, names)
        number, rules, all_pseudo_classes, selectors, hover, within, order, odd_even = found
        node._has_hover_style = hover
        node._has_focus_within = within
        node._has_order_style = order
        node._has_odd_or_even = odd_even

        # Textual's cache for a batch of nodes, as Textual keys and fills it.
        cache_key: tuple[Any, ...] | None = None
        if cache is not None and all_pseudo_classes.isdisjoint(exclude):
            cache_key = (
                node._parent,
                None if node._id is None else (node._id if f"#{node._id}" in rules_map else None),
                node.classes,
                node._pseudo_classes_cache_key,
                node._css_type_name,
            )
            cached_result = cache.get(cache_key)
            if cached_result is not None:
                self.replace_rules(node, cached_result, animate=animate)
                self._process_component_classes(node)
                return

        css_path_nodes = node.css_path_nodes
        path = _path_key(css_path_nodes, number, selectors)
        node_rules = _MISSING if path is None else _matched.get((number, path), _MISSING)
        if node_rules is _MISSING:
            node_rules = _match(self, rules, css_path_nodes)
            if path is not None:
                _matched[(number, path)] = node_rules
        if node_rules is not None:
            if cache is not None and cache_key is not None:
                cache[cache_key] = node_rules
            self.replace_rules(node, node_rules, animate=animate)
        self._process_component_classes(node)

    apply.kept = True  # type: ignore[attr-defined]
    apply.textual = textual_apply  # type: ignore[attr-defined]
    stylesheet.apply = apply


def _sheet_number(sheet: Any) -> int:
    """The number standing for the stylesheet's current rules (Textual replaces the list)."""
    rules = sheet.rules
    kept = sheet.__dict__.get("_kept_rules")
    if kept is not None and kept[0] is rules:
        return int(kept[1])
    ids = tuple(map(id, rules))
    entry = _sheets.get(ids)
    if entry is None:
        entry = _sheets[ids] = (len(_sheets), list(rules))
    sheet._kept_rules = (rules, entry[0])
    return entry[0]


def _candidates_of(sheet: Any, rules_map: Any, names: frozenset[str]) -> tuple[Any, ...]:
    """The rules that may apply to a node with these selector names (Textual's first step)."""
    limit_rules = {rule for name in rules_map.keys() & names for rule in rules_map[name]}
    rules = list(filter(limit_rules.__contains__, reversed(sheet.rules)))
    all_pseudo_classes = frozenset(set().union(*[rule.pseudo_classes for rule in rules]))
    # Each selector with pseudo-classes, once: its check of type, class or id, and those.
    selectors = {
        (selector.type, selector.name, frozenset(selector.pseudo_classes)): selector._check
        for rule in rules
        for selector_set in rule.selector_set
        for selector in selector_set.selectors
        if selector.pseudo_classes
    }
    return (
        len(_candidates),  # stands for these candidates (and so the pseudo-classes) in keys
        rules,
        all_pseudo_classes,
        tuple((check, named) for (_, _, named), check in selectors.items()),
        "hover" in all_pseudo_classes,
        "focus-within" in all_pseudo_classes,
        not all_pseudo_classes.isdisjoint(_ORDER),
        "odd" in all_pseudo_classes or "even" in all_pseudo_classes,
    )


def _path_key(path: list[Any], number: int, selectors: tuple[Any, ...]) -> tuple[Any, ...] | None:
    """What Textual's selector checks read of each node of the path; None if one fails.

    Of each node: its type names, id and classes, and the pseudo-classes named by the
    selectors (of the candidate rules) that those three let match it, each as present when
    the node's ``_PSEUDO_CLASSES`` has it and its check is true (``DOMNode.has_pseudo_classes``).
    A selector whose type, id or class does not match the node never asks for its
    pseudo-classes, so the others are not looked at (some walk the node's ancestors).
    """
    try:
        key: list[tuple[Any, ...]] = []
        for node in path:
            static = (node._css_type_names, node._id, frozenset(node._classes))
            names = _asked.get((number, static))
            if names is None:
                asked = {name for check, named in selectors if check(node) for name in named}
                names = _asked[(number, static)] = tuple(sorted(asked))
            if names:
                checks = node._PSEUDO_CLASSES
                state = tuple(
                    [bool(checks[name](node)) if name in checks else False for name in names]
                )
                key.append((static, state))
            else:
                key.append(static)
        return tuple(key)
    except Exception:  # matched as before, nothing kept
        return None


def _match(sheet: Any, rules: list[Any], css_path_nodes: list[Any]) -> Any:
    """The styles the rules give the node at the end of the path: Textual's (8.2) matching."""
    from collections import defaultdict

    from textual.css.stylesheet import _DEFAULT_STYLES

    rule_attributes: defaultdict[str, list[tuple[Any, object]]] = defaultdict(list)
    _check_rule = sheet._check_rule
    initial: set[str] = set()
    initial_defaults: set[str] = set()
    for rule in rules:
        is_default_rules = rule.is_default_rules
        tie_breaker = rule.tie_breaker
        for base_specificity in _check_rule(rule, css_path_nodes):
            for key, rule_specificity, value in rule.styles.extract_rules(
                base_specificity, is_default_rules, tie_breaker
            ):
                if value is None:
                    if is_default_rules:
                        initial_defaults.add(key)
                    else:
                        initial.add(key)
                rule_attributes[key].append((rule_specificity, value))
    if not rule_attributes:
        return None
    get_first_item = itemgetter(0)
    node_rules: dict[str, Any] = {
        name: max(specificity_rules, key=get_first_item)[1]
        for name, specificity_rules in rule_attributes.items()
    }
    for initial_rule_name in initial:
        if node_rules[initial_rule_name] is None:
            default_rules = [rule for rule in rule_attributes[initial_rule_name] if not rule[0][0]]
            if default_rules:
                node_rules[initial_rule_name] = max(default_rules, key=get_first_item)[1]
            else:
                initial_defaults.add(initial_rule_name)
    for initial_rule_name in initial_defaults:
        if node_rules[initial_rule_name] is None:
            default_rules = [rule for rule in rule_attributes[initial_rule_name] if rule[0][0]]
            if default_rules:
                rule_value = max(default_rules, key=get_first_item)[1]
            else:
                rule_value = getattr(_DEFAULT_STYLES, initial_rule_name)
            node_rules[initial_rule_name] = rule_value
    return node_rules
