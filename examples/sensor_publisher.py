#!/usr/bin/env python3
"""An integrator's sensor gateway in plain pyzmq: sends sensor and gate CloudEvents to intake's
acknowledged ingest and waits for each answer (an answer means the case is stored).

A DEALER lets a burst be pipelined: send many, then collect the answers, matched by event id.
Resend anything unanswered with the same id: intake answers a repeat with the same reply.

    python3 examples/sensor_publisher.py tcp://127.0.0.1:7200 smoke-17 whistle.sensor.smoke 106.652 35.5315
"""
import json
import sys
import uuid
from datetime import datetime, timezone

import zmq

from whistle_keys import secure

try:
    from whistle_schemas import check_message
except ImportError:  # jsonschema not installed: no checks
    check_message = lambda name, body: body


def sensor_event(device, event_type, longitude, latitude, event_id=None):
    return {"specversion": "1.0", "id": event_id or str(uuid.uuid4()), "source": f"/sensors/{device}",
            "type": event_type, "time": datetime.now(timezone.utc).isoformat(), "datacontenttype": "application/json",
            "data": {"device": device, "longitude": longitude, "latitude": latitude}}


class SensorPublisher:
    def __init__(self, ingest, context=None, keys=None):
        """`keys`: a whistle_keys.Keys (e.g. the `sensor-gateway` integrator's) for a suite with CURVE."""
        self.dealer = (context or zmq.Context.instance()).socket(zmq.DEALER)
        self.dealer.setsockopt(zmq.LINGER, 0)
        secure(self.dealer, keys, "intake-1")
        self.dealer.connect(ingest)

    def send(self, event):
        check_message("device-event", event["data"])
        self.dealer.send(json.dumps(event).encode())

    def replies(self, count, timeout_ms=10000):
        """Up to `count` answers, in the order intake gave them."""
        answers = []
        while len(answers) < count and self.dealer.poll(timeout_ms):
            answers.append(check_message("ingest-reply", json.loads(self.dealer.recv())))
        return answers

    def close(self):
        self.dealer.close()


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit("usage: sensor_publisher.py INGEST DEVICE TYPE LONGITUDE LATITUDE")
    publisher = SensorPublisher(sys.argv[1])
    publisher.send(sensor_event(sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5])))
    print(json.dumps(publisher.replies(1), ensure_ascii=False))
    publisher.close()
