"""lingua's models held once for a run's workers: same answers, one copy, never an error."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from monitor import language, lingua_server, pipeline
from monitor.lingua_server import LinguaServer

# A German page read with English expected: its short lowercase lines are lingua's to decide.
GERMAN_PAGE = [
    (
        "Die Regierung in Peking hat am Montag einen neuen Plan für künstliche Intelligenz "
        "vorgestellt, der bis 2030 umgesetzt werden soll."
    ),
    (
        "Nach Angaben des Ministeriums sollen die Ausgaben für Forschung und Entwicklung "
        "deutlich steigen, wie die Zeitung berichtet."
    ),
    "mehr dazu hier",
    "The ministry said exports rose 12% in May.",
    "weitere berichte",
]


@pytest.fixture
def server():
    language.use_lingua(None)
    language._lingua_detector.cache_clear()
    running = LinguaServer()
    yield running
    running.close()
    language.use_lingua(None)
    language._lingua_detector.cache_clear()


def _models_here() -> int:
    """How many lingua detectors (and so sets of models) this process has built."""
    return language._lingua_detector.cache_info().currsize


def test_a_worker_gets_the_answers_it_would_compute_without_the_models(server) -> None:
    alone = language.analyse(GERMAN_PAGE)
    assert alone.segment_langs == ["de", "de", "de", "en", "de"]
    language._lingua_detector.cache_clear()

    lingua_server.connect(server.address)
    asked = language.analyse(GERMAN_PAGE)
    assert asked == alone
    # lingua's own sums vary in the last bits from call to call, wherever it runs
    assert language._lingua("mehr dazu hier", ("en", "de")) == pytest.approx(
        language.lingua_values("mehr dazu hier", ("en", "de"))
    )
    language._lingua_detector.cache_clear()
    language._lingua("weitere berichte", ("en", "de"))
    assert _models_here() == 0, "the worker loaded lingua's models itself"


def test_a_server_that_loads_the_expected_languages_first_answers_the_same() -> None:
    """The run's server loads the models of [language] expected as it starts
    (lingua_server.PRELOAD): the same model files, so the same answers."""
    language.use_lingua(None)
    language._lingua_detector.cache_clear()
    alone = language.analyse(GERMAN_PAGE)
    running = LinguaServer(preload=("en", "zh", "xx"))  # a code lingua does not know is skipped
    try:
        lingua_server.connect(running.address)
        assert language.analyse(GERMAN_PAGE) == alone
        assert language._lingua("mehr dazu hier", ("en", "de")) == pytest.approx(
            language.lingua_values("mehr dazu hier", ("en", "de"))
        )
    finally:
        running.close()
        language.use_lingua(None)
        language._lingua_detector.cache_clear()


def test_a_pools_server_loads_the_expected_languages(monkeypatch) -> None:
    started = []

    class Recorder:
        address = "nowhere"

        def __init__(self, preload=()):
            started.append(preload)

        def close(self):
            pass

    from monitor.settings import load_settings

    monkeypatch.setattr(lingua_server, "LinguaServer", Recorder)
    assert pipeline._lingua_server(load_settings()) is not None
    monkeypatch.setattr(lingua_server, "PRELOAD", False)
    pipeline._lingua_server(load_settings())
    assert started == [("en", "zh"), ()]


def test_without_its_server_a_worker_answers_on_its_own(server) -> None:
    lingua_server.connect(server.address)
    asked = language.analyse(GERMAN_PAGE)
    assert _models_here() == 0
    server.close()
    assert language.analyse(GERMAN_PAGE) == asked  # no error: lingua here
    assert _models_here() == 1

    language._lingua_detector.cache_clear()
    lingua_server.connect(str(server.address) + ".never")  # a server that never came up
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lingua_server, "CONNECT_WAIT", 0.2)
        assert language.analyse(GERMAN_PAGE) == asked


def test_a_worker_asking_very_often_loads_the_models_itself(server, monkeypatch) -> None:
    monkeypatch.setattr(lingua_server, "LOCAL_AFTER", 3)
    lingua_server.connect(server.address)
    answers = [language._lingua("mehr dazu hier", ("en", "de")) for _ in range(3)]
    assert _models_here() == 0
    answers.append(language._lingua("mehr dazu hier", ("en", "de")))
    assert _models_here() == 1
    assert all(a == pytest.approx(answers[0]) for a in answers)


def _lingua_children() -> list[multiprocessing.Process]:
    return [p for p in multiprocessing.active_children() if p.name == "monitor-lingua"]


def test_a_pool_has_one_server_that_ends_with_it(tmp_path) -> None:
    """The pool's workers ask one server, which ends with them; the documents come out as they
    would in this process."""
    page = tmp_path / "de.txt"
    page.write_text("\n\n".join(GERMAN_PAGE) + "\n", encoding="utf-8")
    from monitor.sources import InputItem

    items = [InputItem(origin=f"de{i}.txt", kind="text", path=page) for i in range(4)]
    work = pipeline.batches(items, 1, 2)
    before = set(_lingua_children())
    pool = pipeline.start_pool(2, len(items))
    started = [p for p in _lingua_children() if p not in before]
    assert len(started) == 1
    pooled = list(pipeline.run_batches(work, 10**6, 2, pool=pool))
    deadline = time.monotonic() + 10
    while started[0].is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not started[0].is_alive(), "the lingua server outlived its pool"

    here = [pipeline.process_batch(batch, 10**6) for batch in work]
    assert [[o.rows["segments"] for o in b] for b in pooled] == [
        [o.rows["segments"] for o in b] for b in here
    ]
    assert [s["lang"] for s in pooled[0][0].rows["segments"]] == ["de", "de", "de", "en", "de"]


@pytest.mark.parametrize("why", ["lingua not used", "no temporary folder"])
def test_a_pool_without_its_server_still_works(tmp_path, monkeypatch, why) -> None:
    if why == "lingua not used":
        monkeypatch.setattr(language, "_settings_helpers", lambda: frozenset({"wordfreq"}))
    else:

        def no_folder(*args, **kwargs):
            raise PermissionError("read-only /tmp")

        monkeypatch.setattr(lingua_server, "ABSTRACT_ADDRESS", False)  # a socket that is a file
        monkeypatch.setattr(lingua_server.tempfile, "mkdtemp", no_folder)
    page = tmp_path / "a.txt"
    page.write_text("The ministry said exports rose 12% in May, officials told reporters.\n")
    from monitor.sources import InputItem

    work = [[InputItem(origin=f"a{i}.txt", kind="text", path=page)] for i in range(2)]
    before = set(_lingua_children())
    pool = pipeline.start_pool(2, 2)
    assert set(_lingua_children()) == before
    batches = list(pipeline.run_batches(work, 10**6, 2, pool=pool))
    assert [b[0].rows["articles"][0]["origin"] for b in batches] == ["a0.txt", "a1.txt"]


def _run_with_a_server(ready, abstract: bool = False) -> None:
    """A "run" that starts a server, then waits to be killed."""
    lingua_server.ABSTRACT_ADDRESS = abstract
    server = LinguaServer()
    ready.put((server.address, server._process.pid))
    time.sleep(600)


def test_a_run_killed_outright_leaves_no_socket_folder_behind(tmp_path) -> None:
    """A run killed with SIGKILL cannot clean up: its lingua server, which follows it, removes
    the folder of its socket (they piled up in the temporary folder, one per killed run).
    Where the socket is a file (not Linux)."""
    import os
    import signal

    ctx = multiprocessing.get_context("spawn")
    ready = ctx.Queue()
    run = ctx.Process(target=_run_with_a_server, args=(ready,))  # not daemonic: it has a child
    run.start()
    try:
        address, server_pid = ready.get(timeout=60)
        folder = os.path.dirname(address)
        assert os.path.isdir(folder)
    finally:
        os.kill(run.pid, signal.SIGKILL)
        run.join(10)
    deadline = time.monotonic() + 20
    while os.path.isdir(folder) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not os.path.isdir(folder)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(server_pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the lingua server outlived its run")


def test_a_server_killed_outright_leaves_nothing_in_the_temp_folder() -> None:
    """A run killed with its process group (SIGKILL to all) gets no chance to tidy up: on
    Linux its server's socket must not be a file, or every such run leaves a folder behind."""
    import os
    import signal
    import sys
    import tempfile

    if not sys.platform.startswith("linux"):
        pytest.skip("abstract socket addresses are Linux's")
    before = set(os.listdir(tempfile.gettempdir()))
    running = LinguaServer()
    try:
        lingua_server.connect(running.address)
        # the server answers, so it has bound its socket
        assert language._lingua("mehr dazu hier", ("en", "de"))
        os.kill(running._process.pid, signal.SIGKILL)
        running._process.join(5)
        left = set(os.listdir(tempfile.gettempdir())) - before
        assert not [name for name in left if name.startswith("monitor-lingua-")], left
    finally:
        running.close()
        language.use_lingua(None)
        language._lingua_detector.cache_clear()
