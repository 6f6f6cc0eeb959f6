"""Shared fixtures: the suite's built executables as real processes on loopback."""
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples"))


def bin_dir():
    if os.environ.get("WHISTLE_BIN_DIR"):
        return Path(os.environ["WHISTLE_BIN_DIR"])
    out = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


def _free_block(draw, offsets, what):
    """A base drawn by `draw` (up to 200 draws) whose ports base+offset, for each of `offsets`, all bind right now."""
    for _ in range(200):
        base = draw()
        try:
            for offset in offsets:
                with socket.socket() as s:
                    s.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
    raise RuntimeError(f"no free {what}")


def free_port():
    """A free port below Linux's ephemeral range (and below `suite_base_port`'s): a port from that range, which binding
    0 hands out, can be taken as the local end of an outgoing connection before the service binds it."""
    import random
    return _free_block(lambda: random.randrange(10000, 20000), [0], "port below the ephemeral range")


def suite_base_port():
    """A base port for `whistle up` below Linux's ephemeral range (32768+), whose ports base…base+5 (three buses),
    base+100, base+101, base+110, base+200…202, base+300…307 and base+400 (the console) are all free right now."""
    import random
    offsets = list(range(6)) + [100, 101, 110, 200, 201, 202] + [300 + i for i in range(8)] + [400]
    return _free_block(lambda: random.randrange(20000, 29000, 10), offsets, "port range for the suite")


def api_get(url, keys, identity):
    """GET `url` with `identity`'s HTTP API key (from the keys folder `keys`): (status, body as JSON, or its text when it is
    not JSON)."""
    import json
    import urllib.error
    import urllib.request
    from whistle_keys import Keys
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {Keys(keys, identity).api_key}"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    try:
        return status, json.loads(body)
    except ValueError:
        return status, body.decode()


def eventually(condition, what, timeout=30.0, every=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting until {what}")


class Proc:
    """A started executable whose stdout lines are collected as they come, and its stderr too: a pipe nobody reads
    fills (64 KiB) and then blocks every writer — for `whistle up`, its services, whose logs go there — so that a
    graceful stop hangs and the supervisor's children outlive the test."""

    def __init__(self, name, args, env=None, prefix=()):
        """`prefix`: what runs it (`ip netns exec <host>`); `name` a built executable, or a path."""
        self.name = name
        self.lines = []
        self.errors = []
        executable = name if "/" in name else str(bin_dir() / name)
        self.popen = subprocess.Popen([*prefix, executable] + args, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
        threading.Thread(target=self._read, args=(self.popen.stdout, self.lines), daemon=True).start()
        threading.Thread(target=self._read, args=(self.popen.stderr, self.errors), daemon=True).start()

    @staticmethod
    def _read(stream, lines):
        for line in stream:
            lines.append(line.rstrip("\n"))

    def wait_line(self, prefix, timeout=30.0):
        def found():
            if self.popen.poll() is not None:
                raise AssertionError(f"{self.name} exited {self.popen.returncode}: " + "\n".join(self.errors[-40:]))
            return next((line for line in self.lines if line.startswith(prefix)), None)
        return eventually(found, f"{self.name} prints {prefix!r}", timeout)

    def stop(self):
        """SIGTERM, then SIGKILL after 30 s: `whistle up` stops its services one after another and gives each up to
        10 s, so killing it sooner would leave its services running after the test."""
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(30)
            except subprocess.TimeoutExpired:
                self.popen.kill()


@pytest.fixture
def suite(tmp_path):
    """A bus on free ports; start more processes with suite.start(...)."""
    started = []

    class Suite:
        publish = f"tcp://127.0.0.1:{free_port()}"
        subscribe = f"tcp://127.0.0.1:{free_port()}"
        directory = tmp_path

        def start(self, name, args, env=None, ready=None):
            proc = Proc(name, args, env)
            started.append(proc)
            if ready:
                proc.wait_line(ready)
            return proc

    s = Suite()
    s.start("whistle-bus", [], env={"WHISTLE_BUS__PUBLISH": s.publish, "WHISTLE_BUS__SUBSCRIBE": s.subscribe},
            ready="READY bus")
    yield s
    for proc in reversed(started):
        proc.stop()
