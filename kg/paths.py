"""Where the shipped data lives, in a source checkout and in an installed wheel.

The wheel maps the top-level ``ontology/`` and ``queries/`` folders into the
package (see ``pyproject.toml``); a checkout or editable install finds them next
to the package.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"


def _shipped(name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


ONTOLOGY_DIR = _shipped("ontology")
QUERIES_DIR = _shipped("queries")
ONTOLOGY_FILE = ONTOLOGY_DIR / "geopol.ttl"
SHAPES_FILE = ONTOLOGY_DIR / "shapes.ttl"
CAMEO_FILE = ONTOLOGY_DIR / "cameo.ttl"
