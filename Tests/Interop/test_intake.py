"""whistle-intake as a real process, driven by pyzmq and the CloudEvents SDK."""
import json
import signal

import zmq
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from conftest import eventually, free_port
from gap_subscriber import GapSubscriber
from whistle_schemas import check_event, check_message


def start_intake(suite, ingest):
    env = {"WHISTLE_BUS__PUBLISH": suite.publish, "WHISTLE_BUS__SUBSCRIBE": suite.subscribe,
           "WHISTLE_INTAKE__INGEST": ingest, "WHISTLE_NAME": "intake-1",
           "WHISTLE_DATA_DIRECTORY": str(suite.directory / "intake")}
    return suite.start("whistle-intake", [], env=env, ready="READY intake")


def ask(ingest, payload):
    context = zmq.Context.instance()
    req = context.socket(zmq.REQ)
    req.setsockopt(zmq.LINGER, 0)
    req.setsockopt(zmq.RCVTIMEO, 10000)
    req.connect(ingest)
    req.send(payload)
    reply = req.recv()
    req.close()
    check_message("ingest-reply", json.loads(reply))
    return reply


def test_acknowledged_report_survives_kill_9_and_is_published_once(suite):
    ingest = f"tcp://127.0.0.1:{free_port()}"
    intake = start_intake(suite, ingest)
    cases = GapSubscriber(suite.subscribe, ["case."], check=check_event)
    event = CloudEvent({"type": "whistle.report.resident", "source": "/apps/resident/r-001",
                        "datacontenttype": "application/json"},
                       {"category": "gkpw", "longitude": 106.652, "latitude": 35.5315, "description": "高空抛物"})
    payload = JSONFormat().write(event)
    first = ask(ingest, payload)
    answer = json.loads(first)
    assert answer["status"] == "accepted" and answer["grid"] == "g01", answer

    intake.popen.send_signal(signal.SIGKILL)   # the answer is out: the case must survive this
    intake.popen.wait(10)
    intake = start_intake(suite, ingest)
    assert ask(ingest, payload) == first, "the same source+id gets the same answer, after a crash too"

    second = json.loads(ask(ingest, JSONFormat().write(CloudEvent(
        {"type": "whistle.report.resident", "source": "/apps/resident/r-002"}, {"category": "ljdf", "grid": "g07"}))))
    received = []

    def both_published():
        received.extend(cases.poll(100))
        return len(received) >= 2

    eventually(both_published, "both cases reach a pyzmq subscriber", timeout=30)
    cases.close()
    assert [e["event"]["id"] for e in received] == [answer["case"], second["case"]]
    assert received[0]["topic"] == "case.reported.s01.c01.g01"
    assert received[0]["event"]["type"] == "whistle.case.reported"


def test_bad_requests_get_specific_errors(suite):
    ingest = f"tcp://127.0.0.1:{free_port()}"
    start_intake(suite, ingest)
    assert json.loads(ask(ingest, b"{oops"))["error"] == "malformed_json"
    unknown = JSONFormat().write(CloudEvent({"type": "whistle.report.resident", "source": "/x"}, {"category": "ufo", "grid": "g01"}))
    reply = json.loads(ask(ingest, unknown))
    assert reply == {"status": "rejected", "error": "unknown_category", "message": "unknown category 'ufo'"}
