"""The console's devices in Debian's chromium, on a city whose smoke detectors go silent after 6 s and whose cared-for
resident's gate after 8 s (test_devices' city): a smoke alarm sent by the sensor gateway in plain pyzmq (its own key)
shows as a red marker on its grid, silent detectors as grey ones and the welfare check as a blue one — without a
reload; the community office's devices page lists its area's registry (counted here from the city file) with the
silent ones marked and the open cases the devices raised; intake's GET /devices answers each key for its own."""
import json
import re
import urllib.error
import urllib.request
from pathlib import Path

import yaml
from playwright.sync_api import sync_playwright

from conftest import eventually
from test_console import DESKTOP, shoot, sign_in
from test_devices import Devices
from whistle_keys import Keys
from whistle_schemas import check_message


def test_device_alarms_silences_and_welfare_checks_show_on_the_map_and_the_devices_page(suite, tmp_path):
    d = Devices(suite, tmp_path)
    console, keys = f"http://127.0.0.1:{d.base + 400}", Path(d.keys)
    city = yaml.safe_load((tmp_path / "city.yaml").read_text())
    c01_grids = {g["code"] for s in city["streets"] for c in s["communities"] if c["code"] == "c01" for g in c["grids"]}
    c01_devices = {e["id"]: e for e in city["devices"]["registry"] if e["grid"] in c01_grids}
    silencing = {i for i, e in c01_devices.items() if "silentAfter" in city["devices"]["rules"].get(e["type"], {})}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        operator = sign_in(browser, console, keys, "operator", viewport=DESKTOP)
        operator.wait_for_selector("#live.on")
        answer = d.device("yg-g01-0101", "whistle.sensor.smoke", reading=0.4)
        assert answer["status"] == "accepted", answer
        alarm = answer["case"]
        operator.wait_for_selector("svg#map a[data-grid=g01] g.marker.alarm[data-count='1']", timeout=5000)
        operator.wait_for_selector("svg#map a[data-grid=g03] g.marker.maintenance", timeout=20000)      # yg-g03-quiet, never heard
        operator.wait_for_selector("svg#map a[data-grid=g12] g.marker.welfare[data-count='1']", timeout=20000)   # r-004's gate
        assert operator.evaluate("performance.getEntriesByType('navigation').length") == 1, "no reload"
        shoot(operator, "map-markers-desktop")

        office = sign_in(browser, console, keys, "co-c01")
        office.goto(console + "/devices")

        def listed():
            office.reload()
            rows = office.locator("#registry tr[data-device]")
            return {r: office.get_attribute(f"#registry tr[data-device='{r}']", "data-silent") == "1"
                    for r in rows.evaluate_all("els => els.map(e => e.dataset.device)")}
        # Every detector of c01 that has a silence rule goes silent once 6 s pass without a word from it (yg-g01-0101 too,
        # after its alarm); a gate without one never does.
        eventually(lambda: listed() == {i: i in silencing for i in c01_devices}, "the registry of c01, silent ones marked", 20)
        assert office.inner_text("#registry tr[data-device='yg-g01-0101'] td.state-alarm") == "alarm"
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \+08:00", office.inner_text("#registry tr[data-device='yg-g01-0101'] td.heard"))
        assert office.get_attribute(f"#device-cases tr[data-case='{alarm}']", "data-kind") == "alarm"
        kinds = office.locator("#device-cases tr").evaluate_all("els => els.map(e => e.dataset.kind)")
        assert "maintenance" in kinds and "welfare" not in kinds, f"r-004 lives in g12, not c01: {kinds}"
        shoot(office, "devices-desktop")
        browser.close()

    listed = json.loads(d.whistle("device", "list", "--area", "c01", "--silent"))
    assert sorted(e["device"] for e in check_message("device-list", listed)["devices"]) == sorted(silencing)

    def get(identity, query=""):
        request = urllib.request.Request(f"http://127.0.0.1:{d.base + 301}/devices{query}",
                                         headers={"Authorization": f"Bearer {Keys(d.keys, identity).api_key}"})
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status, json.loads(response.read())
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()
    status, own = get("gw-g01")
    assert status == 200 and {e["grid"] for e in own["devices"]} == {"g01"}, own
    status, gateway = get("sensor-gateway")
    assert status == 200 and len(gateway["devices"]) == len(city["devices"]["registry"]), "the integrator runs every device of the demo"
    assert get("cg")[0] == 403 and get("operator", "?area=nowhere")[0] == 400 and get("operator", "?silent=yes")[0] == 400
