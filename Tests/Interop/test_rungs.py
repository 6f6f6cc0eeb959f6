"""Every rung's holder hears its own tasks with its own key, and nothing else: `whistle up` (keys on) on a 4321 city
whose departments come only when an office blows the whistle, so a case passes through the grid worker, the
community office, the street office and the district office before the departments — each listening in plain pyzmq
(gap_subscriber.py) with its own certificate, on `task.<its id>.`."""
import json
import subprocess

import yaml
import zmq

from conftest import ROOT, bin_dir, eventually, suite_base_port
from gap_subscriber import GapSubscriber
from test_ladder import dispatch_command
from whistle_keys import Keys
from whistle_schemas import check_event


def city_4321(path):
    """The demo city with the district on top and no automatic whistle."""
    city = yaml.safe_load((ROOT / "Shared/CityModel/Resources/demo-city.yaml").read_text())
    city["ladder"] = ["grid", "community", "street", "district"]
    city["whistle"] = "none"
    path.write_text(yaml.safe_dump(city, allow_unicode=True))
    return str(path)


class Rungs:
    def __init__(self, suite, tmp_path):
        self.base = suite_base_port()
        self.keys = str(tmp_path / "data" / "keys")
        self.city = city_4321(tmp_path / "city-4321.yaml")
        self.ports = ["--base-port", str(self.base), "--keys", self.keys, "--city", self.city]
        self.up = suite.start("whistle", ["up", *self.ports, "--data", str(tmp_path / "data")])
        self.up.wait_line("suite ready", timeout=90)
        self.context = zmq.Context()
        self.heard = {}
        self.listeners = {}

    def listen(self, identity):
        """`identity` subscribes, with its own key, to what its certificate lets it read: its own task topic."""
        self.listeners[identity] = GapSubscriber(f"tcp://127.0.0.1:{self.base + 1}", [f"task.{identity}."], context=self.context,
                                                 check=check_event, keys=Keys(self.keys, identity))
        self.heard[identity] = []

    def poll(self):
        for identity, listener in self.listeners.items():
            self.heard[identity].extend(listener.poll(20))

    def got(self, identity):
        """What `identity` heard: (event type, case) in order."""
        self.poll()
        return [(d["event"]["type"], d["event"]["data"]["case"]) for d in self.heard[identity]]

    def whistle(self, *args):
        result = subprocess.run([str(bin_dir() / "whistle"), *args, *self.ports], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stdout + result.stderr
        return json.loads(result.stdout.splitlines()[-1])

    def report(self, category, grid):
        answer = self.whistle("report", "--category", category, "--grid", grid, "--reporter", "r-001")
        assert answer["status"] == "accepted", answer
        return answer["case"]

    def staff(self, identity, action, case, **fields):
        """A staff command in plain pyzmq, with `identity`'s own key."""
        reply = dispatch_command(self.keys, self.base, {"staff": identity, "case": case, "action": action, **fields})
        assert reply["status"] == "ok", reply
        return reply


def test_every_rungs_holder_receives_its_own_task_with_its_own_key_and_nothing_else(suite, tmp_path):
    rungs = Rungs(suite, tmp_path)
    holders = ["gw-g02", "gw-g01", "gw-g10", "co-c01", "co-c04", "so-s01", "so-s02", "do-d01", "cg", "wy", "pcs", "med-g03", "med-g02"]
    for identity in holders:
        rungs.listen(identity)
    # The community office's own CLI listener, as the ready banner suggests.
    co_cli = subprocess.Popen([str(bin_dir() / "whistle"), "staff", "co-c01", "listen", "--count", "2", *rungs.ports],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    case = rungs.report("ljdf", "g02")                 # the case that climbs every rung
    g01 = rungs.report("ljdf", "g01")                  # g01 must not be confused with g02 (nor g010 with g01)
    g10 = rungs.report("ljdf", "g10")                  # the other street's
    dispute = rungs.report("fljf", "g03")              # a grid dispute: its mediator's
    assigned, withdrawn = "whistle.task.assigned", "whistle.task.withdrawn"
    eventually(lambda: rungs.got("gw-g02") == [(assigned, case)], "the grid worker holds the case first", 30)
    rungs.staff("gw-g02", "escalate", case, reason="需要社区协调")
    eventually(lambda: rungs.got("co-c01") == [(assigned, case)], "then the community office", 30)
    rungs.staff("co-c01", "escalate", case, reason="需要街道协调")
    eventually(lambda: rungs.got("so-s01") == [(assigned, case)], "then the street office", 30)
    rungs.staff("so-s01", "escalate", case, reason="提请区领导会办")
    eventually(lambda: rungs.got("do-d01") == [(assigned, case)], "then the district's command centre", 30)
    rungs.staff("do-d01", "whistle", case)
    eventually(lambda: rungs.got("cg") == [(assigned, case)] and rungs.got("wy") == [(assigned, case)],
               "the district's whistle summons 城管 (lead) and 物业", 30)
    eventually(lambda: rungs.got("med-g03") == [("whistle.mediation.assigned", dispute)], "the grid's mediator is given the dispute", 30)
    expected = {
        "gw-g02": [(assigned, case), (withdrawn, case)], "co-c01": [(assigned, case), (withdrawn, case)],
        "so-s01": [(assigned, case), (withdrawn, case)], "do-d01": [(assigned, case), (withdrawn, case)],
        "gw-g01": [(assigned, g01)], "gw-g10": [(assigned, g10)], "cg": [(assigned, case)], "wy": [(assigned, case)],
        "med-g03": [("whistle.mediation.assigned", dispute)], "co-c04": [], "so-s02": [], "pcs": [], "med-g02": [],
    }
    eventually(lambda: {identity: rungs.got(identity) for identity in holders} == expected,
               "each holder heard exactly its own tasks and their withdrawals", 30)
    tasks = {d["event"]["data"]["task"]: d for identity in holders for d in rungs.heard[identity] if d["event"]["type"] == assigned}
    assert {t["topic"] for t in tasks.values() if t["event"]["data"]["case"] == case} == {
        f"task.{holder}.s01.c01.g02" for holder in ("gw-g02", "co-c01", "so-s01", "do-d01", "cg", "wy")}
    assert [t["event"]["data"]["kind"] for t in tasks.values() if t["event"]["data"]["case"] == case] == [
        "grid", "community", "street", "district", "department", "department"]
    assert all(t["event"]["data"]["holder"] == t["topic"].split(".")[1] for t in tasks.values())

    # The CLI listener printed the community office's two events, then stopped.
    out, err = co_cli.communicate(timeout=30)
    printed = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert [(p["event"]["type"], p["event"]["data"]["case"]) for p in printed] == [(assigned, case), (withdrawn, case)], out + err

    # Nobody can listen to another holder's topic: the bus refuses the subscription, the replay the request.
    intruder = GapSubscriber(f"tcp://127.0.0.1:{rungs.base + 1}", ["task.gw-g02."], context=rungs.context, keys=Keys(rungs.keys, "gw-g01"))
    try:
        eventually(lambda: intruder.poll(100) != [], "gw-g01 hears gw-g02's tasks", 5)
        raise AssertionError("gw-g01 read gw-g02's tasks")
    except RuntimeError as refused:
        assert "may not read topics under 'task.gw-g02.'" in str(refused)
    except AssertionError as nothing:
        assert "timed out" in str(nothing)
    for listener in list(rungs.listeners.values()) + [intruder]:
        listener.close()
    rungs.context.destroy(linger=0)


def test_a_rung_is_not_a_department_and_the_cli_says_whose_listen_to_use(suite, tmp_path):
    base = suite_base_port()
    result = subprocess.run([str(bin_dir() / "whistle"), "dept", "community", "listen", "--base-port", str(base)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode != 0 and "whistle staff co-c01 listen" in result.stderr, result.stderr
