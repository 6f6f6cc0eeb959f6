"""Text messages as a gateway receives them: `whistle up --sms-gateway` POSTs each part of a notice, signed 【吹哨】, to a
plain HTTP gateway here — 70 characters in one message, longer ones in parts of at most 67 that join back to the whole
text; a resident's daily cap holds back the third message of the day (failed, said why, still in the inbox) but not an
emergency."""
import json
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from conftest import api_get, bin_dir, eventually, suite_base_port


class Gateway:
    """A text-message gateway answering 200, keeping each request's JSON body in order."""

    def __init__(self):
        self.parts = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                gateway.parts.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def to(self, phone):
        return [part for part in list(self.parts) if part["to"] == phone]


def test_text_messages_go_in_parts_signed_and_within_the_daily_cap(suite, tmp_path):
    from test_suite_up import whistle
    gateway = Gateway()
    base = suite_base_port()
    keys = str(tmp_path / "data" / "keys")
    ports = ["--base-port", str(base), "--keys", keys]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), "--sms-gateway", gateway.url, "--sms-daily-cap", "2",
                                 "--phone", "gw-g01=13900000001"])
    up.wait_line("suite ready", timeout=90)

    def cli(*args):
        out = subprocess.run([str(bin_dir() / "whistle"), *args, *ports], capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stdout + out.stderr
        return json.loads(out.stdout)
    try:
        first = whistle("report", "--category", "ljdf", "--grid", "g01", "--reporter", "r-001", *ports)["case"]
        # The grid worker's new task is long: it goes in parts of at most 67 that join back to the message, signed once.
        eventually(lambda: any(first in p["text"] for p in gateway.to("13900000001")), "the grid worker's task arrives by SMS", timeout=20)
        reference = next(p["reference"] for p in gateway.to("13900000001") if first in p["text"])
        delivery = reference.split("-")[0]
        eventually(lambda: cli("notify", "show", delivery)["summary"]["state"] == "delivered", "every part was taken")
        parts = [p for p in gateway.to("13900000001") if p["reference"].split("-")[0] == delivery]
        text = cli("notify", "show", delivery)["text"]
        assert len("【吹哨】" + text) > 70 and len(parts) == -(-len("【吹哨】" + text) // 67), (len(text), len(parts))
        assert [p["reference"] for p in parts] == [f"{delivery}-{n}" for n in range(1, len(parts) + 1)]
        assert all(len(p["text"]) <= 67 for p in parts) and "".join(p["text"] for p in parts) == "【吹哨】" + text

        # r-001 (13800000001 in the city file) hears the receipt and who has it in one message each — two, their cap.
        eventually(lambda: len(gateway.to("13800000001")) >= 2, "r-001's two messages of the day")
        assert all(len(p["text"]) <= 70 and p["text"].startswith("【吹哨】") for p in gateway.to("13800000001"))
        second = whistle("report", "--category", "ljdf", "--grid", "g01", "--reporter", "r-001", *ports)["case"]

        def capped():
            failed = cli("notify", "failed", "--recipient", "r-001")["deliveries"]
            return [d for d in failed if d["case"] == second and d["kind"] == "received" and d["channel"] == "sms"]
        eventually(capped, "the third message of the day is held back")
        assert "daily cap" in capped()[0]["lastError"], capped()
        assert not any(second in p["text"] for p in gateway.to("13800000001"))
        inbox = api_get(f"http://127.0.0.1:{base + 304}/inbox?recipient=r-001", keys, "resident-app")[1]
        assert any(m.get("case") == second and m["kind"] == "received" for m in inbox["messages"]), "the inbox has it"

        gas = whistle("report", "--category", "rqxl", "--grid", "g01", "--reporter", "r-001", *ports)["case"]
        eventually(lambda: any(gas in p["text"] for p in gateway.to("13800000001")), "an emergency goes past the cap", timeout=20)
    finally:
        gateway.server.shutdown()
