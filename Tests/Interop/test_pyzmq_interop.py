"""Interop with clients nobody here wrote: pyzmq and the CloudEvents Python SDK."""
import json
import sqlite3
import time

import zmq
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from conftest import eventually
from gap_subscriber import GapSubscriber


def committed(path):
    if not path.exists():
        return 0
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT COUNT(*) FROM probe_sent").fetchone()[0]


def stats(consumer):
    """The consumer's latest STATS counters."""
    line = next((l for l in reversed(consumer.lines) if l.startswith("STATS ")), "STATS {}")
    return json.loads(line[6:])


def test_pyzmq_subscriber_notices_gaps_and_fetches_them(suite):
    """A late-joining pyzmq subscriber that also loses events in flight, including the very last,
    still receives every event exactly once, in order, by asking the producer's replay endpoint."""
    producer = suite.start("delivery-probe", [
        "produce", "--db", str(suite.directory / "p.sqlite"), "--bus", suite.publish,
        "--producer", "py-interop", "--count", "3000", "--rate", "1500", "--batch", "10",
    ], ready="READY producer")
    # Join late on purpose: hundreds of events are already published before we subscribe.
    eventually(lambda: committed(suite.directory / "p.sqlite") >= 300, "the producer commits 300 events")
    subscriber = GapSubscriber(suite.subscribe, ["probe."])
    subscriber.lose = {("py-interop", s) for s in (1500, 1501, 2222, 2999, 3000)}
    received = []

    def all_arrived():
        received.extend(subscriber.poll(100))
        return len(received) >= 3000

    eventually(all_arrived, "3000 events reach the pyzmq subscriber", timeout=60)
    producer.wait_line("PRODUCED")
    subscriber.close()
    sequences = [e["sequence"] for e in received]
    assert sequences == list(range(1, 3001)), "every event once, in order"
    assert subscriber.gaps_noticed >= 3
    assert not subscriber.lose, "the simulated losses really happened"
    # Each payload is a CloudEvent the official SDK reads.
    fmt = JSONFormat()
    for event in received[:50] + received[-50:]:
        parsed = fmt.read(None, json.dumps(event["event"]).encode())
        assert parsed.get_id() == f"probe-{event['event']['data']['index']}"
        assert parsed.get_type() == "whistle.probe.event"
        assert parsed.get_time().tzinfo is not None


def test_sdk_built_event_is_applied_once_by_the_swift_consumer(suite):
    """A CloudEvent made by the Python SDK, published with pyzmq in Whistle's frames, is decoded and
    applied by the Swift consumer exactly once even when sent repeatedly; a broken one is refused; a type
    the consumer has no handler for is counted and skipped, and the position moves past it."""
    db = suite.directory / "c.sqlite"
    consumer = suite.start("delivery-probe", ["consume", "--db", str(db), "--bus", suite.subscribe],
                           ready="READY consumer")
    event = CloudEvent({"type": "whistle.probe.event", "source": "/sensors/smoke-17", "subject": "s01.c01.g03",
                        "datacontenttype": "application/json"}, {"index": 77})
    unknown = JSONFormat().write(CloudEvent({"type": "whistle.sensor.smoke", "source": "/sensors/smoke-17"}, {"index": 99}))
    later = JSONFormat().write(CloudEvent({"type": "whistle.probe.event", "source": "/sensors/smoke-17"}, {"index": 78}))
    payload = JSONFormat().write(event)
    broken = json.dumps({"specversion": "1.0", "id": "b", "source": "/x"}).encode()  # no "type"
    context = zmq.Context()
    pub = context.socket(zmq.PUB)
    pub.setsockopt(zmq.LINGER, 0)
    pub.connect(suite.publish)

    def applied():
        pub.send_multipart([b"probe.even.s01.c01", b"py-sensor", b"1", b"1", payload])
        pub.send_multipart([b"probe.even.s01.c01", b"py-sensor", b"1", b"2", broken])
        if not db.exists():
            return False
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM probe_received WHERE producer='py-sensor'").fetchone()[0] >= 1

    eventually(applied, "the SDK-built event is applied", timeout=20, every=0.2)
    for _ in range(5):
        pub.send_multipart([b"probe.even.s01.c01", b"py-sensor", b"1", b"1", payload])
    eventually(lambda: stats(consumer).get("duplicate", 0) >= 5, "the consumer counts resent events as duplicates")

    def later_applied():
        pub.send_multipart([b"probe.even.s01.c01", b"py-sensor", b"1", b"2", unknown])
        pub.send_multipart([b"probe.even.s01.c01", b"py-sensor", b"1", b"3", later])
        with sqlite3.connect(db) as conn:
            return conn.execute("SELECT COUNT(*) FROM probe_received WHERE producer='py-sensor'").fetchone()[0] >= 2

    eventually(later_applied, "the event after an unknown type is applied", timeout=20, every=0.2)
    eventually(lambda: stats(consumer).get("skipped.unknown_type", 0) >= 1, "the unknown type is counted")
    assert stats(consumer)["skipped.unknown_type"] == 1, "counted once: its repeats are duplicates"
    pub.close()
    context.term()
    stats_now = stats(consumer)
    assert stats_now.get("malformed.missing_attribute", 0) >= 1
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT idx, sequence FROM probe_received WHERE producer='py-sensor'").fetchall()
    assert rows == [(77, 1), (78, 3)]


def test_a_new_subscriber_hears_each_producer_at_once_not_a_heartbeat_period_later(suite):
    """A consumer that (re)starts learns every producer's head and replay address from a heartbeat the producer sends
    when the bus passes its subscription up — also when another subscriber already holds the same prefix. The producer
    here beats once a minute, so only that answer can arrive within the deadline."""
    producer = suite.start("delivery-probe", [
        "produce", "--db", str(suite.directory / "p.sqlite"), "--bus", suite.publish,
        "--producer", "py-late", "--count", "5", "--rate", "0", "--heartbeat-milliseconds", "60000",
    ], ready="READY producer")
    producer.wait_line("PRODUCED")
    context = zmq.Context.instance()
    subscribers = []
    for joined in range(2):          # the second joins while the first still holds "heartbeat."
        subscriber = context.socket(zmq.SUB)
        subscriber.setsockopt(zmq.LINGER, 0)
        subscriber.setsockopt(zmq.SUBSCRIBE, b"heartbeat.")
        subscriber.connect(suite.subscribe)
        subscribers.append(subscriber)
        started = time.monotonic()
        assert subscriber.poll(5000), f"subscriber {joined + 1} heard no heartbeat within 5 s (the producer beats every 60 s)"
        topic, name, epoch, sequence, payload = subscriber.recv_multipart()
        assert (topic, name, sequence) == (b"heartbeat.py-late", b"py-late", b"5"), (topic, name, sequence)
        assert json.loads(payload)["replay"].startswith("tcp://"), payload
        print(f"subscriber {joined + 1} heard py-late after {time.monotonic() - started:.3f} s")
    for subscriber in subscribers:
        subscriber.close()
