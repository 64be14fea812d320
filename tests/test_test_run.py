"""How the suite runs: in parallel, benchmarks apart, shared fixtures kept on one worker."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from tests import xdist_plan

REPO = Path(__file__).resolve().parents[1]


def test_the_default_run_is_parallel_and_leaves_the_benchmarks_to_their_own_ci_step():
    pytest_options = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["pytest"]
    addopts = pytest_options["ini_options"]["addopts"].split()
    assert "-n" in addopts and "--dist" in addopts
    assert addopts[addopts.index("--dist") + 1] == "loadgroup"
    assert "--ignore=tests/bench" in addopts
    ci = (REPO / ".ci" / "run").read_text()
    assert "\npytest -n 0 tests/bench\n" in ci  # the quick benchmarks still run in CI


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
