"""dealboard's benchmark suite: how fast the board, the reports and the writers are.

Run it from the repository root with ``python -m tests.bench`` (all figures, databases of
10,000, 100,000 and 1,000,000 deals) or ``python -m tests.bench --quick`` (10,000 deals,
fewer runs, about a minute; CI runs this so the suite cannot rot). It prints one table:
each figure is the median of several runs, beside a floor measured in the same run, the
ratio, the target and whether it is met. No figure is a pass/fail test.

Modules, one job each: ``generate`` writes valid databases fast, ``datasets`` caches and
verifies them, ``ptyrun`` runs a real process under a pseudo-terminal, ``startup`` (cold start
and peak memory), ``interactions`` (pilot key presses), ``report``, ``idle``, ``writers``,
``demo``, ``table`` prints the result, ``plans`` shows the query plans behind the figures.
"""
