"""Notification's deliveries as receivers live them, with `whistle up`: a resident whose webhook hangs holds up nobody
else — another resident hears their report's receipt within a second — while each resident's own messages keep the
order of the steps they report; a receiver's 429 with Retry-After is waited out, its 410 Gone ends the delivery."""
import json
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import yaml
from standardwebhooks.webhooks import Webhook

from conftest import api_get, bin_dir, eventually, suite_base_port
from test_ladder import city_file
from whistle_keys import Keys
from whistle_schemas import check_command, check_message


class Receiver:
    """A webhook that answers after `delay` seconds with `answer(body, attempt)`'s (status, headers) or (status, headers,
    body text) — 204 by default — keeping each body with the time it arrived."""

    def __init__(self, delay=0.0, answer=lambda body, attempt: (204, {}), secret=None):
        self.arrived = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                body = check_message("webhook-notification", json.loads(raw))
                if secret:
                    Webhook(secret).verify(raw, dict(self.headers.items()))     # raises (500: retried, and seen) unless signed
                receiver.arrived.append((time.monotonic(), body))
                time.sleep(delay)
                status, headers, *said = answer(body, sum(1 for _, b in receiver.arrived if b["delivery"] == body["delivery"]))
                said = said[0].encode() if said else b""
                try:
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(said)))
                    self.end_headers()
                    self.wfile.write(said)
                except OSError:
                    pass                      # the deliverer gave up waiting (5 s) and hung up

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def kinds(self, case):
        return [b["kind"] for _, b in self.arrived if b.get("case") == case]


def notification_command(keys, base, identity, body):
    """One notification-command in plain pyzmq over CURVE with `identity`'s own key, to notification's endpoint (base + 202),
    checked against its schema; the reply's raw bytes."""
    import zmq
    req = Keys(keys, identity).secure(zmq.Context.instance().socket(zmq.REQ), "notification-1")
    req.setsockopt(zmq.LINGER, 0)
    req.setsockopt(zmq.RCVTIMEO, 10000)
    req.connect(f"tcp://127.0.0.1:{base + 202}")
    req.send(json.dumps(check_command("notification-command", body)).encode())
    raw = req.recv()
    req.close()
    return raw


def whistle_up(suite, tmp_path, *args):
    """`whistle up` on a free base port, its data and keys under tmp_path/data, with `args`, once ready: (base port, keys
    folder, the CLI's port and key options, the process)."""
    base = suite_base_port()
    keys = str(tmp_path / "data" / "keys")
    ports = ["--base-port", str(base), "--keys", keys]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), *args])
    up.wait_line("suite ready", timeout=90)
    return base, keys, ports, up


def report(up_args, whistle, reporter):
    answer = whistle("report", "--category", "ljdf", "--grid", "g01", "--reporter", reporter, *up_args)
    assert answer["status"] == "accepted", answer
    return answer["case"]


def test_a_hung_receiver_delays_no_other_resident_and_each_hears_in_order(suite, tmp_path):
    from test_suite_up import whistle
    hung, quick = Receiver(delay=8), Receiver()
    busy = Receiver(answer=lambda body, attempt: (429, {"Retry-After": "2"}) if attempt == 1 else (204, {}))
    gone = Receiver(answer=lambda body, attempt: (410, {}, "gone: r-004 unsubscribed\nsince Monday"))
    base = suite_base_port()
    ports = ["--base-port", str(base), "--keys", str(tmp_path / "data" / "keys")]
    hooks = [a for r, receiver in [("r-003", hung), ("r-001", quick), ("r-002", busy), ("r-004", gone)] for a in ("--webhook", f"{r}={receiver.url}")]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), *hooks])
    up.wait_line("suite ready", timeout=90)
    try:
        # r-003's receiver hangs on every message; three of its reports queue up behind the first.
        stuck = [report(ports, whistle, "r-003") for _ in range(3)]
        eventually(lambda: len(hung.arrived) >= 1, "r-003's first message is being delivered (and hangs)")
        sent = time.monotonic()
        case = report(ports, whistle, "r-001")
        eventually(lambda: "received" in quick.kinds(case), "r-001 hears of their report", timeout=10)
        heard = next(t for t, b in quick.arrived if b.get("case") == case and b["kind"] == "received")
        assert heard - sent < 1.0, f"r-001 waited {heard - sent:.2f} s behind r-003's hung receiver"
        # r-001's messages come in the order of the steps; r-003's one at a time, the first retried before any other.
        eventually(lambda: quick.kinds(case)[:2] == ["received", "assigned"], "r-001 hears who has it")
        # Until r-003's first message is answered, nothing else is tried on its receiver: every attempt so far is that one.
        assert all((b["case"], b["kind"]) == (stuck[0], "received") for _, b in hung.arrived), [(b["case"], b["kind"]) for _, b in hung.arrived]
        assert len({b["delivery"] for _, b in hung.arrived}) == 1

        # /metrics shows the backlog: r-003's messages owed, the oldest of them waiting, its timeouts retried.
        def metric(name, labels):
            text = urllib.request.urlopen(f"http://127.0.0.1:{base + 304}/metrics", timeout=5).read().decode()
            values = [float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + "{") and all(l in line for l in labels)]
            return values[0] if values else None
        eventually(lambda: (metric("whistle_notification_pending", ['channel="webhook"']) or 0) >= 3
                   and (metric("whistle_notification_oldest_pending_seconds", ['channel="webhook"']) or 0) > 0, "the backlog is measured")
        eventually(lambda: (metric("whistle_notification_deliveries_total", ['channel="webhook"', 'outcome="retry"']) or 0) >= 1, "a timed-out attempt is counted", 15)

        # 429 with Retry-After: 2 — the retry comes no sooner (the back-off alone would be 1–1.2 s).
        waited = report(ports, whistle, "r-002")
        eventually(lambda: busy.kinds(waited)[:2] == ["received", "received"], "r-002's receiver is asked again")
        first, second = [t for t, b in busy.arrived if b.get("case") == waited and b["kind"] == "received"][:2]
        assert 2.0 <= second - first < 4.0, second - first
        # 410 Gone: given up at once — the next message follows without a retry of the first.
        ended = report(ports, whistle, "r-004")
        eventually(lambda: gone.kinds(ended)[:2] == ["received", "assigned"], "r-004's next message follows a 410")
        assert len([b for _, b in gone.arrived if b.get("case") == ended and b["kind"] == "received"]) == 1, "410 is final"

        # The operator sees what failed and why (CLI, schema-checked); each attempt of one delivery.
        def cli(*args):
            out = subprocess.run([str(bin_dir() / "whistle"), *args, *ports], capture_output=True, text=True, timeout=30)
            assert out.returncode == 0, out.stdout + out.stderr
            return json.loads(out.stdout)
        failed = check_message("delivery-list", cli("notify", "failed", "--recipient", "r-004"))["deliveries"]
        received = next(d for d in failed if d["case"] == ended and d["kind"] == "received")
        assert (received["state"], received["attempts"], received["lastError"], received["channel"]) == ("failed", 1, "HTTP 410", "webhook")
        shown = check_message("delivery-view", cli("notify", "show", received["delivery"]))
        assert [(a["attempt"], a.get("status")) for a in shown["attemptLog"]] == [(1, 410)] and "已受理" in shown["text"]
        # Every attempt keeps how long it took and the start of what the receiver said; `notify attempts` shows them as lines
        # on the city's clock. r-003's first message timed out (5 s) each time it was tried.
        attempt = shown["attemptLog"][0]
        assert attempt["response"] == "gone: r-004 unsubscribed since Monday" and 0 <= attempt["latencyMs"] < 2000, attempt
        lines = subprocess.run([str(bin_dir() / "whistle"), "notify", "attempts", received["delivery"], *ports], capture_output=True, text=True,
                               timeout=30).stdout.splitlines()
        assert lines[0] == f"delivery {received['delivery']} (webhook to r-004, received): failed after 1 attempt", lines
        assert lines[1].startswith("#1  ") and "+08:00  HTTP 410  " in lines[1] and lines[1].endswith("  HTTP 410  «gone: r-004 unsubscribed since Monday»"), lines
        pending = check_message("delivery-list", cli("notify", "failed", "--state", "pending", "--recipient", "r-003"))["deliveries"]
        timed_out = check_message("delivery-view", cli("notify", "show", min(pending, key=lambda d: int(d["delivery"]))["delivery"]))["attemptLog"]
        assert timed_out and all(4500 <= a["latencyMs"] < 7000 and a.get("status") is None and "response" not in a for a in timed_out), timed_out

        # The resident app reads r-001's inbox a page at a time, newest first; it holds what r-001's webhook heard.
        def get(path, identity):
            return api_get(f"http://127.0.0.1:{base + 304}{path}", ports[3], identity)
        eventually(lambda: len(quick.arrived) >= 2, "r-001's webhook heard two messages")
        status, page = get("/inbox?recipient=r-001&limit=1", "resident-app")
        assert status == 200 and len(check_message("inbox-page", page)["messages"]) == 1 and page["before"], page
        status, older = get(f"/inbox?recipient=r-001&limit=500&before={page['before']}", "resident-app")
        messages = page["messages"] + check_message("inbox-page", older)["messages"]
        assert "before" not in older and [int(m["delivery"]) for m in messages] == sorted((int(m["delivery"]) for m in messages), reverse=True)
        heard = {(b["case"], b["kind"]) for _, b in quick.arrived}
        assert heard <= {(m["case"], m["kind"]) for m in messages}, "every message the webhook heard is in the inbox"
        assert get("/inbox?recipient=r-001", "gw-g01")[0] == 403, "a grid worker reads its own inbox only"
        assert get("/deliveries?state=failed", "gw-g01")[0] == 403 and get("/deliveries?state=lost", "operator")[0] == 400
    finally:
        busy.server.shutdown()
        gone.server.shutdown()
        hung.server.shutdown()
        quick.server.shutdown()


DEPARTMENT_SECRET = "whsec_Y2cgZHV0eSBvZmZpY2VyIHNlY3JldCBrZXkhIQ=="
OFFICER_SECRET = "whsec_d2FuZyBvbiBkdXR5IGF0IHRoZSBjaXR5IGNlbnRyZQ=="


def test_task_holders_hear_their_tasks_signed_the_grid_worker_the_community_office_and_the_department(suite, tmp_path):
    """A garbage report left alone climbs the ladder on a city whose limits are seconds: the grid worker hears the new task,
    the 催办 at 80 % and that it was taken away; the community office, supervising the grid, the 催办 and the overdue,
    then its own task; 城管 (whose webhook verifies every
    delivery with the standardwebhooks package) its new task as lead with its deadlines on the city's clock, and the 催办
    before it must report for duty — and so does its duty officer on duty now (signed, verified), not the one off duty.
    The reporter hears none of these."""
    import datetime

    from test_suite_up import whistle
    worker, office, department, resident = Receiver(), Receiver(), Receiver(secret=DEPARTMENT_SECRET), Receiver()
    on_duty, off_duty = Receiver(secret=OFFICER_SECRET), Receiver()
    limits = {"grid": {"handle": "3s"}, "community": {"handle": "3s"}, "street": {"acknowledge": "5s", "handle": "60s"},
              "supervision": "30s", "rating": "60s"}
    base = suite_base_port()
    ports = ["--base-port", str(base), "--keys", str(tmp_path / "data" / "keys")]
    hooks = [a for r, receiver in [("gw-g02", worker), ("co-c01", office), ("cg", department), ("r-001", resident), ("cg-wang", on_duty),
                                   ("cg-li", off_duty)]
             for a in ("--webhook", f"{r}={receiver.url}")]
    city_path = city_file(tmp_path / "city.yaml", limits)
    city = yaml.safe_load(open(city_path, encoding="utf-8"))
    now = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=8)))
    hours = lambda a, b: f"{(now + datetime.timedelta(hours=a)).strftime('%H:%M')}-{(now + datetime.timedelta(hours=b)).strftime('%H:%M')}"
    next(d for d in city["departments"] if d["code"] == "cg")["duty"] = [{"id": "cg-wang", "name": "王工", "hours": hours(-2, 2)},
                                                                           {"id": "cg-li", "name": "李工", "hours": hours(3, 10)}]
    open(city_path, "w", encoding="utf-8").write(yaml.safe_dump(city, allow_unicode=True))
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), "--city", city_path, *hooks,
                                 "--webhook-secret", f"cg={DEPARTMENT_SECRET}", "--webhook-secret", f"cg-wang={OFFICER_SECRET}"])
    up.wait_line("suite ready", timeout=90)
    answer = whistle("report", "--category", "ljdf", "--grid", "g02", "--reporter", "r-001", *ports)
    case = answer["case"]

    def kinds(receiver):
        return [b["kind"] for _, b in receiver.arrived if b.get("case") == case]
    eventually(lambda: kinds(department)[:2] == ["task-assigned", "task-reminded"], "城管 hears its task and the 催办", timeout=40)
    eventually(lambda: kinds(on_duty)[:2] == ["task-assigned", "task-reminded"], "城管's officer on duty hears them too, signed", timeout=10)
    assert all(b["recipient"] == "cg-wang" for _, b in on_duty.arrived) and kinds(off_duty) == [], kinds(off_duty)
    assert kinds(worker)[:3] == ["task-assigned", "task-reminded", "task-overdue"], kinds(worker)
    # The community office supervises the grid's task — it hears the 催办 and the overdue — then holds the case itself.
    assert "task-withdrawn" in kinds(worker) and kinds(office)[:3] == ["case-reminded", "case-overdue", "task-assigned"], (kinds(worker), kinds(office))
    overdue = next(b for _, b in office.arrived if b.get("case") == case and b["kind"] == "case-overdue")
    city = yaml.safe_load(open(tmp_path / "city.yaml", encoding="utf-8"))
    g02 = next(g for st in city["streets"] for c in st["communities"] for g in c["grids"] if g["code"] == "g02")
    assert g02["worker"]["name"] + "的任务" in overdue["text"] and "上报上一级" in overdue["text"], overdue["text"]
    assigned = next(b for _, b in department.arrived if b.get("case") == case and b["kind"] == "task-assigned")
    assert all(b["recipient"] == "cg" for _, b in department.arrived) and "主办" in assigned["text"] and "+08:00 前报到" in assigned["text"]
    assert "中山社区第2网格" in assigned["text"] or "垃圾堆放" in assigned["text"], assigned["text"]
    assert not any(k.startswith("task-") for k in kinds(resident)), kinds(resident)


def test_a_failed_delivery_redriven_by_an_operator_arrives_once(suite, tmp_path):
    """r-001's receiver answers the receipt 410 Gone: given up. An operator redrives it over plain pyzmq with the operator's
    key: it arrives once more under the same webhook-id and is delivered; the same command id again gets the identical
    bytes and sends nothing; a second redrive (another id) finds it delivered; an unknown delivery is refused. The CLI's
    `whistle notify redrive` says the same."""
    import uuid

    from test_suite_up import whistle
    receiver = Receiver(answer=lambda body, attempt: (410, {}) if body["kind"] == "received" and attempt == 1 else (204, {}))
    base, keys, ports, up = whistle_up(suite, tmp_path, "--webhook", f"r-001={receiver.url}")
    try:
        case = report(ports, whistle, "r-001")
        eventually(lambda: receiver.kinds(case)[:2] == ["received", "assigned"], "the receipt is refused, the next message follows")
        delivery = next(b["delivery"] for _, b in receiver.arrived if b["case"] == case and b["kind"] == "received")

        def ask(body, identity="operator"):
            return notification_command(keys, base, identity, body)
        command = {"command": str(uuid.uuid4()), "action": "redrive", "delivery": delivery}
        first = ask(command)
        reply = check_message("command-reply", json.loads(first))
        assert (reply["status"], reply["delivery"], reply["state"], reply["case"]) == ("ok", delivery, "pending", case), reply
        eventually(lambda: len([b for _, b in receiver.arrived if b["delivery"] == delivery]) == 2, "the redriven receipt arrives")
        assert ask(command) == first, "the same command id gets the identical bytes"

        def cli(*args):
            out = subprocess.run([str(bin_dir() / "whistle"), *args, *ports], capture_output=True, text=True, timeout=30)
            return out.returncode, out.stdout + out.stderr
        eventually(lambda: json.loads(cli("notify", "show", delivery)[1])["summary"]["state"] == "delivered", "the redriven receipt is delivered")
        shown = check_message("delivery-view", json.loads(cli("notify", "show", delivery)[1]))
        assert [(a["attempt"], a.get("status")) for a in shown["attemptLog"]] == [(1, 410), (2, 204)], shown["attemptLog"]
        again = check_message("command-reply", json.loads(ask({**command, "command": str(uuid.uuid4())})))
        assert (again["status"], again["error"]) == ("error", "invalid_transition") and "delivered" in again["message"], again
        unknown = check_message("command-reply", json.loads(ask({**command, "command": str(uuid.uuid4()), "delivery": "999999"})))
        assert unknown["error"] == "unknown_delivery", unknown
        code, out = cli("notify", "redrive", delivery)
        assert code != 0 and "invalid_transition" in out, out
        assert len([b for _, b in receiver.arrived if b["delivery"] == delivery]) == 2, "nothing more was sent"
    finally:
        receiver.server.shutdown()


def test_quiet_hours_hold_a_normal_message_and_not_an_emergency_until_released(suite, tmp_path):
    """r-001's quiet hours (set by the operator through `whistle recipients`) cover now on the city's clock: the receipt of a
    garbage pile waits — in the inbox at once, owed to the webhook at the hours' end (+08:00) — while a gas leak reported after
    it reaches the webhook at once, critical. A grid worker may not set r-001's preferences (pyzmq, its own key) but may
    set its own; the resident app clears r-001's quiet hours and the held messages follow, in order."""
    import datetime
    import uuid

    from test_suite_up import whistle
    receiver = Receiver()
    base, keys, ports, up = whistle_up(suite, tmp_path, "--webhook", f"r-001={receiver.url}")

    def cli(*args):
        out = subprocess.run([str(bin_dir() / "whistle"), *args, *ports], capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stdout + out.stderr
        return json.loads(out.stdout)

    def prefer(identity, body):
        raw = notification_command(keys, base, identity, {"command": str(uuid.uuid4()), "action": "prefer", **body})
        return check_message("command-reply", json.loads(raw))
    try:
        beijing = datetime.timezone(datetime.timedelta(hours=8))
        now = datetime.datetime.now(beijing)
        start, end = (now - datetime.timedelta(hours=1)).strftime("%H:%M"), (now + datetime.timedelta(hours=2)).strftime("%H:%M")
        assert cli("recipients", "set", "r-001", "--quiet", f"{start}-{end}")["state"] == "quiet"
        shown = check_message("recipient-preferences", cli("recipients", "show", "r-001"))
        assert shown.get("quietHours") == {"from": start, "until": end} and shown["held"] == 0, shown

        quiet = report(ports, whistle, "r-001")
        eventually(lambda: check_message("recipient-preferences", cli("recipients", "show", "r-001"))["held"] >= 2, "the receipt and who has it wait")
        inbox = api_get(f"http://127.0.0.1:{base + 304}/inbox?recipient=r-001", keys, "resident-app")[1]
        assert {m["kind"] for m in inbox["messages"] if m.get("case") == quiet} >= {"received", "assigned"}, "the inbox has them at once"
        owed = check_message("delivery-list", cli("notify", "failed", "--state", "pending", "--recipient", "r-001"))["deliveries"]
        held = next(d for d in owed if d["case"] == quiet and d["kind"] == "received")
        due = datetime.datetime.fromisoformat(held["nextAttemptAt"].replace("Z", "+00:00")).astimezone(beijing)
        assert due.strftime("%H:%M") == end and due > now, (held["nextAttemptAt"], end)

        gas = whistle("report", "--category", "rqxl", "--grid", "g01", "--reporter", "r-001", *ports)["case"]
        eventually(lambda: "received" in receiver.kinds(gas), "the gas leak's receipt goes at once", timeout=10)
        assert next(b for _, b in receiver.arrived if b["case"] == gas)["critical"] is True
        assert receiver.kinds(quiet) == [], "the garbage pile, reported first, still waits"

        refused = prefer("gw-g01", {"recipient": "r-001"})
        assert (refused["status"], refused["error"]) == ("error", "forbidden"), refused
        own = prefer("gw-g01", {"recipient": "gw-g01", "quietHours": {"from": "22:00", "until": "07:00"}, "mute": ["task-reminded"]})
        assert (own["status"], own["recipient"]) == ("ok", "gw-g01"), own
        assert prefer("operator", {"recipient": "gw-g01", "mute": ["task-overdue"]})["error"] == "invalid_preferences"

        released = prefer("resident-app", {"recipient": "r-001"})
        assert (released["status"], released["state"]) == ("ok", "set"), released
        eventually(lambda: receiver.kinds(quiet)[:2] == ["received", "assigned"], "the held messages follow, in order", timeout=10)
        assert check_message("recipient-preferences", cli("recipients", "show", "r-001"))["held"] == 0
    finally:
        receiver.server.shutdown()


def test_the_resident_app_marks_messages_read_and_reads_the_unread(suite, tmp_path):
    """The resident app (its own key, plain pyzmq) marks r-001's receipt read: the inbox shows when, counts the rest
    unread and lists only those with unread=true; marking it again changes nothing; a message of another recipient is
    unknown_delivery, and a grid worker may not mark r-001's. The CLI reads the grid worker's own inbox with its key."""
    import uuid

    from test_suite_up import whistle
    base, keys, ports, up = whistle_up(suite, tmp_path)

    def inbox(recipient, query="", identity="resident-app"):
        status, page = api_get(f"http://127.0.0.1:{base + 304}/inbox?recipient={recipient}{query}", keys, identity)
        assert status == 200, page
        return check_message("inbox-page", page)

    def read(identity, recipient, deliveries):
        body = {"command": str(uuid.uuid4()), "action": "read", "recipient": recipient, "deliveries": deliveries}
        return check_message("command-reply", json.loads(notification_command(keys, base, identity, body)))

    case = report(ports, whistle, "r-001")
    eventually(lambda: {m["kind"] for m in inbox("r-001")["messages"] if m.get("case") == case} >= {"received", "assigned"}, "r-001's inbox")
    page = inbox("r-001")
    receipt = next(m for m in page["messages"] if m.get("case") == case and m["kind"] == "received")
    assert "readAt" not in receipt and page["unread"] == len(page["messages"]), page
    assert (read("resident-app", "r-001", [receipt["delivery"]])["state"]) == "read"
    after = inbox("r-001")
    assert next(m for m in after["messages"] if m["delivery"] == receipt["delivery"])["readAt"] and after["unread"] == page["unread"] - 1
    unread = inbox("r-001", "&unread=true")["messages"]
    assert receipt["delivery"] not in {m["delivery"] for m in unread} and len(unread) == after["unread"]
    assert read("resident-app", "r-001", [receipt["delivery"]])["status"] == "ok" and inbox("r-001")["unread"] == after["unread"]

    worker = inbox("gw-g01", identity="gw-g01")["messages"]
    assert worker, "the grid worker was told of its task"
    assert read("resident-app", "r-001", [worker[0]["delivery"]])["error"] == "unknown_delivery"
    assert read("gw-g01", "r-001", [receipt["delivery"]])["error"] == "forbidden"
    out = subprocess.run([str(bin_dir() / "whistle"), "inbox", "gw-g01", "--read", worker[0]["delivery"], "--unread", *ports],
                         capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stdout + out.stderr
    listed = check_message("inbox-page", json.loads(out.stdout.strip().splitlines()[-1]))
    assert worker[0]["delivery"] not in {m["delivery"] for m in listed["messages"]} and listed["unread"] == len(worker) - 1


def test_a_dead_host_shared_by_many_takes_half_the_lanes_and_then_rests(suite, tmp_path):
    """Twenty residents' webhooks live on one host that hangs: notification gives it at most half its 32 lanes, so r-001's
    receipt on another host still arrives within a second; once those attempts time out the host rests (its breaker
    opens after five failures in a row) and nothing more is tried on it meanwhile — no retry follows the timeouts."""
    from concurrent.futures import ThreadPoolExecutor

    from test_suite_up import whistle
    lock, inflight, peak, arrived = threading.Lock(), [0], [0], []

    class Hung(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                inflight[0] += 1
                peak[0] = max(peak[0], inflight[0])
                arrived.append(time.monotonic())
            time.sleep(8)
            with lock:
                inflight[0] -= 1

        def log_message(self, *args):
            pass
    dead = ThreadingHTTPServer(("127.0.0.1", 0), Hung)
    dead.daemon_threads = True
    threading.Thread(target=dead.serve_forever, daemon=True).start()
    quick = Receiver()
    base = suite_base_port()
    ports = ["--base-port", str(base), "--keys", str(tmp_path / "data" / "keys")]
    hooks = [a for i in range(20) for a in ("--webhook", f"r-x{i}=http://127.0.0.1:{dead.server_port}/hooks/r-x{i}")]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), *hooks, "--webhook", f"r-001={quick.url}"])
    up.wait_line("suite ready", timeout=90)
    try:
        with ThreadPoolExecutor(5) as pool:
            list(pool.map(lambda i: report(ports, whistle, f"r-x{i}"), range(20)))
        eventually(lambda: peak[0] >= 8, "the dead host holds its share of the lanes", timeout=15)
        sent = time.monotonic()
        case = report(ports, whistle, "r-001")
        eventually(lambda: "received" in quick.kinds(case), "r-001 hears of their report", timeout=10)
        heard = next(t for t, b in quick.arrived if b.get("case") == case and b["kind"] == "received")
        assert heard - sent < 1.0, f"r-001 waited {heard - sent:.2f} s behind the dead host"
        assert peak[0] <= 16, f"{peak[0]} attempts at once on one host"
        # The attempts time out (5 s each); at the fifth failure in a row the host rests: the retries that would follow
        # 1–1.2 s after each timeout do not come.
        eventually(lambda: time.monotonic() - arrived[-1] > 5.5, f"the attempts time out ({len(arrived)} arrived)", timeout=25)
        tried = len(arrived)
        assert tried <= 20, f"{tried} attempts: a resident's receipt was tried twice"
        ended = time.monotonic()
        while time.monotonic() - ended < 1.5:
            assert len(arrived) == tried, "an attempt on a resting host"
            time.sleep(0.05)
    finally:
        dead.shutdown()
        quick.server.shutdown()


def test_one_digest_per_period_per_grid_worker_across_kill_9(suite, tmp_path):
    """gw-g01 chooses a digest every 10 s with its own key (plain pyzmq); a garbage report in its grid then gives it a task
    that reaches its inbox but not its webhook. Each period's end brings one digest — in the inbox and, signed-off by the
    same delivery id, on the webhook — listing the task green. notification is kill -9'd twice just after a period's end
    (once before its digest could be made, once while it may be going out) and the supervisor brings it back: counted
    from the inbox, every period since the choice has exactly one digest — none lost, none doubled."""
    import datetime
    import uuid

    from test_suite_up import child_pid, whistle
    receiver = Receiver()
    base, keys, ports, up = whistle_up(suite, tmp_path, "--webhook", f"gw-g01={receiver.url}")
    period = 10

    def inbox():
        status, page = api_get(f"http://127.0.0.1:{base + 304}/inbox?recipient=gw-g01&limit=100", keys, "gw-g01")
        assert status == 200, page
        return check_message("inbox-page", page)["messages"]

    refused = check_message("command-reply", json.loads(notification_command(
        keys, base, "gw-g01", {"command": str(uuid.uuid4()), "action": "prefer", "recipient": "gw-g01", "digest": {"every": 5}})))
    assert refused["error"] == "invalid_preferences" and "10 to 86400" in refused["message"], refused
    chosen_at = time.time()
    reply = check_message("command-reply", json.loads(notification_command(
        keys, base, "gw-g01", {"command": str(uuid.uuid4()), "action": "prefer", "recipient": "gw-g01", "digest": {"every": period}})))
    assert reply["status"] == "ok", reply
    case = report(ports, whistle, "r-001")
    eventually(lambda: any(m["kind"] == "task-assigned" and m.get("case") == case for m in inbox()), "the task is in gw-g01's inbox")

    def wait_for(boundary, offset):
        time.sleep(max(0.0, boundary + offset - time.time()))      # a point on the clock, not a wait for something to happen

    first = (int(chosen_at) // period + 1) * period
    # Kill just after the second and third period ends: at +0.2 s the digest timer (1 s tick) may not have fired yet; at
    # +0.9 s it may have, with the webhook going out.
    for boundary, offset in [(first + period, 0.2), (first + 2 * period, 0.9)]:
        wait_for(boundary, offset)
        restarts = sum(line.startswith("ready notification") for line in up.lines)
        subprocess.run(["kill", "-9", str(child_pid(up.popen.pid, "whistle-notification"))], check=True)
        eventually(lambda: sum(line.startswith("ready notification") for line in up.lines) > restarts, "notification is back", 30)
    last = first + 4 * period
    eventually(lambda: time.time() > last + 3 and any(
        datetime.datetime.fromisoformat(m["at"]).timestamp() >= last for m in inbox() if m["kind"] == "digest"), "the fifth digest", 60)

    digests = [m for m in inbox() if m["kind"] == "digest"]
    periods = sorted(int(datetime.datetime.fromisoformat(m["at"]).timestamp()) // period * period for m in digests)
    assert periods == list(range(first, last + period, period)), (periods, first, [m["at"] for m in digests])
    assert all("任务 " in m["text"] and f"案件 {case}" in m["text"] and "绿灯" in m["text"] for m in digests), digests[0]["text"]
    assert all("+08:00" in m["text"] for m in digests), "the time is the city's"
    eventually(lambda: len({b["delivery"] for _, b in receiver.arrived if b["kind"] == "digest"}) == len(digests), "each digest on the webhook")
    pushed = {b["delivery"]: b["text"] for _, b in receiver.arrived if b["kind"] == "digest"}
    assert sorted(pushed.values()) == sorted(m["text"] for m in digests), "the webhook's digests are the inbox's, each once by delivery id"
    assert not [b for _, b in receiver.arrived if b["kind"] != "digest"], "the task went to the inbox only; the digest was pushed"
    receiver.server.shutdown()


def test_operators_texts_per_channel_and_language_and_a_template_naming_what_its_kind_lacks_stops_the_start(suite, tmp_path):
    """A template for task-assigned's SMS in English naming {{reporterPhone}} stops whistle-notification at start, the key and
    the variable named. `whistle up --templates` with the operator's zh-CN webhook text for `received` (with <&> that must not
    be HTML-escaped): r-001's webhook gets it, its inbox the built-in text; r-002, whose webhook and English the resident app
    sets over plain pyzmq (`channels`, `prefer` — a grid worker may not), gets the English text on that webhook and in its
    inbox; the preference keeps the webhook. That webhook refuses the receipt three times (500) and then accepts it: it
    arrives four times under one delivery id, backed off 1, 2, 4 s, and the log has four attempts, each with its
    latency and what the receiver said."""
    import os
    import uuid

    from test_suite_up import whistle
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump({"notification": {"templates": {"task-assigned": {"en": {"sms": "Task {{task}}: call {{reporterPhone}}"}}}}}))
    out = subprocess.run([str(bin_dir() / "whistle-notification"), "--config", str(bad)], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "WHISTLE_DATA_DIRECTORY": str(tmp_path / "bad-data")})
    said = out.stdout + out.stderr
    assert out.returncode != 0 and "notification.templates.task-assigned.en.sms" in said and "{{reporterPhone}}" in said, said

    first = Receiver()
    second = Receiver(answer=lambda body, attempt: (500, {}, f"busy {attempt}") if body["kind"] == "received" and attempt <= 3 else (204, {}))
    texts = tmp_path / "texts.yaml"
    texts.write_text(yaml.safe_dump({"received": {"zh-CN": {"webhook": "网页推送：{{case}} 已受理（{{categoryName}}）<&>"}}}, allow_unicode=True))
    base, keys, ports, up = whistle_up(suite, tmp_path, "--templates", str(texts), "--webhook", f"r-001={first.url}")

    def command(identity, body):
        return check_message("command-reply", json.loads(notification_command(keys, base, identity, {"command": str(uuid.uuid4()), **body})))
    channels = {"action": "channels", "recipient": "r-002", "webhook": second.url}
    assert command("gw-g01", channels)["error"] == "forbidden"
    # The resident app acts for residents only: not for a department's duty officer, nor reads a grid worker's inbox.
    assert command("resident-app", {**channels, "recipient": "cg-day"})["error"] == "forbidden"
    assert command("cg", {"action": "prefer", "recipient": "cg-day", "language": "en"})["status"] == "ok", "a department sets its officers'"
    assert api_get(f"http://127.0.0.1:{base + 304}/inbox?recipient=gw-g01", keys, "resident-app")[0] == 403
    assert command("resident-app", {**channels, "webhook": "ftp://example.org/x"})["error"] == "invalid_preferences"
    assert command("resident-app", channels)["state"] == "set"
    assert command("resident-app", {"action": "prefer", "recipient": "r-002", "language": "en"})["status"] == "ok"
    status, shown = api_get(f"http://127.0.0.1:{base + 304}/recipients/r-002", keys, "resident-app")
    shown = check_message("recipient-preferences", shown)
    assert status == 200 and (shown["language"], shown["webhook"]) == ("en", second.url), shown
    case_one, case_two = report(ports, whistle, "r-001"), report(ports, whistle, "r-002")
    eventually(lambda: "received" in first.kinds(case_one) and "received" in second.kinds(case_two), "both receipts on the webhooks")
    pushed = next(b["text"] for _, b in first.arrived if b.get("case") == case_one and b["kind"] == "received")
    assert pushed == f"网页推送：{case_one} 已受理（垃圾堆放）<&>", pushed
    english = next(b["text"] for _, b in second.arrived if b.get("case") == case_two and b["kind"] == "received")
    assert english == f"Your report of Garbage piling was received: case {case_two}.", english

    def inbox(recipient):
        status, page = api_get(f"http://127.0.0.1:{base + 304}/inbox?recipient={recipient}", keys, "resident-app")
        assert status == 200, page
        return {m["kind"]: m["text"] for m in check_message("inbox-page", page)["messages"] if m.get("case") in (case_one, case_two)}
    assert inbox("r-001")["received"] == f"您报告的垃圾堆放问题已受理，案件编号 {case_one}。"
    assert inbox("r-002")["received"] == english

    tries = lambda: [(t, b["delivery"]) for t, b in second.arrived if b.get("case") == case_two and b["kind"] == "received"]
    eventually(lambda: len(tries()) == 4, "the receipt is tried a fourth time", 30)
    times, ids = zip(*tries())
    assert len(set(ids)) == 1 and [round(b - a, 1) >= w for a, b, w in zip(times, times[1:], [0.95, 1.9, 3.8])] == [True] * 3, tries()
    def shown():
        out = subprocess.run([str(bin_dir() / "whistle"), "notify", "show", ids[0], *ports], capture_output=True, text=True, timeout=30)
        return check_message("delivery-view", json.loads(out.stdout))
    eventually(lambda: shown()["summary"]["state"] == "delivered", "the fourth attempt is recorded delivered", 10)
    log = shown()["attemptLog"]
    assert [(a["attempt"], a["status"], a.get("response")) for a in log] == [(1, 500, "busy 1"), (2, 500, "busy 2"), (3, 500, "busy 3"), (4, 204, None)], log
    assert all(isinstance(a["latencyMs"], int) and a["latencyMs"] >= 0 for a in log) and len(tries()) == 4, "accepted once: no fifth try"
    first.server.shutdown()
    second.server.shutdown()
