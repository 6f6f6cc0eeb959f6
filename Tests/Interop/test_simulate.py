"""`whistle simulate` drives a running suite (`whistle up` with keys, the demo city) at 10× a busiest hour of 3,600 events
for 20 s — residents, grid workers and the sensor gateway each with its own key, departments acknowledging with theirs,
grid workers settling cases and residents rating them through the resident app —
and its figures are checked against a count made from the bus by a pyzmq subscriber of this test's own: every case it
says it opened is a `case.reported` event, each of them got a task, every department task heard was acknowledged, the
cases it says were resolved and rated are those dispatch published as resolved, rated and closed. Then
dispatch is frozen (SIGSTOP) in the middle of a run, and the simulator stops with status 1 naming dispatch-1's backlog."""
import csv
import json
import os
import signal
import subprocess

import requests
import yaml

from conftest import api_get, bin_dir, eventually, suite_base_port
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
    bus = GapSubscriber(f"tcp://127.0.0.1:{base + 1}", ["case.reported.", "task.", "status.case."], keys=Keys(keys, "operator"))
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
    # Grid workers resolve the 1st–7th of every 10 grid tasks in the order heard; each resolved case a resident reported is
    # rated by them (through the resident app) and closes — counted from dispatch's own events.
    def of_type(kind):
        return [e["event"]["data"] for e in heard if e["event"]["type"] == f"whistle.case.{kind}"]
    grid_tasks = [t for t in tasks if t.get("kind") == "grid"]
    resolved = {e["case"] for e in of_type("resolved") if e["by"].startswith("gw-")}
    by_residents = {e["event"]["data"]["case"] for e in heard if e["topic"].startswith("case.reported.") and e["event"]["data"]["origin"] == "resident"}
    rated, closed = {e["case"] for e in of_type("rated")}, {e["case"] for e in of_type("closed") if e["outcome"] == "rated"}
    settled = [t["case"] for index, t in enumerate(grid_tasks) if index % 10 < 7]          # the 1st–7th of every 10
    assert figures["resolved"] == len(resolved) == len(settled) > 0, (figures, len(grid_tasks))
    assert resolved == set(settled), "the 1st–7th of every 10, in the order heard"
    assert figures["rated"] == len(rated) > 0 and rated == closed == resolved & by_residents, (figures, len(rated), len(closed))
    assert figures["resolutionsRefused"] == figures["ratingsRefused"] == 0, figures
    p50, p99 = figures["reportToTask"]["p50Milliseconds"], figures["reportToTask"]["p99Milliseconds"]
    assert 0 < p50 <= p99 < 2000, figures["reportToTask"]
    assert {"bus", "intake-1", "dispatch-1", "mediation-1", "notification-1"} <= set(figures["processes"]), figures["processes"]
    assert all(row["rssMiB"] > 1 and row["cpuPercent"] >= 0 for row in figures["processes"].values()), figures["processes"]
    assert all(backlog["now"] == 0 for backlog in figures["backlogs"].values()) and "dispatch-1" in figures["backlogs"], figures["backlogs"]

    # Dispatch frozen mid-run (the same seed again: the same draws, as new events): its backlog grows at each check until
    # the simulator stops, well before the minute is up.
    dispatch = child_pid(up.popen.pid, "whistle-dispatch")
    frozen = suite.start("whistle", ["simulate", "--minutes", "1", "--seed", "7", "--backlog-limit", "30", *ports])
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


def test_a_generated_city_is_the_size_asked_and_the_suite_runs_it_under_simulation(suite, tmp_path):
    """`--generate-city` writes a city of the size asked, on the demo city's rules (counted here from the YAML with
    PyYAML); `whistle up --city` runs it and a simulation on it opens cases in its grids, each with its task."""
    city = tmp_path / "city.yaml"
    made = subprocess.run([str(bin_dir() / "whistle"), "simulate", "--generate-city", str(city), "--grids", "150", "--residents", "900",
                           "--devices", "120", "--duty-officers", "30", "--seed", "5"], capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    plan = yaml.safe_load(city.read_text(encoding="utf-8"))
    grids = [g for s in plan["streets"] for c in s["communities"] for g in c["grids"]]
    assert (len(plan["streets"]), len(grids), len({g["code"] for g in grids})) == (2, 150, 150)
    # The residents are a CSV beside the city file (counted here with Python's csv module), the city file naming it.
    assert plan["residents"] == [] and plan["residentsFile"] == "city-residents.csv", plan.get("residentsFile")
    with open(tmp_path / "city-residents.csv", newline="", encoding="utf-8-sig") as sheet:   # a spreadsheet's: BOM, CRLF
        residents = list(csv.DictReader(sheet))
    assert len(residents) == len({r["id"] for r in residents}) == 900 and {r["grid"] for r in residents} <= {g["code"] for g in grids}
    assert all(r["name"] and r["phone"] for r in residents)
    assert len(plan["devices"]["registry"]) == 120 and sum(len(d.get("duty") or []) for d in plan["departments"]) == 30
    assert plan["streets"][0]["communities"][0]["office"]["name"] == "第1社区居委会"            # readable, not escaped
    bad = subprocess.run([str(bin_dir() / "whistle"), "simulate", "--generate-city", str(tmp_path / "x.yaml"), "--grids", "0"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode != 0 and "--grids and --residents must be above 0" in bad.stderr and not (tmp_path / "x.yaml").exists()

    base = suite_base_port()
    ports = ["--base-port", str(base), "--keys", str(tmp_path / "data" / "keys"), "--city", str(city)]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data")])
    up.wait_line("suite ready", timeout=120)
    run = subprocess.run([str(bin_dir() / "whistle"), "simulate", "--minutes", "0.25", "--busiest-hour", "1800", "--json", *ports],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout)
    assert figures["accepted"] == sum(figures["sent"].values()) == 75 and figures["reportToTask"]["cases"] > 0, figures
    assert figures["reportToTask"]["waiting"] == 0 and all(b["now"] == 0 for b in figures["backlogs"].values()), figures

    # Every service read the residents file: a resident listed only there, reporting on Open311 with their account, is the
    # case's reporter and finds its receipt in their in-app inbox; an account nobody lists is no reporter.
    keys = str(tmp_path / "data" / "keys")
    resident = residents[456]["id"]
    g1 = next(g for g in grids if g["code"] == "g00001")
    where = {"long": f"{sum(p[0] for p in g1['polygon']) / 4:.5f}", "lat": f"{sum(p[1] for p in g1['polygon']) / 4:.5f}"}
    cases = {}
    for account in (resident, "r-999999"):
        posted = requests.post(f"http://127.0.0.1:{base + 110}/open311/v2/requests.json", timeout=10,
                               data={"api_key": Keys(keys, "hotline").api_key, "service_code": "ljdf", "account_id": account,
                                     "description": f"{account} 报告楼道堆物", **where})
        assert posted.status_code == 201, posted.text
        cases[account] = posted.json()[0]["service_request_id"]

    def inbox(recipient):
        status, page = api_get(f"http://127.0.0.1:{base + 304}/inbox?recipient={recipient}", keys, "operator")
        assert status == 200, page
        return {message["case"] for message in page["messages"]}
    eventually(lambda: cases[resident] in inbox(resident), f"{resident}'s receipt in their inbox", timeout=20)
    assert inbox("r-999999") == set(), "an account the city does not list is no reporter"
