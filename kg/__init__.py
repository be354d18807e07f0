"""geopol-kg: Japanese geopolitical commentary to an RDF knowledge graph.

Kept import-light on purpose: `kg query` and friends must start fast, so nothing
here imports spaCy, GiNZA, pyvis or networkx.
"""

__version__ = "0.1.0"
