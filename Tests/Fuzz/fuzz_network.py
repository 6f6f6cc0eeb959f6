#!/usr/bin/env python3
"""The network fuzzer: `whistle up` (keys on), then mutated frames to every socket and mutated HTTP requests
to every operations server, from clients holding real keys — the attacker who stole an integrator's or a
department's key, the worst that can still connect. It prints what it sent, the services that crashed
(each restart the supervisor made), and the rows garbage left in the stores; it fails unless both are 0.

    python3 Tests/Fuzz/fuzz_network.py --frames 1000000 --http 100000      # make fuzz
    python3 Tests/Fuzz/fuzz_network.py --frames 2000 --http 200            # the short run in make test
"""
import argparse
import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zmq

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples"))
sys.path.insert(0, str(ROOT / "Tests" / "Interop"))
from conftest import suite_base_port  # noqa: E402
from whistle_keys import Keys  # noqa: E402

SERVICES = ["bus", "intake", "dispatch", "mediation", "notification", "console"]
NASTY = [b"\xff", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\x00", b"\"", b"\\", b"{", b"[" * 200, b"9" * 400, b"\\u", b"\\ud800",
         "高空抛物".encode(), b"null", b"-0e-", b"1e999", b"\x01", b"task.", b""]


def mutate(seed, rng):
    data = bytearray(seed)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        at = rng.randrange(len(data) + 1)
        if op == 0 and data:
            data[min(at, len(data) - 1)] ^= 1 << rng.randrange(8)
        elif op == 1 and data:
            data[min(at, len(data) - 1)] = rng.randrange(256)
        elif op == 2:
            data[at:at] = rng.choice(NASTY)
        elif op == 3 and data:
            end = min(len(data), at + rng.randint(1, 16))
            del data[at:end]
        elif op == 4:
            data = data[:at]
        elif op == 5 and data:
            end = min(len(data), at + rng.randint(1, 32))
            data[at:at] = data[at:end]
        elif op == 6:
            data[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 8)))
        elif op == 7 and rng.random() < 0.02:
            data += b"x" * rng.choice([70_000, 600_000])          # oversize: the sender is disconnected
    return bytes(data)


def frames_of(seed_frames, rng):
    frames = [mutate(frame, rng) if rng.random() < 0.5 else frame for frame in seed_frames]
    roll = rng.random()
    if roll < 0.1:
        frames = frames[:rng.randrange(len(frames) + 1)] or [b""]
    elif roll < 0.2:
        frames = frames + [mutate(rng.choice(seed_frames), rng)]
    return frames


class Suite:
    def __init__(self, bin_dir, folder):
        self.bin_dir = Path(bin_dir)
        self.folder = Path(folder)
        self.base = suite_base_port()
        self.keys = self.folder / "data" / "keys"
        self.up = subprocess.Popen([str(self.bin_dir / "whistle"), "up", "--base-port", str(self.base), "--data", str(self.folder / "data")],
                                   stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = self.up.stdout.readline()
            if not line:
                raise SystemExit("whistle up ended before it was ready")
            self.lines.append(line.strip())
            if line.startswith("suite ready"):
                break
        os.set_blocking(self.up.stdout.fileno(), False)

    def restarts(self):
        try:
            for line in self.up.stdout.read().splitlines():
                self.lines.append(line.strip())
        except (TypeError, BlockingIOError):
            pass
        return {name: max(0, sum(line.startswith(f"ready {name}") for line in self.lines) - 1) for name in SERVICES}

    def rows(self, service, sql):
        with sqlite3.connect(self.folder / "data" / service / f"{service}.sqlite") as db:
            return db.execute(sql).fetchone()[0]

    def stop(self):
        self.up.terminate()
        self.up.wait(60)


def pump(sock, messages, label, drain=True):
    """Sends every message (a list of frames) without blocking on replies; returns how many went."""
    sent = replies = 0
    poller = zmq.Poller()
    poller.register(sock, zmq.POLLIN)
    for frames in messages:
        while True:
            try:
                sock.send_multipart(frames, zmq.NOBLOCK)
                sent += 1
                break
            except zmq.Again:
                # The send queue is full: take what came back, then wait until the socket can send again
                # (waiting for a reply instead stalled for the whole time-out whenever none was due).
                if drain:
                    replies += drain_replies(sock, poller, 0)
                    sock.poll(10, zmq.POLLOUT)
                else:
                    time.sleep(0.001)  # XSUB and PUB: pyzmq's libzmq must not be polled for output on them
        if drain and sent % 64 == 0:
            replies += drain_replies(sock, poller, 0)
    if drain:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and replies < sent * 0.5:
            got = drain_replies(sock, poller, 200)
            replies += got
            if not got:
                break
    print(f"  {label:<34} {sent:>10,} frames sent{'' if not drain else f', {replies:,} answers'}", flush=True)
    return sent


def drain_replies(sock, poller, timeout):
    count = 0
    while dict(poller.poll(timeout)).get(sock):
        try:
            sock.recv_multipart(zmq.NOBLOCK)
            count += 1
            timeout = 0
        except zmq.Again:
            break
    return count


OPEN311_SEEDS = [
    b"GET /open311/v2/services.xml HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /open311/v2/requests.json?service_request_id=intake-1-1,intake-1-2&status=open&start_date=2026-11-01T00:00:00Z HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /open311/v2/services/gkpw.json?jurisdiction_id=d01 HTTP/1.1\r\nHost: x\r\n\r\n",
]
OPEN311_FORM = "api_key={key}&service_code=gkpw&lat=35.5315&long=106.652&attribute%5Binjured%5D=no&description=%E8%8A%B1%E7%9B%86&phone=1"


CONSOLE_SEEDS = [
    b"GET /signin?next=/cases HTTP/1.1\r\nHost: x\r\n\r\n",
    b"GET /cases?area=c01&light=red&status=assigned&open=all HTTP/1.1\r\nHost: x\r\nCookie: whistle_session=abc; whistle_lang=en\r\n\r\n",
    b"GET /cases/intake-1-1?lang=en HTTP/1.1\r\nHost: x\r\nCookie: whistle_session=00\r\nX-Console-Fragment: main\r\n\r\n",
    b"POST /signin HTTP/1.1\r\nHost: x\r\nCookie: whistle_signin=ab\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 32\r\n\r\n"
    b"csrf=ab&key=%E9%AB%98&next=%2F%2Fx",
    b"POST /signout HTTP/1.1\r\nHost: x\r\nCookie: whistle_session=abc\r\nContent-Length: 7\r\n\r\ncsrf=ab",
    b"GET /live HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n",
]


def http_port(base, name):
    """A service's /health and /metrics: base+300 on, the console's base+307 (base+305 and 306 are a second and third bus's)."""
    return base + 307 if name == "console" else base + 300 + SERVICES.index(name)


def open311_seeds(api_key):
    """The Open311 seeds, the POST with the hotline's real api_key so that mutations reach the form's checks."""
    form = OPEN311_FORM.format(key=api_key).encode()
    post = (b"POST /open311/v2/requests.json HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
            + f"Content-Length: {len(form)}\r\n\r\n".encode() + form)
    return OPEN311_SEEDS + [post]


def http_fuzz(port, count, rng, seeds=None):
    seeds = seeds or [b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /cases/intake-1-1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer abc\r\n\r\n",
             b"GET /stats?from=2026-11-01&to=2026-12-01&by=community HTTP/1.1\r\nHost: x\r\n\r\n",
             b"POST /metrics HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
             b"GET /cases/%ff%00../../etc/passwd HTTP/1.1\r\nHost: x\r\nX-API-Key: \xff\xfe\r\n\r\n"]
    answered = 0
    for _ in range(count):
        request = mutate(rng.choice(seeds), rng)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
                conn.sendall(request)
                conn.shutdown(socket.SHUT_WR)
                if conn.recv(64):
                    answered += 1
        except OSError:
            pass
    return answered


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--frames", type=int, default=1_000_000, help="mutated frames per socket")
    parser.add_argument("--http", type=int, default=100_000, help="mutated HTTP requests per server")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--bin-dir", default=os.environ.get("WHISTLE_BIN_DIR") or subprocess.run(
        ["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True).stdout.strip())
    args = parser.parse_args()
    rng = random.Random(args.seed)
    folder = tempfile.mkdtemp(prefix="whistle-fuzz-")
    suite = Suite(args.bin_dir, folder)
    context = zmq.Context()
    address = lambda offset: f"tcp://127.0.0.1:{suite.base + offset}"

    kept = []      # never closed: pyzmq's own libzmq can crash closing an XSUB that sent odd subscriptions

    def client(kind, identity, server, target):
        sock = context.socket(kind)
        kept.append(sock)
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.SNDHWM, 2000)
        Keys(suite.keys, identity).secure(sock, server)
        sock.connect(target)
        return sock

    print(f"fuzzing the suite on ports {suite.base}+ with {args.frames:,} frames per socket and {args.http:,} HTTP requests per server")
    heartbeats = client(zmq.SUB, "operator", "bus", address(1))
    heartbeats.setsockopt(zmq.SUBSCRIBE, b"heartbeat.")
    replay = {}
    deadline = time.monotonic() + 20
    while len(replay) < 3 and time.monotonic() < deadline:
        if heartbeats.poll(500):
            frames = heartbeats.recv_multipart()
            replay[frames[1].decode()] = json.loads(frames[4])["replay"]
    heartbeats.close()

    command = lambda body: [json.dumps(body, ensure_ascii=False).encode()]
    department = command({"command": "c-1", "department": "cg", "task": "intake-1-1-cg", "action": "return", "reason": "x", "suggest": "wy"})
    staff = command({"command": "s-1", "staff": "gw-g02", "case": "intake-1-1", "action": "escalate", "reason": "x"})
    rating = command({"command": "r-1", "reporter": "r-001", "case": "intake-1-1", "satisfaction": "basic", "solved": "partly"})
    mediator = command({"command": "m-1", "mediator": "med-g03", "mediation": "m-intake-1-1", "action": "conclude", "outcome": "agreed"})
    device = command({"command": "d-1", "action": "retire", "device": "yg-none", "owner": "sensor-gateway"})
    report = command({"specversion": "1.0", "id": "e-1", "source": "/apps/resident/r-001", "type": "whistle.report.resident",
                      "data": {"category": "ljdf", "grid": "g02", "description": "垃圾", "reporter": "r-001"}})
    sensor = command({"specversion": "1.0", "id": "s-1", "source": "/sensors/smoke-1", "type": "whistle.sensor.smoke",
                      "data": {"device": "smoke-1", "grid": "g05"}})
    bus_message = [b"case.reported.s01.c01.g02", b"intake-1", b"1", b"9", report[0]]
    n = args.frames
    gen = lambda seeds: (frames_of(rng.choice(seeds), rng) for _ in range(n))

    sent = {}
    # Commands first, while no case exists: any command the mutations leave valid still acts on nothing.
    sent["dispatch commands (as cg, gw-g02)"] = pump(client(zmq.DEALER, "cg", "dispatch-1", address(200)), gen([department, staff, rating]),
                                                     "dispatch commands (as cg)")
    sent["mediation commands (as med-g03)"] = pump(client(zmq.DEALER, "med-g03", "mediation-1", address(201)), gen([mediator]),
                                                   "mediation commands (as med-g03)")
    sent["device commands (as sensor-gateway)"] = pump(client(zmq.DEALER, "sensor-gateway", "intake-1", address(101)), gen([device]),
                                                       "device commands (as sensor-gateway)")
    for producer, endpoint in sorted(replay.items()):
        request = [b"REPLAY", b"r-1", producer.encode(), b"1", b"100", b"task."]
        sent[f"replay of {producer}"] = pump(client(zmq.DEALER, "operator", producer, endpoint), gen([request]), f"replay of {producer} (as operator)")
    sent["bus publish (as sensor-gateway)"] = pump(client(zmq.PUB, "sensor-gateway", "bus", address(0)), gen([bus_message]),
                                                   "bus publish (as sensor-gateway)", drain=False)
    # Subscriptions are single frames (pyzmq's own libzmq crashes sending multipart messages on an XSUB).
    # At most 4 KiB each (the bus takes 1 KiB): pyzmq's own libzmq keeps an XSUB's subscriptions in the
    # same recursive trie that crashed the bus, and a mutated 600 KB prefix overflows the fuzzer's stack.
    subscriptions = ([mutate(rng.choice([b"\x01task.cg.", b"\x01task.", b"\x00task.cg.", b"\x01"]), rng)[:4096]] for _ in range(n))
    sent["bus subscribe (as cg)"] = pump(client(zmq.XSUB, "cg", "bus", address(1)), subscriptions, "bus subscriptions (as cg)", drain=False)
    accepted = set()
    ingest = client(zmq.DEALER, "sensor-gateway", "intake-1", address(100))
    sent["ingest (as sensor-gateway)"] = pump(ingest, gen([sensor, report]), "ingest (as sensor-gateway)")
    ingest_as_app = client(zmq.REQ, "resident-app", "intake-1", address(100))
    ingest_as_app.setsockopt(zmq.RCVTIMEO, 5000)
    for frames in (frames_of(rng.choice([report, sensor]), rng) for _ in range(min(n, 2000))):
        ingest_as_app.send_multipart(frames)
        try:
            answer = json.loads(ingest_as_app.recv())
        except (zmq.Again, ValueError):
            break
        if answer.get("status") == "accepted":
            accepted.add(answer["case"])
    print(f"  {'ingest, answered one by one (as resident-app)':<34} {min(n, 2000):>10,} frames sent, {len(accepted):,} accepted as reports")

    http = {}
    for name in SERVICES:
        http[name] = http_fuzz(http_port(suite.base, name), args.http, rng)
        print(f"  HTTP {name:<29} {args.http:>10,} requests sent, {http[name]:,} answered", flush=True)
    http["open311"] = http_fuzz(suite.base + 110, args.http, rng, open311_seeds(Keys(suite.keys, "hotline").api_key))
    print(f"  HTTP {'intake Open311':<29} {args.http:>10,} requests sent, {http['open311']:,} answered", flush=True)
    http["console web"] = http_fuzz(suite.base + 400, args.http, rng, CONSOLE_SEEDS)
    print(f"  HTTP {'console web':<29} {args.http:>10,} requests sent, {http['console web']:,} answered", flush=True)

    # The stores are read once the suite is quiet: the cases intake opened have reached dispatch and nothing moved in
    # dispatch's or mediation's store between two looks (accepted cases may be dispatched still when the pump stops).
    def counts():
        return (suite.rows("intake", "SELECT COUNT(*) FROM intake_case"), suite.rows("dispatch", "SELECT COUNT(*) FROM dispatch_case"),
                suite.rows("dispatch", "SELECT COUNT(*) FROM dispatch_history"), suite.rows("mediation", "SELECT COUNT(*) FROM mediation_case"))
    deadline, previous = time.monotonic() + 60, None
    while time.monotonic() < deadline:
        now = counts()
        if now == previous and now[0] <= now[1]:
            break
        previous = now
        time.sleep(0.5)
    else:
        raise SystemExit(f"the suite did not settle within 60 s: {previous}")
    restarts = suite.restarts()
    intake_cases = suite.rows("intake", "SELECT COUNT(*) FROM intake_case")
    garbage = {
        "intake events stored though refused": suite.rows("intake", "SELECT COUNT(*) FROM intake_event e LEFT JOIN whistle_command_journal j "
                                                                      "ON j.issuer = 'event:' || e.source AND j.command = e.id "
                                                                      "WHERE j.reply IS NULL OR CAST(j.reply AS TEXT) NOT LIKE '%\"status\":\"accepted\"%'"),
        "Open311 requests kept without their accepted event": suite.rows("intake", "SELECT COUNT(*) FROM intake_open311_request WHERE token NOT IN (SELECT id FROM intake_event)"),
        "intake cases no accepted event made": suite.rows("intake", "SELECT COUNT(*) FROM intake_case WHERE case_id NOT IN (SELECT case_id FROM intake_event)"
                                                     " AND category NOT IN ('sbwh', 'dlgh')"),  # a watch's maintenance / welfare case has no event
        "dispatch cases no intake case made": max(0, suite.rows("dispatch", "SELECT COUNT(*) FROM dispatch_case") - intake_cases),
        "commands carried out for the fuzzer": suite.rows("dispatch", "SELECT COUNT(*) FROM whistle_command_journal WHERE CAST(reply AS TEXT) LIKE '%\"status\":\"ok\"%'")
                                               + suite.rows("mediation", "SELECT COUNT(*) FROM whistle_command_journal WHERE CAST(reply AS TEXT) LIKE '%\"status\":\"ok\"%'")
                                               + suite.rows("intake", "SELECT COUNT(*) FROM intake_device WHERE retired_at IS NOT NULL"),
        "dead letters": sum(suite.rows(s, "SELECT COUNT(*) FROM whistle_dead_letter") for s in ("dispatch", "mediation", "notification")),
    }
    suite.stop()
    crashes = sum(restarts.values())
    print("")
    print(f"frames sent: {sum(sent.values()):,} over {len(sent)} sockets; HTTP requests: {args.http * len(http):,} over {len(http)} servers")
    print(f"crashes: {crashes} {restarts if crashes else ''}")
    print(f"rows stored by garbage: {sum(garbage.values())} {garbage if sum(garbage.values()) else ''}")
    print(f"(intake stored {intake_cases} cases: events the mutations left valid, each answered 'accepted')")
    failed = crashes or sum(garbage.values())
    if failed:
        for line in suite.lines:
            if " exited " in line:
                print(f"  {line}")
        print(f"the suite's data and logs are kept in {folder}")
    else:
        shutil.rmtree(folder, ignore_errors=True)
    sys.stdout.flush()
    os._exit(1 if failed else 0)     # skip closing the fuzzing sockets (see `kept`)


if __name__ == "__main__":
    main()
