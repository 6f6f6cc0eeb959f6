"""The clients of the namespace test, run on their own "host" (`ip netns exec`): a resident app reporting to intake, and
two grid workers, each with its own key, listening for their tasks on both buses. One JSON line per thing seen."""
import json
import sys
import time
from pathlib import Path

import zmq

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "examples"))
from gap_subscriber import GapSubscriber  # noqa: E402
from whistle_keys import Keys  # noqa: E402


def say(**fields):
    print(json.dumps(fields), flush=True)


def listen(keys, buses, workers):
    """Every task event each grid worker hears, the first copy only, with the moment it arrived."""
    subscribers = {w: GapSubscriber(buses.split(","), [f"task.{w}."], keys=Keys(keys, w)) for w in workers}
    say(listening=workers)
    while True:
        for worker, subscriber in subscribers.items():
            for event in subscriber.poll(20):
                say(worker=worker, producer=event["producer"], sequence=event["sequence"], type=event["event"]["type"],
                    case=event["event"]["data"]["case"], at=time.time())


def report(keys, ingest, count, rate):
    """`count` resident reports at `rate` a second, alternating a grid of s01 and one of s02, each waiting for intake's
    answer; one unanswered in 5 s is sent again under its id (intake answers a repeat as it answered the first)."""
    def connect():
        """A fresh REQ socket (the lazy pirate: a request that timed out is sent again on a new socket)."""
        socket = Keys(keys, "resident-app").secure(zmq.Context.instance().socket(zmq.REQ), "intake-1")
        socket.setsockopt(zmq.LINGER, 0)
        socket.setsockopt(zmq.RCVTIMEO, 5000)
        socket.connect(ingest)
        return socket

    socket = connect()
    start = time.monotonic()
    for i in range(count):
        grid = "g01" if i % 2 == 0 else "g07"
        event = {"specversion": "1.0", "id": f"ns-{i}", "source": "/apps/resident/ns", "type": "whistle.report.resident",
                 "datacontenttype": "application/json",
                 "data": {"category": "ljdf", "grid": grid, "reporter": f"ns-{i}", "insist": True, "description": f"namespace test {i}"}}
        while True:
            socket.send(json.dumps(event).encode())
            try:
                say(report=i, grid=grid, reply=json.loads(socket.recv()), at=time.time())
                break
            except zmq.Again:
                socket.close()
                socket = connect()
        due = start + (i + 1) / rate
        if due > time.monotonic():
            time.sleep(due - time.monotonic())      # pacing the load, not waiting for a result
    say(done=count)


class Load:
    """The two clients' lines as the test reads them: the reporter's replies and the grid workers' tasks."""

    def __init__(self, reporter, listener):
        self.reporter, self.listener = reporter, listener

    def seen(self, key):
        """What the clients printed that has `key`: the reporter's replies (`report`, `done`), the workers' tasks (`worker`)."""
        found = []
        for line in list(self.reporter.lines if key in ("report", "done") else self.listener.lines):
            if line.startswith("{") and key in (item := json.loads(line)):
                found.append(item)
        return found

    def cases(self):
        """Each accepted report's case and its grid."""
        return {r["reply"]["case"]: r["grid"] for r in self.seen("report") if r["reply"]["status"] == "accepted"}

    def assigned(self):
        return [t for t in self.seen("worker") if t["type"] == "whistle.task.assigned"]

    def verdict(self):
        """`lost=… duplicated=… out_of_order=…`, counted from the workers' own receipts: an accepted report's task that
        never came, one that came twice, a producer's event that came after a later one of the same producer."""
        tasks, cases = self.assigned(), self.cases()
        lost = len(set(cases) - {t["case"] for t in tasks})
        duplicated = len(tasks) - len({t["case"] for t in tasks})
        out_of_order = 0
        for worker in {t["worker"] for t in self.seen("worker")}:
            heard = [t for t in self.seen("worker") if t["worker"] == worker]
            out_of_order += sum(1 for x, y in zip(heard, heard[1:]) if x["producer"] == y["producer"] and y["sequence"] <= x["sequence"])
        return f"lost={lost} duplicated={duplicated} out_of_order={out_of_order}"


if __name__ == "__main__":
    if sys.argv[1] == "listen":
        listen(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        report(sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5]))
