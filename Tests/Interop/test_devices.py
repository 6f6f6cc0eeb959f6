"""Devices, gates and residents' reports through intake, as processes: `whistle up` on a city whose device
rules count in seconds, driven by plain pyzmq (sensor_publisher.py, a REQ socket for device commands and
reports) and the `whistle` CLI, watched on the bus with gap_subscriber.py."""
import json
import subprocess
import urllib.error
import urllib.request
import time
import uuid

import pytest
import yaml
import zmq

from conftest import ROOT, eventually
from sensor_publisher import SensorPublisher
from test_ladder import Ladder
from test_suite_up import child_pid
from whistle_keys import Keys
from whistle_schemas import check_command, check_message

SILENCE = 6     # seconds a smoke detector may be silent
ABSENCE = 8     # seconds a cared-for resident's gate may go without a passage


def device_city(path):
    """The demo city refusing unregistered devices; smoke detectors silent after SILENCE s (no other silence
    rule), r-004 under care at gate mj-g12-0301 with an absence of ABSENCE s, and one more detector that
    nobody will hear from."""
    city = yaml.safe_load((ROOT / "Shared/CityModel/Resources/demo-city.yaml").read_text())
    devices = city["devices"]
    devices["unregistered"] = "refuse"
    for rule in devices["rules"].values():
        rule.pop("silentAfter", None)
    devices["rules"]["whistle.sensor.smoke"]["silentAfter"] = f"{SILENCE}s"
    devices["registry"].append({"id": "yg-g03-quiet", "type": "whistle.sensor.smoke", "grid": "g03", "owner": "sensor-gateway"})
    devices["care"] = [{"resident": "r-004", "gate": "mj-g12-0301", "absence": f"{ABSENCE}s", "consent": True}]
    path.write_text(yaml.safe_dump(city, allow_unicode=True))
    return str(path)


class Devices(Ladder):
    def __init__(self, suite, tmp_path):
        super().__init__(suite, tmp_path, device_city(tmp_path / "city.yaml"))
        self.watch.close()
        from gap_subscriber import GapSubscriber
        from whistle_schemas import check_event
        self.watch = GapSubscriber(f"tcp://127.0.0.1:{self.base + 1}", ["case.reported.", "status.case.", "task.", "device."],
                                   check=check_event, keys=Keys(self.keys, "operator"))
        self.publisher = SensorPublisher(f"tcp://127.0.0.1:{self.base + 100}", keys=Keys(self.keys, "sensor-gateway"))

    def device(self, device, event_type, **data):
        """One device event from the sensor gateway, and intake's answer."""
        event = {"specversion": "1.0", "id": str(uuid.uuid4()), "source": f"/sensors/{device}", "type": event_type,
                 "data": {"device": device, **data}}
        self.publisher.send(event)
        answers = self.publisher.replies(1)
        assert answers, f"no answer to {event}"
        return answers[0]

    def ask(self, port_offset, server, identity, body):
        req = Keys(self.keys, identity).secure(zmq.Context.instance().socket(zmq.REQ), server)
        req.setsockopt(zmq.LINGER, 0)
        req.setsockopt(zmq.RCVTIMEO, 10000)
        req.connect(f"tcp://127.0.0.1:{self.base + port_offset}")
        req.send(json.dumps(body).encode())
        answer = json.loads(req.recv())
        req.close()
        return answer

    def resident_report(self, reporter="r-001", **data):
        event = {"specversion": "1.0", "id": str(uuid.uuid4()), "source": f"/apps/resident/{reporter}",
                 "type": "whistle.report.resident", "data": {"reporter": reporter, **data}}
        check_message("resident-report", event["data"])
        return check_message("ingest-reply", self.ask(100, "intake-1", "resident-app", event))

    def reported(self, category=None, device=None):
        return [e["event"]["data"] for e in self.events(prefix="case.reported.")
                if (category is None or e["event"]["data"]["category"] == category)
                and (device is None or e["event"]["data"].get("device") == device)]


@pytest.fixture
def devices(suite, tmp_path):
    devices = Devices(suite, tmp_path)
    yield devices
    devices.publisher.close()
    devices.watch.close()


def test_a_registered_detector_needs_no_coordinates_thresholds_clears_and_unknown_devices(devices):
    alarm = devices.device("yg-g05-0502", "whistle.sensor.smoke", reading=0.4)
    assert alarm["status"] == "accepted" and alarm["outcome"] == "opened" and alarm["grid"] == "g05", alarm
    case = alarm["case"]
    eventually(lambda: devices.reported(device="yg-g05-0502"), "the detector's case is published")
    report = devices.reported(device="yg-g05-0502")[0]
    assert (report["grid"], report["building"], report["critical"]) == ("g05", "新民社区2区5号楼", True)

    quiet = devices.device("yg-g01-0101", "whistle.sensor.smoke", reading=0.05)
    assert quiet["status"] == "accepted" and quiet["outcome"] == "recorded" and "case" not in quiet, quiet

    again = devices.device("yg-g05-0502", "whistle.sensor.smoke", reading=0.6)
    assert again["outcome"] == "joined" and again["case"] == case, again
    cleared = devices.device("yg-g05-0502", "whistle.sensor.smoke", state="cleared")
    assert cleared["outcome"] == "annotated" and cleared["case"] == case, cleared
    eventually(lambda: "annotated" in devices.steps(case), "dispatch notes the clear on the case")
    note = [e["event"]["data"] for e in devices.events(case, "status.case.") if e["event"]["type"] == "whistle.case.annotated"]
    assert len(note) == 1 and note[0]["device"] == "yg-g05-0502" and note[0]["status"] != "closed", note
    assert "annotated" in devices.whistle("case", case, "--timeline")

    unknown = devices.device("yg-nobody", "whistle.sensor.smoke", reading=0.9)
    assert unknown["status"] == "rejected" and unknown["error"] == "unknown_device" and "yg-nobody" in unknown["message"], unknown
    wrong = devices.device("mj-g01-0001", "whistle.sensor.smoke", reading=0.9)
    assert wrong["error"] == "unknown_device" and "does not send" in wrong["message"], wrong
    # A last valid alarm: once its case is seen, everything intake published before it has been too (one producer, in order).
    gas = devices.device("rq-g05-0501", "whistle.sensor.gas", reading=45)
    assert gas["outcome"] == "opened", gas
    eventually(lambda: devices.reported(device="rq-g05-0501"), "the last alarm's case is published")
    assert not devices.reported(device="yg-nobody") and not devices.reported(device="mj-g01-0001"), "nothing for the refusals"
    assert len(devices.reported(device="yg-g05-0502")) == 1, "the join and the clear published no case"
    assert [e["event"]["type"] for e in devices.events(prefix="device.")] == ["whistle.device.cleared"]
    assert len(devices.reported(device="yg-g01-0101")) <= 1  # at most its own silence case, never a reading's


def test_device_commands_over_pyzmq_and_the_cli(devices):
    register = check_command("device-command", {"command": "dev-1", "action": "register", "device": "yg-g02-new",
                                                 "type": "whistle.sensor.smoke", "grid": "g02", "building": "中山社区2区8号楼",
                                                 "owner": "sensor-gateway"})
    answer = check_message("command-reply", devices.ask(101, "intake-1", "sensor-gateway", register))
    assert answer["status"] == "ok" and answer["state"] == "registered" and answer["device"] == "yg-g02-new", answer
    assert devices.ask(101, "intake-1", "sensor-gateway", register) == answer, "the same command id: the identical reply"
    theirs = devices.ask(101, "intake-1", "sensor-gateway", {**register, "command": "dev-2", "owner": "hotline"})
    assert theirs["error"] == "forbidden", theirs
    bad = devices.ask(101, "intake-1", "operator", {**register, "command": "dev-3", "grid": "g99"})
    assert bad["error"] == "invalid_device" and "g99" in bad["message"], bad

    alarm = devices.device("yg-g02-new", "whistle.sensor.smoke", reading=0.5)
    assert alarm["outcome"] == "opened" and alarm["grid"] == "g02", alarm

    out = devices.whistle("device", "retire", "yg-g02-new", "--owner", "sensor-gateway", "--as", "sensor-gateway")
    assert json.loads(out.splitlines()[-1])["state"] == "retired", out
    refused = devices.device("yg-g02-new", "whistle.sensor.smoke", reading=0.5)
    assert refused["error"] == "unknown_device", refused
    help_text = devices.whistle("device", "--help")
    assert "whistle device register" in help_text


def test_a_silent_detector_opens_one_maintenance_case_a_heard_one_none(devices):
    started = time.monotonic()
    # yg-g05-0502 keeps sending heartbeats; yg-g03-quiet is never heard from.
    while time.monotonic() - started < 3 * SILENCE:
        beat = devices.device("yg-g05-0502", "whistle.device.heartbeat")
        assert beat["outcome"] == "recorded", beat
        devices.events()
        time.sleep(1)
    eventually(lambda: devices.reported(category="sbwh", device="yg-g03-quiet"), "the quiet detector gets a maintenance case")
    quiet = devices.reported(category="sbwh", device="yg-g03-quiet")
    assert len(quiet) == 1 and quiet[0]["grid"] == "g03", quiet
    assert not devices.reported(category="sbwh", device="yg-g05-0502"), "heard every second: no case"


def test_an_absent_resident_gets_one_welfare_check_also_across_kill_9(devices):
    # Nobody passed r-004's gate since the start: one welfare check once ABSENCE has passed.
    eventually(lambda: devices.reported(category="dlgh"), "the first absence raises a welfare check", timeout=ABSENCE + 20)
    first = devices.reported(category="dlgh")
    assert len(first) == 1 and first[0]["grid"] == "g12" and first[0]["level"] == "grid" and "李阿姨" in first[0]["description"]

    passage = devices.device("mj-g12-0301", "whistle.gate.passage", card="card-r004")
    assert passage["outcome"] == "recorded", passage
    passed = time.monotonic()
    intake = child_pid(devices.up.popen.pid, "whistle-intake")
    subprocess.run(["kill", "-STOP", str(intake)], check=True)
    # The frozen intake misses the watch's due time …
    eventually(lambda: time.monotonic() - passed > ABSENCE + 1, "the absence falls due while intake is frozen", timeout=ABSENCE + 5)
    subprocess.run(["kill", "-9", str(intake)], check=True)
    eventually(lambda: sum(line.startswith("ready intake") for line in devices.up.lines) == 2, "the supervisor restarts intake", 60)
    # … and the restarted intake fires it once.
    eventually(lambda: len(devices.reported(category="dlgh")) == 2, "the watch that fell due while intake was down fires")
    settle = time.monotonic()
    eventually(lambda: time.monotonic() - settle > ABSENCE + 2, "a whole absence more", timeout=ABSENCE + 5)
    assert len(devices.reported(category="dlgh")) == 2, "one welfare case per absence, however intake died"


def test_duplicates_link_and_a_department_sees_a_masked_phone(devices):
    first = devices.resident_report(reporter="r-003", category="ljdf", longitude=106.6520, latitude=35.5315, phone="13812345678")
    assert first["outcome"] == "opened", first
    near = devices.resident_report(category="ljdf", longitude=106.65233, latitude=35.5315)
    assert near["outcome"] == "linked" and near["case"] == first["case"], near
    # r-001 (the sink) now follows r-003's case: told it was linked, then every step its reporter hears from then on —
    # the grid worker settling it, whether or not dispatch had assigned it before r-001's report was linked.
    eventually(lambda: devices.sink.kinds(first["case"])[:1] == ["linked"], "the linked reporter is told", timeout=90)
    assigned = eventually(lambda: [d["event"]["data"] for d in devices.events(first["case"], "status.case.")
                                   if d["event"]["type"] == "whistle.case.assigned"], "the grid worker has the case")
    grid = assigned[0]["grid"]
    resolved = devices.command({"staff": f"gw-{grid}", "case": first["case"], "action": "resolve", "note": "已清理"})
    assert resolved["status"] == "ok", resolved
    eventually(lambda: "resolved" in devices.sink.kinds(first["case"]), "the linked reporter follows the case", timeout=90)
    assert "received" not in devices.sink.kinds(first["case"]), "r-001 did not report it first"
    insisting = devices.resident_report(category="ljdf", longitude=106.65233, latitude=35.5315, insist=True)
    assert insisting["outcome"] == "opened" and insisting["case"] != first["case"], insisting

    emergency = devices.resident_report(category="ygbj", longitude=106.6520, latitude=35.5315, phone="13812345678",
                                        description="楼道冒烟")
    case = emergency["case"]

    def lead_task():
        return [t["event"]["data"] for t in devices.events(case, "task.") if t["event"]["type"] == "whistle.task.assigned"]
    eventually(lead_task, "the emergency goes straight to the departments")
    task = lead_task()[0]
    assert task["contact"] == "138****5678" and task["critical"] is True, task
    everything = json.dumps([e["event"] for e in devices.events()], ensure_ascii=False)
    assert "13812345678" not in everything, "the number itself never leaves intake"

    # r-001 hears about the emergency as critical, about the garbage pile as usual.
    def received(case_id):
        return [b for b in devices.sink.accepted if b["case"] == case_id and b["kind"] == "received"]
    eventually(lambda: received(case) and received(insisting["case"]), "r-001 hears that both reports were received", timeout=90)
    assert received(case)[0]["critical"] is True and "critical" not in received(insisting["case"])[0]

    # The lead department (消防 for 烟感报警) reads it whole from intake; an assisting one (物业) may not.
    lead = task["department"] if task["role"] == "lead" else next(t["department"] for t in lead_task() if t["role"] == "lead")
    eventually(lambda: devices.whistle("contacts", case, "--department", lead, ok=False).startswith("{"),
               "intake hears from dispatch who leads the case")
    contacts = check_message("reporter-contacts", json.loads(devices.whistle("contacts", case, "--department", lead)))
    assert contacts["lead"] == lead and contacts["reporters"][0]["phone"] == "13812345678", contacts
    url = f"http://127.0.0.1:{devices.base + 301}/contacts/{case}"
    assistant = next(t["department"] for t in lead_task() if t["role"] == "assist")
    for identity in (assistant, "operator"):
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {Keys(devices.keys, identity).api_key}"})
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=10)
        assert refused.value.code == 403, identity
