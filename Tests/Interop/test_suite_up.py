"""`whistle up` runs the suite as processes: the walk-through, a crash of dispatch, a graceful stop."""
import json
import signal
import subprocess
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

import zmq
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from conftest import bin_dir, eventually, suite_base_port
from department_client import DepartmentClient
from whistle_keys import Keys
from whistle_schemas import check_command, check_event, check_message


def whistle(*args):
    result = subprocess.run([str(bin_dir() / "whistle"), *args], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def case_view(ports, case):
    """`whistle case` as JSON, or {} while dispatch does not have the case yet."""
    result = subprocess.run([str(bin_dir() / "whistle"), "case", case, *ports], capture_output=True, text=True, timeout=30)
    return json.loads(result.stdout) if result.returncode == 0 else {}


def child_pid(parent, name):
    out = subprocess.run(["pgrep", "-P", str(parent), "-f", name], capture_output=True, text=True).stdout.split()
    return int(out[0]) if out else None


# r-001's webhook secrets while it rotates (Standard Webhooks): every delivery must verify with each alone.
OLD_SECRET, NEW_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_dGhpcyBpcyBhIG5ldyBzZWNyZXQgZm9yIHItMDAx"


class WebhookSink:
    """A resident's webhook that refuses the first attempt of every delivery (HTTP 500), then accepts. Given `secrets`,
    it checks every attempt with the `standardwebhooks` package under each secret alone (a rotation), answers 401 to one
    that does not verify (kept in `unverified`), and keeps each delivery's `webhook-id`s (`ids`)."""

    def __init__(self, secrets=()):
        self.accepted, self.refused, self.unverified, self.ids = [], set(), [], {}
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                body = check_message("webhook-notification", json.loads(raw))
                try:
                    for secret in secrets:
                        Webhook(secret).verify(raw, dict(self.headers.items()))
                except WebhookVerificationError as error:
                    sink.unverified.append((body["delivery"], str(error)))
                    self.send_response(401)
                    self.end_headers()
                    return
                sink.ids.setdefault(body["delivery"], []).append(self.headers.get("webhook-id"))
                first = body["delivery"] not in sink.refused
                sink.refused.add(body["delivery"])
                if not first:
                    sink.accepted.append(body)
                self.send_response(500 if first else 204)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/r-001"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def kinds(self, case, recipient="r-001"):
        return [b["kind"] for b in self.accepted if b.get("case") == case and b["recipient"] == recipient]

    def heard(self, recipient, proposal):
        """What `recipient` was told about `proposal`, in the order it was accepted: (kind, text)."""
        return [(b["kind"], b["text"]) for b in self.accepted if b["recipient"] == recipient and b.get("proposal") == proposal]


def whistle_up(suite, tmp_path):
    """`whistle up` on a free port range, resident r-001's webhook on a sink: (process, base port, --base-port and --keys
    args, sink). Every socket is CURVE; the CLI finds the keys through --keys, the pyzmq clients through whistle_keys."""
    base = suite_base_port()
    keys = tmp_path / "data" / "keys"             # `whistle up` makes the suite's keys here; every client below uses them
    ports = ["--base-port", str(base), "--keys", str(keys)]
    sink = WebhookSink(secrets=(OLD_SECRET, NEW_SECRET))
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), "--webhook", f"r-001={sink.url}",
                                 "--webhook-secret", f"r-001={OLD_SECRET}", "--webhook-secret", f"r-001={NEW_SECRET}"])
    up.wait_line("suite ready", timeout=90)
    return up, base, ports, sink


def test_walk_through_survives_a_dispatch_crash_and_stops_cleanly(suite, tmp_path):
    up, base, ports, sink = whistle_up(suite, tmp_path)
    assert [l.split(":")[0] for l in up.lines if l.startswith("ready ")] == [
        "ready bus", "ready intake", "ready dispatch", "ready mediation", "ready notification", "ready console"]

    cg = DepartmentClient("cg", f"tcp://127.0.0.1:{base + 1}", f"tcp://127.0.0.1:{base + 200}", keys=Keys(ports[3], "cg"))
    tasks = []

    def reported_and_received(count):
        def check():
            tasks.extend(cg.poll(100))
            return len(tasks) >= count
        return check

    first = whistle("report", *ports, "--category", "gkpw", "--longitude", "106.652", "--latitude", "35.5315",
                    "--description", "7楼往下扔花盆", "--reporter", "r-001")
    assert first["status"] == "accepted"
    eventually(lambda: case_view(ports, first["case"]).get("status") == "assigned", "the community office has the case", timeout=30)
    whistled = whistle("staff", *ports, "co-c01", "whistle", first["case"])
    assert whistled["status"] == "ok" and whistled["state"] == "dispatched", whistled
    eventually(reported_and_received(1), "城管 receives the first task", timeout=30)
    assert tasks[0]["data"]["case"] == first["case"] and tasks[0]["data"]["role"] == "lead"
    acknowledged = cg.command(tasks[0]["data"]["task"], "acknowledge", command_id="walk-ack-1", note="on our way", raw=True)
    assert json.loads(acknowledged)["state"] == "acknowledged"
    assert cg.command(tasks[0]["data"]["task"], "acknowledge", command_id="walk-ack-1", note="on our way", raw=True) == acknowledged, \
        "a retried command id gets the identical reply, not invalid_transition"
    eventually(lambda: sink.kinds(first["case"]) == ["received", "assigned", "dispatched", "acknowledged"],
               "the resident's webhook hears received, assigned, dispatched, acknowledged (after a refused first attempt each)", 60)
    assert "已受理" in sink.accepted[0]["text"] and "中山社区居委会" in sink.accepted[1]["text"] and "城管" in sink.accepted[2]["text"]

    status = subprocess.run([str(bin_dir() / "whistle"), "status", *ports], capture_output=True, text=True, timeout=30)
    assert status.returncode == 0, status.stdout
    assert [line.split()[:2] for line in status.stdout.splitlines()] == [
        [name, "ok"] for name in ("bus", "intake", "dispatch", "mediation", "notification", "console")]
    shown = subprocess.run([str(bin_dir() / "whistle"), "case", first["case"], *ports], capture_output=True, text=True, timeout=30)
    assert shown.returncode == 0, shown.stderr
    case = json.loads(shown.stdout)
    assert case["status"] == "acknowledged" and case["category"] == "gkpw"
    assert [(t["department"], t["role"], t["state"]) for t in case["tasks"]] == [
        ("community", "lead", "withdrawn"), ("cg", "lead", "acknowledged"), ("pcs", "assist", "dispatched"), ("wy", "assist", "dispatched")]
    assert [h["action"] for h in case["history"]] == ["assigned", "dispatched", "acknowledged"]
    assert [h["by"] for h in case["history"]] == ["dispatch", "co-c01", "cg"]
    missing = subprocess.run([str(bin_dir() / "whistle"), "case", "intake-1-999", *ports], capture_output=True, text=True, timeout=30)
    assert missing.returncode != 0 and "HTTP 404: no cases 'intake-1-999'" in missing.stderr
    metrics = urllib.request.urlopen(f"http://127.0.0.1:{base + 301}/metrics", timeout=5).read().decode()
    assert 'whistle_delivery_total{role="ingest",name="intake",event="accepted"} 1' in metrics, metrics[:500]

    dispatch = child_pid(up.popen.pid, "whistle-dispatch")
    assert dispatch
    subprocess.run(["kill", "-9", str(dispatch)], check=True)
    second = whistle("report", *ports, "--category", "zdjy", "--grid", "g10", "--reporter", "r-004")
    eventually(lambda: sum(l.startswith("ready dispatch") for l in up.lines) == 2, "the supervisor restarts dispatch", 60)
    eventually(lambda: case_view(ports, second["case"]).get("status") == "assigned", "the restarted dispatch takes the second case", timeout=60)
    assert whistle("staff", *ports, "co-c04", "whistle", second["case"])["state"] == "dispatched"
    eventually(reported_and_received(2), "城管 receives the task made after the restart", timeout=60)
    assert cg.command(tasks[0]["data"]["task"], "acknowledge", command_id="walk-ack-1", note="on our way", raw=True) == acknowledged, \
        "the same id after dispatch was kill -9'd: still the identical reply"
    cg.close()
    assert [t["data"]["case"] for t in tasks] == [first["case"], second["case"]], "each task exactly once"

    assert sink.kinds(first["case"]) == ["received", "assigned", "dispatched", "acknowledged"], "each message exactly once"
    # Signed per Standard Webhooks under both of r-001's secrets, every attempt; a retry keeps the delivery's webhook-id.
    assert not sink.unverified and sink.ids, sink.unverified
    assert all(ids == [delivery] * len(ids) and len(ids) == 2 for delivery, ids in sink.ids.items() if delivery in sink.refused
               and any(b["delivery"] == delivery for b in sink.accepted)), sink.ids
    sink.server.shutdown()
    up.popen.send_signal(signal.SIGTERM)
    assert up.popen.wait(30) == 0
    for name in ("notification", "mediation", "dispatch", "intake", "bus"):
        assert f"stopped {name} (exit 0)" in up.lines, up.lines[-6:]


def test_sensor_burst_with_dispatch_killed_gives_every_case_task_and_notification_once(suite, tmp_path):
    from sensor_publisher import SensorPublisher, sensor_event
    from gap_subscriber import GapSubscriber

    up, base, ports, sink = whistle_up(suite, tmp_path)
    tasks = GapSubscriber(f"tcp://127.0.0.1:{base + 1}", ["task."], check=check_event, keys=Keys(ports[3], "operator"))
    publisher = SensorPublisher(f"tcp://127.0.0.1:{base + 100}", keys=Keys(ports[3], "sensor-gateway"))
    kinds = ["whistle.sensor.smoke", "whistle.sensor.water-leak", "whistle.sensor.manhole-cover",
             "whistle.sensor.flying-wire-charging", "whistle.sensor.ebike-in-lift"]
    events = [sensor_event(f"dev-{i}", kinds[i % 5], 106.6505 + 0.001 * (i % 24), 35.5305 + 0.003 * (i % 2))
              for i in range(60)]
    for event in events[:30]:
        publisher.send(event)
    subprocess.run(["kill", "-9", str(child_pid(up.popen.pid, "whistle-dispatch"))], check=True)
    for event in events[30:]:
        publisher.send(event)
    reports = [whistle("report", *ports, "--category", "ljdf", "--grid", f"g{i + 1:02d}", "--reporter", "r-001",
                       "--id", f"burst-report-{i}") for i in range(3)]
    dispute = whistle("report", *ports, "--category", "fljf", "--grid", "g03", "--reporter", "r-001",
                      "--description", "楼上漏水邻居不认")
    mediations = GapSubscriber(f"tcp://127.0.0.1:{base + 1}", ["mediation."], check=check_event, keys=Keys(ports[3], "operator"))
    answers = publisher.replies(60)
    publisher.close()
    assert len(answers) == 60 and all(a["status"] == "accepted" for a in answers), answers[:3]
    cases = {a["case"] for a in answers} | {r["case"] for r in reports}
    assert len(cases) == 63, "every sensor event and report is its own case"

    received = []

    def every_case_has_its_lead_task():
        # task. carries every holder's events: departments' and staff's tasks, and the mediator's own copy of a dispute.
        received.extend(t for t in tasks.poll(100) if t["event"]["type"] == "whistle.task.assigned")
        return {t["event"]["data"]["case"] for t in received if t["event"]["data"]["role"] == "lead"} >= cases

    try:
        eventually(every_case_has_its_lead_task, "every case is dispatched despite the crash", timeout=90)
    except AssertionError:
        leads = {t["event"]["data"]["case"] for t in received if t["event"]["data"]["role"] == "lead"}
        raise AssertionError(f"missing lead tasks for {sorted(cases - leads)[:10]}; applied={tasks.applied} "
                             f"head={tasks.head} pending={ {p: sorted(v)[:5] for p, v in tasks.pending.items()} }; "
                             f"log: {(tmp_path / 'data/logs/dispatch.log').read_text()[-1500:]}")
    tasks.close()
    task_ids = [t["event"]["data"]["task"] for t in received]
    assert len(task_ids) == len(set(task_ids)), "no task twice"
    eventually(lambda: sorted(k for r in reports for k in sink.kinds(r["case"])) == ["assigned"] * 3 + ["received"] * 3,
               "the reporter hears received and who has it (the grid's worker) once per case", timeout=60)
    opened = []

    def mediation_opened():
        opened.extend(mediations.poll(100))
        return opened

    eventually(mediation_opened, "the dispute opens a mediation case", timeout=60)
    mediations.close()
    assert opened[0]["topic"] == "mediation.opened.s01.c01.g03"
    assert opened[0]["event"]["data"]["mediator"]["id"] == "med-g03"
    # Dispatch follows the mediation, so "referred" and "mediation" come in this order (intake's "received"
    # is another producer's and may come on either side of them).
    eventually(lambda: sorted(sink.kinds(dispute["case"])) == ["mediation", "received", "referred"],
               "the disputant hears received, referred and who mediates, once each", timeout=60)
    assert [k for k in sink.kinds(dispute["case"]) if k != "received"] == ["referred", "mediation"]

    # The mediator, in plain pyzmq, concludes with an agreement; the case follows and the disputant hears it.
    mediator = Keys(ports[3], "med-g03").secure(zmq.Context.instance().socket(zmq.REQ), "mediation-1")
    mediator.setsockopt(zmq.LINGER, 0)
    mediator.setsockopt(zmq.RCVTIMEO, 10000)
    mediator.connect(f"tcp://127.0.0.1:{base + 201}")
    conclude = check_command("mediator-command", {"command": "conclude-1", "mediator": "med-g03", "mediation": opened[0]["event"]["data"]["mediation"],
                                                  "action": "conclude", "outcome": "agreed", "note": "双方签订调解协议"})
    mediator.send(json.dumps(conclude).encode())
    reply = check_message("command-reply", json.loads(mediator.recv()))
    mediator.close()
    assert reply["status"] == "ok" and reply["state"] == "agreed", reply
    eventually(lambda: sink.kinds(dispute["case"])[-1:] == ["mediated"], "the disputant hears the agreement", timeout=60)
    shown = subprocess.run([str(bin_dir() / "whistle"), "case", dispute["case"], *ports], capture_output=True, text=True, timeout=30)
    case = check_message("case-view", json.loads(shown.stdout))
    assert case["status"] == "mediated" and [h["action"] for h in case["history"]] == ["referred", "mediating", "mediated"]
    assert len(sink.accepted) == 10, "no notification twice"
    sink.server.shutdown()


def test_whistle_tail_says_it_is_listening_once_its_subscription_is_in_place(suite, tmp_path):
    """`whistle tail` prints `# listening` once a producer has answered its subscription (the heartbeat every producer
    sends a new subscriber), not as soon as its socket connects: a report sent the moment the line appears is heard, each
    of three times. (The line used to come at once, and a test that reported right after it once missed the event.)"""
    up, base, ports, sink = whistle_up(suite, tmp_path)
    for attempt in range(3):
        tail = suite.start("whistle", ["tail", "case.reported.", "--count", "1", *ports])
        line = tail.wait_line("# listening", timeout=30)
        assert line.endswith("for 'case.reported.'"), line
        reported = whistle("report", *ports, "--category", "gkpw", "--grid", "g01", "--reporter", "r-001",
                           "--description", f"tail {attempt}")
        assert tail.popen.wait(30) == 0, tail.errors
        heard = [json.loads(l) for l in tail.lines if l.startswith("{")]
        assert [e["event"]["data"]["case"] for e in heard] == [reported["case"]], (attempt, tail.lines)
