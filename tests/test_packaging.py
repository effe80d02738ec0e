"""Each addon installs like an OCA addon, and the Docker test path holds together.

The wheels are built the way ``pip wheel ./ADDON`` builds them (the whool backend of each
addon's ``pyproject.toml``), offline: ``--no-index --no-deps --no-build-isolation``. Their
metadata must name the addon ``odoo-addon-ADDON``, carry the manifest's version and require
Odoo 18.0 and every non-core addon the manifest depends on; their files must be the addon's
own, data files included. Unpacked as pip installs them, Odoo must find them in its
``odoo/addons`` namespace, and ``scripts/test --installed`` must test them. Nothing here needs a
Docker engine: the compose file, the Dockerfile and the entrypoint are checked as files, and
the entrypoint's command branch is run with the official entrypoint stubbed.
"""

import ast
import email.parser
import importlib.machinery
import importlib.util
import os
import re
import shutil
import stat
import subprocess
import sys
import zipfile
from datetime import date
from pathlib import Path

import pytest
import yaml
from manifestoo_core.core_addons import is_core_addon
from manifestoo_core.odoo_series import OdooSeries

REPO = Path(__file__).resolve().parent.parent
ADDON_DIRS = sorted(path.parent for path in REPO.glob("*/__manifest__.py"))
ADDONS = [path.name for path in ADDON_DIRS]
ODOO_SERIES = "18.0"
VERSION = re.compile(r"18\.0\.\d+\.\d+\.\d+")
HISTORY_HEADING = re.compile(r"^## (?P<version>\S+) \((?P<date>\d{4}-\d{2}-\d{2})\)$")
MOUNT = "/mnt/extra-addons"


def _manifest(addon):
    return ast.literal_eval((REPO / addon / "__manifest__.py").read_text(encoding="utf-8"))


def _script_module():
    """scripts/test as a module, to call its helpers without running it."""
    loader = importlib.machinery.SourceFileLoader("scripts_test", str(REPO / "scripts" / "test"))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module


def _git_files(addon):
    """The addon's files as whool takes them (git ls-files), or None outside a git checkout."""
    if not shutil.which("git"):
        return None
    out = subprocess.run(["git", "ls-files"], cwd=REPO / addon, capture_output=True, text=True, check=False)
    return set(out.stdout.split()) if out.returncode == 0 else None


@pytest.fixture(scope="module")
def wheels(tmp_path_factory):
    """{addon: wheel path}, built by one offline ``pip wheel`` for every addon git knows."""
    out_dir = tmp_path_factory.mktemp("wheels")
    env = dict(os.environ)
    if not shutil.which("git"):
        # Without git (e.g. the Docker image), the version is the manifest's as is.
        env["WHOOL_POST_VERSION_STRATEGY_OVERRIDE"] = "none"
    # whool packs the files git tracks: a folder not added yet has none (its tests say so).
    buildable = [path for path in ADDON_DIRS if _git_files(path.name) != set()]
    cmd = [sys.executable, "-m", "pip", "wheel", "--no-index", "--no-deps", "--no-build-isolation", "-q"]
    cmd += [str(path) for path in buildable] + ["-w", str(out_dir)]
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    built = {}
    for wheel in out_dir.glob("*.whl"):
        name = re.match(r"odoo_addon_(?P<addon>.+?)-18\.0", wheel.name).group("addon")
        built[name] = wheel
    assert sorted(built) == [path.name for path in buildable]
    return built


def _wheel(wheels, addon):
    if addon not in wheels:
        pytest.fail(f"{addon} has no file in git yet: whool builds the wheel from the files git tracks")
    return wheels[addon]


def _metadata(wheel):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return email.parser.Parser().parsestr(archive.read(name).decode("utf-8"))


# --- Versions and changelogs ---------------------------------------------------------------


@pytest.mark.parametrize("addon", ADDONS)
def test_pyproject_uses_whool(addon):
    # tomllib is Python 3.11+, Odoo 18 runs on 3.10: the two keys are read as text.
    pyproject = (REPO / addon / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^build-backend = "whool\.buildapi"$', pyproject, re.MULTILINE)
    assert re.search(r'^requires = \["whool"\]$', pyproject, re.MULTILINE)


@pytest.mark.parametrize("addon", ADDONS)
def test_history_follows_oca(addon):
    """readme/HISTORY.md: "## VERSION (DATE)" headings, newest first, the newest being the manifest's version."""
    version = _manifest(addon)["version"]
    assert VERSION.fullmatch(version), f"{addon}: version {version} is not 18.0.x.y.z"
    history = REPO / addon / "readme" / "HISTORY.md"
    assert history.is_file(), f"{addon}: readme/HISTORY.md is missing"
    lines = history.read_text(encoding="utf-8").splitlines()
    headings = [(index, HISTORY_HEADING.match(line)) for index, line in enumerate(lines) if line.startswith("#")]
    assert headings, f"{addon}: HISTORY.md has no version heading"
    for index, match in headings:
        assert match, f"{addon}: HISTORY.md line {index + 1} is not '## 18.0.x.y.z (YYYY-MM-DD)'"
        assert VERSION.fullmatch(match["version"]), f"{addon}: {match['version']} is not 18.0.x.y.z"
        date.fromisoformat(match["date"])
        following = next((line for line in lines[index + 1 :] if line.strip()), "")
        assert following.startswith("- "), f"{addon}: {match['version']} has no entry"
    versions = [tuple(map(int, match["version"].split("."))) for _index, match in headings]
    dates = [match["date"] for _index, match in headings]
    assert versions == sorted(set(versions), reverse=True), f"{addon}: versions not newest first"
    assert dates == sorted(dates, reverse=True), f"{addon}: dates not newest first"
    assert headings[0][1]["version"] == version, f"{addon}: newest HISTORY.md entry is not {version}"


@pytest.mark.parametrize("addon", ADDONS)
def test_readme_has_changelog(addon):
    """scripts/gen-readme puts HISTORY.md into README.rst as OCA's does: one sub-section per version."""
    history = REPO / addon / "readme" / "HISTORY.md"
    assert history.is_file() and (REPO / addon / "README.rst").is_file(), f"{addon}: HISTORY.md or README.rst missing"
    readme = (REPO / addon / "README.rst").read_text(encoding="utf-8")
    heading = HISTORY_HEADING.match(history.read_text(encoding="utf-8").split("\n")[0])
    assert heading, f"{addon}: HISTORY.md does not start with '## 18.0.x.y.z (YYYY-MM-DD)'"
    title = f"{heading['version']} ({heading['date']})"
    assert "\nChangelog\n=========\n" in readme
    assert f"\n{title}\n{'-' * len(title)}\n" in readme, f"{addon}: README.rst is out of date (scripts/gen-readme)"


# --- Wheels ----------------------------------------------------------------------------------


@pytest.mark.parametrize("addon", ADDONS)
def test_wheel_metadata(wheels, addon):
    manifest = _manifest(addon)
    metadata = _metadata(_wheel(wheels, addon))
    assert metadata["Name"] == f"odoo-addon-{addon}"
    # The manifest's version, then (OCA's ".N") the commits since it last changed.
    assert re.fullmatch(re.escape(manifest["version"]) + r"(\.\d+|\.dev\d+)?", metadata["Version"])
    assert metadata["Summary"] == manifest["summary"]
    assert metadata["License"] == manifest["license"]
    expected = {f"odoo=={ODOO_SERIES}.*"}
    for dependency in manifest["depends"]:
        if dependency in ADDONS or not is_core_addon(dependency, OdooSeries(ODOO_SERIES)):
            expected.add(f"odoo-addon-{dependency}=={ODOO_SERIES}.*")
    expected |= set(manifest.get("external_dependencies", {}).get("python", []))
    assert set(metadata.get_all("Requires-Dist")) == expected


def test_wheel_dependencies_by_name(wheels):
    """What pip pulls in: Odoo only for the core addon, OCA payroll for the payroll bridge."""
    requires = {addon: set(_metadata(_wheel(wheels, addon)).get_all("Requires-Dist")) for addon in wheels}
    assert requires["onboarding_training"] == {"odoo==18.0.*"}
    assert "odoo-addon-payroll==18.0.*" in requires["onboarding_payroll"]
    assert "odoo-addon-onboarding_training==18.0.*" in requires["hr_attendance_gate"]


@pytest.mark.parametrize("addon", ADDONS)
def test_wheel_holds_the_addon(wheels, addon):
    """Code, data, demo, translations, static files and readme, under odoo/addons/ADDON, and nothing else."""
    with zipfile.ZipFile(_wheel(wheels, addon)) as archive:
        names = {name for name in archive.namelist() if ".dist-info/" not in name}
    prefix = f"odoo/addons/{addon}/"
    assert all(name.startswith(prefix) for name in names), sorted(n for n in names if not n.startswith(prefix))
    files = {name[len(prefix) :] for name in names}
    manifest = _manifest(addon)
    needed = {*manifest.get("data", []), *manifest.get("demo", []), "__manifest__.py", "__init__.py"}
    needed |= {"i18n/zh_CN.po", f"i18n/{addon}.pot", "readme/DESCRIPTION.md", "readme/HISTORY.md", "README.rst"}
    assert needed <= files, f"missing from the wheel: {sorted(needed - files)}"
    assert "pyproject.toml" not in files
    tracked = _git_files(addon)
    if tracked is not None:
        assert files == tracked - {"pyproject.toml"}


def test_installed_wheels_are_what_odoo_and_scripts_test_load(wheels, tmp_path, monkeypatch, capsys):
    """Unpacked as pip installs them, Odoo finds the addons in its odoo/addons namespace; scripts/test
    refuses to test the repository behind them, and with --installed tests exactly them."""
    site = tmp_path / "site-packages"
    script = _script_module()
    for addon in script.ADDONS:
        with zipfile.ZipFile(_wheel(wheels, addon)) as archive:
            archive.extractall(site)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(site), os.environ.get("PYTHONPATH")])))
    found = script.addon_locations(script.ADDONS)
    assert {name: real for name, (_folder, real) in found.items()} == {
        name: (site / "odoo" / "addons" / name).resolve() for name in script.ADDONS
    }
    with pytest.raises(SystemExit):
        script.addons_path(Path(script.odoo_info()))
    assert "would be tested instead of" in capsys.readouterr().out
    path = script.addons_path(Path(script.odoo_info()), installed=True).split(",")
    assert path[0] == str(site / "odoo" / "addons")
    assert str(REPO) not in path


def test_repository_addons_are_not_shadowed():
    """Where scripts/test looks for installed copies is where Odoo would load them from first."""
    script = _script_module()
    found = script.addon_locations(script.ADDONS)
    for name in script.ADDONS:
        loaded = Path(importlib.util.find_spec(f"odoo.addons.{name}").origin).resolve().parent
        assert loaded == (found[name][1] if name in found else (REPO / name).resolve())


# --- scripts/test ----------------------------------------------------------------------------


def test_counts_skipped_browser_tours(tmp_path):
    """Tours skipped for want of Chrome are counted apart and not as passed, in Odoo's log and in pytest's."""
    script = _script_module()
    log = tmp_path / "odoo.log"
    prefix = "2026-11-29 20:50:01,123 4242"
    # Odoo 18's lines, as logged when Chrome is missing (they end with a space).
    log.write_text(
        f"{prefix} INFO db odoo.addons.a.tests.test_tours: skipped TestTours.test_tour : Chrome executable not found \n"
        f"{prefix} INFO db odoo.addons.a.tests.test_misc: skipped TestMisc.test_other : not today \n"
        f"{prefix} INFO db odoo.tests.result: 0 failed, 1 error(s) of 10 tests when loading database 'db' \n",
        encoding="utf-8",
    )
    assert script.odoo_counts(log) == (7, 1, 2, 1, [], True)
    junit = tmp_path / "junit.xml"
    junit.write_text(
        '<testsuites><testsuite tests="4" failures="1" errors="0" skipped="2">'
        '<testcase name="a"><skipped message="Chrome executable not found"/></testcase>'
        '<testcase name="b"><skipped message="other"/></testcase>'
        '<testcase name="c"><failure message="x"/></testcase><testcase name="d"/>'
        "</testsuite></testsuites>",
        encoding="utf-8",
    )
    assert script.pytest_counts(junit) == (1, 1, 2, 1)


def test_browser_policy(monkeypatch, capsys):
    script = _script_module()
    monkeypatch.setattr(script, "find_browser", lambda: None)
    monkeypatch.delenv("TEST_BROWSER", raising=False)
    with pytest.raises(SystemExit) as exit_info:
        script.check_browser()
    assert exit_info.value.code == 2
    assert "no Chromium or Chrome found" in capsys.readouterr().out
    monkeypatch.setenv("TEST_BROWSER", "optional")
    assert script.check_browser() is None
    assert "browser tours: skipped" in capsys.readouterr().out
    monkeypatch.setenv("TEST_BROWSER", "maybe")
    with pytest.raises(SystemExit):
        script.check_browser()


def test_log_dir(tmp_path, monkeypatch):
    """TEST_LOG_DIR when set; a temporary folder when the repository cannot take .test-logs/."""
    script = _script_module()
    monkeypatch.setenv("TEST_LOG_DIR", str(tmp_path / "logs"))
    assert script.log_dir() == tmp_path / "logs"
    monkeypatch.delenv("TEST_LOG_DIR")
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(script, "REPO", blocker / "repo")
    monkeypatch.setattr(script.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    assert script.log_dir() == tmp_path / "tmp" / "onboarding-test-logs"
    monkeypatch.setenv("TEST_LOG_DIR", str(blocker / "logs"))
    with pytest.raises(SystemExit):
        script.log_dir()


# --- Docker ----------------------------------------------------------------------------------


def test_compose_runs_the_tests_from_the_mount():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    db, odoo = compose["services"]["db"], compose["services"]["odoo"]
    assert odoo["build"] == "."
    assert odoo["depends_on"]["db"]["condition"] == "service_healthy"
    assert odoo["environment"]["USER"] == db["environment"]["POSTGRES_USER"]
    assert odoo["environment"]["PASSWORD"] == db["environment"]["POSTGRES_PASSWORD"]
    assert odoo["environment"]["HOST"] == "db"
    volumes = dict(volume.split(":", 1) for volume in odoo["volumes"])
    assert volumes["."] == f"{MOUNT}:ro"
    # `docker compose run --rm odoo scripts/test` runs from the repository...
    assert odoo["working_dir"] == MOUNT
    # ...and logs into a writable volume, not into the read-only mount.
    logs = odoo["environment"]["TEST_LOG_DIR"]
    named = [target for source, target in volumes.items() if source in compose["volumes"]]
    assert any(logs.startswith(target.split(":")[0] + "/") for target in named)
    assert not logs.startswith(MOUNT)


def test_dockerfile_and_entrypoint():
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM odoo:18\.0$", dockerfile, re.MULTILINE)
    assert re.search(r"^ENV TEST_BROWSER=optional$", dockerfile, re.MULTILINE)
    copied = re.search(r"^COPY docker/entrypoint\.sh (\S+)$", dockerfile, re.MULTILINE).group(1)
    assert f'ENTRYPOINT ["{copied}"]' in dockerfile
    assert "-r /tmp/requirements.txt" in dockerfile
    ignore = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert {"!requirements.txt", "!docker/"} <= set(ignore)
    for path in ("docker/entrypoint.sh", "scripts/test"):
        assert (REPO / path).stat().st_mode & stat.S_IXUSR, f"{path} is not executable"
    assert subprocess.run(["bash", "-n", str(REPO / "docker" / "entrypoint.sh")], check=False).returncode == 0


def test_entrypoint_gives_commands_the_database(tmp_path):
    """A command such as scripts/test goes to the official entrypoint with the image's HOST/USER/PASSWORD
    as libpq's PG* variables."""
    stub = tmp_path / "entrypoint.sh"
    stub.write_text('#!/bin/bash\necho "$*|$PGHOST|$PGPORT|$PGUSER|$PGPASSWORD"\n', encoding="utf-8")
    stub.chmod(0o755)
    script = tmp_path / "onboarding-entrypoint.sh"
    text = (REPO / "docker" / "entrypoint.sh").read_text(encoding="utf-8")
    script.write_text(text.replace("/entrypoint.sh", str(stub)), encoding="utf-8")
    env = {"PATH": os.environ["PATH"], "HOST": "db", "USER": "odoo", "PASSWORD": "secret"}
    out = subprocess.run(
        ["bash", str(script), "scripts/test", "--addons", "onboarding_training"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "scripts/test --addons onboarding_training|db|5432|odoo|secret"
