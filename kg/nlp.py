"""GiNZA loading: one pipeline per process, loaded on first use.

Only the extraction path imports this module; query-only commands never do.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODEL = "ja_ginza"


@functools.cache
def load_nlp(model: str = DEFAULT_MODEL) -> Language:
    """Load the GiNZA pipeline once per process (it takes ~1.5 s)."""
    import spacy

    from kg.errors import KGError

    try:
        return spacy.load(model)
    except OSError as exc:
        raise KGError(
            f"cannot load the GiNZA model {model!r}; install it with: pip install ja-ginza"
        ) from exc
