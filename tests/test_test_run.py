"""How the suite runs: in parallel, benchmarks and full-length sweeps apart, shared fixtures kept
on one worker, compiled modules shared."""

from __future__ import annotations

import importlib.util
import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests import bytecode, xdist_plan
from tests.full_length import heavy, heavy_enabled

REPO = Path(__file__).resolve().parents[1]


def test_the_default_run_is_parallel_and_leaves_the_benchmarks_to_their_own_ci_step():
    pytest_options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]
    addopts = pytest_options["ini_options"]["addopts"].split()
    assert "-n" in addopts and "--dist" in addopts
    assert addopts[addopts.index("--dist") + 1] == "loadgroup"
    assert "--ignore=tests/bench" in addopts
    ci = (REPO / ".ci" / "run").read_text()
    assert "\npytest -n 0 tests/bench\n" in ci  # the quick benchmarks still run in CI
    assert "\npytest -n 0 --run-heavy -m heavy\n" in ci  # and so do the full-length sweeps


@pytest.mark.parametrize("length", ["short", pytest.param("full", marks=heavy)])
def test_a_full_length_variant_runs_only_when_asked_for(length, request):
    """The default run skips a sweep's full length; ``--run-heavy`` (CI's own step) runs it."""
    assert length == "short" or heavy_enabled(request.config)


@pytest.fixture(scope="module")
def built_once() -> list[str]:
    """Stands for an expensive module-wide fixture, such as a demo database."""
    return []


@pytest.mark.parametrize("variant", [1, 2])
def test_tests_sharing_a_module_fixture_share_a_worker(variant, built_once, request):
    group = request.node.get_closest_marker("xdist_group")
    assert group is not None and group.args == ("tests/test_test_run.py",)


def test_a_test_without_one_is_free_to_go_to_any_worker(request):
    assert request.node.get_closest_marker("xdist_group") is None


_SEEN_DIRECTORIES: list[Path] = []


@pytest.mark.parametrize("variant", [1, 2])
def test_each_test_gets_a_new_directory_of_its_own(variant, tmp_path, tmp_path_factory, request):
    # tests/conftest.py numbers them with a counter; pytest's tmp_path listed the neighbours.
    assert tmp_path.parent == tmp_path_factory.getbasetemp()
    assert tmp_path.name.startswith(request.node.name[:30] + "-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["home"]  # isolated_environment's
    assert tmp_path.stat().st_mode & 0o777 == 0o700
    assert tmp_path not in _SEEN_DIRECTORIES
    _SEEN_DIRECTORIES.append(tmp_path)


@pytest.mark.parametrize(("cores", "workers"), [(1, 2), (2, 4), (4, 8)])
def test_auto_starts_more_workers_than_cores(cores, workers, monkeypatch, pytestconfig):
    # A pilot test waits as often as it computes; the extra worker keeps the cores busy.
    monkeypatch.setattr(xdist_plan.os, "sched_getaffinity", lambda pid: set(range(cores)))
    assert xdist_plan.pytest_xdist_auto_num_workers(pytestconfig) == workers


def test_compiled_modules_go_to_a_private_cache_not_the_checkout(tmp_path, monkeypatch):
    """With PYTHONDONTWRITEBYTECODE set, the run's processes share compiled modules elsewhere."""
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    monkeypatch.setenv("PYTHONDONTWRITEBYTECODE", "1")
    monkeypatch.delenv("PYTHONPYCACHEPREFIX", raising=False)
    monkeypatch.delenv("PYTEST_XDIST_WORKER", raising=False)
    cleanups: list = []
    # As with --collect-only: the cache is made, nothing compiled ahead (tested below).
    options = SimpleNamespace(collectonly=True)
    bytecode.pytest_configure(SimpleNamespace(add_cleanup=cleanups.append, option=options))
    prefix = Path(sys.pycache_prefix)
    assert os.environ["PYTHONPYCACHEPREFIX"] == str(prefix)
    assert "PYTHONDONTWRITEBYTECODE" not in os.environ and not sys.dont_write_bytecode
    assert stat.S_IMODE(prefix.stat().st_mode) == 0o700  # private to the run's user
    # A child process (a real `dealboard`, a worker) writes its compiled modules there only.
    (tmp_path / "shown.py").write_text("VALUE = 1\n")
    subprocess.run([sys.executable, "-c", "import shown"], cwd=tmp_path, check=True)
    assert not (tmp_path / "__pycache__").exists()
    assert list(prefix.rglob("shown.*.pyc"))
    [restore] = cleanups
    restore()
    assert not prefix.exists() and os.environ["PYTHONDONTWRITEBYTECODE"] == "1"
    assert "PYTHONPYCACHEPREFIX" not in os.environ and sys.dont_write_bytecode


def test_the_cache_is_filled_as_pythons_and_pytests_imports_read_it(tmp_path, monkeypatch, request):
    """What ``precompile`` writes is what the workers' imports look for, and valid."""
    from _pytest.assertion import rewrite

    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path))
    monkeypatch.setattr(bytecode, "_config", request.config)
    # An installed module's compiled form, kept beside it, is copied where the prefix points.
    source = tomllib.__file__
    bytecode._copy_compiled(source, str(tmp_path))
    copied = Path(importlib.util.cache_from_source(source))
    assert (
        copied.is_relative_to(tmp_path) and copied.read_bytes()[:4] == importlib.util.MAGIC_NUMBER
    )
    # A test module, rewritten as pytest's hook would, where it reads it: a valid cached form.
    module = Path(__file__)
    bytecode._rewrite(module)
    pyc = rewrite.get_cache_dir(module) / (module.name[:-3] + rewrite.PYC_TAIL)
    assert pyc.is_relative_to(tmp_path)
    assert rewrite._read_pyc(module, pyc) is not None


def test_the_tests_are_rewritten_ahead_only_for_a_whole_run():
    whole = bytecode._whole_suite
    assert whole(SimpleNamespace(rootpath=REPO, args=[])) and whole(
        SimpleNamespace(rootpath=REPO, args=["tests"])
    )
    assert not whole(SimpleNamespace(rootpath=REPO, args=["tests/test_test_run.py"]))
    assert not whole(SimpleNamespace(rootpath=REPO, args=["tests", "tests/tui::x"]))


LEAKED_CYCLE = """
class FailsWhenFreed:
    def __del__(self):
        raise RuntimeError("freed too late: {mark}")

def test_leaves_a_cycle_behind():
    leaked = FailsWhenFreed()
    leaked.itself = leaked
"""


def test_a_failing_del_in_garbage_left_at_the_end_is_still_reported(tmp_path):
    """The run collects its garbage before freezing what is left (tests/conftest.py)."""
    mark = f"mark-{os.getpid()}"
    (tmp_path / "test_leak.py").write_text(LEAKED_CYCLE.format(mark=mark), encoding="utf-8")
    run = subprocess.run(
        [
            *(sys.executable, "-m", "pytest", "-p", "tests.conftest", "-n", "0", "-q"),
            *("-c", os.devnull, "--rootdir", str(tmp_path), "-p", "no:cacheprovider"),
            str(tmp_path / "test_leak.py"),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "1 passed" in run.stdout, run.stdout + run.stderr
    assert "PytestUnraisableExceptionWarning" in run.stderr and mark in run.stderr, run.stderr
