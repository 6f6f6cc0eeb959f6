"""The command centre's web console driven by a real browser (Debian's chromium through Playwright), with each person's
own key: the operator's map of the 12 demo grids, a report made with `whistle report` appearing on the map and in the
case list without a reload, a community office that sees its own cases and is refused another's (page and direct
URL), forms refused without their CSRF token (with `requests`), the console `kill -9`ed and catching up, and a
screenshot of every page at desktop and phone widths kept as artefacts."""
import csv
import json
import os
import re
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest
import requests
from playwright.sync_api import sync_playwright

from conftest import ROOT, bin_dir, eventually, suite_base_port
from test_suite_up import child_pid, whistle, whistle_up

ARTIFACTS = Path(os.environ.get("WHISTLE_ARTIFACTS", ROOT / ".build" / "artifacts")) / "console"
DESKTOP, PHONE = {"width": 1280, "height": 800}, {"width": 390, "height": 844}


def api_key(keys, identity):
    return json.loads((keys / "secret" / f"{identity}.json").read_text())["apiKey"]


def sign_in(browser, console, keys, identity, viewport=DESKTOP):
    """A browser context of its own for `identity`, signed in through the form with its own API key."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(console + "/")
    assert page.url.startswith(console + "/signin"), "a page needs a signed-in person"
    page.fill("input[name=key]", api_key(keys, identity))
    page.click("#signin")
    page.wait_for_selector("#identity")
    assert page.inner_text("#identity") == identity
    return page


def report(ports, grid_point, description):
    longitude, latitude = grid_point
    return whistle("report", *ports, "--category", "gkpw", "--longitude", str(longitude), "--latitude", str(latitude),
                   "--description", description, "--reporter", "r-001")


def shoot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 5000, f"{path} is a real picture"


@pytest.fixture
def console_suite(suite, tmp_path):
    up, base, ports, sink = whistle_up(suite, tmp_path)
    console = f"http://127.0.0.1:{base + 400}"
    assert any(line.startswith("ready console:") for line in up.lines)
    assert any(f"open {console}/ in a browser" in line for line in up.lines), "the banner prints the console's address"
    key = api_key(tmp_path / "data" / "keys", "operator")
    assert any(f"development login: the operator's API key {key}" in line for line in up.lines), "and a login"
    return up, ports, console, tmp_path / "data" / "keys"


def test_console_shows_the_city_live_to_each_person_their_own_area(console_suite):
    up, ports, console, keys = console_suite
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        operator = sign_in(browser, console, keys, "operator")
        grids = operator.locator("svg#map a.grid")
        assert sorted(grids.evaluate_all("els => els.map(e => e.dataset.grid)")) == [f"g{n:02d}" for n in range(1, 13)]
        assert operator.evaluate("document.fonts.check('16px \"Noto Sans CJK SC\"', '网格地图')"), "CJK from the system's fonts"
        lists = operator.context.new_page()
        lists.goto(console + "/cases")
        for page in (operator, lists):
            page.wait_for_selector("#live.on")          # each page's event stream is open

        # A resident's report in g01 (中山社区 c01) appears on the map and in the list, without a reload.
        made = report(ports, (106.652, 35.5315), "7楼往下扔花盆")
        case, started = made["case"], time.monotonic()
        lists.wait_for_selector(f"#cases tr[data-case='{case}']", timeout=2000)
        operator.wait_for_selector("svg#map a[data-grid=g01][data-open='1']", timeout=2000)
        print(f"report on the map and the list after {time.monotonic() - started:.3f} s")
        assert operator.get_attribute("svg#map a[data-grid=g01]", "data-light") == "green"
        assert operator.evaluate("performance.getEntriesByType('navigation').length") == 1, "no reload"
        shoot(operator, "map-desktop")
        shoot(lists, "cases-desktop")

        # The case's page: its ladder as a timeline, times in the city's zone (+08:00).
        operator.goto(f"{console}/cases/{case}")
        eventually(lambda: "assigned" in operator.inner_text("#timeline"), "dispatch's assignment is on the timeline", 10)
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00", operator.inner_text("#timeline"))
        assert operator.inner_text("#status") == "assigned" and operator.inner_text("#level") == "community"
        shoot(operator, "case-desktop")
        operator.click("#lang")
        assert operator.inner_text("h3") == "Timeline", "the English toggle"

        # The community office of c01 sees it; c02's office sees neither it in its list nor its page by direct URL.
        own = sign_in(browser, console, keys, "co-c01", viewport=PHONE)
        assert sorted(own.locator("svg#map a.grid").evaluate_all("els => els.map(e => e.dataset.grid)")) == ["g01", "g02", "g03"]
        own.goto(f"{console}/cases/{case}")
        assert own.inner_text("#case-id") == case
        shoot(own, "case-phone")
        own.goto(console + "/cases")
        shoot(own, "cases-phone")
        own.goto(console + "/")
        shoot(own, "map-phone")
        other = sign_in(browser, console, keys, "co-c02")
        other.goto(console + "/cases")
        assert other.locator(f"#cases tr[data-case='{case}']").count() == 0
        refused = other.goto(f"{console}/cases/{case}")
        assert refused.status == 403 and "outside co-c02's community c02" in other.inner_text("#error")
        operator.goto(console + "/cases")
        assert operator.inner_text("#identity") == "operator", "others signing in signed nobody out"
        browser.close()


def test_forms_need_their_csrf_token_and_bad_input_changes_nothing(console_suite):
    up, ports, console, keys = console_suite
    s = requests.Session()
    # Without the form's token, or with a key nobody issued: refused, no session (each refusal gives a fresh form).
    s.get(console + "/signin")
    missing = s.post(console + "/signin", data={"key": api_key(keys, "co-c01")}, allow_redirects=False)
    assert missing.status_code == 403 and "CSRF token is missing" in missing.text
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', missing.text).group(1)
    wrong = s.post(console + "/signin", data={"csrf": token, "key": "not-a-key"}, allow_redirects=False)
    assert wrong.status_code == 401 and "not one the suite issued" in wrong.text
    assert s.get(console + "/", allow_redirects=False).status_code == 303, "still signed out"
    asked = s.get(console + "/cases?area=c01", allow_redirects=False)
    assert asked.headers["Location"] == "/signin?next=/cases%3Farea%3Dc01", "back to the page asked for, with its filter, once signed in"
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', wrong.text).group(1)
    signed = s.post(console + "/signin", data={"csrf": token, "key": api_key(keys, "co-c01"), "next": "//evil.example/"},
                    allow_redirects=False)
    assert signed.status_code == 303 and signed.headers["Location"] == "/", "only the console's own paths after signing in"
    cookie = signed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    # Signing out without the session's token is refused and the session lives on.
    assert s.post(console + "/signout", data={}, allow_redirects=False).status_code == 403
    assert s.get(console + "/", allow_redirects=False).status_code == 200
    bad = s.get(console + "/cases", params={"light": "purple"})
    assert bad.status_code == 400 and "light &#39;purple&#39; is not one of: green, yellow, red" in bad.text
    page = s.get(console + "/")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    assert s.post(console + "/signout", data={"csrf": csrf}, allow_redirects=False).status_code == 303
    assert s.get(console + "/", allow_redirects=False).status_code == 303, "signed out"


def test_the_console_killed_catches_up_from_the_producers(console_suite):
    up, ports, console, keys = console_suite
    pid = child_pid(up.popen.pid, "whistle-console")
    restarts = sum(line.startswith("ready console") for line in up.lines)
    os.kill(pid, signal.SIGKILL)
    made = report(ports, (106.652, 35.5315), "console down")
    eventually(lambda: sum(line.startswith("ready console") for line in up.lines) > restarts, "the console is back", 30)
    s = requests.Session()
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', s.get(console + "/signin").text).group(1)
    assert s.post(console + "/signin", data={"csrf": token, "key": api_key(keys, "operator")}).status_code == 200
    eventually(lambda: f"data-case=\"{made['case']}\"" in s.get(console + "/cases").text, "the report made while it was down is listed", 20)


def test_the_evaluation_page_shows_dispatchs_counts_for_each_persons_area_with_weekly_trends_and_csv(console_suite):
    """The 考评 page reads dispatch's evaluation for the signed-in person's area: counted here from the reports this test
    made and the case it settled, not from the console's code; the CSV download holds the same rows."""
    up, ports, console, keys = console_suite
    made = {"c01": [report(ports, (106.652, 35.5315), "c01 的第一件"), report(ports, (106.656, 35.5315), "c01 的第二件")],
            "c04": [report(ports, (106.664, 35.5345), "c04 的一件")]}
    settled = made["c01"][0]["case"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        office = sign_in(browser, console, keys, "co-c01")
        office.goto(f"{console}/cases/{settled}")
        office.wait_for_selector("#act-resolve", timeout=10000)          # dispatch gave the community office its task
        office.fill("#act-resolve >> xpath=.. >> input[name=note]", "已劝导清理")
        office.click("#act-resolve")
        assert office.inner_text("#answer").startswith("resolve: ok"), office.inner_text("#answer")

        office.goto(f"{console}/evaluation?by=community&weeks=4")
        rows = office.locator("#evaluation tbody tr").evaluate_all("els => els.map(e => e.dataset.key)")
        assert rows == ["c01"], f"an office counts its own community only: {rows}"
        cell = lambda key, column: office.inner_text(f"#evaluation tr[data-key='{key}'] td.{column}")
        assert cell("c01", "cases") == "2" and cell("all", "cases") == "2", "c04's case is not c01's office's to count"
        assert cell("c01", "shares") == "grid 0.0 · community 100.0 · street 0.0"
        weeks = office.locator("#distribution tr[data-week]")
        assert weeks.count() == 4 and office.inner_text("#distribution tr[data-week]:last-child td.settled") == "1"
        assert office.locator("#evaluation svg.spark").count() >= 1, "the weeks' trend drawn"
        shoot(office, "evaluation-desktop")

        # The CSV link downloads the same rows: UTF-8 with a byte-order mark, read with Python's own csv module.
        with office.expect_download() as download:
            office.click("#csv")
        sheet = list(csv.DictReader(open(download.value.path(), encoding="utf-8-sig", newline="")))
        assert [row["key"] for row in sheet] == ["c01", "all"] and sheet[0]["name"] == "中山社区"
        assert sheet[0]["cases"] == "2" and sheet[0]["settled.community"] == "1" and sheet[0]["settled.grid"] == "0"
        assert download.value.suggested_filename.startswith("evaluation-community-")

        operator = sign_in(browser, console, keys, "operator", viewport=PHONE)
        operator.goto(f"{console}/evaluation?by=community")
        keys_seen = operator.locator("#evaluation tbody tr").evaluate_all("els => els.map(e => e.dataset.key)")
        assert sorted(keys_seen) == ["c01", "c04"] and operator.inner_text("#evaluation tr[data-key='all'] td.cases") == "3"
        shoot(operator, "evaluation-phone")
        bad = operator.goto(f"{console}/evaluation?from=yesterday")
        assert bad.status == 400 and "'from' must be a date such as 2026-11-01" in operator.inner_text("#error")
        department = sign_in(browser, console, keys, "cg")
        refused_sheet = department.request.get(f"{console}/evaluation.csv")
        assert refused_sheet.status == 403 and "does not read the evaluation" in refused_sheet.text()
        refused = department.goto(f"{console}/evaluation")
        assert refused.status == 403 and "does not read the evaluation" in department.inner_text("#error")
        browser.close()
    # The operator's CLI asks dispatch the same question for one community: the same two cases.
    asked = subprocess.run([str(bin_dir() / "whistle"), "stats", "--by", "grid", "--area", "c01", *ports], capture_output=True, text=True, timeout=30)
    assert asked.returncode == 0, asked.stderr
    assert json.loads(asked.stdout)["total"]["cases"] == 2


# Limits in seconds: a department summoned by the whistle has 3 s to report for duty (reminded at 80 %), a week to finish.
SECONDS = {"grid": {"handle": "600s"}, "community": {"handle": "600s"}, "street": {"acknowledge": "3s", "handle": "600s"},
           "supervision": "600s", "rating": "600s"}


def test_an_office_whistles_and_supervises_from_its_pages_and_the_department_hears_each(suite, tmp_path):
    from department_client import DepartmentClient
    from test_ladder import city_file
    from whistle_keys import Keys

    base = suite_base_port()
    keys = tmp_path / "data" / "keys"
    ports = ["--base-port", str(base), "--keys", str(keys)]
    up = suite.start("whistle", ["up", *ports, "--data", str(tmp_path / "data"), "--city", str(city_file(tmp_path / "city.yaml", SECONDS))])
    up.wait_line("suite ready", timeout=90)
    console = f"http://127.0.0.1:{base + 400}"
    cg = DepartmentClient("cg", f"tcp://127.0.0.1:{base + 1}", f"tcp://127.0.0.1:{base + 200}", keys=Keys(str(keys), "cg"))
    heard = []

    def cg_hears(kind, case, **data):
        heard.extend(cg.poll(100))
        return next((e for e in heard if e["type"] == kind and e["data"].get("case") == case
                     and all(e["data"].get(k) == v for k, v in data.items())), None)

    made = report(ports, (106.652, 35.5315), "7楼往下扔花盆")
    case = made["case"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        office = sign_in(browser, console, keys, "co-c01")
        office.goto(f"{console}/cases/{case}")
        office.wait_for_selector("#act-whistle")
        office.click("#act-whistle")
        assert office.inner_text("#answer").startswith("whistle: ok (dispatched)")
        assigned = eventually(lambda: cg_hears("whistle.task.assigned", case), "城管's own pyzmq client receives the task", 10)
        task = assigned["data"]["task"]
        office.go_back()
        office.reload()
        office.click("#act-whistle")                       # a new form: a new command, which dispatch refuses, saying why
        assert office.inner_text("#answer").startswith("whistle: not_at_this_level — case"), office.inner_text("#answer")

        # Not reported for duty within 3 s: the task goes red on the overdue page, live, with dispatch's own order on it;
        # the office's 督办 from there reaches 城管 with its opinion.
        office.goto(f"{console}/overdue")
        office.wait_for_selector(f"#late tr[data-task='{task}'].light-red", timeout=15000)
        shoot(office, "overdue-desktop")
        office.fill(f"#late tr[data-task='{task}'] input[name=opinion]", "今日内处置并答复")
        office.click(f"#late tr[data-task='{task}'] button.supervise")
        assert office.inner_text("#answer").startswith("supervise: ok"), office.inner_text("#answer")
        ordered = eventually(lambda: cg_hears("whistle.task.supervision-ordered", case, opinion="今日内处置并答复"),
                             "城管 hears the office's supervision order", 10)
        assert ordered["data"]["task"] == task and ordered["data"]["by"] == "co-c01"
        office.goto(f"{console}/cases/{case}")
        eventually(lambda: "awaiting" in office.inner_text("#tasks") or "待答复" in office.inner_text("#tasks"), "the order shows on the task", 10)
        browser.close()

    # Every action is kept with who, what and when — read from the console's own file, not through its pages.
    rows = sqlite3.connect(tmp_path / "data" / "console" / "console.sqlite").execute(
        "SELECT identity, case_id, action, status, error FROM console_audit ORDER BY id").fetchall()
    assert rows == [("co-c01", case, "whistle", "ok", None), ("co-c01", case, "whistle", "error", "not_at_this_level"),
                    ("co-c01", case, "supervise", "ok", None)], rows

    # A copy of the console's store dropped and rebuilt from the producers' replays: the same board row for row; the
    # audit, the console's own record, kept.
    rebuilt_equals_live(tmp_path, keys, base, ["console_case", "console_task", "console_audit"])


def rebuilt_equals_live(tmp_path, keys, base, tables):
    """A copy of the console's store, spoilt, is rebuilt from the producers' replays (`whistle-console --rebuild` beside the
    live one, under another name): each of `tables` (and with the cases, their timelines) equals the live one row for row."""
    live = sqlite3.connect(tmp_path / "data" / "console" / "console.sqlite")
    copy = tmp_path / "rebuilt"
    copy.mkdir()
    target = sqlite3.connect(copy / "console.sqlite")
    live.backup(target)
    for table in ["console_case", "console_task", "console_mediation", "console_proposal"]:
        target.execute(f"DELETE FROM {table}")                               # what a rebuild must bring back
    target.execute("UPDATE console_step SET action = 'spoilt'")
    target.commit()
    target.close()
    bus = f"{{publish: 'tcp://127.0.0.1:{base}', subscribe: 'tcp://127.0.0.1:{base + 1}'}}"
    rebuilt = subprocess.run([str(bin_dir() / "whistle-console"), "--rebuild"], capture_output=True, text=True, timeout=120, env={
        **os.environ, "WHISTLE_NAME": "console-2", "WHISTLE_SECURITY__IDENTITY": "console-1", "WHISTLE_SECURITY__KEYS": str(keys),
        "WHISTLE_DATA_DIRECTORY": str(copy), "WHISTLE_BUS": bus, "WHISTLE_CONSOLE__WEB": "127.0.0.1:0", "WHISTLE_HTTP": "127.0.0.1:0"})
    assert rebuilt.returncode == 0, rebuilt.stderr[-2000:]
    assert re.search(r"rebuilding ▕█+▏ 100 %  (\d+)/\1 events", rebuilt.stderr), rebuilt.stderr[-2000:]
    assert re.search(r"rebuilt console-2's read model \(console_case, console_step, console_task, console_mediation, console_proposal\) "
                     r"from \d+ events", rebuilt.stdout), rebuilt.stdout
    again = sqlite3.connect(copy / "console.sqlite")
    steps = [("console_step", "case_id, action, status, by, note, at")] if "console_case" in tables else []
    for table, columns in [(table, "*") for table in tables] + steps:
        theirs, ours = (sorted(db.execute(f"SELECT {columns} FROM {table}").fetchall()) for db in (live, again))
        assert theirs == ours and theirs, f"{table}: live {len(theirs)} rows, rebuilt {len(ours)}"
