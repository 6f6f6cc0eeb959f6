"""Open311 GeoReport v2 on intake, driven by clients nobody here wrote: the PyPI `georeport` client for what it
can do (services, definitions, requests — in JSON and XML), `requests` posting forms shaped like the
specification's example, and schemathesis checking the server against docs/open311.openapi.yaml."""
import json
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import requests
import yaml
from georeport import GeoReport

from conftest import eventually
from test_security import Secured
from whistle_keys import Keys

ROOT = Path(__file__).resolve().parents[2]
# Inside grid g01 of the demo city (its polygon is 106.650–106.654 E, 35.530–35.533 N).
G01 = {"lat": "35.5315", "long": "106.652"}


class Open311Suite(Secured):
    @property
    def root(self):
        return f"http://127.0.0.1:{self.base + 110}/open311/v2"

    def post(self, form, fmt="json", headers=None):
        return requests.post(f"{self.root}/requests.{fmt}", data=form, headers=headers or {}, timeout=10)

    def get(self, path):
        return requests.get(f"{self.root}/{path}", timeout=10)

    def form(self, **fields):
        return {"api_key": Keys(self.keys, "hotline").api_key, "jurisdiction_id": "d01", **fields}


@pytest.fixture
def open311(suite, tmp_path):
    opened = Open311Suite(suite, tmp_path)
    yield opened
    opened.context.destroy(linger=0)


def test_georeport_reads_services_definitions_and_requests_in_json_and_xml(open311):
    posted = open311.post(open311.form(service_code="gkpw", description="7楼往下扔花盆", **G01,
                                       **{"attribute[injured]": "no", "attribute[floor]": "7"}, email="zhao@example.org"))
    assert posted.status_code == 201, posted.text
    case = posted.json()[0]["service_request_id"]
    for fmt in ("json", "xml"):
        client = GeoReport(open311.root, jurisdiction="d01", output_format=fmt)
        services = {s["service_code"]: s for s in client.get_service_list()}
        assert services["gkpw"]["service_name"] == "高空抛物" and str(services["gkpw"]["metadata"]).lower() == "true", services["gkpw"]
        assert {"ljdf", "fljf", "ygbj"} <= services.keys()
        definition = client.get_service_definition("gkpw")
        attributes = definition["attributes"] if fmt == "json" else definition["attributes"]["attribute"]
        injured = next(a for a in attributes if a["code"] == "injured")
        assert str(injured["required"]).lower() == "true" and injured["datatype"] == "singlevaluelist"
        keys = [v["key"] for v in (injured["values"] if fmt == "json" else injured["values"]["value"])]
        assert keys == ["no", "yes"]
        one = client.get_service_request(case)
        assert one["service_request_id"] == case and one["status"] == "open" and one["service_code"] == "gkpw"
        assert "7楼往下扔花盆" in one["description"] and "无 (no)" in one["description"], one["description"]
        listed = client.get_service_requests(service_request_id=case)
        listed = [listed] if isinstance(listed, dict) else listed
        assert [r["service_request_id"] for r in listed] == [case]
    # The reporter's e-mail stays in intake: the public view never shows it.
    assert "zhao@example.org" not in open311.get("requests.json").text + open311.get("requests.xml").text


def test_errors_are_the_specifications_and_a_refused_request_stores_nothing(open311):
    before = open311.get("requests.json").json()
    refusals = [
        (open311.form(service_code="ljdf", **G01) | {"api_key": "not-a-key"}, 403, "api_key is not valid"),
        ({"service_code": "ljdf", **G01}, 403, "api_key is required"),
        (open311.form(service_code="ljdf", lat="95", long="106.652"), 400, "lat '95'"),
        (open311.form(service_code="ljdf", lat="35.5315"), 400, "lat and long must be given together"),
        (open311.form(service_code="ljdf", lat="1", long="1"), 400, "no location inside the city"),
        (open311.form(service_code="nosuch", **G01), 404, "service_code 'nosuch' not found"),
        (open311.form(service_code="gkpw", **G01), 400, "attribute[injured] is required"),
        (open311.form(service_code="gkpw", **G01, **{"attribute[injured]": "maybe"}), 400, "must be one of"),
        (open311.form(service_code="ljdf", **G01, jurisdiction_id="elsewhere"), 404, "jurisdiction_id 'elsewhere' not found"),
        # Keys whose holders do not post Open311 requests: an integrator without an /open311/ source, a grid
        # worker (who reports as a grid worker over ZeroMQ), an operator.
        (open311.form(service_code="ljdf", **G01) | {"api_key": Keys(open311.keys, "resident-app").api_key}, 403, "may not post Open311 requests"),
        (open311.form(service_code="ljdf", **G01) | {"api_key": Keys(open311.keys, "gw-g03").api_key}, 403, "'gw-g03' (staff) may not post Open311 requests"),
        (open311.form(service_code="ljdf", **G01) | {"api_key": Keys(open311.keys, "operator").api_key}, 403, "'operator' (operator) may not post"),
    ]
    for form, status, words in refusals:
        answer = open311.post(form)
        assert answer.status_code == status and answer.headers["content-type"].startswith("application/json"), (form, answer.text)
        [error] = answer.json()
        assert error["code"] == status and words in error["description"], (form, error)
        as_xml = open311.post(form, "xml")
        assert as_xml.status_code == status
        error = ElementTree.fromstring(as_xml.content)
        assert error.tag == "errors" and error.find("error/code").text == str(status) and words in error.find("error/description").text
    for path, words in [("requests/intake-1-999.json", "service_request_id 'intake-1-999' not found"),
                        ("services/nosuch.json", "service_code 'nosuch' not found"), ("tokens/nosuch.json", "token 'nosuch' not found")]:
        answer = open311.get(path)
        assert answer.status_code == 404 and answer.json() == [{"code": 404, "description": words}], answer.text
    assert open311.get("requests/intake-1-999.xml").status_code == 404
    not_utf8 = requests.post(f"{open311.root}/requests.json", data=b"api_key=" + Keys(open311.keys, "hotline").api_key.encode()
                             + b"&service_code=ljdf&lat=35.5315&long=106.652&description=\xff\xfe", timeout=10,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert not_utf8.status_code == 400 and not_utf8.json() == [{"code": 400, "description": "the form is not UTF-8"}], not_utf8.text
    oversize = open311.post(open311.form(service_code="ljdf", **G01, description="长" * 30_000))
    assert oversize.status_code == 413 and oversize.json()[0]["code"] == 413, oversize.text
    assert open311.get("requests.json?start_date=yesterday").status_code == 400
    for path in ("requests.json?jurisdiction_id=elsewhere", "services.json?jurisdiction_id=elsewhere", "discovery.json?jurisdiction_id=x"):
        answer = open311.get(path)
        assert answer.status_code == 404 and "not found" in answer.json()[0]["description"], (path, answer.text)
    assert open311.get("requests.json").json() == before, "nothing was stored for a refused request"


def test_a_posted_request_is_one_case_on_retry_and_reads_closed_once_the_grid_resolves_it(open311):
    form = open311.form(service_code="ljdf", description="楼道堆满垃圾", address_string="中山社区1区 3栋", phone="13812345678",
                        account_id="r-001", media_url="https://example.org/photo.jpg")
    first, again = open311.post(form), open311.post(form)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and "token" not in first.json()[0], "the id is final at once: no token, the same answer on retry"
    case = first.json()[0]["service_request_id"]
    keyed = [open311.post(open311.form(service_code="ljdf", **G01, description=text), headers={"Idempotency-Key": "app-42"})
             for text in ("first try", "the app retried with other words")]
    assert keyed[0].json()[0]["service_request_id"] == keyed[1].json()[0]["service_request_id"] != case
    with sqlite3.connect(open311.data / "intake" / "intake.sqlite") as store:
        [token] = store.execute("SELECT token FROM intake_open311_request WHERE request_id = ?", (case,)).fetchone()[:1] or [None]
    assert open311.get(f"tokens/{token}.json").json() == [{"service_request_id": case, "token": token}], "a token still finds its request"

    def public():
        return open311.get(f"requests/{case}.json").json()[0]
    eventually(lambda: public().get("agency_responsible") == "王芳", "the public view names the grid's worker once dispatch assigns it")
    assert public()["status"] == "open" and public()["media_url"] == "https://example.org/photo.jpg"
    assert "expected_datetime" in public()
    answer = open311.whistle("staff", "gw-g01", "resolve", case, "--note", "已清运")
    assert answer.returncode == 0, answer.stderr
    eventually(lambda: public()["status"] == "closed", "the request reads closed once the grid resolved the case")
    assert "已清运" in public()["status_notes"]
    closed = open311.get("requests.json?status=closed").json()
    assert case in [r["service_request_id"] for r in closed]
    assert case not in [r["service_request_id"] for r in open311.get("requests.json?status=open").json()]


def test_a_report_over_zeromq_is_a_request_over_open311_and_a_dispute_shows_only_its_status(open311):
    case = open311.report("zsrm", "g02")
    eventually(lambda: open311.get(f"requests/{case}.json").status_code == 200, "the ZeroMQ report shows through Open311")
    assert open311.get(f"requests/{case}.json").json()[0]["service_code"] == "zsrm"
    posted = open311.post(open311.form(service_code="jtjf", description="家里吵架，邻居都听见了", **G01))
    assert posted.status_code == 201, posted.text
    dispute = posted.json()[0]["service_request_id"]
    eventually(lambda: open311.get(f"requests/{dispute}.json").json()[0].get("status_notes") == "in mediation", "mediation takes the dispute")
    shown = open311.get(f"requests/{dispute}.json").json()[0]
    assert not {"description", "lat", "long", "address", "agency_responsible"} & shown.keys(), shown
    assert dispute not in [r["service_request_id"] for r in open311.get("requests.json").json()], "disputes are not listed"
    assert "家里吵架" not in open311.get(f"requests.json?service_request_id={dispute}").text


def test_schemathesis_finds_nothing_against_the_openapi_document(open311, tmp_path):
    document = yaml.safe_load((ROOT / "docs" / "open311.openapi.yaml").read_text())
    # The document cannot know this run's key: the copy the fuzzer reads pins api_key to it.
    document["components"]["schemas"]["RequestForm"]["properties"]["api_key"] = {"type": "string", "enum": [Keys(open311.keys, "hotline").api_key]}
    copy = tmp_path / "open311.openapi.json"
    copy.write_text(json.dumps(document))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "schemathesis"), "run", str(copy), "--url", open311.root, "--checks", "all",
         # A schema-valid form can still be refused: the schema cannot say which coordinates are inside the city.
         "--exclude-checks", "positive_data_acceptance", "--max-examples", "25", "--seed", "1"],
        capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:]
    assert "No issues found" in result.stdout or "passed" in result.stdout, result.stdout[-2000:]


def test_a_request_near_an_open_one_of_its_kind_is_its_own_request_following_that_case(open311):
    first = open311.post(open311.form(service_code="zdjy", lat="35.5318", long="106.6525", description="路口占道卖菜"))
    case = first.json()[0]["service_request_id"]
    # About 30 m east: the same problem, reported again by someone else — as the specification's example keeps a
    # duplicate as a request of its own.
    near = open311.post(open311.form(service_code="zdjy", lat="35.5318", long="106.65283", description="又在占道", email="li@example.org"))
    assert near.status_code == 201, near.text
    posted = near.json()[0]
    assert posted["service_request_id"] == f"{case}-r1" and "token" not in posted, posted
    assert case in posted["service_notice"], posted
    again = open311.post(open311.form(service_code="zdjy", lat="35.5318", long="106.65283", description="又在占道", email="li@example.org"))
    assert again.json() == near.json(), "a retry is the same request"
    third = open311.post(open311.form(service_code="zdjy", lat="35.53182", long="106.6526", description="第三次"))
    assert third.json()[0]["service_request_id"] == f"{case}-r2"
    own = open311.get(f"requests/{case}-r1.json").json()[0]
    assert own["description"] == "又在占道" and own["lat"] == 35.5318 and own["long"] == 106.65283, "its own words and place"
    assert own["status"] == "open" and own["status_notes"].startswith("附近已有相同问题正在处理") and case in own["status_notes"], own
    listed = [r["service_request_id"] for r in open311.get("requests.json?service_code=zdjy").json()]
    assert listed[:3] == [f"{case}-r2", f"{case}-r1", case], listed
    found = GeoReport(open311.root, jurisdiction="d01").get_service_request(f"{case}-r1")
    assert found["service_request_id"] == f"{case}-r1" and found["description"] == "又在占道", "a client nobody here wrote reads it by its id"
    eventually(lambda: open311.get(f"requests/{case}.json").json()[0].get("agency_responsible"), "dispatch has the case")
    assert open311.whistle("staff", "co-c01", "resolve", case, "--note", "已劝离").returncode == 0
    eventually(lambda: open311.get(f"requests/{case}-r1.json").json()[0]["status"] == "closed", "the follower reads closed with its case")
    assert "已劝离" in open311.get(f"requests/{case}-r1.json").json()[0]["status_notes"]
    elsewhere = open311.post(open311.form(service_code="zdjy", lat="35.5318", long="106.6535", description="另一个路口"))
    assert elsewhere.json()[0]["service_request_id"] not in (case, f"{case}-r3"), "about 90 m away: a case of its own"
    assert "li@example.org" not in open311.get("requests.json").text


def test_the_specifications_small_print(open311):
    """An empty optional parameter is the same as none; attributes say what to give; discovery's endpoint is absolute."""
    open311.post(open311.form(service_code="ljdf", description="楼道堆满垃圾", **G01))

    def assigned():
        listed = open311.get("requests.json").json()
        return listed if listed and all(request.get("agency_responsible") for request in listed) else None
    # Dispatch's assignment reaches the public view a moment after the post: the list is read once it has, or it could
    # change between the reads compared below.
    plain = eventually(assigned, "the public view shows the case assigned")
    for empty in ("status=", "start_date=", "end_date=", "jurisdiction_id=", "status=&start_date=&end_date=&jurisdiction_id="):
        answer = open311.get(f"requests.json?{empty}")
        assert answer.status_code == 200 and answer.json() == plain, (empty, answer.text)
    assert open311.post({**open311.form(service_code="ljdf", description="空的可选字段", **G01), "jurisdiction_id": "", "email": ""}).status_code == 201
    definition = open311.get("services/gkpw.json").json()
    assert all(isinstance(a["datatype_description"], str) for a in definition["attributes"])
    assert next(a for a in definition["attributes"] if a["code"] == "floor")["datatype_description"] == "a number, such as 3 or 2.5"
    as_xml = ElementTree.fromstring(open311.get("services/gkpw.xml").content)
    assert [e.text or "" for e in as_xml.iter("datatype_description")] == [a["datatype_description"] for a in definition["attributes"]]
    [endpoint] = open311.get("discovery.json").json()["endpoints"]
    assert endpoint["url"] == open311.root, endpoint
    assert GeoReport(open311.root, jurisdiction="d01").get_service_list(), "the discovered address works for a real client"


def test_discovery_names_the_configured_public_address(suite, tmp_path):
    opened = Open311Suite(suite, tmp_path, env={"WHISTLE_INTAKE__OPEN311_BASE_URL": "https://311.pingliang.example/open311/v2"})
    try:
        [endpoint] = opened.get("discovery.json").json()["endpoints"]
        assert endpoint["url"] == "https://311.pingliang.example/open311/v2"
        assert ElementTree.fromstring(opened.get("discovery.xml").content).find("endpoints/endpoint/url").text == endpoint["url"]
    finally:
        opened.context.destroy(linger=0)


def test_a_burst_of_posts_is_committed_together_each_gets_its_own_answer_and_a_refused_one_stores_nothing(open311):
    """Posts in flight together are committed in one transaction (one request desk for ingest and Open311). A
    reader holding intake's write lock stands in for a slow disk while 24 posts arrive at once; once it lets go,
    they commit in at most a couple of transactions, every answer is still its own request, and the refused one
    in the middle stores nothing."""
    from concurrent.futures import ThreadPoolExecutor
    forms = [open311.form(service_code="ljdf", lat=f"{35.5305 + i * 0.0001:.4f}", long="106.6515", account_id=f"r-burst-{i}",
                          description=f"并发请求 {i}") for i in range(24)]
    forms[11] = open311.form(service_code="ljdf", lat="1", long="1", account_id="r-burst-11", description="并发请求 11")   # the desk refuses it
    desk = ('role="ingest"', 'name="intake"')
    queued, batches = open311.metric(1, *desk, 'event="queued"'), open311.metric(1, *desk, 'event="batches"')
    lock = sqlite3.connect(open311.data / "intake" / "intake.sqlite", isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    with ThreadPoolExecutor(max_workers=24) as pool:
        pending = [pool.submit(open311.post, form) for form in forms]
        eventually(lambda: open311.metric(1, *desk, 'event="queued"') - queued >= 24, "all 24 posts wait at the desk", timeout=4)
        lock.execute("ROLLBACK")
        answers = [future.result() for future in pending]
    lock.close()
    assert 1 <= open311.metric(1, *desk, 'event="batches"') - batches <= 3, "24 posts waiting together commit together"
    assert answers[11].status_code == 400 and "no location inside the city" in answers[11].json()[0]["description"], answers[11].text
    posted = {i: answer.json()[0]["service_request_id"] for i, answer in enumerate(answers) if i != 11}
    assert all(answers[i].status_code == 201 for i in posted), [a.text for a in answers]
    assert len(set(posted.values())) == 23, "every post is a request of its own"
    for i, request_id in posted.items():
        [request] = open311.get(f"requests/{request_id}.json").json()
        assert request["description"] == f"并发请求 {i}", (i, request_id, request)
    assert "并发请求 11" not in open311.get("requests.json").text, "the refused post stored nothing"
    again = open311.post(forms[5])
    assert again.status_code == 201 and again.json()[0]["service_request_id"] == posted[5], "a retry after the burst: the same request"
