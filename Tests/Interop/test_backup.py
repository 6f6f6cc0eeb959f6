"""A store backed up while its service runs (VACUUM INTO) and restored after a crash: the restored dispatch catches up by
replay on what came after the backup, and numbers its events after what its consumers have applied, so nothing it
publishes is taken for a copy of something they have. Processes with their own keys; 消防 (xf) listens with its own
pyzmq client."""
import json
import os
import subprocess

from conftest import bin_dir, eventually, suite_base_port
from department_client import DepartmentClient
from whistle_keys import Keys


def test_a_store_restored_from_backup_catches_up_by_replay_and_numbers_after_its_consumers(suite, tmp_path):
    base = suite_base_port()
    keys = str(tmp_path / "keys")
    subprocess.run([str(bin_dir() / "whistle"), "keys", "init", "--keys", keys], check=True, capture_output=True)
    common = {"WHISTLE_BUS__PUBLISH": f"tcp://127.0.0.1:{base}", "WHISTLE_BUS__SUBSCRIBE": f"tcp://127.0.0.1:{base + 1}",
              "WHISTLE_SECURITY__KEYS": keys}
    suite.start("whistle-bus", [], env={**common, "WHISTLE_NAME": "bus", "WHISTLE_HTTP": f"127.0.0.1:{base + 300}"}, ready="READY bus")
    intake = suite.start("whistle-intake", [], env={**common, "WHISTLE_NAME": "intake-1", "WHISTLE_DATA_DIRECTORY": str(tmp_path / "intake"),
                                                    "WHISTLE_INTAKE__INGEST": f"tcp://127.0.0.1:{base + 100}",
                                                    "WHISTLE_INTAKE__COMMANDS": f"tcp://127.0.0.1:{base + 101}",
                                                    "WHISTLE_INTAKE__OPEN311": f"127.0.0.1:{base + 110}", "WHISTLE_HTTP": f"127.0.0.1:{base + 301}"},
                         ready="READY intake")
    dispatch_env = {**common, "WHISTLE_NAME": "dispatch-1", "WHISTLE_DATA_DIRECTORY": str(tmp_path / "dispatch"),
                    "WHISTLE_DISPATCH__COMMANDS": f"tcp://127.0.0.1:{base + 200}", "WHISTLE_HTTP": f"127.0.0.1:{base + 302}"}
    dispatch = suite.start("whistle-dispatch", [], env=dispatch_env, ready="READY dispatch")
    xf = DepartmentClient("xf", f"tcp://127.0.0.1:{base + 1}", keys=Keys(keys, "xf"))
    heard = []

    def whistle(*args):
        return subprocess.run([str(bin_dir() / "whistle"), *args, "--base-port", str(base), "--keys", keys], capture_output=True, text=True, timeout=60)

    def report(grid):
        return json.loads(whistle("report", "--category", "ygbj", "--grid", grid, "--reporter", "r-001").stdout.splitlines()[-1])["case"]

    def tasks_of(case):
        return [e for e in heard if e["type"] == "whistle.task.assigned" and e["data"]["task"] == f"{case}-xf"]

    def hears(case, count=1):
        eventually(lambda: heard.extend(xf.poll(50)) or len(tasks_of(case)) >= count, f"xf hears {case}'s task", timeout=30)

    def maintain(*args):
        return subprocess.run([str(bin_dir() / "whistle-dispatch"), *args], env={**os.environ, **dispatch_env},
                              capture_output=True, text=True, timeout=60)

    try:
        before = report("g01")
        hears(before)
        backup = tmp_path / "backups" / "dispatch-1.sqlite"
        backup.parent.mkdir()
        made = maintain("--backup-to", str(backup))                  # while dispatch runs
        assert made.returncode == 0 and "backed up dispatch-1's store" in made.stdout, made.stdout + made.stderr
        again = maintain("--backup-to", str(backup))
        assert again.returncode != 0 and "exists: name a new file for the backup" in again.stderr, again.stderr

        after = report("g02")                                         # after the backup: only the replay brings it back
        hears(after)
        assert xf.command(f"{after}-xf", "acknowledge")["state"] == "acknowledged"
        running = maintain("--restore-from", str(backup))
        assert running.returncode != 0 and "dispatch-1 is running (its heartbeat is on the bus): stop it before restoring" in running.stderr

        dispatch.popen.kill()                                         # the crash that calls for the backup
        dispatch.popen.wait()
        wrong = maintain("--restore-from", str(tmp_path / "intake" / "intake.sqlite"))
        assert wrong.returncode != 0 and "is not a dispatch store" in wrong.stderr, wrong.stderr
        restored = maintain("--restore-from", str(backup))
        assert restored.returncode == 0 and "restored dispatch-1's store" in restored.stdout, restored.stdout + restored.stderr

        dispatch = suite.start("whistle-dispatch", [], env=dispatch_env, ready="READY dispatch")
        applied = xf.tasks.applied["dispatch-1"]                    # how far xf's own client got before the crash
        floor = eventually(lambda: next((json.loads(line) for line in list(dispatch.errors)
                                         if '"restored store: sequence floor raised"' in line), None), "the floor is logged", timeout=10)
        assert int(floor["sequence"]) >= applied, (floor, applied)

        eventually(lambda: whistle("case", after).returncode == 0, "the restored dispatch catches up on the report after the backup", timeout=30)
        view = json.loads(whistle("case", after).stdout)
        assert {t["department"]: t["state"] for t in view["tasks"]}["xf"] == "dispatched", "the acknowledgement after the backup is lost"
        hears(after, count=2)                                         # dispatched again, under a new number …
        first, second = tasks_of(after)
        assert first["id"] == second["id"], "… with the same event id: a client that keeps ids sees it once"

        later = report("g03")                                         # numbered after what xf applied: not taken for a copy
        hears(later)
        for case in (after, later):
            assert xf.command(f"{case}-xf", "acknowledge")["state"] == "acknowledged"
        assert intake.popen.poll() is None
    finally:
        xf.close()
