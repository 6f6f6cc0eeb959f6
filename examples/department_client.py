#!/usr/bin/env python3
"""A department in plain pyzmq: receive your tasks and report for duty.

It subscribes to task.<code>. through the bus (losing nothing: gaps are fetched from dispatch's
replay endpoint, see gap_subscriber.py) and acknowledges each task on dispatch's command endpoint.
Every command carries an id the client chooses: after a lost reply, send the same command with the
same id again and dispatch answers exactly as it did the first time. Written from docs/protocol.md;
when `jsonschema` is installed it checks each command it sends and each reply and task it receives
against docs/schemas. Run it as

    python3 examples/department_client.py cg tcp://127.0.0.1:7101 tcp://127.0.0.1:7300 [data/keys]

With a keys folder (a suite started by `whistle up` / `make run` has one in data/keys) it connects with
CURVE as the department's own key.
"""
import json
import sys
import uuid

import zmq

from gap_subscriber import GapSubscriber
from whistle_keys import Keys, secure

try:
    from whistle_schemas import check_command, check_event, check_message
except ImportError:  # jsonschema not installed: no checks
    check_command = check_message = lambda name, body: body
    check_event = None


class DepartmentClient:
    def __init__(self, code, bus, commands, context=None, keys=None):
        """`keys`: the department's whistle_keys.Keys for a suite with CURVE (its key is its identity)."""
        self.code = code
        self.context = context or zmq.Context.instance()
        self.commands = commands
        self.keys = keys
        self.tasks = GapSubscriber(bus, [f"task.{code}."], context=self.context, check=check_event, keys=keys)

    def poll(self, timeout_ms=100):
        """New tasks for this department, in order, each once."""
        return [delivered["event"] for delivered in self.tasks.poll(timeout_ms)]

    def command(self, task, action, command_id=None, raw=False, **fields):
        """acknowledge | progress | complete | return (with reason=…, suggest=…); returns dispatch's answer
        (its bytes, with raw=True). Pass the same command_id to retry a command whose reply was lost."""
        body = check_command("department-command", {"command": command_id or str(uuid.uuid4()), "department": self.code,
                                                    "task": task, "action": action, **fields})
        req = self.context.socket(zmq.REQ)
        req.setsockopt(zmq.LINGER, 0)
        req.setsockopt(zmq.RCVTIMEO, 10000)
        secure(req, self.keys, "dispatch-1")
        req.connect(self.commands)
        req.send(json.dumps(body).encode())
        reply = req.recv()
        req.close()
        check_message("command-reply", json.loads(reply))
        return reply if raw else json.loads(reply)

    def close(self):
        self.tasks.close()


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit("usage: department_client.py CODE BUS_SUBSCRIBE COMMANDS [KEYS_FOLDER]")
    keys = Keys(sys.argv[4], sys.argv[1]) if len(sys.argv) == 5 else None
    client = DepartmentClient(*sys.argv[1:4], keys=keys)
    try:
        while True:
            for task in client.poll(500):
                data = task["data"]
                print(f"task {data['task']} ({data['role']}): {data['categoryName']} at {data['grid']} — {data['description']}")
                print("  ->", json.dumps(client.command(data["task"], "acknowledge", note="on our way"), ensure_ascii=False), flush=True)
    except KeyboardInterrupt:
        client.close()


if __name__ == "__main__":
    main()
