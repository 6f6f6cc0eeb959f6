"""The console's deliberation board in Debian's chromium: a community office opens a vote with its own key (the CLI),
the board lists it at once, its page shows the tally by household and by exclusive area as the resident app's votes
(plain pyzmq, the app's own key) come in — without a reload, checked against sums made here with exact fractions —
and, once the vote closes by itself, the result; another community's office is refused the proposal."""
import json
import time
from fractions import Fraction

from playwright.sync_api import sync_playwright

from test_console import DESKTOP, rebuilt_equals_live, shoot, sign_in
from test_deliberation import BUILDING_3, city_with_households
from test_ladder import secure_command
from test_mediation import Mediation
from whistle_keys import Keys


def test_the_deliberation_board_shows_a_votes_tally_by_head_and_by_area_live_and_its_result(suite, tmp_path):
    m = Mediation(suite, tmp_path, city_with_households(tmp_path / "city.yaml", representatives=True))
    console, keys = f"http://127.0.0.1:{m.base + 400}", tmp_path / "data" / "keys"
    app = Keys(m.keys, "resident-app")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        office = sign_in(browser, console, keys, "co-c01", viewport=DESKTOP)
        office.goto(console + "/deliberation")
        office.wait_for_selector("#live.on")
        closes = time.time() + 25
        m.whistle("proposal", "open", "lift-3", "--as", "co-c01", "--community", "c01", "--building", "3", "--question", "3号楼加装电梯",
                  "--rule", "double-three-quarters", "--proposed-by", "3号楼业主代表", "--closes", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(closes)))
        office.wait_for_selector("table[data-status=voting] tr[data-proposal=lift-3]", timeout=5000)

        office.goto(console + "/deliberation/lift-3")
        assert office.inner_text("#participants") == "0/30" and office.inner_text("#question") == "3号楼加装电梯"
        sent = {}
        for n, choice in enumerate(["agree", "agree", "agree", "disagree", "agree", "abstain"]):
            household = f"c01-3-{n:02d}"
            reply = secure_command(app, "mediation-1", m.base + 201, "vote-command",
                                   {"proposal": "lift-3", "household": household, "voter": "r-001" if n == 0 else f"r-h{n}", "choice": choice})
            assert reply["status"] == "ok", reply
            sent[household] = choice
        office.wait_for_selector("#participants:text('6/30')", timeout=15000)     # the page fetches mediation's tally every 10 s
        assert office.evaluate("performance.getEntriesByType('navigation').length") == 1, "no reload"
        area = dict(BUILDING_3)
        for choice in ("agree", "disagree", "abstain"):
            heads = [h for h, c in sent.items() if c == choice]
            assert office.inner_text(f"#heads tr[data-vote={choice}] td.count") == str(len(heads))
            assert Fraction(office.inner_text(f"#areas tr[data-vote={choice}] td.area")) == sum((area[h] for h in heads), Fraction(0))
        shoot(office, "proposal-desktop")

        other = sign_in(browser, console, keys, "co-c04")
        refused = other.goto(console + "/deliberation/lift-3")
        assert refused.status == 403 and "outside what 'co-c04' sees" in other.inner_text("#error")
        other.goto(console + "/deliberation")
        assert other.locator("tr[data-proposal=lift-3]").count() == 0
        worker = sign_in(browser, console, keys, "gw-g01")
        worker.goto(console + "/deliberation")
        assert worker.locator("tr[data-proposal=lift-3]").count() == 1, "a grid worker sees their community's proposals"

        # 6 of 30 households: no quorum under the 3/4 rule — the board says so once mediation closes the vote by itself.
        office.goto(console + "/deliberation")
        office.wait_for_selector("table[data-status=decided] tr[data-proposal=lift-3]", timeout=40000)
        agreed = sum(1 for c in sent.values() if c == "agree")
        assert office.inner_text("tr[data-proposal=lift-3] td.result").startswith(f"未通过 {agreed}/30")
        browser.close()
    rebuilt_equals_live(tmp_path, keys, m.base, ["console_proposal"])
