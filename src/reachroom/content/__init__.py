"""Content intelligence: offline text embeddings, niche classification, sponsored-content and disclosure
checks, tone profiles and brand-safety flags. Pure functions over caption text; no database, no network.
Evaluations are in :mod:`reachroom.content.evaluate` (CLI only).

Public API (imported lazily so that ``import reachroom.content`` does not load the model):

* :mod:`reachroom.content.embedder` – ``embed(texts)``, ``get_embedder()``, ``StaticEmbedder``
* :mod:`reachroom.content.taxonomy` – ``NICHES``, ``SLUGS``, ``TAXONOMY_VERSION``, ``get_niche``
* :mod:`reachroom.content.niches` – ``classify_post``, ``classify_posts``, ``classify_creator``,
  ``NicheClassifier``
* :mod:`reachroom.content.sponsored` – ``detect_sponsorship``, ``summarize_sponsorship``
* :mod:`reachroom.content.tone` – ``post_traits``, ``profile_posts``, ``profile_brand_voice``, ``tone_match``
* :mod:`reachroom.content.safety` – ``check_post``, ``summarize_safety``
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "embed": "embedder",
    "get_embedder": "embedder",
    "StaticEmbedder": "embedder",
    "NICHES": "taxonomy",
    "SLUGS": "taxonomy",
    "TAXONOMY_VERSION": "taxonomy",
    "get_niche": "taxonomy",
    "classify_post": "niches",
    "classify_posts": "niches",
    "classify_creator": "niches",
    "get_classifier": "niches",
    "NicheClassifier": "niches",
    "detect_sponsorship": "sponsored",
    "summarize_sponsorship": "sponsored",
    "post_traits": "tone",
    "profile_posts": "tone",
    "profile_brand_voice": "tone",
    "tone_match": "tone",
    "check_post": "safety",
    "summarize_safety": "safety",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'reachroom.content' has no attribute {name!r}")
    return getattr(importlib.import_module(f"reachroom.content.{module}"), name)
