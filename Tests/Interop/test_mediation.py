"""Mediation's tiers (4321) as its people use them: `whistle up` with keys on the demo city, each mediator listening
in plain pyzmq with its own key and acting with it (pyzmq or the CLI). A grid dispute the grid's mediator cannot settle
climbs to the community's committee, which refers it to court; another is settled at the grid; a community dispute
in the other street stays there. The statistics over HTTP, read with each caller's own key, are checked against a
count made from the events on the bus."""
import csv
import io
import json
import subprocess
import time
import urllib.error
import urllib.request

import zmq

import yaml

from conftest import ROOT, api_get, bin_dir, eventually, suite_base_port
from gap_subscriber import GapSubscriber
from test_ladder import secure_command
from test_suite_up import child_pid
from whistle_keys import Keys
from whistle_schemas import check_event, check_message


class Mediation:
    def __init__(self, suite, tmp_path, city=None, up=()):
        self.base = suite_base_port()
        self.keys = str(tmp_path / "data" / "keys")
        self.ports = ["--base-port", str(self.base), "--keys", self.keys] + (["--city", city] if city else [])
        self.up = suite.start("whistle", ["up", *self.ports, "--data", str(tmp_path / "data"), *up])
        self.up.wait_line("suite ready", timeout=90)
        self.whistle_bin = bin_dir() / "whistle"
        self.context = zmq.Context()
        self.listeners = {}
        self.heard = {}

    def listen(self, identity, prefix=None):
        """`identity` subscribes with its own key: a mediator to its own task topic."""
        self.listeners[identity] = GapSubscriber(f"tcp://127.0.0.1:{self.base + 1}", [prefix or f"task.{identity}."],
                                                 context=self.context, check=check_event, keys=Keys(self.keys, identity))
        self.heard[identity] = []

    def got(self, identity):
        self.heard[identity].extend(self.listeners[identity].poll(20))
        return [(d["event"]["type"], d["event"]["data"].get("case"), d["event"]["data"].get("level")) for d in self.heard[identity]]

    def whistle(self, *args):
        result = subprocess.run([str(bin_dir() / "whistle"), *args, *self.ports], capture_output=True, text=True, timeout=30)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def report(self, category, grid):
        answer = json.loads(self.whistle("report", "--category", category, "--grid", grid, "--reporter", "r-001").splitlines()[-1])
        assert answer["status"] == "accepted", answer
        return answer["case"]

    def conclude(self, mediator, case, **fields):
        """A mediator command in plain pyzmq with the mediator's own key, checked against its schema both ways."""
        return secure_command(Keys(self.keys, mediator), "mediation-1", self.base + 201, "mediator-command",
                              {"mediator": mediator, "mediation": f"m-{case}", "action": "conclude", **fields})

    def stats(self, identity, query=""):
        """Mediation's GET /stats (base + 303) with `identity`'s API key: (status, body)."""
        status, body = api_get(f"http://127.0.0.1:{self.base + 303}/stats{query}", self.keys, identity)
        return status, (body if status == 200 or isinstance(body, str) else json.dumps(body))

    def close(self):
        for listener in self.listeners.values():
            listener.close()
        self.context.destroy(linger=0)


def count_by_tier(events):
    """The tier table from mediation's own events, as docs/protocol.md §8 defines it: each dispute counts once at every
    tier it reached, and once in how it left each (escalated, or its conclusion at the last), or open there."""
    tiers = {level: {"received": 0, "settled": 0, "escalated": 0, "referred": 0, "failed": 0, "open": 0}
             for level in ("grid", "community", "street", "district")}
    disputes = {}
    for event in events:
        data, kind = event["data"], event["type"]
        if kind == "whistle.mediation.opened":
            disputes[data["mediation"]] = [data["level"]]
        elif kind == "whistle.mediation.escalated":
            disputes[data["mediation"]].append(data["level"])
            tiers[data["from"]]["escalated"] += 1
        elif kind == "whistle.mediation.concluded":
            last = disputes[data["mediation"]][-1]
            result = "settled" if data["outcome"] == "agreed" else "referred" if data.get("referral") else "failed"
            tiers[last][result] += 1
            disputes[data["mediation"]].append(None)
    for path in disputes.values():
        reached = [level for level in path if level is not None]
        for level in reached:
            tiers[level]["received"] += 1
        if path[-1] is not None:
            tiers[path[-1]]["open"] += 1
    return tiers


def test_a_failure_climbs_a_tier_a_referral_ends_it_and_the_statistics_count_by_tier(suite, tmp_path):
    m = Mediation(suite, tmp_path)
    try:
        for mediator in ("med-g03", "med-c01", "med-s01", "med-c03", "med-g01"):
            m.listen(mediator)
        m.listen("operator", "mediation.")
        climbs = m.report("fljf", "g03")                   # 邻里纠纷, grid level, c01 of s01
        settles = m.report("fljf", "g03")
        community = m.report("wyjf", "g08")                # 物业纠纷, community level, c03 of s02
        opened = "whistle.mediation.assigned"
        eventually(lambda: m.got("med-g03") == [(opened, climbs, "grid"), (opened, settles, "grid")], "the grid's mediator is given both")
        eventually(lambda: m.got("med-c03") == [(opened, community, "community")], "the other street's committee its own")

        # The grid's mediator cannot settle the first: it climbs to the community's committee, with the record.
        reply = m.conclude("med-g03", climbs, outcome="failed", note="双方分歧较大")
        assert reply["status"] == "ok" and reply["state"] == "escalated", reply
        eventually(lambda: m.got("med-c01") == [(opened, climbs, "community")], "the community's committee is given it")
        late = m.conclude("med-g03", climbs, outcome="agreed")
        assert late["error"] == "not_your_mediation" and "med-c01" in late["message"], late
        # The committee refers it to court, through the CLI with its own key.
        printed = json.loads(m.whistle("mediator", "med-c01", "conclude", f"m-{climbs}", "--outcome", "failed", "--referral", "court")
                             .splitlines()[-1])
        assert printed["state"] == "referred", printed
        assert m.whistle("mediator", "med-g03", "conclude", f"m-{settles}", "--outcome", "agreed", "--note", "协议已签")
        assert m.conclude("med-c03", community, outcome="failed")["state"] == "escalated"          # to 西郊街道's committee

        # Dispatch's case follows every step; the community's mediator now reads it.
        def steps():
            view = json.loads(m.whistle("case", climbs))
            return view["status"], [h["action"] for h in view["history"]]
        eventually(lambda: steps()[0] == "mediation-failed", "dispatch records the climb and the referral")
        assert steps() == ("mediation-failed", ["referred", "mediating", "mediation-escalated", "mediation-failed"]), steps()
        cases = urllib.request.Request(f"http://127.0.0.1:{m.base + 302}/cases/{climbs}",
                                       headers={"Authorization": f"Bearer {Keys(m.keys, 'med-c01').api_key}"})
        with urllib.request.urlopen(cases, timeout=10) as response:
            assert json.loads(response.read())["case"] == climbs, "the committee that took it reads the case"
        assert m.got("med-s01") == [] and m.got("med-g01") == [], "nobody else was told"

        # The statistics, against a count of mediation's own events (operator's subscription to mediation.).
        eventually(lambda: len([d for d in m.got("operator") if d[0] == "whistle.mediation.concluded"]) == 2, "both conclusions published")
        events = [d["event"] for d in m.heard["operator"]]
        expected = count_by_tier(events)
        status, report = m.stats("operator")
        assert status == 200, report
        check_message("mediation-stats", report)
        assert {row["level"]: {k: row[k] for k in expected["grid"]} for row in report["tiers"]} == expected
        assert expected["grid"] == {"received": 2, "settled": 1, "escalated": 1, "referred": 0, "failed": 0, "open": 0}
        assert (report["disputes"], report["settled"], report["referred"], report["open"]) == (3, 1, 1, 1)
        assert report["successPercent"] == 50.0 and [r["settledPercent"] for r in report["tiers"]] == [100.0, 0.0, 0.0, 0.0]

        # Each caller counts what its key may: an office its area, a mediator what it had, a department nothing.
        assert m.stats("co-c01")[1]["disputes"] == 2
        assert m.stats("so-s02")[1]["disputes"] == 1
        assert m.stats("med-c01")[1]["disputes"] == 1 and m.stats("med-s02")[1]["disputes"] == 1
        status, body = m.stats("cg")
        assert status == 403 and "does not read mediation's statistics" in body, body
        status, body = m.stats("operator", "?from=yesterday")
        assert status == 400 and "'from' must be a date" in body, body

        # The CLI's sheet: a row per tier and the total.
        rows = list(csv.reader(io.StringIO(m.whistle("stats", "--mediation", "--csv").lstrip("\ufeff"))))
        assert rows[0][:7] == ["tier", "received", "settled", "escalated", "referred", "failed", "open"]
        assert [r[0] for r in rows[1:]] == ["grid", "community", "street", "district", "all"]
        assert rows[1][1:4] == ["2", "1", "1"] and rows[5][1] == "3"
    finally:
        m.close()


def test_a_tiers_time_limit_passing_while_mediation_is_killed_climbs_exactly_once_and_the_top_tiers_ends_it(suite, tmp_path):
    """Each tier has a dispute for 4 s here. Mediation is frozen (SIGSTOP) across the grid's due time and then
    `kill -9`ed; the supervisor restarts it, and the restarted service passes the dispute up once. It is killed again
    just after, and each later tier's time passes once too, up to the district's, which ends it failed."""
    city = yaml.safe_load((ROOT / "Shared/CityModel/Resources/demo-city.yaml").read_text())
    city["limits"]["mediation"] = "4s"
    (tmp_path / "city.yaml").write_text(yaml.safe_dump(city, allow_unicode=True))
    m = Mediation(suite, tmp_path, str(tmp_path / "city.yaml"))
    try:
        m.listen("operator", "mediation.")
        m.listen("med-c01")
        case = m.report("fljf", "g03")
        eventually(lambda: [d[0] for d in m.got("operator")] == ["whistle.mediation.opened"], "mediation opens the dispute")
        opened_at = time.monotonic()
        mediation = child_pid(m.up.popen.pid, "whistle-mediation")
        subprocess.run(["kill", "-STOP", str(mediation)], check=True)
        # The grid tier's 4 s pass while mediation cannot act (a deadline on the clock, not a guess at a condition).
        eventually(lambda: time.monotonic() > opened_at + 5, "the grid tier's time passes", 10)
        subprocess.run(["kill", "-9", str(mediation)], check=True)
        eventually(lambda: any(d[0] == "whistle.mediation.escalated" for d in m.got("operator")), "the restarted mediation passes it up", 30)
        again = child_pid(m.up.popen.pid, "whistle-mediation")
        assert again and again != mediation
        subprocess.run(["kill", "-9", str(again)], check=True)
        eventually(lambda: any(d[0] == "whistle.mediation.concluded" for d in m.got("operator")), "the district's time ends it", 60)

        events = [d["event"] for d in m.heard["operator"]]
        assert [(e["type"], e["data"].get("from"), e["data"]["level"] if "level" in e["data"] else None) for e in events] == [
            ("whistle.mediation.opened", None, "grid"),
            ("whistle.mediation.escalated", "grid", "community"),
            ("whistle.mediation.escalated", "community", "street"),
            ("whistle.mediation.escalated", "street", "district"),
            ("whistle.mediation.concluded", None, None)], events
        assert all(e["data"]["reason"] == "time-limit" for e in events if e["type"] == "whistle.mediation.escalated")
        assert events[-1]["data"]["outcome"] == "failed" and "time limit passed" in events[-1]["data"]["note"]
        assert [d[0] for d in m.got("med-c01")] == ["whistle.mediation.assigned"], "the community's committee was told once"

        def steps():
            view = json.loads(m.whistle("case", case))
            return view["status"], [h["action"] for h in view["history"]]
        eventually(lambda: steps()[0] == "mediation-failed", "dispatch follows to the end")
        assert steps()[1] == ["referred", "mediating", "mediation-escalated", "mediation-escalated", "mediation-escalated", "mediation-failed"]
        late = m.conclude("med-d01", case, outcome="agreed")
        assert late["error"] == "invalid_transition", late
    finally:
        m.close()
