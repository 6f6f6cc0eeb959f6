"""The compose file is valid for Debian's docker-compose (no engine is needed to check it)."""
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_compose_file_is_valid():
    result = subprocess.run(["docker-compose", "-f", str(ROOT / "compose/docker-compose.yml"), "config"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WHISTLE_BUS__PUBLISH: tcp://0.0.0.0:7100" in result.stdout
