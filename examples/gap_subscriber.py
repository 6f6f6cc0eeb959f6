#!/usr/bin/env python3
"""A Whistle subscriber in plain pyzmq that loses nothing.

It subscribes to topic prefixes on the bus, applies each producer's events in sequence order,
notices gaps (a sequence jump, or a heartbeat announcing more than it has), and fetches the
missing range from the producer's replay endpoint (ROUTER) with a DEALER. With redundant buses it
subscribes from every one and keeps the first copy of each producer's sequence, so one bus lost
loses nothing. Written from docs/protocol.md; run it as

    python3 examples/gap_subscriber.py tcp://127.0.0.1:7101 case. task.cg.
    python3 examples/gap_subscriber.py tcp://127.0.0.1:7101,tcp://127.0.0.1:7103 task.cg.   # two buses

and it prints one JSON line per event: {"producer", "sequence", "topic", "event"}.
A real client would also store `applied` in its own database, in the same transaction as
whatever it does with each event, so that a restart resumes where it left off.
"""
import itertools
import json
import sys
import time

import zmq

from whistle_keys import secure

HEARTBEAT = "heartbeat."


class GapSubscriber:
    def __init__(self, bus, prefixes, context=None, replay_timeout=2.0, applied=None, check=None, keys=None):
        """`bus`: a bus's subscribe address, or a list of every bus's."""
        self.context = context or zmq.Context.instance()
        self.prefixes = list(prefixes)
        self.keys = keys                    # a whistle_keys.Keys for a suite with CURVE, else None
        self.sub = self.context.socket(zmq.SUB)
        self.sub.setsockopt(zmq.LINGER, 0)
        self.sub.setsockopt(zmq.HEARTBEAT_IVL, 1000)       # a bus cut off sends nothing, not even a FIN:
        self.sub.setsockopt(zmq.HEARTBEAT_TIMEOUT, 5000)   # ping it, and reconnect when it stops answering
        secure(self.sub, keys, "bus")
        for prefix in (self.prefixes + [HEARTBEAT]) if self.prefixes else [""]:
            self.sub.setsockopt_string(zmq.SUBSCRIBE, prefix)
        for address in [bus] if isinstance(bus, str) else bus:
            self.sub.connect(address)
        self.replay_timeout = replay_timeout
        self.applied = dict(applied or {})  # producer -> last sequence applied (or known not to match)
        self.head = {}                      # producer -> highest sequence announced
        self.pending = {}                   # producer -> {sequence: (topic, event)} that arrived early
        self.replay_endpoint = {}           # producer -> tcp://host:port from its heartbeat
        self.addresses = {}                 # producer -> where clients reach it ({"commands": …, "http": …}), from its heartbeat
        self.address_epoch = {}             # producer -> the epoch of the heartbeat those addresses came from
        self.dealers = {}
        self.request_ids = itertools.count(1)
        self.gaps_noticed = 0
        self.lose = set()                   # (producer, sequence) to drop on arrival: simulates loss in tests
        self.check = check                  # called with each event before it is delivered (e.g. whistle_schemas.check_event)

    def matches(self, topic):
        return not self.prefixes or any(topic.startswith(p) for p in self.prefixes)

    def poll(self, timeout_ms=100):
        """Waits up to timeout_ms; returns the events now deliverable, in order."""
        delivered = []
        if self.sub.poll(timeout_ms):
            while True:
                try:
                    frames = self.sub.recv_multipart(zmq.NOBLOCK)
                except zmq.Again:
                    break
                delivered += self._on_message(frames)
        for producer in list(self.head):
            delivered += self._close_gap(producer)
        return delivered

    def _on_message(self, frames):
        if len(frames) != 5:
            return []  # not a Whistle message: [topic, producer, epoch, sequence, payload]
        topic, producer, epoch, sequence = (f.decode() for f in frames[:4])
        sequence = int(sequence)
        if topic.startswith(HEARTBEAT):
            info = json.loads(frames[4])
            self.replay_endpoint[producer] = info["replay"]
            if "addresses" in info and int(epoch) >= self.address_epoch.get(producer, 0):
                self.addresses[producer] = info["addresses"]       # a stale copy of a moved instance has the older epoch
                self.address_epoch[producer] = int(epoch)
            self.head[producer] = max(self.head.get(producer, 0), sequence)
            return []
        if (producer, sequence) in self.lose:
            self.lose.discard((producer, sequence))
            return []
        self.head[producer] = max(self.head.get(producer, 0), sequence)
        return self._accept(producer, sequence, topic, json.loads(frames[4]))

    def _accept(self, producer, sequence, topic, event):
        applied = self.applied.get(producer, 0)
        if sequence <= applied or sequence in self.pending.get(producer, {}):
            return []  # duplicate: already applied or held (the same event by another bus, or replayed)
        if self.check:
            self.check(event)
        self.pending.setdefault(producer, {})[sequence] = (topic, event)
        return self._release(producer)

    def _release(self, producer):
        out = []
        pending = self.pending.get(producer, {})
        while self.applied.get(producer, 0) + 1 in pending:
            sequence = self.applied.get(producer, 0) + 1
            topic, event = pending.pop(sequence)
            self.applied[producer] = sequence
            out.append({"producer": producer, "sequence": sequence, "topic": topic, "event": event})
        return out

    def _close_gap(self, producer):
        """If events are missing before what we hold or what the heartbeat announced, fetch them."""
        applied = self.applied.get(producer, 0)
        pending = self.pending.get(producer, {})
        upto = (min(pending) - 1) if pending else self.head.get(producer, 0)
        if upto <= applied or producer not in self.replay_endpoint:
            return []
        self.gaps_noticed += 1
        return self._replay(producer, applied + 1, upto)

    def _replay(self, producer, first, last):
        dealer = self._dealer(producer)
        request_id = str(next(self.request_ids))
        dealer.send_multipart([b"REPLAY", request_id.encode(), producer.encode(), str(first).encode(),
                               str(last).encode()] + [p.encode() for p in self.prefixes])
        out = []
        deadline = time.monotonic() + self.replay_timeout
        while time.monotonic() < deadline:
            if not dealer.poll(100):
                continue
            reply = dealer.recv_multipart()
            command, reply_id = reply[0].decode(), reply[1].decode()
            if reply_id != request_id:
                continue  # a late answer to an older request
            if command == "EVENT":
                topic, _, _, sequence, payload = reply[2:]
                if self.matches(topic.decode()):
                    out += self._accept(producer, int(sequence), topic.decode(), json.loads(payload))
            elif command == "END":
                through = int(reply[2])
                # Everything matching up to `through` was sent, so early events held back at or below it
                # are now in order (the sequences between them were other topics); release them, then
                # count the rest of the range as seen.
                pending = self.pending.setdefault(producer, {})
                for sequence in sorted(s for s in pending if s <= through):
                    topic, event = pending.pop(sequence)
                    out.append({"producer": producer, "sequence": sequence, "topic": topic, "event": event})
                self.applied[producer] = max(self.applied.get(producer, 0), through)
                out += self._release(producer)
                return out
            elif command == "ERROR":
                raise RuntimeError(f"replay refused by {producer}: {reply[2].decode()}")
        self.dealers.pop(producer)[0].close()  # timed out: a new socket next time, so late replies can't confuse us
        return out

    def _dealer(self, producer):
        endpoint = self.replay_endpoint[producer]
        known = self.dealers.get(producer)
        if known and known[1] == endpoint:
            return known[0]
        if known:
            known[0].close()
        dealer = self.context.socket(zmq.DEALER)
        dealer.setsockopt(zmq.LINGER, 0)
        secure(dealer, self.keys, producer)     # a producer's replay endpoint has its producer's key
        dealer.connect(endpoint)
        self.dealers[producer] = (dealer, endpoint)
        return dealer

    def close(self):
        for dealer, _ in self.dealers.values():
            dealer.close()
        self.sub.close()


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: gap_subscriber.py BUS_SUBSCRIBE_ADDRESS[,ANOTHER_BUS…] [PREFIX ...]")
    subscriber = GapSubscriber(sys.argv[1].split(","), sys.argv[2:])
    try:
        while True:
            for event in subscriber.poll(500):
                print(json.dumps(event, ensure_ascii=False), flush=True)
    except KeyboardInterrupt:
        subscriber.close()


if __name__ == "__main__":
    main()
