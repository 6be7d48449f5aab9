"""Deterministic synthetic demo data: creators, accounts, posts, audiences, samples, brands and ground truth.

Public API: `load_demo(engine, creators, seed, workspace_id, progress)`, `demo_is_loaded(engine)` and
`catalogue_is_empty(engine)`. See docs/demo.md for the model, calibration and injected cases.
"""

from reachroom.demo.loader import CASES, CatalogueNotEmpty, catalogue_is_empty, demo_is_loaded, load_demo

__all__ = ["CASES", "CatalogueNotEmpty", "catalogue_is_empty", "demo_is_loaded", "load_demo"]
