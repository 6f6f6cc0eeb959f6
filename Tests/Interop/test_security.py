"""No one gets in who doesn't belong: `whistle up` with its keys, tried by plain pyzmq clients the way an
attacker on the same network and a careless integrator would."""
import json
import sqlite3
import subprocess
import urllib.error
import urllib.request
import time
import uuid

import pytest
import zmq

from conftest import bin_dir, eventually, suite_base_port
from gap_subscriber import GapSubscriber
from test_suite_up import child_pid
from whistle_keys import Keys
from whistle_schemas import check_command, check_message


class Secured:
    """`whistle up` (keys on), its addresses and keys folder."""

    def __init__(self, suite, tmp_path, env=None):
        self.base = suite_base_port()
        self.data = tmp_path / "data"
        self.keys = str(self.data / "keys")
        self.ports = ["--base-port", str(self.base), "--keys", self.keys]
        self.up = suite.start("whistle", ["up", *self.ports, "--data", str(self.data)], env=env)
        self.up.wait_line("suite ready", timeout=90)
        self.context = zmq.Context()

    def address(self, offset):
        return f"tcp://127.0.0.1:{self.base + offset}"

    def socket(self, kind, identity=None, server=None, timeout=1500, key_pair=None, server_key=None):
        """A socket acting as `identity` toward `server` (or with a made-up key pair / server key; or plaintext)."""
        socket = self.context.socket(kind)
        socket.setsockopt(zmq.LINGER, 0)
        socket.setsockopt(zmq.RCVTIMEO, timeout)
        if identity:
            Keys(self.keys, identity).secure(socket, server)
        if key_pair:
            socket.curve_publickey, socket.curve_secretkey = key_pair
            socket.curve_serverkey = server_key or Keys(self.keys, "operator").server_key(server)
        if server_key and identity:
            socket.curve_serverkey = server_key
        return socket

    def ask(self, socket, address, body, close=True):
        socket.connect(address)
        socket.send(json.dumps(body).encode())
        try:
            return json.loads(socket.recv())
        except zmq.Again:
            return None
        finally:
            if close:
                socket.close()

    def whistle(self, *args):
        result = subprocess.run([str(bin_dir() / "whistle"), *args, *self.ports], capture_output=True, text=True, timeout=30)
        return result

    def log(self, service):
        return [json.loads(line) for line in (self.data / "logs" / f"{service}.log").read_text().splitlines() if line.startswith("{")]

    def refusals(self, service):
        return [line for line in self.log(service) if line.get("message") == "connection refused"]

    def metric(self, service_offset, *labels):
        """The value of the metrics line that has every one of `labels` (such as `event="forged"`)."""
        body = urllib.request.urlopen(f"http://127.0.0.1:{self.base + 300 + service_offset}/metrics", timeout=5).read().decode()
        return next((float(line.split()[-1]) for line in body.splitlines() if all(label in line for label in labels)), 0.0)

    def report(self, category, grid):
        answer = json.loads(self.whistle("report", "--category", category, "--grid", grid, "--reporter", "r-001").stdout.splitlines()[-1])
        assert answer["status"] == "accepted", answer
        return answer["case"]


@pytest.fixture
def secured(suite, tmp_path):
    secured = Secured(suite, tmp_path)
    yield secured
    secured.context.destroy(linger=0)


def test_plaintext_an_unknown_key_and_the_wrong_server_key_get_nothing_and_the_log_says_why(secured):
    event = {"specversion": "1.0", "id": "x-1", "source": "/apps/resident/r-001", "type": "whistle.report.resident",
             "data": {"category": "ljdf", "grid": "g01"}}
    ingest = secured.address(100)
    # The refused sockets stay open (and keep retrying their handshakes) until the log has said why.
    stranger = zmq.curve_keypair()
    refused = [secured.socket(zmq.REQ), secured.socket(zmq.REQ, key_pair=stranger, server="intake-1", timeout=4000),
               secured.socket(zmq.REQ, identity="resident-app", server="intake-1", server_key=zmq.curve_keypair()[0])]
    for socket, kind in zip(refused, ("plaintext", "unknown key", "wrong server key")):
        assert secured.ask(socket, ingest, event, close=False) is None, kind
    assert secured.ask(secured.socket(zmq.REQ, identity="resident-app", server="intake-1"), ingest, event)["status"] == "accepted", \
        "the same request with the right keys is answered"

    def reasons():
        return " | ".join(line.get("reason", "") for line in secured.refusals("intake"))
    try:
        eventually(lambda: "plaintext" in reasons() and "unknown or revoked key" in reasons() and "does not hold this server's public key" in reasons(),
                   "intake's log says why each was refused", 20)
    except AssertionError:
        raise AssertionError(f"intake's refusals: {secured.refusals('intake')}")
    for socket in refused:
        socket.close()
    assert any(line.get("domain") == "ingest" and stranger[0].decode() == line.get("key") for line in secured.refusals("intake")), \
        "the ZAP handler names the refused key and the domain"


def test_a_department_reads_and_acts_on_its_own_tasks_only(secured):
    case = secured.report("ygbj", "g02")                     # an emergency: 消防 (lead) and 物业 get tasks at once
    cg = GapSubscriber(secured.address(1), ["task.xf."], keys=Keys(secured.keys, "cg"), context=secured.context)
    xf = GapSubscriber(secured.address(1), ["task.xf."], keys=Keys(secured.keys, "xf"), context=secured.context)
    received = []
    eventually(lambda: received.extend(xf.poll(100)) or received, "消防 receives its task")
    # cg's subscription to task.xf. is refused at the bus, so nothing arrives live; when a heartbeat shows it
    # what it lacks, its replay request for task.xf. is refused by the producer.
    with pytest.raises(RuntimeError, match="may not read topics under 'task.xf.'"):
        eventually(lambda: cg.poll(100) != [], "cg receives something", 10)
    eventually(lambda: any(line.get("message") == "subscription refused" and line.get("subscriber") == "cg" for line in secured.log("bus")),
               "the bus logs the refused subscription")

    eventually(lambda: xf.poll(100) is not None and "dispatch-1" in xf.replay_endpoint, "dispatch's replay address is known")
    replay = secured.socket(zmq.DEALER, identity="cg", server="dispatch-1")
    replay.connect(xf.replay_endpoint["dispatch-1"])
    replay.send_multipart([b"REPLAY", b"r1", b"dispatch-1", b"1", b"100", b"task.xf."])
    answer = replay.recv_multipart()
    replay.close()
    assert answer[0] == b"ERROR" and b"may not read topics under 'task.xf.'" in answer[2], answer

    acknowledge = {"command": str(uuid.uuid4()), "department": "xf", "task": f"{case}-xf", "action": "acknowledge"}
    refused = secured.ask(secured.socket(zmq.REQ, identity="cg", server="dispatch-1"), secured.address(200), check_command("department-command", acknowledge))
    assert check_message("command-reply", refused)["error"] == "not_your_task", refused
    own = secured.ask(secured.socket(zmq.REQ, identity="xf", server="dispatch-1"), secured.address(200), {**acknowledge, "command": "xf-1"})
    assert own["state"] == "acknowledged"
    with sqlite3.connect(secured.data / "dispatch" / "dispatch.sqlite") as journal:   # the audit: who sent each command
        assert journal.execute("SELECT identity FROM whistle_command_journal WHERE command = 'xf-1'").fetchall() == [("xf",)]
    xf.close()


def test_a_department_that_subscribes_through_the_guarded_bus_hears_every_producer_at_once(secured):
    """A department's client that (re)connects to the CURVE bus learns every producer's head and replay address from the
    heartbeat each producer sends when the guarded proxy passes the subscription up — not up to a period (1 s) later.
    Four times a fresh socket with 消防's key subscribes; each time every producer must be heard within 0.5 s. By chance
    alone — the producers' periodic beats — the three producers all land in that window once in 8, four times in a row
    about once in 4,000."""
    producers = {"intake-1", "dispatch-1", "mediation-1"}          # notification publishes nothing
    for attempt in range(4):
        subscriber = secured.socket(zmq.SUB, identity="xf", server="bus")
        for prefix in (b"heartbeat.", b"task.xf."):
            subscriber.setsockopt(zmq.SUBSCRIBE, prefix)
        started = time.monotonic()
        subscriber.connect(secured.address(1))
        heard = {}
        while set(heard) < producers and time.monotonic() - started < 5:
            if subscriber.poll(100):
                topic, name, _epoch, _sequence, payload = subscriber.recv_multipart()
                if topic.startswith(b"heartbeat.") and name.decode() not in heard:
                    assert json.loads(payload)["replay"].startswith("tcp://"), payload
                    heard[name.decode()] = time.monotonic() - started
        subscriber.close()
        assert set(heard) >= producers, f"attempt {attempt + 1}: heard only {sorted(heard)} within 5 s"
        late = {name: f"{after:.3f} s" for name, after in heard.items() if name in producers and after >= 0.5}
        assert not late, f"attempt {attempt + 1}: heard only a heartbeat period later: {late}"
        print(f"attempt {attempt + 1}: " + ", ".join(f"{name} {after:.3f} s" for name, after in sorted(heard.items())))


def test_a_forged_intake_event_from_an_integrator_is_dropped_by_the_bus_and_counted(secured):
    publisher = secured.socket(zmq.PUB, identity="sensor-gateway", server="bus")
    publisher.connect(secured.address(0))
    forged = {"specversion": "1.0", "id": "intake-1-1", "source": "/whistle/intake/intake-1", "type": "whistle.case.reported",
              "data": {"case": "intake-1-1"}}

    def sent_and_counted():
        publisher.send_multipart([b"case.reported.s01.c01.g01", b"intake-1", b"1", b"1", json.dumps(forged).encode()])
        return secured.metric(0, "whistle_delivery_total{", 'role="bus"', 'event="forged"') >= 1
    eventually(sent_and_counted, "the bus drops and counts the forgery", 20, every=0.2)
    publisher.close()
    forgeries = [line for line in secured.log("bus") if line.get("message", "").startswith("forged message dropped")]
    assert forgeries and forgeries[0]["sender"] == "sensor-gateway" and forgeries[0]["producer"] == "intake-1", forgeries
    assert forgeries[0]["topic"] == "case.reported.s01.c01.g01" and forgeries[0]["level"] == "error"
    case = secured.report("ljdf", "g01")
    assert case == "intake-1-1", "intake's real first case keeps its number"
    shown = secured.whistle("case", case)
    assert shown.returncode == 0 and json.loads(shown.stdout)["category"] == "ljdf", "dispatch has the real case, not the forgery"


def http_get(secured, offset, path, identity=None):
    """GET on a service's HTTP address (base + 300 + offset) with `identity`'s API key: (status, body)."""
    headers = {"Authorization": f"Bearer {Keys(secured.keys, identity).api_key}"} if identity else {}
    request = urllib.request.Request(f"http://127.0.0.1:{secured.base + 300 + offset}{path}", headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_staff_read_only_the_cases_and_evaluation_of_their_own_area(secured):
    g01 = secured.report("ljdf", "g01")                       # street s01, community c01
    g10 = secured.report("ljdf", "g10")                       # street s02, community c04
    dispute = secured.report("fljf", "g03")                   # a grid-level dispute: med-g03 mediates it
    eventually(lambda: http_get(secured, 2, f"/cases/{dispute}", "operator")[0] == 200
               and b"mediating" in http_get(secured, 2, f"/cases/{dispute}", "operator")[1], "mediation took the dispute")
    allowed = [("operator", g01), ("operator", g10), ("gw-g01", g01), ("co-c01", g01), ("so-s01", g01), ("do-d01", g01),
               ("do-d01", g10), ("gw-g10", g10), ("co-c04", g10), ("so-s02", g10), ("med-g03", dispute), ("co-c01", dispute)]
    refused = [("gw-g10", g01), ("gw-g02", g01), ("co-c02", g01), ("so-s02", g01), ("gw-g01", g10), ("so-s01", g10),
               ("med-g03", g01), ("med-g01", dispute), ("cg", g01), ("resident-app", g01), ("sensor-gateway", g10)]
    for identity, case in allowed:
        status, body = http_get(secured, 2, f"/cases/{case}", identity)
        assert status == 200 and json.loads(body)["case"] == case, (identity, case, status, body[:200])
    for identity, case in refused:
        status, body = http_get(secured, 2, f"/cases/{case}", identity)
        assert status == 403 and b"description" not in body and b"reporter" not in body, (identity, case, status, body[:200])
    assert b"outside gw-g10's grid g10" in http_get(secured, 2, f"/cases/{g01}", "gw-g10")[1]

    def cases(identity, by="grid"):
        status, body = http_get(secured, 2, f"/stats?by={by}", identity)
        return status, (json.loads(body) if status == 200 else body)
    status, everything = cases("operator")
    assert status == 200 and {row["key"] for row in everything["rows"]} == {"g01", "g03", "g10"} and everything["total"]["cases"] == 3
    for identity, rows, count in [("gw-g01", {"g01"}, 1), ("co-c01", {"g01", "g03"}, 2), ("so-s02", {"g10"}, 1), ("do-d01", {"g01", "g03", "g10"}, 3)]:
        status, report = cases(identity)
        assert status == 200 and {row["key"] for row in report["rows"]} == rows and report["total"]["cases"] == count, (identity, report)
    status, by_department = cases("gw-g10", "department")
    assert status == 200 and by_department["total"]["cases"] == 1, "a grid worker's evaluation by department counts their grid's cases only"
    for identity in ("cg", "med-g03", "resident-app"):
        assert cases(identity)[0] == 403, identity
    # `area` narrows the count to a part of the city — within the caller's own area only.
    for identity, area, rows in [("co-c01", "g03", {"g03"}), ("operator", "s02", {"g10"}), ("so-s01", "c01", {"g01", "g03"}),
                                 ("do-d01", "d01", {"g01", "g03", "g10"})]:
        status, report = cases(identity, f"grid&area={area}")
        assert status == 200 and {row["key"] for row in report["rows"]} == rows and report["total"]["cases"] == len(rows), (identity, area, report)
    status, body = cases("co-c01", "grid&area=c04")
    assert status == 403 and b"community c04 lies outside co-c01's community c01" in body, body
    assert cases("gw-g01", "grid&area=c01")[0] == 403, "a grid worker's area is its grid, not its community"
    status, body = cases("operator", "grid&area=nowhere")
    assert status == 400 and b"'area' must be a grid, community or street of the city, or the district; 'nowhere' is none" in body, body


def test_a_revoked_key_is_refused_from_its_next_connection_after_sighup(secured):
    command = {"command": "c-1", "department": "cg", "task": "nope", "action": "acknowledge"}
    assert secured.ask(secured.socket(zmq.REQ, identity="cg", server="dispatch-1"), secured.address(200), command)["error"] == "unknown_task"
    revoked = subprocess.run([str(bin_dir() / "whistle"), "keys", "revoke", "--dir", secured.keys, "cg"], capture_output=True, text=True, timeout=30)
    assert revoked.returncode == 0, revoked.stderr
    for name in ("whistle-dispatch",):
        subprocess.run(["kill", "-HUP", str(child_pid(secured.up.popen.pid, name))], check=True)
    eventually(lambda: any(line.get("message") == "keys reloaded" for line in secured.log("dispatch")), "dispatch reloads its keys")
    assert secured.ask(secured.socket(zmq.REQ, identity="cg", server="dispatch-1"), secured.address(200), {**command, "command": "c-2"}) is None
    eventually(lambda: any(line.get("reason") == "unknown or revoked key" for line in secured.refusals("dispatch")), "dispatch logs why")


def test_an_integrator_may_send_only_its_types_and_http_resources_need_a_key(secured):
    smoke = {"specversion": "1.0", "id": "s-1", "source": "/apps/resident/r-001", "type": "whistle.sensor.smoke",
             "data": {"device": "smoke-1", "grid": "g01"}}
    answer = secured.ask(secured.socket(zmq.REQ, identity="resident-app", server="intake-1"), secured.address(100), smoke)
    assert check_message("ingest-reply", answer)["error"] == "forbidden" and "may not send whistle.sensor.smoke" in answer["message"]
    sensor = secured.ask(secured.socket(zmq.REQ, identity="sensor-gateway", server="intake-1"), secured.address(100),
                         {**smoke, "source": "/sensors/smoke-1"})
    assert sensor["status"] == "accepted", sensor
    case = sensor["case"]

    def get(path, key=None):
        request = urllib.request.Request(f"http://127.0.0.1:{secured.base + 302}{path}", headers={"Authorization": f"Bearer {key}"} if key else {})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    eventually(lambda: get(f"/cases/{case}", Keys(secured.keys, "operator").api_key)[0] == 200, "dispatch has the case")
    assert get(f"/cases/{case}")[0] == 401
    assert get(f"/cases/{case}", "not-a-key")[0] == 401
    status, body = get(f"/cases/{case}", Keys(secured.keys, "pcs").api_key)
    assert status == 403 and b"holds no task" in body, body
    assert get(f"/cases/{case}", Keys(secured.keys, "xf").api_key)[0] == 200, "消防 holds the smoke alarm's lead task"
    assert get("/stats", Keys(secured.keys, "xf").api_key)[0] == 403
    assert get("/health")[0] == 200, "health stays open"


def test_default_rate_limits_bite_for_a_department_an_integrator_and_one_resident_behind_it(suite, tmp_path):
    """The defaults a city runs with (docs/security.md): a department 30 at once then 2 a second; an integrator 200
    then 20 a second; one resident behind an integrator 10 reports per window (an hour; 5 s here, to see it refill).
    A refused request changes nothing, and the same id after the window is answered."""
    secured = Secured(suite, tmp_path, env={"WHISTLE_SECURITY__RATES__RESIDENT_REPORTS__SECONDS": "5"})
    ingest = secured.socket(zmq.DEALER, identity="resident-app", server="intake-1", timeout=10000)
    ingest.connect(secured.address(100))

    def report(event_id, reporter):
        return {"specversion": "1.0", "id": event_id, "source": f"/apps/resident/{reporter}", "type": "whistle.report.resident",
                "data": {"category": "ljdf", "grid": "g01", "reporter": reporter}}

    def burst(events):
        for event in events:
            ingest.send(json.dumps(event).encode())
        return [check_message("ingest-reply", json.loads(ingest.recv())) for _ in events]

    # One resident behind the app: the 11th report inside the window is refused, naming the resident.
    one = burst([report(f"r7-{i}", "r-007") for i in range(11)])
    assert [a["status"] for a in one] == ["accepted"] * 10 + ["rejected"], one
    assert one[10]["error"] == "rate_limited" and "resident 'r-007'" in one[10]["message"], one[10]
    assert burst([report("r8-0", "r-008")])[0]["status"] == "accepted", "another resident has their own allowance"
    eventually(lambda: burst([report("r7-10", "r-007")])[0]["status"] == "accepted", "the same id, once the window lets one more through", 5)

    # The app itself: 400 reports of 400 residents at once; 200 go through, then 20 a second.
    started = time.monotonic()
    many = burst([report(f"many-{i}", f"p-{i}") for i in range(400)])
    elapsed = time.monotonic() - started
    accepted = sum(a["status"] == "accepted" for a in many)
    assert 180 <= accepted <= 200 + 20 * elapsed + 2, (accepted, elapsed)
    assert {a.get("error") for a in many if a["status"] == "rejected"} == {"rate_limited"}
    refused = next(i for i, a in enumerate(many) if a["status"] == "rejected")
    ingest.close()

    # A department: 1,000 commands as fast as it can send them; 30 are answered, then 2 a second.
    cg = secured.socket(zmq.REQ, identity="cg", server="dispatch-1", timeout=10000)
    cg.connect(secured.address(200))
    started, answers = time.monotonic(), []
    for index in range(1000):
        cg.send(json.dumps({"command": f"c-{index}", "department": "cg", "task": "nope", "action": "acknowledge"}).encode())
        answers.append(json.loads(cg.recv())["error"])
    elapsed = time.monotonic() - started
    answered = answers.count("unknown_task")
    assert answers[:30] == ["unknown_task"] * 30 and 30 <= answered <= 30 + 2 * elapsed + 2, (answered, elapsed)
    assert set(answers) == {"unknown_task", "rate_limited"}
    limited = answers.index("rate_limited")

    def retried():
        cg.send(json.dumps({"command": f"c-{limited}", "department": "cg", "task": "nope", "action": "acknowledge"}).encode())
        return json.loads(cg.recv())["error"] == "unknown_task"
    eventually(retried, "the refused command id, sent again after the window, is answered", 5)
    cg.close()
    other = secured.ask(secured.socket(zmq.REQ, identity="pcs", server="dispatch-1"), secured.address(200),
                        {"command": "p-1", "department": "pcs", "task": "nope", "action": "acknowledge"})
    assert other["error"] == "unknown_task", "another identity has its own rate"
    with sqlite3.connect(secured.data / "intake" / "intake.sqlite") as store:
        kept = {row[0] for row in store.execute("SELECT id FROM intake_event WHERE source LIKE '/apps/resident/%'")}
    assert f"many-{refused}" not in kept and len(kept) == 10 + 1 + 1 + accepted, "a refused report left nothing behind"
    secured.context.destroy(linger=0)
