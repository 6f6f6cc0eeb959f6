#!/usr/bin/env python3
"""Check Whistle messages against the JSON Schemas in docs/schemas (generated from the contracts).

    from whistle_schemas import check_event, check_command, check_message
    check_event(cloudevent_dict)               # its `data` against events/<type>.json
    check_command("department-command", body)  # commands/<name>.json (closed: unknown members are errors)
    check_message("command-reply", reply)      # messages/<name>.json

Each raises jsonschema.ValidationError naming what is wrong. Needs `pip install jsonschema`.
"""
import json
from functools import lru_cache
from pathlib import Path

from jsonschema import Draft202012Validator

SCHEMAS = Path(__file__).resolve().parents[1] / "docs" / "schemas"


@lru_cache(maxsize=None)
def validator(path):
    schema = json.loads((SCHEMAS / path).read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def event_types():
    return sorted(p.stem for p in (SCHEMAS / "events").glob("*.json"))


def check_event(event):
    """A CloudEvent (dict, structured mode) published by Whistle: its data must match its type's schema."""
    path = f"events/{event['type']}.json"
    if not (SCHEMAS / path).exists():
        raise KeyError(f"no schema for event type {event['type']!r}")
    validator(path).validate(event.get("data"))
    return event


def check_command(name, body):
    validator(f"commands/{name}.json").validate(body)
    return body


def check_message(name, body):
    validator(f"messages/{name}.json").validate(body)
    return body
