"""Compiled modules shared by the run's processes where the environment forbids writing them.

Loaded by ``tests/conftest.py`` (``pytest_plugins``). With ``PYTHONDONTWRITEBYTECODE`` set (as
many container images do), Python compiles every module it imports afresh in every process:
each xdist worker compiles the project and rewrites the assertions of every test module
(about 5 s of CPU per worker), and each real ``dealboard`` process a test starts compiles the
project again (about 0.1 s of its 0.25 s of CPU). So the run keeps compiled modules in a
directory of its own (``sys.pycache_prefix``, handed to the workers and every child process
as ``PYTHONPYCACHEPREFIX``): the first process to import a module compiles it, the others
read it. Nothing is written into the checkout or the installed packages, as the setting
asks; the directory is made private (``mkdtemp``: mode 0700, an unpredictable name) and
removed when the run ends.

The workers start together and import the same modules in the same order, so left to
themselves they would all compile everything at once. Before they start, the run's first
process (the only one with ``-n 0``) fills the cache on every core (``precompile``): the
project, the tests (their assertions rewritten as pytest's import hook would, under the name
it looks for), the modules it has loaded itself and the libraries the app imports. Each worker then collects in about
2.5 s of CPU instead of 9. That step leans on pytest's rewriting functions (pinned below 9 in
pyproject.toml); if they move, it skips the rewriting and the workers rewrite for themselves.

Without the setting Python writes ``__pycache__`` beside each source as usual, and this
plugin does nothing; nor does it when a prefix was chosen already (the run then uses it).
"""

from __future__ import annotations

import compileall
import contextlib
import importlib.util
import multiprocessing
import os
import shutil
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from models.demo.bulk import usable_cores

# The project's own packages: compiled ahead, never copied (their tests folder is "tests").
PROJECT = ("models", "tui")

# Libraries the app and the tests import, whose compiled modules are copied into the cache
# whole before the workers start (beside what the run's first process has loaded itself).
LIBRARIES = ("textual", "rich", "markdown_it", "babel", "peewee", "playhouse", "platformdirs")

# The run's configuration, for the forked compiling processes (``_compile``).
_config: pytest.Config | None = None


def pytest_configure(config: pytest.Config) -> None:
    """In the run's first process: a private cache for compiled modules, for every process."""
    if not sys.dont_write_bytecode or sys.pycache_prefix or "PYTEST_XDIST_WORKER" in os.environ:
        return
    prefix = tempfile.mkdtemp(prefix="dealboard-bytecode-")
    setting = os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.pycache_prefix, sys.dont_write_bytecode = prefix, False
    os.environ["PYTHONPYCACHEPREFIX"] = prefix

    def restore() -> None:
        sys.pycache_prefix, sys.dont_write_bytecode = None, True
        os.environ.pop("PYTHONPYCACHEPREFIX", None)
        if setting is not None:
            os.environ["PYTHONDONTWRITEBYTECODE"] = setting
        shutil.rmtree(prefix, ignore_errors=True)

    config.add_cleanup(restore)
    # Also with ``-n 0``: without the copies the run's own imports would compile everything.
    if not config.option.collectonly:
        precompile(config)


def precompile(config: pytest.Config) -> None:
    """Fill the cache before the workers start.

    What is compiled already (the standard library, the installed libraries: their
    ``__pycache__`` beside the sources, which a prefix makes Python overlook) is copied in;
    the project is compiled, and when the run takes the whole suite the test modules are
    rewritten too, on every core.
    """
    global _config
    root = Path(config.rootpath)
    project = [str(path) for name in PROJECT for path in (root / name).rglob("*.py")]
    if _whole_suite(config):
        project += [str(path) for path in (root / "tests").rglob("*.py")]
    installed = {getattr(module, "__file__", None) for module in list(sys.modules.values())}
    for name in LIBRARIES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin and spec.origin.endswith("__init__.py"):
            installed.update(str(path) for path in Path(spec.origin).parent.rglob("*.py"))
        elif spec is not None and spec.origin:
            installed.add(spec.origin)
    prefix = sys.pycache_prefix
    ours = tuple(str(root / name) + os.sep for name in (*PROJECT, "tests"))
    for source in installed:
        if source and source.endswith(".py") and not source.startswith(ours):
            _copy_compiled(source, prefix)
    cores = usable_cores()
    chunks = [sorted(project)[start::cores] for start in range(cores)]
    _config = config
    try:
        # Forked, so each process has the run's configuration that rewriting needs.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(len(chunks), mp_context=context) as pool:
            list(pool.map(_compile, chunks))
    finally:
        _config = None


def _whole_suite(config: pytest.Config) -> bool:
    """Tell whether the run collects every test module (no paths given, or the tests folder)."""
    root = Path(config.rootpath)
    return all(
        Path(root, arg.split("::")[0]).resolve() in (root, root / "tests") for arg in config.args
    )


def _copy_compiled(source: str, prefix: str | None) -> None:
    """Copy the compiled form kept beside ``source`` to where the prefix makes Python look."""
    saved = sys.pycache_prefix
    try:
        sys.pycache_prefix = None
        beside = importlib.util.cache_from_source(source)
        sys.pycache_prefix = prefix
        target = importlib.util.cache_from_source(source)
    finally:
        sys.pycache_prefix = saved
    with contextlib.suppress(OSError):  # none kept, or unreadable: the first import compiles
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(beside, target)


def _compile(files: list[str]) -> None:
    """Compile ``files`` into the cache; rewrite those under ``tests/`` as pytest would."""
    tests = str(Path(_config.rootpath) / "tests") + os.sep if _config else None
    for file in files:
        compileall.compile_file(file, quiet=2)
        if tests and file.startswith(tests):
            with contextlib.suppress(Exception):  # pytest's own functions, if they moved
                _rewrite(Path(file))


def _rewrite(path: Path) -> None:
    """Write the assertion-rewritten form of a test module where pytest's hook reads it."""
    from _pytest.assertion import rewrite

    assert _config is not None
    state = _config.stash[rewrite.assertstate_key]
    source_stat, code = rewrite._rewrite_test(path, _config)
    pyc = rewrite.get_cache_dir(path) / (path.name[:-3] + rewrite.PYC_TAIL)
    pyc.parent.mkdir(parents=True, exist_ok=True)
    rewrite._write_pyc(state, code, source_stat, pyc)
