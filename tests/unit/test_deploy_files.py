"""The deployment files (deploy/): the systemd unit verified by ``systemd-analyze`` where it is
installed and its keys checked here in any case; the Containerfile's user, volume and command;
the compose file's services and volumes (and ``docker compose config`` where docker has compose);
the example environment file loads as settings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from config.settings import load_settings
from tests.shared_paths import REPO

DEPLOY = REPO / "deploy"
DATA = "/var/lib/nhacviec"
NHACVIEC = Path(sys.executable).parent / "nhacviec"


def _unit(text: str) -> dict[str, dict[str, list[str]]]:
    """A unit file's sections: each key with its values in order (a key may repeat)."""
    sections: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    section = ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        sections[section][key.strip()].append(value.strip())
    return sections


def test_the_unit_restarts_on_failure_as_its_own_user_with_only_the_data_writable() -> None:
    unit = _unit((DEPLOY / "nhacviec.service").read_text(encoding="utf-8"))
    service = unit["Service"]
    assert service["ExecStart"] == ["/opt/nhacviec/venv/bin/nhacviec run"]
    assert service["Restart"] == ["on-failure"]
    assert service["User"] == ["nhacviec"]
    assert service["NoNewPrivileges"] == ["yes"]
    assert service["ProtectSystem"] == ["strict"]
    assert service["ReadWritePaths"] == [DATA]
    assert f"NHACVIEC_HOME={DATA}" in service["Environment"]
    assert service["StateDirectory"] == ["nhacviec"]  # systemd makes /var/lib/nhacviec, owned
    assert service["EnvironmentFile"] == ["/etc/nhacviec/nhacviec.env"]
    assert service["KillSignal"] == ["SIGTERM"]
    assert unit["Install"]["WantedBy"] == ["multi-user.target"]


def test_systemd_analyze_verifies_the_unit(tmp_path: Path) -> None:
    """Where systemd is installed (CI, a server); elsewhere the test above checks the keys."""
    analyze = shutil.which("systemd-analyze")
    text = (DEPLOY / "nhacviec.service").read_text(encoding="utf-8")
    if analyze is None:
        assert "[Service]" in text  # nothing to run: the keys are checked above
        return
    # ExecStart must name a program that exists: this environment's nhacviec.
    unit = tmp_path / "nhacviec.service"
    unit.write_text(text.replace("/opt/nhacviec/venv/bin/nhacviec", str(NHACVIEC)), "utf-8")
    done = subprocess.run(
        [analyze, "verify", str(unit)], capture_output=True, text=True, timeout=60, check=False
    )
    # It exits 0 even for an unknown key, which it reports: any report is a failure.
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_the_container_runs_nhacviec_as_a_user_with_the_data_a_volume() -> None:
    lines = (DEPLOY / "Containerfile").read_text(encoding="utf-8").splitlines()
    instructions = [line.split(maxsplit=1) for line in lines if line and line[0].isupper()]
    in_force = dict(instructions)  # the last of each instruction is the one in force
    assert in_force["FROM"] == "python:3.11-slim"
    assert in_force["USER"].split(":")[0] == "nhacviec"
    assert in_force["VOLUME"] == '["/data"]'
    assert (in_force["ENTRYPOINT"], in_force["CMD"]) == ('["nhacviec"]', '["run"]')
    assert "NHACVIEC_HOME=/data" in " ".join(lines)


def test_the_compose_file_runs_two_services_on_postgresql_15() -> None:
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert services["db"]["image"] == "postgres:15"
    runners = [name for name, one in services.items() if one.get("command") == ["run"]]
    assert runners == ["nhacviec-1", "nhacviec-2"]
    for name in runners:
        one = services[name]
        assert one["build"]["dockerfile"] == "deploy/Containerfile"
        assert one["depends_on"]["db"]["condition"] == "service_healthy"
        assert one["env_file"] == "nhacviec.env"
        (volume,) = one["volumes"]
        assert volume.split(":")[0] in compose["volumes"]
        assert volume.endswith(":/data")
    assert services["web"]["ports"] == ["127.0.0.1:8080:8080"]
    named = {v.split(":")[0] for one in services.values() for v in one.get("volumes", [])}
    assert named == set(compose["volumes"])
    assert (REPO / services["nhacviec-1"]["build"]["dockerfile"]).is_file()


def test_docker_compose_validates_the_file_where_it_is_installed(tmp_path: Path) -> None:
    docker = shutil.which("docker")
    has_compose = docker is not None and _runs([docker, "compose", "version"])
    if not has_compose:
        assert (DEPLOY / "compose.yaml").is_file()  # the YAML is checked above
        return
    assert docker is not None
    env = DEPLOY / "nhacviec.env"
    created = not env.exists()
    if created:
        shutil.copyfile(DEPLOY / "nhacviec.env.example", env)
    try:
        compose = ["compose", "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"]
        done = subprocess.run([docker, *compose], capture_output=True, text=True, check=False)
    finally:
        if created:
            env.unlink()
    assert done.returncode == 0, done.stderr


def _runs(command: list[str]) -> bool:
    try:
        done = subprocess.run(command, capture_output=True, timeout=30, check=False)
    except OSError:
        return False
    return done.returncode == 0


def test_the_example_environment_loads_as_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    pairs = [
        line.split("=", 1)
        for line in (DEPLOY / "nhacviec.env.example").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    environ = dict(pairs)
    assert all(name.startswith("NHACVIEC_") for name in environ)
    settings = load_settings(environ=environ)
    assert settings.notify.channels == ("email", "telegram")
    assert settings.database_url == f"sqlite:///{DATA}/nhacviec.db"
    assert settings.smtp.password is not None
