"""Two instances never own one street: heartbeats are the lease. An instance told to own a street another live instance
owns is refused at start, loudly, naming the holder; once the holder is gone (kill -9: its heartbeats stop) the street can
move; and of two that started in the same moment (no wait), the later claim stands down within a heartbeat."""
from conftest import free_port


def dispatch(suite, name, streets, wait=None):
    env = {"WHISTLE_BUS__PUBLISH": suite.publish, "WHISTLE_BUS__SUBSCRIBE": suite.subscribe, "WHISTLE_NAME": name,
           "WHISTLE_DATA_DIRECTORY": str(suite.directory / name), "WHISTLE_DISPATCH__STREETS": "[" + ", ".join(streets) + "]",
           "WHISTLE_DISPATCH__COMMANDS": f"tcp://127.0.0.1:{free_port()}"}
    if wait is not None:
        env["WHISTLE_CLAIM_WAIT_MILLISECONDS"] = str(wait)
    return suite.start("whistle-dispatch", [], env=env)


def refused(proc):
    """The exit status and what it said, once it exited (it must not have become ready)."""
    code = proc.popen.wait(30)
    assert not any(line.startswith("READY") for line in proc.lines), proc.lines
    return code, "\n".join(proc.errors)


def test_a_street_has_one_owner_at_a_time(suite):
    s01 = dispatch(suite, "dispatch-s01", ["s01"])
    s01.wait_line("READY dispatch")
    s02 = dispatch(suite, "dispatch-s02", ["s02"])
    s02.wait_line("READY dispatch")                      # disjoint streets: both own theirs

    code, said = refused(dispatch(suite, "dispatch-s02b", ["s02"]))
    assert code != 0
    assert ("dispatch-s02b may not own dispatch:s02: dispatch-s02 owns it and is running (its heartbeat is on the bus). "
            "Two instances may never own an area at once: stop dispatch-s02 first") in said, said
    code, said = refused(dispatch(suite, "dispatch-all", []))   # every street: s01's and s02's
    assert code != 0 and "dispatch-all may not own dispatch:*: dispatch-s0" in said, said

    # The holder is lost: its heartbeats stop, so does its claim, and the street can move.
    s02.popen.kill()
    s02.popen.wait()
    moved = dispatch(suite, "dispatch-s02b", ["s02"])
    moved.wait_line("READY dispatch")

    # Two that skip the wait and start together: both come up, the later claim stands down within a heartbeat or two.
    first = dispatch(suite, "dispatch-x1", ["s03"], wait=0)
    first.wait_line("READY dispatch")
    second = dispatch(suite, "dispatch-x2", ["s03"], wait=0)
    second.wait_line("READY dispatch")
    assert second.popen.wait(15) != 0
    said = "\n".join(second.errors)
    assert "dispatch-x2 stands down: dispatch-x1 has owned dispatch:s03 since before it did" in said, said
    assert first.popen.poll() is None and s01.popen.poll() is None and moved.popen.poll() is None, "the owners carry on"
