"""The compose file is valid for Debian's docker-compose (no engine is needed to check it)."""
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_is_valid_and_partitions_dispatch():
    result = subprocess.run(["docker-compose", "-f", str(ROOT / "compose/docker-compose.yml"), "config"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert {"bus", "bus-2", "intake", "dispatch-s01", "dispatch-s02", "mediation", "notification", "console"} <= set(services)
    buses = [s for s in services if s.startswith("bus")]
    for bus in buses:
        assert services[bus]["environment"]["WHISTLE_BUS__PUBLISH"] == "tcp://0.0.0.0:7100", "each bus binds its own two addresses"
        assert services[bus]["environment"].get("WHISTLE_SECURITY__IDENTITY", "bus") == "bus", "every bus holds the bus's key"
    both = [{"publish": f"tcp://{b}:7100", "subscribe": f"tcp://{b}:7101"} for b in ("bus", "bus-2")]
    for name in set(services) - set(buses):
        assert yaml.safe_load(services[name]["environment"]["WHISTLE_BUS"]) == both, f"{name} publishes to and subscribes from both buses"
    names = [services[s]["environment"].get("WHISTLE_NAME") for s in services if s != "bus"]
    assert len(names) == len(set(names)), "each instance needs its own name on the bus"
    assert services["dispatch-s02"]["environment"]["WHISTLE_DISPATCH__STREETS"] == "[s02]"
    for name in ("intake", "dispatch-s01", "dispatch-s02", "mediation"):
        assert services[name]["environment"]["WHISTLE_ADVERTISE"] == name, "replay addresses must be reachable from other containers"
    assert all(services[s].get("volumes") for s in services if s not in buses), "every service keeps its own store"
    assert all("/health" in " ".join(services[s]["healthcheck"]["test"]) for s in services), "every service has a health check"
    assert all(services[s]["environment"]["WHISTLE_HTTP"] == "0.0.0.0:8081" for s in services)
    assert all(services[s]["environment"]["WHISTLE_SECURITY__KEYS"] == "/keys" for s in services), "CURVE everywhere"
    assert all(any(v.startswith("keys:/keys") or v.endswith(":/keys:ro") or ":/keys" in v for v in services[s]["volumes"]) for s in services), \
        "every container mounts the keys"
    assert "whistle keys init" in " ".join(services["bus"]["command"]), "the bus's container makes the keys once"
    assert services["intake"]["environment"]["WHISTLE_INTAKE__OPEN311"] == "0.0.0.0:7210", "Open311 reachable from outside the container"
    assert any(str(port.get("target")) == "7210" for port in services["intake"]["ports"]), "and published"
    assert services["intake"]["environment"]["WHISTLE_INTAKE__COMMANDS"] == "tcp://0.0.0.0:7201", "device commands reachable"
    assert any(str(port.get("target")) == "7201" for port in services["intake"]["ports"]), "and published"
    assert services["console"]["environment"]["WHISTLE_CONSOLE__WEB"] == "0.0.0.0:7500", "the web console reachable from outside"
    assert any(str(port.get("target")) == "7500" for port in services["console"]["ports"]), "and published"
    for key in ("WHISTLE_CONSOLE__DISPATCH", "WHISTLE_CONSOLE__DISPATCH_READS", "WHISTLE_CONSOLE__MEDIATION_READS", "WHISTLE_CONSOLE__INTAKE_READS"):
        host = services["console"]["environment"][key].split("//")[1].split(":")[0]
        assert host in services, f"the console's {key} names a service of the file, not {host}"
