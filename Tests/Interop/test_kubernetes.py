"""The Kubernetes manifests under compose/kubernetes/ are valid for Kubernetes (kubernetes-validate, strict) and say what
docs/operations.md says: two buses on their own nodes with a budget that keeps one, every stateful service a StatefulSet
with its own volume, probes on /health, configuration from the ConfigMap, keys from Secrets that `whistle keys
kubernetes` makes — a service's own secret only, never a department's."""
import base64
import json
import subprocess
from pathlib import Path

import kubernetes_validate
import yaml

from conftest import bin_dir

ROOT = Path(__file__).resolve().parents[2]
MANIFESTS = sorted((ROOT / "compose/kubernetes").glob("*.yaml"))
INSTANCES = ["intake-1", "dispatch-s01", "dispatch-s02", "mediation-1", "notification-1", "console-1"]


def resources(documents):
    return {(d["kind"], d["metadata"]["name"]): d for d in documents if d}


def env(container):
    return {e["name"]: e["value"] for e in container.get("env", [])}


def test_manifests_are_valid_and_run_the_suite_as_documented(tmp_path):
    keys = tmp_path / "keys"
    subprocess.run([str(bin_dir() / "whistle"), "keys", "init", "--keys", str(keys), *sum((["--service", i] for i in INSTANCES), [])],
                   check=True, capture_output=True)
    printed = subprocess.run([str(bin_dir() / "whistle"), "keys", "kubernetes", "--keys", str(keys)],
                             check=True, capture_output=True, text=True).stdout
    documents = [d for path in MANIFESTS if path.name != "kustomization.yaml" for d in yaml.safe_load_all(path.read_text())]
    documents += list(yaml.safe_load_all(printed))
    for document in filter(None, documents):
        kubernetes_validate.validate(document, "1.30", strict=True)       # raises on any schema error
    found = resources(documents)

    # Keys: every certificate public; a Secret for each service instance and the bus, and for nobody else.
    public = found[("ConfigMap", "whistle-public-keys")]["data"]
    assert {"bus.json", "operator.json", "cg.json", "gw-g01.json"} <= set(public)
    secrets = {name for kind, name in found if kind == "Secret"}
    assert secrets == {f"whistle-key-{i}" for i in ["bus"] + INSTANCES}, secrets
    own = json.loads(base64.b64decode(found[("Secret", "whistle-key-dispatch-s01")]["data"]["dispatch-s01.json"]))
    assert own["identity"] == "dispatch-s01" and own["secretKey"]

    # Buses: two Deployments with their Services, never on one node, a budget that keeps one through a drain.
    config = yaml.safe_load(found[("ConfigMap", "whistle")]["data"]["whistle.yaml"])
    hosts = [bus["publish"].split("//")[1].split(":")[0] for bus in config["bus"]]
    assert hosts == ["bus-a", "bus-b"] and all(("Service", h) in found and ("Deployment", h) in found for h in hosts)
    for host in hosts:
        pod = found[("Deployment", host)]["spec"]["template"]["spec"]
        assert pod["affinity"]["podAntiAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"][0]["topologyKey"] == "kubernetes.io/hostname"
        assert env(pod["containers"][0])["WHISTLE_SECURITY__IDENTITY"] == "bus"
    assert found[("PodDisruptionBudget", "buses")]["spec"]["minAvailable"] == 1

    # Stateful services: one StatefulSet per instance, its volume, its key, its budget, its stable replay address.
    statefulsets = {name: d for (kind, name), d in found.items() if kind == "StatefulSet"}
    assert set(statefulsets) == {"intake", "dispatch-s01", "dispatch-s02", "mediation", "notification", "console"}
    streets = []
    for name, sts in statefulsets.items():
        pod = sts["spec"]["template"]["spec"]
        container = pod["containers"][0]
        variables = env(container)
        assert sts["spec"]["volumeClaimTemplates"][0]["metadata"]["name"] == "data"
        assert {"name": "data", "mountPath": "/data"} in container["volumeMounts"]
        assert variables["WHISTLE_ADVERTISE"] == f"{name}-0.{name}" and found[("Service", name)]["spec"]["clusterIP"] == "None"
        assert container["command"][-2:] == ["--config", "/etc/whistle/whistle.yaml"]
        key = next(v for v in pod["volumes"] if v["name"] == "key-source")["secret"]["secretName"]
        assert key == f"whistle-key-{variables['WHISTLE_NAME']}" and key in secrets
        assert f"install -m 0600 /key-source/{variables['WHISTLE_NAME']}.json" in pod["initContainers"][0]["command"][-1]
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            assert container[probe]["httpGet"]["path"] == "/health"
        assert container["resources"]["requests"]["memory"] and container["resources"]["limits"]["memory"]
        assert found[("PodDisruptionBudget", name)]["spec"]["selector"]["matchLabels"] == sts["spec"]["selector"]["matchLabels"]
        if "WHISTLE_DISPATCH__STREETS" in variables:
            streets += yaml.safe_load(variables["WHISTLE_DISPATCH__STREETS"])
    assert sorted(streets) == ["s01", "s02"], "each street in one partition"
    names = [env(d["spec"]["template"]["spec"]["containers"][0])["WHISTLE_NAME"] for (k, _), d in found.items() if k in ("StatefulSet", "Deployment")]
    assert len(names) == len(set(names)), "each instance its own name on the bus"
