"""No one gets in who doesn't belong: `whistle up` with its keys, tried by plain pyzmq clients the way an
attacker on the same network and a careless integrator would."""
import json
import sqlite3
import subprocess
import urllib.error
import urllib.request
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
    case = secured.report("ljdf", "g01")
    assert case == "intake-1-1", "intake's real first case keeps its number"
    shown = secured.whistle("case", case)
    assert shown.returncode == 0 and json.loads(shown.stdout)["category"] == "ljdf", "dispatch has the real case, not the forgery"


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


def test_commands_beyond_an_identitys_rate_are_refused_rate_limited(suite, tmp_path):
    secured = Secured(suite, tmp_path, env={"WHISTLE_SECURITY__RATE_PER_SECOND": "2", "WHISTLE_SECURITY__RATE_BURST": "5"})
    answers = []
    for index in range(12):
        body = {"command": f"c-{index}", "department": "cg", "task": "nope", "action": "acknowledge"}
        answers.append(secured.ask(secured.socket(zmq.REQ, identity="cg", server="dispatch-1"), secured.address(200), body)["error"])
    assert answers[:5] == ["unknown_task"] * 5 and "rate_limited" in answers[5:], answers
    other = secured.ask(secured.socket(zmq.REQ, identity="pcs", server="dispatch-1"), secured.address(200),
                        {"command": "p-1", "department": "pcs", "task": "nope", "action": "acknowledge"})
    assert other["error"] == "unknown_task", "another identity has its own rate"
    secured.context.destroy(linger=0)
