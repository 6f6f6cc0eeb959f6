#!/usr/bin/env python3
"""A department in plain pyzmq: receive your tasks and report for duty.

It subscribes to task.<code>. through the bus (losing nothing: gaps are fetched from dispatch's
replay endpoint, see gap_subscriber.py) and acknowledges each task on the command endpoint of the dispatch
instance that sent it: a task event's producer (frame 2, e.g. dispatch-s02 when dispatch is split by street)
announces its `commands` address in its heartbeat (docs/protocol.md §1), and the client needs no other.
Every command carries an id the client chooses: after a lost reply, send the same command with the
same id again and dispatch answers exactly as it did the first time. Written from docs/protocol.md;
when `jsonschema` is installed it checks each command it sends and each reply and task it receives
against docs/schemas. Run it as

    python3 examples/department_client.py cg tcp://127.0.0.1:7101 [data/keys]

With a keys folder (a suite started by `whistle up` / `make run` has one in data/keys) it connects with
CURVE as the department's own key.
"""
import json
import sys
import time
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
    def __init__(self, code, bus, commands=None, context=None, keys=None):
        """`bus`: the bus's subscribe address (a list: every bus's); `commands`: dispatch's command address, only for
        tasks it received from no instance (by default each task's command goes where its producer's heartbeat says);
        `keys`: the department's whistle_keys.Keys for a suite with CURVE (its key is its identity)."""
        self.code = code
        self.context = context or zmq.Context.instance()
        self.commands = commands
        self.keys = keys
        self.tasks = GapSubscriber(bus, [f"task.{code}."], context=self.context, check=check_event, keys=keys)
        self.producer = {}      # task id -> the dispatch instance that sent it
        self.backlog = []       # tasks that came while waiting for a heartbeat

    def poll(self, timeout_ms=100):
        """New tasks for this department, in order, each once."""
        for delivered in self.tasks.poll(timeout_ms):
            self.producer[delivered["event"]["data"]["task"]] = delivered["producer"]
            self.backlog.append(delivered["event"])
        tasks, self.backlog = self.backlog, []
        return tasks

    def endpoint(self, task, wait_s=5.0):
        """Where a command about `task` goes, and the key of the server there: the `commands` address its producer
        announces in its heartbeat (waiting up to `wait_s` for one), else the address given at the start."""
        producer = self.producer.get(task)
        deadline = time.monotonic() + wait_s
        while producer and "commands" not in self.tasks.addresses.get(producer, {}) and time.monotonic() < deadline:
            for delivered in self.tasks.poll(100):
                self.producer[delivered["event"]["data"]["task"]] = delivered["producer"]
                self.backlog.append(delivered["event"])
        if producer and "commands" in self.tasks.addresses.get(producer, {}):
            return self.tasks.addresses[producer]["commands"], producer
        if self.commands is None:
            raise RuntimeError(f"no heartbeat of {producer or 'the instance that sent ' + task} announced its commands address")
        return self.commands, "dispatch-1"

    def command(self, task, action, command_id=None, raw=False, **fields):
        """acknowledge | progress | complete | return (with reason=…, suggest=…); returns dispatch's answer
        (its bytes, with raw=True). Pass the same command_id to retry a command whose reply was lost."""
        body = check_command("department-command", {"command": command_id or str(uuid.uuid4()), "department": self.code,
                                                    "task": task, "action": action, **fields})
        address, server = self.endpoint(task)
        req = self.context.socket(zmq.REQ)
        req.setsockopt(zmq.LINGER, 0)
        req.setsockopt(zmq.RCVTIMEO, 10000)
        secure(req, self.keys, server)
        req.connect(address)
        req.send(json.dumps(body).encode())
        reply = req.recv()
        req.close()
        check_message("command-reply", json.loads(reply))
        return reply if raw else json.loads(reply)

    def close(self):
        self.tasks.close()


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: department_client.py CODE BUS_SUBSCRIBE[,BUS_SUBSCRIBE…] [KEYS_FOLDER]")
    keys = Keys(sys.argv[3], sys.argv[1]) if len(sys.argv) == 4 else None
    client = DepartmentClient(sys.argv[1], sys.argv[2].split(","), keys=keys)
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
