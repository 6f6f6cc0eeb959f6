"""`whistle up` brings crashed services back quickly, each on its own clock: every service `kill -9`'d six times in a
row (all five at once each round) comes back within its restart policy — 0.5, 1, 2, 4, 5, 5 s, then its start —
and one that ran healthy long enough starts over from 0.5 s."""
import re
import shutil
import signal
import subprocess
import threading
import time

from conftest import bin_dir, eventually, suite_base_port
from test_suite_up import child_pid

SERVICES = ["bus", "intake", "dispatch", "mediation", "notification"]
POLICY = [0.5, 1, 2, 4, 5, 5]          # the wait before the n-th restart of a service that keeps crashing
START = 10.0                           # how long a start may take on a busy 2-core machine, on top of the wait


class Supervised:
    """`whistle up` with every line it prints stamped with the moment it arrived."""

    def __init__(self, tmp_path, healthy_after):
        self.base = suite_base_port()
        self.lines = []
        self.popen = subprocess.Popen([str(bin_dir() / "whistle"), "up", "--plaintext", "--base-port", str(self.base),
                                       "--data", str(tmp_path / "data"), "--healthy-after", str(healthy_after)],
                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()
        eventually(lambda: any(line == "suite ready — try, in another shell:" for _, line in self.lines), "the suite is up", 90)

    def _read(self):
        for line in self.popen.stdout:
            self.lines.append((time.monotonic(), line.rstrip("\n")))

    def ready(self, name, since):
        """When `name` was ready again after `since`, or None."""
        return next((at for at, line in self.lines if at >= since and line.startswith(f"ready {name}:")), None)

    def waits(self, name, since):
        """The restart waits the supervisor announced for `name` after `since`."""
        pattern = re.compile(rf"^{name} exited \(status \d+\) after \d+ s; restarting in ([\d.]+) s$")
        return [float(m.group(1)) for at, line in self.lines if at >= since and (m := pattern.match(line))]

    def kill(self, names):
        pids = {name: child_pid(self.popen.pid, f"whistle-{name}") for name in names}
        assert all(pids.values()), pids
        killed_at = time.monotonic()
        for pid in pids.values():
            subprocess.run(["kill", "-9", str(pid)], check=True)
        return killed_at

    def stop(self):
        self.popen.send_signal(signal.SIGTERM)
        return self.popen.wait(60)


def test_six_kills_of_every_service_each_come_back_within_the_restart_policy(tmp_path):
    healthy_after = 12                  # longer than any service waits for the others in a round, so no count resets early
    supervised = Supervised(tmp_path, healthy_after=healthy_after)
    try:
        for round_number, wait in enumerate(POLICY, start=1):
            killed_at = supervised.kill(SERVICES)
            eventually(lambda: all(supervised.ready(name, killed_at) for name in SERVICES),
                       f"round {round_number}: every service is back", wait + START + 5)
            back = {name: supervised.ready(name, killed_at) - killed_at for name in SERVICES}
            for name in SERVICES:
                assert supervised.waits(name, killed_at) == [wait], (round_number, name, supervised.lines[-12:])
                assert wait <= back[name] <= wait + START, (round_number, name, back)
            # Each on its own clock: the last one back is not waiting behind the others' restarts.
            assert max(back.values()) <= wait + START, (round_number, back)
        # A service that has run healthy for --healthy-after seconds starts over from the first wait.
        last_ready = max(at for at, line in supervised.lines if line.startswith("ready dispatch:"))
        eventually(lambda: time.monotonic() - last_ready > healthy_after + 0.5, "dispatch has run healthy for --healthy-after",
                   healthy_after + 5, every=0.5)
        killed_at = supervised.kill(["dispatch"])
        eventually(lambda: supervised.ready("dispatch", killed_at), "dispatch is back", START + 5)
        assert supervised.waits("dispatch", killed_at) == [0.5], supervised.lines[-4:]
        assert supervised.waits("intake", killed_at) == [], "nobody else was restarted"
    finally:
        assert supervised.stop() == 0
    assert all(any(line == f"stopped {name} (exit 0)" for _, line in supervised.lines) for name in SERVICES)


def up_that_fails(tmp_path, base, *args, bin_directory=None):
    """`whistle up` expected not to come up: (exit status, everything it printed, seconds it took)."""
    started = time.monotonic()
    result = subprocess.run([str((bin_directory or bin_dir()) / "whistle"), "up", "--plaintext", "--base-port", str(base),
                             "--data", str(tmp_path / "data"), *args], capture_output=True, text=True, timeout=120)
    return result.returncode, result.stdout + result.stderr, time.monotonic() - started


def assert_suite_gone(base):
    """What had started was stopped: the bus's port can be bound again."""
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", base))


def test_a_held_port_is_named_with_who_exited_and_how_to_find_the_holder(tmp_path):
    import socket
    base = suite_base_port()
    for held, address, error in [(base + 200, f"tcp://127.0.0.1:{base + 200}", f"zmq_bind tcp://127.0.0.1:{base + 200}: Address already in use"),
                                 (base + 302, f"127.0.0.1:{base + 302}", f"cannot listen on 127.0.0.1:{base + 302}: ")]:
        holder = socket.socket()
        holder.bind(("127.0.0.1", held))
        holder.listen()
        try:
            code, output, _ = up_that_fails(tmp_path, base)
        finally:
            holder.close()
        assert code != 0, output
        assert f"dispatch exited with status 1 before it was ready (see {tmp_path}/data/logs/dispatch.log); its log ends:" in output, output
        assert error in output, output
        assert f"{address} is held by another process or connection — `ss -tanp | grep :{held}` shows it" in output, output
        assert "ephemeral range" in output
        assert_suite_gone(base)


def test_a_service_frozen_or_hung_at_start_is_reported_not_waited_on_in_silence(tmp_path):
    """A bus that stops itself (SIGSTOP) as it starts, and one that never gets ready, under `--start-timeout 3`: each is
    reported by what it is — frozen at once, then given up after 3 s; hung after 3 s — and nothing is left behind."""
    import os
    for behaviour, frozen in [("kill -STOP $$\nexec sleep 600", True), ("exec sleep 600", False)]:
        fake = tmp_path / ("frozen" if frozen else "hung")
        fake.mkdir()
        try:                                                     # `whistle up` runs the services beside its own executable
            os.link(bin_dir() / "whistle", fake / "whistle")
        except OSError:                                          # another file system: a copy will do
            shutil.copy2(bin_dir() / "whistle", fake / "whistle")
        (fake / "whistle-bus").write_text(f"#!/bin/sh\necho $$ > {fake}/pid\n{behaviour}\n")
        (fake / "whistle-bus").chmod(0o755)
        base = suite_base_port()
        code, output, took = up_that_fails(fake, base, "--start-timeout", "3", bin_directory=fake)
        assert code != 0, output
        assert took < 20, f"gave up after {took:.1f} s, not the 3 s asked for"
        if frozen:
            assert re.search(r"^bus \(pid \d+\) is stopped by a signal while starting \(SIGSTOP\?\); waiting [\d.]+ s more for SIGCONT$",
                             output, re.M), output
            assert "bus was stopped by a signal (SIGSTOP?) and not ready after 3 s; send it SIGCONT or kill it" in output, output
        else:
            assert "is stopped by a signal" not in output, output
            assert "bus was still running but not ready after 3 s (--start-timeout)" in output, output
        assert "stopped bus" in output, "the supervisor stopped what it started"
        pid = (fake / "pid").read_text().strip()
        assert not os.path.exists(f"/proc/{pid}") or " Z " in open(f"/proc/{pid}/stat").read(), "nothing left running"
