"""`whistle simulate` drives a running suite (`whistle up` with keys, the demo city) at 10× a busiest hour of 3,600 events
for 20 s — residents, grid workers and the sensor gateway each with its own key, departments acknowledging with theirs —
and its figures are checked against a count made from the bus by a pyzmq subscriber of this test's own: every case it
says it opened is a `case.reported` event, each of them got a task, every department task heard was acknowledged. Then
dispatch is frozen (SIGSTOP) in the middle of a run, and the simulator stops with status 1 naming dispatch-1's backlog."""
import json
import os
import signal
import subprocess

from conftest import bin_dir, eventually, suite_base_port
from gap_subscriber import GapSubscriber
from test_suite_up import child_pid
from whistle_keys import Keys

DEPARTMENTS = {"cg", "pcs", "scjg", "xf", "zj", "gs", "gd", "wy", "mz"}


def test_a_simulated_busy_hour_is_counted_right_and_a_frozen_consumer_stops_the_run(suite, tmp_path):
    base = suite_base_port()
    keys = str(tmp_path / "data" / "keys")
    ports = ["--base-port", str(base), "--keys", keys]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data")])
    up.wait_line("suite ready", timeout=90)
    bus = GapSubscriber(f"tcp://127.0.0.1:{base + 1}", ["case.reported.", "task."], keys=Keys(keys, "operator"))
    heard = []
    eventually(lambda: heard.extend(bus.poll(100)) or len(bus.head) >= 3, "the test's own subscriber hears the producers")

    run = subprocess.Popen([str(bin_dir() / "whistle"), "simulate", "--minutes", "0.34", "--seed", "7", "--json", *ports],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while run.poll() is None:
        heard.extend(bus.poll(100))
    out, err = run.communicate()
    assert run.returncode == 0, err[-2000:]
    figures = json.loads(out)

    reported = {e["event"]["data"]["case"] for e in heard if e["topic"].startswith("case.reported.")}
    tasks = [e["event"]["data"] for e in heard if e["topic"].startswith("task.")]
    sent = sum(figures["sent"].values())
    assert sent == round(10 * 0.34 * 60) and figures["accepted"] == sent and figures["refused"] == {}, figures
    assert figures["reportToTask"]["waiting"] == 0 and figures["reportToTask"]["cases"] == len(reported) > 0, (figures, len(reported))
    assert reported <= {task["case"] for task in tasks}, "every case the simulation opened got a task"
    department_tasks = {t["task"] for t in tasks if t.get("department") in DEPARTMENTS and t.get("holder") == t["department"]}
    assert figures["acknowledged"] == len(department_tasks) > 0 and figures["acknowledgementsRefused"] == 0, (figures, department_tasks)
    p50, p99 = figures["reportToTask"]["p50Milliseconds"], figures["reportToTask"]["p99Milliseconds"]
    assert 0 < p50 <= p99 < 2000, figures["reportToTask"]
    assert {"bus", "intake-1", "dispatch-1", "mediation-1", "notification-1"} <= set(figures["processes"]), figures["processes"]
    assert all(row["rssMiB"] > 1 and row["cpuPercent"] >= 0 for row in figures["processes"].values()), figures["processes"]
    assert all(backlog["now"] == 0 for backlog in figures["backlogs"].values()) and "dispatch-1" in figures["backlogs"], figures["backlogs"]

    # Dispatch frozen mid-run: its backlog grows at each check until the simulator stops, well before the minute is up.
    dispatch = child_pid(up.popen.pid, "whistle-dispatch")
    frozen = suite.start("whistle", ["simulate", "--minutes", "1", "--seed", "8", "--backlog-limit", "30", *ports])
    try:
        eventually(lambda: len(frozen.errors) >= 4, "the second run is under way")
        os.kill(dispatch, signal.SIGSTOP)
        frozen.popen.wait(timeout=55)
    finally:
        os.kill(dispatch, signal.SIGCONT)
    assert frozen.popen.returncode == 1, frozen.errors[-5:]
    assert any("dispatch-1's backlog grew without bound" in line and "does not keep up with 10 events/s" in line for line in frozen.errors), \
        frozen.errors[-5:]
    bus.close()
