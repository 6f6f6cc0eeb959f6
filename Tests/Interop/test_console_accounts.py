"""The web console's named accounts, as an operator and the people they are for use them: added with `whistle accounts`
and the operator's own key (refused to an office's key), signed in to through the form in Debian's chromium, seeing
what the office they act as sees, their actions audited under their own name; the stored hash checked with PyPI's
bcrypt; five wrong passwords lock the account, a new password lifts the lock and ends the sessions; a disabled
account's open session ends; a read-only account sees the city and is offered no action."""
import json
import re
from concurrent.futures import ThreadPoolExecutor
import sqlite3
import subprocess

import bcrypt
import requests
from playwright.sync_api import sync_playwright

from conftest import bin_dir, eventually
from test_console import DESKTOP, PHONE, console_suite, report, shoot, sign_in  # noqa: F401  (the fixture)
from whistle_schemas import check_message

PASSWORD = "zhongshan-2026-春"


def accounts(ports, *args, password=None, identity=None):
    """`whistle accounts …` with the operator's key (or `identity`'s), the password on standard input."""
    command = [str(bin_dir() / "whistle"), "accounts", *args, *ports] + (["--as", identity] if identity else [])
    return subprocess.run(command, input=(password + "\n") if password else "", capture_output=True, text=True, timeout=60)


def form_sign_in(session, console, **fields):
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', session.get(console + "/signin").text).group(1)
    return session.post(console + "/signin", data={"csrf": token, **fields}, allow_redirects=False)


def test_named_accounts_sign_in_act_as_their_office_and_are_audited_locked_and_disabled(console_suite, tmp_path):
    up, ports, console, keys = console_suite
    made = accounts(ports, "add", "wangfang", "--display", "王芳", "--role", "community", "--acts-as", "co-c01", password=PASSWORD)
    assert made.returncode == 0, made.stderr
    assert check_message("console-account", json.loads(made.stdout)) == {
        "name": "wangfang", "display": "王芳", "role": "community", "actsAs": "co-c01", "disabled": False}, made.stdout
    again = accounts(ports, "add", "wangfang", "--display", "王芳", "--role", "community", "--acts-as", "co-c01", password=PASSWORD)
    assert again.returncode == 0 and again.stdout == made.stdout, "the same account sent again: the same answer, nothing new"
    for args, password, message in [
        (["add", "lisi", "--display", "李四", "--role", "community", "--acts-as", "gw-g01"], PASSWORD, "a community account acts as a community office"),
        (["add", "lisi", "--display", "李四", "--role", "mayor", "--acts-as", "co-c01"], PASSWORD, "role 'mayor' is not one of"),
        (["add", "lisi", "--display", "李四", "--role", "grid", "--acts-as", "gw-g01"], "short", "the password must be 12–72 bytes"),
        (["add", "wangfang", "--display", "王芳", "--role", "community", "--acts-as", "co-c01"], "another-password-2026", "account 'wangfang' exists"),
    ]:
        refused = accounts(ports, *args, password=password)
        assert refused.returncode != 0 and message in refused.stderr, (args, refused.stderr)
    office_key = accounts(ports, "list", identity="co-c01")
    assert office_key.returncode != 0 and "only an operator manages accounts, not 'co-c01'" in office_key.stderr
    assert accounts(ports, "add", "wall", "--display", "指挥中心大屏", "--role", "readonly", password="centre-display-2026!").returncode == 0
    listed = accounts(ports, "list")
    assert listed.returncode == 0
    assert [a["name"] for a in check_message("console-account-list", json.loads(listed.stdout))["accounts"]] == ["wall", "wangfang"]
    store = tmp_path / "data" / "console" / "console.sqlite"
    stored = sqlite3.connect(store).execute("SELECT password_hash FROM console_account WHERE name = 'wangfang'").fetchone()[0]
    assert stored.startswith("$2b$12$") and bcrypt.checkpw(PASSWORD.encode(), stored.encode()), "a standard bcrypt hash, cost 12"
    assert PASSWORD not in open(store, "rb").read().decode("utf-8", "replace")

    case = report(ports, (106.652, 35.5315), "楼道堆物")["case"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        context = browser.new_context(viewport=PHONE, locale="zh-CN")
        page = context.new_page()
        page.goto(console + "/")
        page.fill("input[name=account]", "WangFang")               # names are not case-sensitive
        page.fill("input[name=password]", PASSWORD)
        page.click("#signin")
        page.wait_for_selector("#identity")
        assert page.inner_text("#identity") == "co-c01" and page.inner_text("#account") == "wangfang"
        assert sorted(page.locator("svg#map a.grid").evaluate_all("els => els.map(e => e.dataset.grid)")) == ["g01", "g02", "g03"]
        shoot(page, "account-map-phone")
        page.goto(f"{console}/cases/{case}")
        page.wait_for_selector("#act-resolve", timeout=10000)
        page.click("#act-resolve")
        assert page.inner_text("#answer").startswith("resolve: ok"), page.inner_text("#answer")
        assert "co-c01 (wangfang)" in page.inner_text("#audit")

        # Disabled while signed in: the next page asks for a sign-in, and the password no longer opens one.
        assert accounts(ports, "disable", "wangfang").returncode == 0
        page.goto(console + "/cases")
        assert page.url.startswith(console + "/signin")
        assert form_sign_in(requests.Session(), console, account="wangfang", password=PASSWORD).status_code == 403
        assert accounts(ports, "enable", "wangfang").returncode == 0

        wall = browser.new_context(viewport=DESKTOP).new_page()
        wall.goto(console + "/")
        wall.fill("input[name=account]", "wall")
        wall.fill("input[name=password]", "centre-display-2026!")
        wall.click("#signin")
        wall.wait_for_selector("svg#map")
        assert wall.locator("svg#map a.grid").count() == 12, "read-only: the whole city"
        wall.goto(f"{console}/cases/{case}")
        assert wall.inner_text("#case-id") == case and wall.locator("#actions").count() == 0, "and no action"
        browser.close()
    rows = sqlite3.connect(store).execute("SELECT identity, account, action, status FROM console_audit").fetchall()
    assert rows == [("co-c01", "wangfang", "resolve", "ok")], rows

    # Five wrong passwords lock it (the right one is then refused too, saying until when, in the city's time); a new
    # password from the operator lifts the lock, and the old one opens nothing.
    # Five at once (each on its own connection): every one counts, as if one after another.
    with ThreadPoolExecutor(5) as pool:
        wrongs = list(pool.map(lambda n: form_sign_in(requests.Session(), console, account="wangfang", password=f"wrong-password-{n}"), range(5)))
    assert all(w.status_code == 401 and "do not match an account" in w.text for w in wrongs), [w.status_code for w in wrongs]
    s = requests.Session()
    locked = form_sign_in(s, console, account="wangfang", password=PASSWORD)
    assert locked.status_code == 429 and re.search(r"locked until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00", locked.text), locked.text[:300]
    nobody = form_sign_in(s, console, account="nobody", password=PASSWORD)
    assert nobody.status_code == 401 and "do not match an account" in nobody.text, "a name nobody has: the same answer"
    assert accounts(ports, "password", "wangfang", password="a-new-one-2026-冬").returncode == 0
    assert form_sign_in(s, console, account="wangfang", password=PASSWORD).status_code == 401
    signed = form_sign_in(s, console, account="wangfang", password="a-new-one-2026-冬")
    assert signed.status_code == 303, signed.text[:300]

    # The person changes their own password: the current one is checked, and every session of theirs ends.
    page = s.get(console + "/password")
    csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', page.text).group(1)
    assert s.post(console + "/password", data={"csrf": csrf, "current": "not-it-at-all", "new": "third-one-2026-夏"}).status_code == 403
    changed = s.post(console + "/password", data={"csrf": csrf, "current": "a-new-one-2026-冬", "new": "third-one-2026-夏"}, allow_redirects=False)
    assert changed.status_code == 303 and s.get(console + "/", allow_redirects=False).status_code == 303, "signed out"
    assert form_sign_in(requests.Session(), console, account="wangfang", password="third-one-2026-夏").status_code == 303


def test_a_department_clerk_reports_for_duty_and_completes_from_the_case_page(console_suite, tmp_path):
    """A clerk of 城管 (a department account acting as cg) answers the whistle from the console: reports for duty and
    completes its task; dispatch's own view of the case (whistle case) shows each; a return without a reason is refused
    before anything is sent; an office sees no department's form. On a second case the clerk returns the task and the
    community office triages the return from its page, giving it to 住建."""
    up, ports, console, keys = console_suite
    assert accounts(ports, "add", "zhao", "--display", "赵磊", "--role", "department", "--acts-as", "cg", password="chengguan-2026-冬").returncode == 0
    case = report(ports, (106.652, 35.5315), "7楼往下扔花盆")["case"]
    def whistle(case):
        """The community office blows the whistle once dispatch has the case at its rung (refused, changing nothing, before)."""
        eventually(lambda: subprocess.run([str(bin_dir() / "whistle"), "staff", "co-c01", "whistle", case, *ports], capture_output=True,
                                          timeout=30).returncode == 0, f"co-c01 whistles {case}", 10)
    whistle(case)
    task = f"{case}-cg"

    def dispatch_state():
        shown = subprocess.run([str(bin_dir() / "whistle"), "case", case, *ports], capture_output=True, text=True, timeout=30)
        return next((t["state"] for t in json.loads(shown.stdout)["tasks"] if t["task"] == task), None) if shown.returncode == 0 else None
    eventually(lambda: dispatch_state() == "dispatched", "dispatch gave 城管 the task", 10)

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_context(viewport=DESKTOP).new_page()
        page.goto(f"{console}/cases/{case}")
        page.fill("input[name=account]", "zhao")
        page.fill("input[name=password]", "chengguan-2026-冬")
        page.click("#signin")
        form = f"tr[data-task='{task}'] form.task-act"
        page.wait_for_selector("#identity")
        eventually(lambda: page.reload() and page.locator(form).count() == 1, "the console heard of 城管's task: its page offers the clerk's form", 10)
        page.select_option(f"{form} select[name=action]", "return")
        page.click(f"{form} button")
        assert page.inner_text("#answer").startswith("return needs a reason"), page.inner_text("#answer")
        assert dispatch_state() == "dispatched", "nothing was sent"
        page.select_option(f"{form} select[name=action]", "acknowledge")
        page.fill(f"{form} input[name=note]", "已到现场")
        page.click(f"{form} button")
        assert page.inner_text("#answer").startswith("acknowledge: ok (acknowledged)"), page.inner_text("#answer")
        assert dispatch_state() == "acknowledged"
        page.select_option(f"{form} select[name=action]", "complete")
        page.fill(f"{form} input[name=note]", "已清理")
        page.click(f"{form} button")
        assert page.inner_text("#answer").startswith("complete: ok"), page.inner_text("#answer")
        assert dispatch_state() == "completed"
        shoot(page, "department-case-desktop")
        office = sign_in(browser, console, keys, "co-c01")
        office.goto(f"{console}/cases/{case}")
        assert office.locator("form.task-act").count() == 0, "an office does not act for a department"
        office.goto(f"{console}/cases?department=cg&open=all")
        assert office.locator(f"#cases tr[data-case='{case}']").count() == 1, "the list filtered by the department given a task"
        office.goto(f"{console}/cases?department=xf&open=all")
        assert office.locator(f"#cases tr[data-case='{case}']").count() == 0

        # A second case: 城管 returns its task as not its own; the office triages the return from the case's page and gives
        # it to 住建 (zj), which dispatch then holds.
        second = report(ports, (106.656, 35.5315), "楼道堆物占道")["case"]      # in g02: not the first case again
        whistle(second)
        page.goto(f"{console}/cases/{second}")
        returned_form = f"tr[data-task='{second}-cg'] form.task-act"
        eventually(lambda: page.reload() and page.locator(returned_form).count() == 1, "城管's second task on its page", 10)
        page.select_option(f"{returned_form} select[name=action]", "return")
        page.fill(f"{returned_form} input[name=note]", "占道属住建")
        page.click(f"{returned_form} button")
        assert page.inner_text("#answer").startswith("return: ok"), page.inner_text("#answer")
        office.goto(f"{console}/cases/{second}")
        eventually(lambda: office.reload() and office.locator("#act-triage").count() == 1, "the office is offered the triage of the return", 10)
        office.select_option("#act-triage >> xpath=.. >> select[name=decision]", "reassign")
        office.select_option("#act-triage >> xpath=.. >> select[name=department]", "zj")
        office.click("#act-triage")
        assert office.inner_text("#answer").startswith("triage: ok"), office.inner_text("#answer")
        shown = json.loads(subprocess.run([str(bin_dir() / "whistle"), "case", second, *ports], capture_output=True, text=True, timeout=30).stdout)
        assert any(t["department"] == "zj" and t["state"] == "dispatched" for t in shown["tasks"]), shown["tasks"]
        browser.close()
    rows = sqlite3.connect(tmp_path / "data" / "console" / "console.sqlite").execute(
        "SELECT identity, account, action, status FROM console_audit WHERE account = 'zhao' ORDER BY id").fetchall()
    assert rows == [("cg", "zhao", "acknowledge", "ok"), ("cg", "zhao", "complete", "ok"), ("cg", "zhao", "return", "ok")], rows
