"""docker-compose.yml stays valid and in step with the local stack (no Docker engine needed)."""

import importlib.util

from tests.conftest import REPO

spec = importlib.util.spec_from_file_location("validate_compose", REPO / "infra" / "validate_compose.py")
validate_compose = importlib.util.module_from_spec(spec)
spec.loader.exec_module(validate_compose)


def test_compose_file_is_accepted_by_compose_and_mirrors_the_local_broker():
    assert validate_compose.compose_command() is not None, "install the dev extra: it brings Compose v2"
    assert validate_compose.problems() == []


def test_a_drifted_broker_setting_is_reported(tmp_path, monkeypatch):
    drifted = tmp_path / "server.properties"
    drifted.write_text(validate_compose.PROPERTIES.read_text().replace(
        "group.initial.rebalance.delay.ms=0", "group.initial.rebalance.delay.ms=3000"))
    monkeypatch.setattr(validate_compose, "PROPERTIES", drifted)
    assert any("GROUP_INITIAL_REBALANCE_DELAY_MS" in problem for problem in validate_compose.problems())
