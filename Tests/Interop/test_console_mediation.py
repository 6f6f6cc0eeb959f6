"""The console's mediation board in Debian's chromium: a dispute reported with `whistle report` appears at the grid
tier with its mediator and its time limit in the city's time; when the grid's mediator (with their own key, through
`whistle mediator`) concludes it failed, the board moves it to the community's committee without a reload; another
community's office sees none of it, and a department is refused the board; the board rebuilt from the producers'
replays equals the live one."""
import re
import subprocess
import time
from datetime import datetime, timedelta, timezone

from playwright.sync_api import sync_playwright

from conftest import bin_dir
from test_console import DESKTOP, console_suite, rebuilt_equals_live, shoot, sign_in  # noqa: F401  (the fixture)
from test_suite_up import whistle


def test_the_mediation_board_follows_a_dispute_up_the_tiers_live_for_its_area_only(console_suite, tmp_path):
    up, ports, console, keys = console_suite
    case = whistle("report", *ports, "--category", "fljf", "--grid", "g03", "--reporter", "r-001", "--description", "楼上漏水邻居不认")["case"]
    mediation = f"m-{case}"
    reported = datetime.now(timezone(timedelta(hours=8)))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        office = sign_in(browser, console, keys, "co-c01", viewport=DESKTOP)
        office.goto(console + "/mediation")
        office.wait_for_selector("#live.on")
        row = f"tr[data-mediation='{mediation}']"
        office.wait_for_selector(f"table[data-level=grid] {row}", timeout=10000)
        assert "med-g03" in office.inner_text(f"{row} td.mediator")
        due = office.inner_text(f"{row} td.due")
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00", due), due
        # The demo city gives a tier 30 days (on its calendar): the limit lies about a month after the report.
        limit = datetime.strptime(due, "%Y-%m-%d %H:%M:%S %z")
        assert timedelta(days=25) < limit - reported < timedelta(days=45), (due, reported)

        concluded = subprocess.run([str(bin_dir() / "whistle"), "mediator", "med-g03", "conclude", mediation, "--outcome", "failed",
                                    "--note", "分歧大", *ports], capture_output=True, text=True, timeout=30)
        assert concluded.returncode == 0, concluded.stdout + concluded.stderr
        started = time.monotonic()
        office.wait_for_selector(f"table[data-level=community] {row}", timeout=5000)
        print(f"the board moved the dispute after {time.monotonic() - started:.3f} s")
        assert "med-c01" in office.inner_text(f"{row} td.mediator") and office.inner_text(f"{row} td.step") == "escalated"
        assert office.locator(f"table[data-level=grid] {row}").count() == 0
        assert office.evaluate("performance.getEntriesByType('navigation').length") == 1, "no reload"
        shoot(office, "mediation-desktop")

        # The committee accepts it and drafts the agreement: the board offers the printable agreement, as mediation writes it.
        for args in (["accept", mediation, "--rights-told", "--applicant", "张三,13800000001", "--respondent", "李四,13800000002"],
                     ["draft", mediation, "--facts", "楼上漏水", "--matters", "维修费", "--responsibilities", "李四负主要责任",
                      "--terms", "李四赔偿张三800元", "--way", "微信转账", "--place", "社区调解室", "--by", "2027-01-15"]):
            done = subprocess.run([str(bin_dir() / "whistle"), "mediator", "med-c01", *args, *ports], capture_output=True, text=True, timeout=30)
            assert done.returncode == 0, done.stdout + done.stderr
        try:
            office.wait_for_selector(f"{row} a.agreement", timeout=5000)
        except Exception:
            raise AssertionError(office.inner_html("main")[:3000])
        office.click(f"{row} a.agreement")
        office.wait_for_load_state()
        printed = office.inner_text("body")
        assert "李四赔偿张三800元" in printed and "草稿" in printed, printed[:400]
        shoot(office, "agreement-desktop")

        # The committee's mediator signs in with a named account: their own disputes, and the agreement, and nothing else.
        added = subprocess.run([str(bin_dir() / "whistle"), "accounts", "add", "zhangmed", "--display", "张调解", "--role", "mediator",
                                "--acts-as", "med-c01", *ports], input="tiaojie-2026-冬\n", capture_output=True, text=True, timeout=60)
        assert added.returncode == 0, added.stderr
        mediator = browser.new_context(viewport=DESKTOP).new_page()
        mediator.goto(console + "/mediation")
        mediator.fill("input[name=account]", "zhangmed")
        mediator.fill("input[name=password]", "tiaojie-2026-冬")
        mediator.click("#signin")
        mediator.wait_for_selector(f"table[data-level=community] {row}", timeout=5000)
        assert mediator.goto(f"{console}/mediation/{mediation}/agreement").status == 200
        assert mediator.goto(f"{console}/cases?area=c01").status == 200 and mediator.locator("#cases tr[data-case]").count() == 0
        grid_mediator = browser.new_context(viewport=DESKTOP).new_page()
        assert subprocess.run([str(bin_dir() / "whistle"), "accounts", "add", "wumed", "--display", "吴调解", "--role", "mediator", "--acts-as", "med-g03",
                               *ports], input="tiaojie-2026-夏\n", capture_output=True, text=True, timeout=60).returncode == 0
        grid_mediator.goto(console + "/mediation")
        grid_mediator.fill("input[name=account]", "wumed")
        grid_mediator.fill("input[name=password]", "tiaojie-2026-夏")
        grid_mediator.click("#signin")
        grid_mediator.wait_for_selector("#count")
        assert grid_mediator.locator(row).count() == 0, "the grid's mediator no longer holds it"

        other = sign_in(browser, console, keys, "co-c02")
        assert other.goto(f"{console}/mediation/{mediation}/agreement").status == 404, "another community's dispute: nothing to print"
        other.goto(console + "/mediation")
        assert other.locator(row).count() == 0 and other.locator("#empty").count() == 1
        department = sign_in(browser, console, keys, "cg")
        refused = department.goto(console + "/mediation")
        assert refused.status == 403 and "has no disputes to watch" in department.inner_text("#error")
        browser.close()
    rebuilt_equals_live(tmp_path, keys, int(ports[1]), ["console_case", "console_mediation"])
