"""An installed (non-editable) wheel carries the ontology, the query library, the data files
and the view assets, and finds them without the source checkout."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    (path,) = out.glob("geopol_kg-*.whl")
    return path


def test_wheel_contents(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for required in (
        "kg/ontology/geopol.ttl",
        "kg/ontology/shapes.ttl",
        "kg/ontology/cameo.ttl",
        "kg/data/actors.toml",
        "kg/data/predicates.toml",
        "kg/data/markers.toml",
    ):
        assert required in names
    assert len([n for n in names if n.startswith("kg/queries/") and n.endswith(".rq")]) >= 15
    assert any(n.startswith("kg/view_assets/") and n.endswith(".js") for n in names)
    assert not any(n.startswith("tests/") for n in names)


def test_installed_package_finds_its_data(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    probe = (
        "import json, kg.paths as p, kg.queries as q;"
        "print(json.dumps({'pkg': str(p.PACKAGE_DIR), 'onto': p.ONTOLOGY_FILE.exists(),"
        "'shapes': p.SHAPES_FILE.exists(), 'cameo': p.CAMEO_FILE.exists(),"
        "'queries': len(q.load_library()), 'qdir': str(p.QUERIES_DIR)}))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    info = json.loads(done.stdout)
    assert info["pkg"].startswith(str(target))
    assert info["qdir"].startswith(str(target))
    assert info["onto"] and info["shapes"] and info["cameo"]
    assert info["queries"] >= 15
