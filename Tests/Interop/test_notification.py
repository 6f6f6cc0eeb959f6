"""Notification's deliveries as receivers live them, with `whistle up`: a resident whose webhook hangs holds up nobody
else — another resident hears their report's receipt within a second — while each resident's own messages keep the
order of the steps they report."""
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import eventually, suite_base_port
from whistle_schemas import check_message


class Receiver:
    """A webhook that answers after `delay` seconds (204), keeping each body with the time it arrived."""

    def __init__(self, delay=0.0):
        self.arrived = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = check_message("webhook-notification", json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                receiver.arrived.append((time.monotonic(), body))
                time.sleep(delay)
                try:
                    self.send_response(204)
                    self.end_headers()
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


def report(up_args, whistle, reporter):
    answer = whistle("report", "--category", "ljdf", "--grid", "g01", "--reporter", reporter, *up_args)
    assert answer["status"] == "accepted", answer
    return answer["case"]


def test_a_hung_receiver_delays_no_other_resident_and_each_hears_in_order(suite, tmp_path):
    from test_suite_up import whistle
    hung, quick = Receiver(delay=8), Receiver()
    base = suite_base_port()
    ports = ["--base-port", str(base), "--keys", str(tmp_path / "data" / "keys")]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), "--webhook", f"r-003={hung.url}", "--webhook", f"r-001={quick.url}"])
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
    finally:
        hung.server.shutdown()
        quick.server.shutdown()
