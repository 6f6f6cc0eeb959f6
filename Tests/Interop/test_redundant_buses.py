"""Two buses: every service publishes to both and subscribes from both, so a bus host lost mid-stream loses nothing and
stalls nobody. A grid worker's own pyzmq client, on both buses with its own key, counts its tasks independently."""
import signal
import subprocess
import time

from conftest import bin_dir, eventually, suite_base_port
from gap_subscriber import GapSubscriber
from test_suite_up import whistle
from whistle_keys import Keys
from whistle_schemas import check_event

REPORTS = 24


def status(ports):
    """`whistle status` as {service: state} and its exit status."""
    result = subprocess.run([str(bin_dir() / "whistle"), "status", *ports], capture_output=True, text=True, timeout=60)
    return {line.split()[0]: line.split()[1] for line in result.stdout.splitlines() if line.strip()}, result.returncode


def test_a_bus_frozen_for_good_mid_stream_loses_and_doubles_nothing(suite, tmp_path):
    base = suite_base_port()
    keys = tmp_path / "data" / "keys"
    ports = ["--base-port", str(base), "--keys", str(keys), "--buses", "2"]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data")])
    up.wait_line("suite ready", timeout=90)
    assert "export WHISTLE_BUSES=2   # lets whistle status, tail and listen use every bus" in "\n".join(up.lines)
    states, code = status(ports)
    assert (states.get("bus"), states.get("bus-2"), code) == ("ok", "ok", 0), states

    # gw-g01's own client, on both buses, with gw-g01's key: the first copy of each task event counts.
    buses = [f"tcp://127.0.0.1:{base + 1}", f"tcp://127.0.0.1:{base + 3}"]
    worker = GapSubscriber(buses, ["task.gw-g01."], check=check_event, keys=Keys(str(keys), "gw-g01"))
    heard = []                                   # (arrived at, producer, sequence, case)

    def listen():
        for event in worker.poll(50):
            if event["event"]["type"] == "whistle.task.assigned":
                heard.append((time.monotonic(), event["producer"], event["sequence"], event["event"]["data"]["case"]))

    def report(i):
        sent = time.monotonic()
        case = whistle("report", *ports, "--category", "ljdf", "--grid", "g01", "--reporter", "r-001", "--id", f"two-buses-{i}")["case"]
        return case, sent

    cases = {}
    for i in range(REPORTS // 2):
        case, sent = report(i)
        cases[case] = sent
    eventually(lambda: (listen(), len(heard) >= REPORTS // 2)[1], "gw-g01 hears its first tasks on both buses", timeout=60)

    # The first bus's host freezes for good (SIGSTOP: its connections stay open and silent; the supervisor
    # does not restart a stopped process). Nothing waits for it to come back.
    bus_pids = subprocess.run(["pgrep", "-P", str(up.popen.pid), "-f", "whistle-bus"], capture_output=True, text=True).stdout.split()
    assert len(bus_pids) == 2, bus_pids
    frozen = next(int(p) for p in bus_pids if b"WHISTLE_NAME=bus\0" in open(f"/proc/{p}/environ", "rb").read())
    subprocess.run(["kill", "-STOP", str(frozen)], check=True)
    try:
        late = {}
        for i in range(REPORTS // 2, REPORTS):
            case, sent = report(i)
            late[case] = sent
            cases[case] = sent
        eventually(lambda: (listen(), {c for _, _, _, c in heard} >= set(cases))[1],
                   "every case's task reaches gw-g01 by the other bus", timeout=60)
        # One more report: once its task is here, any second task dispatch made for an earlier case is here too
        # (one producer, delivered in sequence order).
        sentinel, cases_sent = report(REPORTS)
        cases[sentinel] = cases_sent
        eventually(lambda: (listen(), sentinel in {c for _, _, _, c in heard})[1], "the last report's task arrives", timeout=60)

        # Counted here, from the client's own receipts: each case's task once, each producer's sequences rising.
        task_cases = [c for _, _, _, c in heard]
        lost = len(set(cases) - set(task_cases))
        duplicated = len(task_cases) - len(set(task_cases))
        out_of_order = sum(1 for a, b in zip(heard, heard[1:]) if a[1] == b[1] and b[2] <= a[2])
        assert f"lost={lost} duplicated={duplicated} out_of_order={out_of_order}" == "lost=0 duplicated=0 out_of_order=0"
        # No stall: each task after the freeze came well within a heartbeat (1 s) and a replay of the report.
        waits = [at - late[c] for at, _, _, c in heard if c in late]
        assert max(waits) < 2.0, sorted(waits)[-3:]

        states, code = status(ports)
        assert (states.get("bus"), states.get("bus-2"), code) == ("down", "ok", 1), states
        assert all(states.get(s) == "ok" for s in ("intake", "dispatch", "mediation", "notification")), states
    finally:
        subprocess.run(["kill", "-CONT", str(frozen)])
        worker.close()
    up.popen.send_signal(signal.SIGTERM)
    assert up.popen.wait(60) == 0
    for name in ("bus-2", "bus"):
        assert f"stopped {name} (exit 0)" in up.lines, up.lines[-8:]
