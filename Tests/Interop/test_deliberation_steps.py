"""A proposal through all five steps (提 → 议 → 定 → 做 → 评) with 四议两公开, as 中山社区's office and its households live it:
`whistle up` with keys on a city whose building 3 has 30 households. The office (co-c01) acts with its own key through
the CLI and plain pyzmq; the resident app votes and rates for households in pyzmq with its key; mediation is `kill -9`ed
while the households rate. The tally and the ratings are checked against counts made here from what was sent, and three
households' representatives hear the vote open, its result, the call to rate and both publications on their webhooks."""
import json
import re
import subprocess
import time
from datetime import datetime, timedelta
from fractions import Fraction

from conftest import eventually
from test_deliberation import BUILDING_3, city_with_households, count
from test_ladder import secure_command
from test_mediation import Mediation
from test_suite_up import WebhookSink, child_pid
from whistle_keys import Keys
from whistle_schemas import check_message


def test_a_proposal_goes_through_its_five_steps_with_four_deliberations_and_two_publications(suite, tmp_path):
    sink = WebhookSink()                  # r-001 and r-h1 vote; r-h29 does not; r-002 is no representative in building 3
    hooks = [arg for r in ("r-001", "r-h1", "r-h29", "r-002") for arg in ("--webhook", f"{r}={sink.url}")]
    m = Mediation(suite, tmp_path, city_with_households(tmp_path / "city.yaml", representatives=True), up=hooks)
    app = Keys(m.keys, "resident-app")

    def office(*args):
        return json.loads(m.whistle("proposal", *args, "--as", "co-c01").splitlines()[-1])

    def pyzmq_office(**fields):
        return secure_command(Keys(m.keys, "co-c01"), "mediation-1", m.base + 201, "proposal-command",
                              {"staff": "co-c01", "proposal": "lift-3", **fields})

    def household(kind, n, **fields):
        voter = "r-001" if n == 0 else f"r-h{n}"
        return secure_command(app, "mediation-1", m.base + 201, kind, {"proposal": "lift-3", "household": f"c01-3-{n:02d}", "voter": voter, **fields})

    def show():
        return check_message("proposal-view", json.loads(m.whistle("proposal", "show", "lift-3")))

    try:
        m.listen("operator", "deliberation.")
        # 提: the proposal, for discussion; no vote yet.
        assert office("propose", "lift-3", "--community", "c01", "--building", "3", "--question", "3号楼加装电梯",
                      "--proposed-by", "3号楼业主代表")["state"] == "proposed"
        assert household("vote-command", 1, choice="agree")["error"] == "invalid_transition", "no vote before it opens"
        # 议: a residents' meeting, then 四议 — out of order refused, then in order.
        assert office("record", "lift-3", "--stage", "discussion", "--note", "民情议事会：3号楼21户到会，多数赞成")["status"] == "ok"
        early = pyzmq_office(action="record", stage="committees", note="两委会商议")
        assert early["error"] == "invalid_transition" and "branch-proposal" in early["message"], early
        for stage, minutes in [("branch-proposal", "社区党委提议加装电梯"), ("committees", "两委会商议通过"),
                               ("party-members", "党员大会审议通过"), ("representatives", "居民代表会议决议提交全体业主表决")]:
            assert office("record", "lift-3", "--stage", stage, "--note", minutes)["status"] == "ok"
        # 定: the vote, first votes final; 24 of 30 take part, 19 agree.
        opening = time.time()
        assert office("open", "lift-3", "--rule", "double-three-quarters", "--closes", "+600", "--no-changeable")["state"] == "open"
        votes = {}
        for n in range(24):
            choice = "disagree" if n in (3, 9, 17) else "abstain" if n in (5, 11) else "agree"
            assert household("vote-command", n, choice=choice)["state"] == choice
            votes[f"c01-3-{n:02d}"] = choice
        assert household("vote-command", 4, choice="disagree")["error"] == "already_voted", "a first vote is final here"
        decided = office("close", "lift-3")
        passed, quorum, agree, agree_area = count("double-three-quarters", BUILDING_3, votes)
        assert decided["state"] == ("passed" if passed else "rejected") and passed and quorum, decided
        assert pyzmq_office(action="publish", publication="result")["error"] == "invalid_transition", "no result before it is carried out"
        assert office("publish", "lift-3", "--publication", "resolution", "--note", "公示7天")["status"] == "ok"

        # 做: two tasks, one of them dispatched as a case.
        case = m.report("ljdf", "g03")
        assert office("carry-out", "lift-3", "--task", "施工单位招标")["state"] == "carrying-out"
        assert office("carry-out", "lift-3", "--task", "清理施工场地", "--case", case)["status"] == "ok"
        assert office("complete", "lift-3")["state"] == "evaluating"

        # 评: 20 households rate; mediation is killed after the tenth and the rest rate after its restart.
        answers = {}
        for n in range(20):
            if n == 10:
                before = child_pid(m.up.popen.pid, "whistle-mediation")
                subprocess.run(["kill", "-9", str(before)], check=True)
                eventually(lambda: child_pid(m.up.popen.pid, "whistle-mediation") not in (None, before), "mediation restarts")
            satisfaction = "unsatisfied" if n in (2, 13) else "basic" if n in (4, 8, 16) else "satisfied"
            assert household("proposal-rating-command", n, satisfaction=satisfaction)["state"] == satisfaction
            answers[n] = satisfaction
        assert household("proposal-rating-command", 0, satisfaction="basic", voter="r-009")["error"] == "not_a_household"
        outsider = secure_command(app, "mediation-1", m.base + 201, "proposal-rating-command",
                                  {"proposal": "lift-3", "household": "c01-5-00", "voter": "r-x", "satisfaction": "satisfied"})
        assert outsider["error"] == "not_a_household", "building 5 was not asked"
        assert show()["satisfaction"]["rated"] == 20, "the live count"
        assert office("evaluate", "lift-3")["state"] == "evaluated"
        assert household("proposal-rating-command", 25, satisfaction="satisfied")["error"] == "invalid_transition", "the rating closed"
        assert office("publish", "lift-3", "--publication", "result", "--note", "电梯已投入使用")["status"] == "ok"

        # What the suite heard: every step once, in order, the tally and the ratings as counted here.
        eventually(lambda: len(m.got("operator")) == 14, "every step published")
        events = [d["event"] for d in m.heard["operator"]]
        steps = [e["data"].get("step", e["type"].split(".")[-1]) for e in events]
        assert steps == ["proposed"] + ["deliberated"] * 5 + ["opened", "decided", "published", "task", "task", "completed", "evaluated",
                                                              "published"], steps
        assert [e["data"].get("stage") for e in events[1:6]] == ["discussion", "branch-proposal", "committees", "party-members", "representatives"]
        assert len({e["id"] for e in events}) == len(events), "each step's event has an id of its own"
        tally = events[7]["data"]["tally"]
        assert (tally["participants"], tally["agree"], Fraction(tally["agreeArea"]).limit_denominator(100)) == (24, agree, agree_area)
        assert events[8]["data"]["publication"] == "resolution" and events[8]["data"]["passed"] is True
        assert events[10]["data"]["case"] == case
        expected = {"households": 30, "rated": 20, "satisfied": list(answers.values()).count("satisfied"),
                    "basic": list(answers.values()).count("basic"), "unsatisfied": list(answers.values()).count("unsatisfied")}
        expected["satisfactionPercent"] = round((expected["satisfied"] + expected["basic"]) * 100 / expected["rated"], 1)
        assert events[12]["data"]["satisfaction"] == expected and events[13]["data"]["satisfaction"] == expected
        view = show()
        assert view["status"] == "evaluated" and [p["publication"] for p in view["publications"]] == ["resolution", "result"]
        assert [t["case"] for t in view["tasks"] if "case" in t] == [case] and len(view["stages"]) == 5

        # What the households heard: each representative the same five notices, once each, in order, whether they voted
        # or not; someone who votes for no household of building 3 nothing.
        kinds = ["vote-opened", "vote-decided", "proposal-published", "proposal-completed", "proposal-published"]
        eventually(lambda: all(len(sink.heard(r, "lift-3")) == 5 for r in ("r-001", "r-h1", "r-h29")), "the representatives hear the proposal's steps")
        heard = sink.heard("r-h29", "lift-3")
        assert [k for k, _ in heard] == kinds and sink.heard("r-001", "lift-3") == heard == sink.heard("r-h1", "lift-3"), heard
        assert sink.heard("r-002", "lift-3") == [] and not any(b["recipient"] == "r-002" for b in sink.accepted)
        closes = re.search(r"请于 (\S+ \S+ \+08:00) 前", heard[0][1]).group(1)     # the closing time on the city's clock
        shown = datetime.strptime(closes, "%Y-%m-%d %H:%M:%S %z")
        assert shown.utcoffset() == timedelta(hours=8) and abs(shown.timestamp() - (opening + 600)) < 30, heard[0]
        assert "四分之三以上同意" in heard[0][1] and "3号楼" in heard[0][1]
        participating = f"{float(sum(a for h, a in BUILDING_3 if h in votes)):.2f}".rstrip("0").rstrip(".")
        assert f"参与表决 24/30 户、专有面积 {participating}/" in heard[1][1] and f"同意 {agree} 户" in heard[1][1], heard[1]
        assert "表决通过" in heard[1][1] and "决议已公开" in heard[2][1] and "请评价" in heard[3][1]
        assert f"住户满意率 {expected['satisfactionPercent']:g}%" in heard[4][1], heard[4]
        assert all(b["proposal"] == "lift-3" and "case" not in b for b in sink.accepted if b["recipient"] == "r-h29")
    finally:
        m.close()
