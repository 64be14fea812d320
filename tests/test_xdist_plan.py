"""The run's xdist scheduler hands out the same tests, in the same order, as xdist's own."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest
from xdist.scheduler import LoadGroupScheduling

from tests.xdist_plan import FinishedUnitsDropped


class FakeWorker:
    """What a scheduler sees of an xdist worker: what it was sent, and whether it stopped."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.sent: list[list[int]] = []
        self.shutting_down = False
        self.gateway = SimpleNamespace(id=name)

    def send_runtest_some(self, indices: list[int]) -> None:
        self.sent.append(list(indices))

    def shutdown(self) -> None:
        self.shutting_down = True

    def __repr__(self) -> str:
        return self.name


def config(workers: int) -> Any:
    """The two settings a load scheduler reads from pytest's configuration."""
    values = {"tx": [f"{workers}*popen"]}
    return SimpleNamespace(
        getvalue=values.__getitem__, option=SimpleNamespace(loadscopereorder=True)
    )


def collection(seed: int) -> list[str]:
    """Tests of a few modules, some of them in groups (``@name``) as the run marks them."""
    rng = random.Random(seed)
    tests = []
    for module in range(12):
        for number in range(rng.randint(1, 30)):
            group = rng.choice(["", "", "", "@demo", "@corpus", f"@m{module}"])
            tests.append(f"tests/test_m{module}.py::test_{number}{group}")
    return tests


def partly_done(workload: dict[str, dict[str, bool]]) -> bool:
    """Whether a worker is in the middle of a unit: some of its tests done, some not."""
    return any(len(set(unit.values())) == 2 for unit in workload.values())


def replay(kind: type, seed: int, crash: bool) -> list[Any]:
    """Run a scheduler over a collection, finishing tests in a random order; log what it does."""
    rng = random.Random(seed)
    tests = collection(seed)
    workers = [FakeWorker(f"gw{i}") for i in range(3)]
    scheduler = kind(config(len(workers)), None)
    for worker in workers:
        scheduler.add_node(worker)
    for worker in workers:
        scheduler.add_node_collection(worker, tests)
    scheduler.schedule()
    log: list[Any] = []
    running = {worker: [i for sent in worker.sent for i in sent] for worker in workers}
    seen = {worker: len(worker.sent) for worker in workers}
    while any(running.values()):
        worker = rng.choice([w for w in workers if running[w]])
        if crash and worker.name == "gw1" and partly_done(scheduler.assigned_work[worker]):
            log.append(("crashed", scheduler.remove_node(worker)))
            running[worker] = []
            crash = False
        else:
            index = running[worker].pop(0)
            scheduler.mark_test_complete(worker, index)
        for other in workers:
            fresh = other.sent[seen[other] :]
            seen[other] = len(other.sent)
            running[other].extend(i for sent in fresh for i in sent)
            log.extend((other.name, tuple(sent)) for sent in fresh)
        log.append((scheduler.has_pending, scheduler.tests_finished))
    log.append([worker.shutting_down for worker in workers])
    assert not crash, "the worker never crashed in the middle of a unit"
    return log


@pytest.mark.parametrize("crash", [False, True], ids=["plain", "a-worker-crashes"])
@pytest.mark.parametrize("seed", range(6))
def test_it_sends_what_xdist_sends(seed: int, crash: bool):
    ours = replay(FinishedUnitsDropped, seed, crash)
    assert ours == replay(LoadGroupScheduling, seed, crash)
    assert any(entry[0] == "gw2" for entry in ours if isinstance(entry, tuple))


def test_a_finished_unit_is_forgotten():
    worker = FakeWorker("gw0")
    scheduler = FinishedUnitsDropped(config(1), None)
    scheduler.add_node(worker)
    tests = [f"tests/test_a.py::test_{n}" for n in range(10)]
    scheduler.add_node_collection(worker, tests)
    scheduler.schedule()
    for index in range(6):
        scheduler.mark_test_complete(worker, index)
    # Units not yet finished only: what xdist counts after every test stays small.
    assert all(not all(unit.values()) for unit in scheduler.assigned_work[worker].values())
    assert len(scheduler.assigned_work[worker]) <= 4


def test_the_run_uses_it_for_loadgroup_only():
    from tests.xdist_plan import pytest_xdist_make_scheduler

    run = config(2)
    run.getvalue = {"dist": "loadgroup", "tx": ["2*popen"]}.__getitem__
    made = pytest_xdist_make_scheduler(run, None)
    assert isinstance(made, FinishedUnitsDropped)
    other = SimpleNamespace(getvalue={"dist": "load"}.__getitem__)
    assert pytest_xdist_make_scheduler(other, None) is None
