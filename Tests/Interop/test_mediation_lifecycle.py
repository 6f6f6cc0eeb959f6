"""A dispute's whole life as its mediator lives it (受理 → 调解 → 签协议 → 司法确认 → 回访): `whistle up` with keys on the
demo city, the grid's mediator `med-g03` acting with its own key through the CLI and through plain pyzmq, mediation
`kill -9`ed between two signatures, the agreement fetched over HTTP with each reader's own key and printed by a real
browser (Debian's chromium) to A4 pages, dispatch's case following every step. A second dispute's agreement is broken:
the follow-up reopens it and the committee refers it to court."""
import json
import re
import subprocess
import urllib.error
import urllib.request

import pypdf

from conftest import eventually
from test_ladder import secure_command
from test_mediation import Mediation
from test_suite_up import WebhookSink, child_pid
from whistle_keys import Keys

PARTIES = ["--applicant", "张三,13800000001,幸福小区3栋101", "--respondent", "李四,13800000002,幸福小区3栋201"]
TERMS = {"facts": "李四家卫生间漏水，渗至张三家顶棚", "matters": "维修费用与赔偿", "responsibilities": "李四负全部责任",
         "terms": "李四于期限内赔偿张三维修费800元并修复防水层", "performanceWay": "微信转账", "performancePlace": "中山社区调解室",
         "performanceBy": "2099-01-15"}


def act(m, mediation, action, **fields):
    """med-g03's command in plain pyzmq with its own key, checked against the schema both ways."""
    return secure_command(Keys(m.keys, "med-g03"), "mediation-1", m.base + 201, "mediator-command",
                          {"mediator": "med-g03", "mediation": mediation, "action": action, **fields})


def cli(m, *args):
    return json.loads(m.whistle("mediator", "med-g03", *args).splitlines()[-1])


def document(m, mediation, identity):
    request = urllib.request.Request(f"http://127.0.0.1:{m.base + 303}/agreements/{mediation}",
                                     headers={"Authorization": f"Bearer {Keys(m.keys, identity).api_key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers["Content-Type"], response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, None, error.read().decode()


def history(m, case):
    view = json.loads(m.whistle("case", case))
    return view["status"], [h["action"] for h in view["history"]]


def test_a_dispute_is_accepted_agreed_sealed_printed_confirmed_and_followed_up(suite, tmp_path):
    m = Mediation(suite, tmp_path)
    try:
        m.listen("med-g03")
        m.listen("operator", "mediation.")
        case = m.report("fljf", "g03")
        mediation = f"m-{case}"
        eventually(lambda: m.got("med-g03") == [("whistle.mediation.assigned", case, "grid")], "med-g03 is given the dispute")

        # 受理: without the parties told their rights, refused and nothing changes; then accepted through the CLI.
        refused = act(m, mediation, "accept", parties=[{"name": "张三", "side": "applicant"}, {"name": "李四", "side": "respondent"}])
        assert refused["error"] == "missing_detail" and "rightsTold" in refused["message"], refused
        assert act(m, mediation, "draft", agreement=TERMS)["error"] == "invalid_transition", "nothing to draft before acceptance"
        assert cli(m, "accept", mediation, "--rights-told", *PARTIES)["state"] == "opened"

        # 调解 → 协议: drafted in pyzmq; p1 signs; the seal is refused until p2 has signed.
        assert act(m, mediation, "draft", agreement=TERMS)["status"] == "ok"
        assert cli(m, "sign", mediation, "--party", "p1")["status"] == "ok"
        early = act(m, mediation, "seal")
        assert early["error"] == "not_signed" and "p2 (李*)" in early["message"], early
        status, _, draft = document(m, mediation, "med-g03")
        assert status == 200 and "草稿" in draft, "before the seal the document is a draft"

        # Mediation is killed between the signatures; the supervisor restarts it and the record is whole.
        before = child_pid(m.up.popen.pid, "whistle-mediation")
        subprocess.run(["kill", "-9", str(before)], check=True)
        eventually(lambda: child_pid(m.up.popen.pid, "whistle-mediation") not in (None, before), "the supervisor restarts mediation")
        again = act(m, mediation, "sign", party="p1")
        assert again["error"] == "invalid_transition" and "p1 signed this draft already" in again["message"], again
        assert act(m, mediation, "sign", party="p2")["status"] == "ok"
        sealed = cli(m, "seal", mediation)
        assert sealed["state"] == "agreed", sealed

        # The events: every step once, the parties masked, no contact anywhere on the bus.
        eventually(lambda: any(d[0] == "whistle.mediation.concluded" for d in m.got("operator")), "the seal ends it agreed")
        events = [d["event"] for d in m.heard["operator"]]
        assert [e["data"].get("step", e["type"].split(".")[-1]) for e in events] == [
            "opened", "accepted", "drafted", "signed", "signed", "sealed", "concluded"], events
        assert events[1]["data"]["parties"] == [{"id": "p1", "side": "applicant", "name": "张*"}, {"id": "p2", "side": "respondent", "name": "李*"}]
        heard = json.dumps([d["event"] for listener in m.heard.values() for d in listener], ensure_ascii=False)
        assert "1380000" not in heard and "张三" not in heard and "幸福小区" not in heard, "contacts stay in mediation's store"

        # The agreement over HTTP, with each reader's own key.
        status, kind, html = document(m, mediation, "med-g03")
        assert status == 200 and kind.startswith("text/html"), (status, kind)
        assert "草稿" not in html and html.count('<section class="copy">') == 3, "one copy per party and one for the file"
        for text in ("张三", "13800000001", "幸福小区3栋201", TERMS["terms"], "微信转账", "2099-01-15", "中山社区调解委员会（印）"):
            assert text in html, text
        assert re.search(r"当事人 张三（p1）收执", html) and "中山社区调解委员会存档" in html
        assert document(m, mediation, "co-c01")[0] == 200, "the community office reads its area's agreements"
        assert document(m, mediation, "med-g01")[0] == 403, "another grid's mediator does not"
        assert document(m, mediation, "cg")[0] == 403, "nor does a department"
        assert document(m, "m-nothing", "med-g03")[0] == 404

        # A real browser prints it: three A4 pages, one per copy.
        path = tmp_path / "agreement.html"
        m.whistle("mediator", "med-g03", "agreement", mediation, "--out", str(path))
        assert path.read_text() == html
        pdf = tmp_path / "agreement.pdf"
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--print-to-pdf={pdf}", path.as_uri()], check=True, capture_output=True, timeout=120)
        pages = pypdf.PdfReader(pdf).pages
        assert len(pages) == 3, f"{len(pages)} pages"
        assert all((round(float(p.mediabox.width)), round(float(p.mediabox.height))) == (595, 842) for p in pages), "A4"
        assert "张三" in pages[0].extract_text() and "存档" in pages[2].extract_text()

        # 司法确认 and 回访.
        court = cli(m, "confirm", mediation, "--application", "applied", "--court", "东关区人民法院")
        assert court["state"] == "agreed", court
        assert act(m, mediation, "confirm", application="applied", court="x")["error"] == "invalid_transition", "applied once"
        assert cli(m, "confirm", mediation, "--application", "confirmed")["status"] == "ok", "the court confirmed it"
        assert act(m, mediation, "follow-up", performance="performed", note="已付款，防水已修")["status"] == "ok"
        assert "已经东关区人民法院司法确认" in document(m, mediation, "med-g03")[2]

        # Dispatch's case followed every step and closed once the agreement was found performed; the statistics count it.
        eventually(lambda: history(m, case)[0] == "closed", "dispatch closes the case")
        assert history(m, case) == ("closed", ["referred", "mediating"] + ["mediation-progressed"] * 5 + ["mediated"]
                                    + ["mediation-progressed"] * 3 + ["closed"])
        assert json.loads(m.whistle("case", case))["closure"] == "mediated"
        status, report = m.stats("operator")
        assert status == 200 and (report["settled"], report["performed"], report["broken"]) == (1, 1, 0), report
    finally:
        m.close()


def test_a_broken_agreement_reopens_mediation_a_refusal_ends_it_and_an_extension_needs_every_consent(suite, tmp_path):
    m = Mediation(suite, tmp_path)
    try:
        m.listen("operator", "mediation.")
        broken, refused, declined = m.report("fljf", "g03"), m.report("fljf", "g03"), m.report("fljf", "g03")
        eventually(lambda: len(m.got("operator")) == 3, "three disputes opened")

        mediation = f"m-{broken}"
        assert cli(m, "accept", mediation, "--rights-told", *PARTIES)["status"] == "ok"
        lacking = act(m, mediation, "extend", within="10wd", consents=["p1"])
        assert lacking["error"] == "consent_missing" and "p2" in lacking["message"], lacking
        assert cli(m, "extend", mediation, "--within", "10wd", "--consent", "p1", "--consent", "p2")["status"] == "ok"
        assert act(m, mediation, "draft", agreement=TERMS)["status"] == "ok"
        for party in ("p1", "p2"):
            assert act(m, mediation, "sign", party=party)["status"] == "ok"
        assert act(m, mediation, "seal")["state"] == "agreed"
        # The follow-up finds it not performed: mediation reopens with med-g03, who refers it to court.
        assert act(m, mediation, "follow-up", performance="not-performed", note="未付款")["state"] == "opened"
        assert cli(m, "conclude", mediation, "--outcome", "failed", "--referral", "court")["state"] == "referred"
        eventually(lambda: history(m, broken)[0] == "mediation-failed", "dispatch follows the reopening and the referral")
        assert history(m, broken)[1][-3:] == ["mediation-progressed", "mediation-progressed", "mediation-failed"]

        # A party refuses mediation; the committee declines another (it is before a court already).
        assert cli(m, "accept", f"m-{refused}", "--rights-told", *PARTIES)["status"] == "ok"
        stranger = act(m, f"m-{refused}", "refuse", party="p3")
        assert stranger["error"] == "not_a_party" and "p1, p2" in stranger["message"], stranger
        assert cli(m, "refuse", f"m-{refused}", "--party", "p2", "--reason", "不愿调解")["state"] == "refused"
        assert cli(m, "decline", f"m-{declined}", "--reason", "已向法院起诉")["state"] == "declined"

        # Four ends: the agreement, then the broken one's referral (an id of its own), the refusal, the decline.
        eventually(lambda: len([d for d in m.got("operator") if d[0] == "whistle.mediation.concluded"]) == 4, "four ends")
        ends = {e["data"]["mediation"]: e["data"] for e in (d["event"] for d in m.heard["operator"])
                if e["type"] == "whistle.mediation.concluded"}
        assert ends[f"m-{refused}"]["cause"] == "refused" and ends[f"m-{declined}"]["cause"] == "declined"
        assert ends[mediation]["referral"] == "court" and "cause" not in ends[mediation]
        status, report = m.stats("operator")
        assert (report["declined"], report["refused"], report["referred"], report["broken"]) == (1, 1, 1, 1), report
        assert report["tiers"][0]["received"] == 4, "the reopened dispute came back to the grid"
    finally:
        m.close()


def test_a_party_objects_to_the_mediator_another_takes_it_and_a_sessions_minutes_are_signed(suite, tmp_path):
    sink = WebhookSink()          # r-001, who reported the dispute, and r-002, the respondent, hear the steps that concern them
    m = Mediation(suite, tmp_path, up=["--webhook", f"r-001={sink.url}", "--webhook", f"r-002={sink.url}", "--webhook", f"r-003={sink.url}"])
    try:
        m.listen("med-c01-1")
        m.listen("med-g03")
        case = m.report("fljf", "g03")
        mediation = f"m-{case}"
        eventually(lambda: m.got("med-g03") == [("whistle.mediation.assigned", case, "grid")], "med-g03 is given the dispute")
        assert cli(m, "accept", mediation, "--rights-told", *PARTIES, "--resident", "p2=r-002")["status"] == "ok"

        # 回避: p2 objects to med-g03; the community committee's first member takes it, told on its own topic.
        assert cli(m, "recuse", mediation, "--party", "p2", "--reason", "调解员系张三亲属")["state"] == "opened"
        eventually(lambda: m.got("med-c01-1") == [("whistle.mediation.assigned", case, "grid")], "med-c01-1 is given it")
        late = act(m, mediation, "schedule", plan={"at": "2099-01-01T09:00:00+08:00", "place": "调解室"})
        assert late["error"] == "mediator_recused" and "med-c01-1" in late["message"], late

        def as_member(action, **fields):
            return secure_command(Keys(m.keys, "med-c01-1"), "mediation-1", m.base + 201, "mediator-command",
                                  {"mediator": "med-c01-1", "mediation": mediation, "action": action, **fields})

        # A public session needs every party's consent; then its minutes, which each party signs.
        plan = {"at": "2099-01-01T09:00:00+08:00", "place": "中山社区调解室", "participants": ["p1", "p2"], "public": True}
        refused = as_member("schedule", plan=plan, consents=["p1"])
        assert refused["error"] == "consent_missing" and "p2" in refused["message"], refused
        assert as_member("schedule", plan=plan, consents=["p1", "p2"])["status"] == "ok"
        assert as_member("minutes", session="s1", note="双方陈述，李四同意赔偿维修费")["status"] == "ok"
        for party in ("p1", "p2"):
            assert as_member("sign", session="s1", party=party)["status"] == "ok"
        assert as_member("sign", session="s2", party="p1")["error"] == "unknown_session"

        # Dispatch records the new mediator, who now reads the case; the old one still may (it took it once).
        eventually(lambda: len(history(m, case)[1]) == 8, "dispatch follows every step")
        steps = history(m, case)[1]
        assert steps == ["referred", "mediating", "mediation-progressed", "mediating"] + ["mediation-progressed"] * 4, steps
        request = urllib.request.Request(f"http://127.0.0.1:{m.base + 302}/cases/{case}",
                                         headers={"Authorization": f"Bearer {Keys(m.keys, 'med-c01-1').api_key}"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["case"] == case

        # The reporter heard: received, referred, the mediator, accepted (their rights), the new mediator, the session
        # at 09:00 on the city's clock — nothing of the minutes or signatures.
        eventually(lambda: "mediation-session" in sink.kinds(case), "r-001 hears of the session")
        assert sink.kinds(case) == ["received", "referred", "mediation", "mediation-accepted", "mediation", "mediation-session"], sink.kinds(case)
        texts = {b["kind"]: b["text"] for b in sink.accepted if b["case"] == case}
        assert "2099-01-01 09:00:00 +08:00" in texts["mediation-session"] and "中山社区调解室" in texts["mediation-session"]
        assert "马建国" in [b["text"] for b in sink.accepted if b["kind"] == "mediation"][-1], "the new mediator by name"
        # The respondent, named with their resident-app id at acceptance, heard the same steps from then on, once each, in the
        # same words; r-003 (no party) nothing.
        eventually(lambda: sink.kinds(case, "r-002") == ["mediation-accepted", "mediation-session"], "r-002 hears as a party")
        theirs = {b["kind"]: b["text"] for b in sink.accepted if b["recipient"] == "r-002"}
        assert theirs == {k: texts[k] for k in theirs}, theirs
        assert not [b for b in sink.accepted if b["recipient"] == "r-003"]

        # A dispute brought to the community office in person (来访): the office reports it with its own key, as staff;
        # it opens with the grid's mediator like any reported dispute.
        walk_in = json.loads(m.whistle("report", "--as", "co-c01", "--grid-worker", "--category", "fljf", "--grid", "g03",
                                       "--reporter", "co-c01", "--description", "两户因楼道堆物争执，到社区调解室求助").splitlines()[-1])
        assert walk_in["status"] == "accepted", walk_in
        eventually(lambda: ("whistle.mediation.assigned", walk_in["case"], "grid") in m.got("med-g03"), "the walk-in dispute reaches med-g03")
    finally:
        m.close()
        sink.server.shutdown()
