"""Community deliberation (协商议事) as its people use it: `whistle up` with keys on a city whose building 3 of 中山社区
has 30 households (and building 5 ten more). The community office opens proposals with its own key (the CLI), the
resident app votes for households in plain pyzmq with its key, and the results are checked against a count made here
with exact fractions from the votes sent — the 加装电梯 vote under the 3/4 rule closing by itself while mediation is
frozen and `kill -9`ed, published exactly once; a community-wide vote missing its quorum."""
import json
import subprocess
import time
from fractions import Fraction

import yaml

from conftest import ROOT, eventually
from test_ladder import secure_command
from test_mediation import Mediation
from test_suite_up import child_pid
from whistle_keys import Keys
from whistle_schemas import check_message

BUILDING_3 = [(f"c01-3-{n:02d}", Fraction(8000 + 137 * (n % 7), 100)) for n in range(30)]   # 80.00 … 88.22 m²
BUILDING_5 = [(f"c01-5-{n:02d}", Fraction(120)) for n in range(10)]


def city_with_households(path, representatives=False):
    """Building 3's first household votes through r-001; with `representatives`, each other one of building 3 through r-h<n>."""
    city = yaml.safe_load((ROOT / "Shared/CityModel/Resources/demo-city.yaml").read_text())
    city["households"] = [{"id": h, "community": "c01", "building": h.split("-")[1], "area": float(a)} for h, a in BUILDING_3 + BUILDING_5]
    city["households"][0]["representative"] = "r-001"
    for n in range(1, len(BUILDING_3) if representatives else 1):
        city["households"][n]["representative"] = f"r-h{n}"
    path.write_text(yaml.safe_dump(city, allow_unicode=True))
    return str(path)


def count(rule, asked, votes):
    """The tally as docs/protocol.md §8 defines the rules, in exact fractions: (passed, quorum, agree heads, agree area)."""
    total = sum(a for _, a in asked)
    area = dict(asked)
    taking_part = [h for h, _ in asked if h in votes]
    participating = sum(area[h] for h in taking_part)
    agree = [h for h in taking_part if votes[h] == "agree"]
    agree_area = sum(area[h] for h in agree)
    quorum = participating >= Fraction(2, 3) * total and len(taking_part) >= Fraction(2, 3) * len(asked)
    if rule == "double-three-quarters":
        passed = quorum and agree_area >= Fraction(3, 4) * participating and len(agree) >= Fraction(3, 4) * len(taking_part)
    else:
        passed = quorum and agree_area > participating / 2 and len(agree) > Fraction(len(taking_part), 2)
    return passed, quorum, len(agree), agree_area


def choose(rule, asked, votes, options):
    """The option chosen as docs/protocol.md §8 defines it for a question with options, in exact fractions: the one
    whose households alone meet the rule (nil when none does), and each option's (heads, area)."""
    total, area = sum(a for _, a in asked), dict(asked)
    taking_part = [h for h, _ in asked if h in votes]
    participating = sum(area[h] for h in taking_part)
    quorum = rule == "majority" or (participating >= Fraction(2, 3) * total and len(taking_part) >= Fraction(2, 3) * len(asked))
    counts = {o: ([h for h in taking_part if votes[h] == o]) for o in options}
    share = Fraction(3, 4) if rule == "double-three-quarters" else None

    def meets(heads):
        heads_area = sum(area[h] for h in heads)
        if rule == "majority":
            return len(heads) > Fraction(len(asked), 2)
        if share:
            return quorum and heads_area >= share * participating and len(heads) >= share * len(taking_part)
        return quorum and heads_area > participating / 2 and len(heads) > Fraction(len(taking_part), 2)
    chosen = [o for o in options if meets(counts[o])]
    assert len(chosen) <= 1
    return (chosen[0] if chosen else None), {o: (len(hs), sum(area[h] for h in hs)) for o, hs in counts.items()}


def test_a_lift_vote_closes_once_across_kill_9_and_a_community_vote_misses_its_quorum(suite, tmp_path):
    m = Mediation(suite, tmp_path, city_with_households(tmp_path / "city.yaml"))
    app = Keys(m.keys, "resident-app")

    def vote(proposal, household, choice, voter="r-001"):
        return secure_command(app, "mediation-1", m.base + 201, "vote-command",
                              {"proposal": proposal, "household": household, "voter": voter, "choice": choice})

    def show(proposal):
        return check_message("proposal-view", json.loads(m.whistle("proposal", "show", proposal)))

    try:
        m.listen("operator", "deliberation.")
        closes = time.time() + 12
        opened = json.loads(m.whistle("proposal", "open", "lift-3", "--as", "co-c01", "--community", "c01", "--building", "3",
                                      "--question", "3号楼加装电梯", "--rule", "double-three-quarters", "--proposed-by", "3号楼业主代表",
                                      "--closes", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(closes))).splitlines()[-1])
        assert opened["state"] == "open" and opened["proposal"] == "lift-3", opened

        # 24 of the 30 households vote: 18 agree (exactly 3/4 of the heads), 6 of the smaller flats disagree — the
        # first changes its mind from disagree to agree.
        sent = {}
        against = {7, 8, 14, 15, 21, 22}
        assert vote("lift-3", "c01-3-00", "disagree")["state"] == "disagree"
        for n in range(24):
            choice = "disagree" if n in against else "agree"
            reply = vote("lift-3", f"c01-3-{n:02d}", choice, voter="r-001" if n == 0 else f"r-h{n}")
            assert reply["status"] == "ok" and reply["state"] == choice, reply
            sent[f"c01-3-{n:02d}"] = choice
        assert vote("lift-3", "c01-3-00", "agree", voter="r-009")["error"] == "not_a_household", "only its representative votes for it"
        assert vote("lift-3", "c01-5-00", "agree")["error"] == "not_a_household", "building 5 is not asked"
        assert vote("nope", "c01-3-01", "agree")["error"] == "unknown_proposal"
        live = show("lift-3")
        assert live["status"] == "open" and live["tally"]["participants"] == 24 and live["tally"]["agree"] == 18

        # Mediation is frozen across the closing time, then killed; the restarted service closes the vote once.
        mediation = child_pid(m.up.popen.pid, "whistle-mediation")
        subprocess.run(["kill", "-STOP", str(mediation)], check=True)
        eventually(lambda: time.time() > closes + 1, "the closing time passes", 30)
        subprocess.run(["kill", "-9", str(mediation)], check=True)
        eventually(lambda: any(d[0] == "whistle.deliberation.decided" for d in m.got("operator")), "the restarted mediation counts the vote", 30)
        readies = sum(1 for line in m.up.lines if line.startswith("ready mediation:"))
        subprocess.run(["kill", "-9", str(child_pid(m.up.popen.pid, "whistle-mediation"))], check=True)
        eventually(lambda: sum(1 for line in m.up.lines if line.startswith("ready mediation:")) > readies, "mediation is back again", 30)
        assert show("lift-3")["status"] == "decided"
        decided = [d["event"] for d in m.heard["operator"] if d["event"]["type"] == "whistle.deliberation.decided"]
        m.got("operator")
        assert len([d for d in m.heard["operator"] if d["event"]["type"] == "whistle.deliberation.decided"]) == 1, "published exactly once"

        passed, quorum, agree, agree_area = count("double-three-quarters", BUILDING_3, sent)
        tally = decided[0]["data"]["tally"]
        assert (decided[0]["data"]["passed"], tally["quorum"], tally["agree"]) == (passed, quorum, agree) == (True, True, 18)
        assert Fraction(str(tally["agreeArea"])) == agree_area and tally["households"] == 30 and tally["participants"] == 24
        assert Fraction(str(tally["area"])) == sum(a for _, a in BUILDING_3)
        assert vote("lift-3", "c01-3-29", "agree")["error"] == "vote_closed"

        # A community-wide vote (40 households) where a first vote is final: 10 take part, the quorum is missed.
        opened = json.loads(m.whistle("proposal", "open", "rules-2027", "--as", "co-c01", "--community", "c01", "--question", "修订居民公约",
                                      "--rule", "double-majority", "--closes", "+600", "--no-changeable").splitlines()[-1])
        assert opened["state"] == "open", opened
        votes = {f"c01-5-{n:02d}": "agree" for n in range(10)}
        for household, choice in votes.items():
            assert vote("rules-2027", household, choice)["state"] == "agree"
        assert vote("rules-2027", "c01-5-00", "disagree")["error"] == "already_voted"
        other = secure_command(Keys(m.keys, "co-c02"), "mediation-1", m.base + 201, "proposal-command",
                               {"staff": "co-c02", "proposal": "rules-2027", "action": "close"})
        assert other["error"] == "not_your_case", "another community's office may not close it"
        closed = json.loads(m.whistle("proposal", "close", "rules-2027", "--as", "co-c01").splitlines()[-1])
        assert closed["state"] == "rejected", closed
        community = BUILDING_3 + BUILDING_5
        passed, quorum, agree, _ = count("double-majority", community, votes)
        view = show("rules-2027")
        assert (view["passed"], view["tally"]["quorum"], view["tally"]["agree"]) == (passed, quorum, agree) == (False, False, 10)
        eventually(lambda: len([d for d in m.got("operator") if d[0] == "whistle.deliberation.decided"]) == 2, "the second result is published")

        # 选聘物业 among three companies, building 3 under 双过半: one option per household (or abstain), the one whose
        # households alone meet the rule is chosen — counted here in exact fractions.
        options = ["甲物业", "乙物业", "丙物业"]
        args = [a for o in options for a in ("--option", o)]
        opened = json.loads(m.whistle("proposal", "open", "wy-2027", "--as", "co-c01", "--community", "c01", "--building", "3",
                                      "--question", "选聘物业服务企业", "--rule", "double-majority", "--closes", "+600", *args).splitlines()[-1])
        assert opened["state"] == "open", opened
        assert check_message("proposal-view", show("wy-2027"))["options"] == options

        def pick(household, option=None, choice=None, voter=None):
            n = int(household.split("-")[-1])
            body = {"proposal": "wy-2027", "household": household, "voter": voter or ("r-001" if n == 0 else f"r-h{n}")}
            body.update({"option": option} if option else {"choice": choice})
            return secure_command(app, "mediation-1", m.base + 201, "vote-command", body)
        assert pick("c01-3-01", option="丁物业")["error"] == "invalid_ballot", "not an option of the question"
        assert pick("c01-3-01", choice="agree")["error"] == "invalid_ballot", "options are chosen, not agreed to"
        assert vote("lift-3", "c01-3-01", "agree")["error"] == "vote_closed"
        chosen_votes = {}
        for n in range(25):
            household = f"c01-3-{n:02d}"
            if n == 24:
                assert pick(household, choice="abstain")["state"] == "abstain"
                chosen_votes[household] = "abstain"
                continue
            option = "乙物业" if n % 3 else ("甲物业" if n % 2 else "丙物业")
            assert pick(household, option=option)["state"] == option
            chosen_votes[household] = option
        cli = json.loads(m.whistle("proposal", "vote", "wy-2027", "--household", "c01-3-01", "--voter", "r-h1", "--option", "甲物业").splitlines()[-1])
        assert cli["state"] == "甲物业", cli               # a household changes its mind, through the CLI
        chosen_votes["c01-3-01"] = "甲物业"
        closed = json.loads(m.whistle("proposal", "close", "wy-2027", "--as", "co-c01").splitlines()[-1])
        expected, per_option = choose("double-majority", BUILDING_3, chosen_votes, options)
        view = show("wy-2027")
        assert closed["state"] == ("passed" if expected else "rejected") and view.get("chosen") == expected == "乙物业", (closed, view)
        assert [(o["option"], o["households"], Fraction(str(o["area"]))) for o in view["tally"]["options"]] == \
            [(o, *per_option[o]) for o in options]
        assert (view["tally"]["participants"], view["tally"]["abstain"], view["tally"]["agree"]) == (25, 1, 0)
        def published():
            m.got("operator")
            return [d["event"]["data"].get("chosen") for d in m.heard["operator"] if d["event"]["data"].get("proposal") == "wy-2027"
                    and d["event"]["type"] == "whistle.deliberation.decided"]
        eventually(lambda: published() == [expected], "the choice is published once")
    finally:
        m.close()


def test_an_office_imports_its_households_from_a_csv_again_without_change_and_a_proposal_asks_those_registered(suite, tmp_path):
    m = Mediation(suite, tmp_path)
    try:
        rows = [("c02-8-1-%03d" % n, "c02", "8", "1", str(100 + n), "", "%.2f" % (70 + n * 1.5)) for n in range(1, 21)]
        sheet = tmp_path / "新民社区-8号楼.csv"
        sheet.write_text("\ufeffid,community,building,unit,door,representative,area\r\n"
                         + "".join(",".join(row) + "\r\n" for row in rows)
                         + "c02-8-1-999,c02,8,1,999,,0\r\n"                 # no area: refused, the others registered
                         + "c01-3-9-999,c01,3,9,999,,80\r\n", encoding="utf-8")   # another community's: refused
        first = subprocess.run([str(m.whistle_bin), "households", "import", str(sheet), "--as", "co-c02", *m.ports],
                               capture_output=True, text=True, timeout=60)
        assert first.returncode != 0 and "imported 20 of 22 households; 2 refused" in first.stdout, first.stdout + first.stderr
        replies = [json.loads(line) for line in first.stdout.splitlines() if line.startswith("{")]
        assert [r.get("error") for r in replies[-2:]] == ["invalid_household", "not_your_case"], replies[-2:]
        assert "line 22" in first.stderr and "line 23" in first.stderr

        sheet.write_text("id,community,building,unit,door,representative,area\n" + "".join(",".join(row) + "\n" for row in rows))
        again = subprocess.run([str(m.whistle_bin), "households", "import", str(sheet), "--as", "co-c02", *m.ports],
                               capture_output=True, text=True, timeout=60)
        assert again.returncode == 0 and "imported 20 of 20 households" in again.stdout, again.stdout + again.stderr
        assert [json.loads(line) for line in again.stdout.splitlines() if line.startswith("{")] == replies[:20], "the same rows, the same answers"

        def once_the_rate_allows(*args):
            """The office's next command, sent again under its id while its rate (2 a second after the imports) refuses it."""
            def answered():
                result = subprocess.run([str(m.whistle_bin), *args, "--as", "co-c02", *m.ports], capture_output=True, text=True, timeout=30)
                reply = json.loads(result.stdout.splitlines()[-1])
                return None if reply.get("error") == "rate_limited" else reply
            return eventually(answered, f"{args[0]} {args[1]} is answered", 30)
        assert once_the_rate_allows("households", "retire", "c02-8-1-020", "--id", "retire-20")["state"] == "retired"
        opened = once_the_rate_allows("proposal", "open", "b8-parking", "--community", "c02", "--building", "8", "--question", "8号楼停车位划线",
                                      "--rule", "majority", "--closes", "+600", "--id", "open-b8")
        assert opened["state"] == "open", opened
        view = check_message("proposal-view", json.loads(m.whistle("proposal", "show", "b8-parking")))
        assert view["tally"]["households"] == 19
        assert view["tally"]["area"] == float(sum(Fraction(r[6]) for r in rows[:19]))
    finally:
        m.close()
