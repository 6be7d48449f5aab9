"""The authenticity job's cheaper bookkeeping gives exactly what the general code gave (kept here as reference)."""

import dataclasses
import math
from collections import Counter, OrderedDict
from datetime import date, datetime

import numpy as np

from reachroom.authenticity.classifier import load_model
from reachroom.authenticity.service import to_json
from reachroom.authenticity.signals import Signal, with_effect


def reference_to_json(obj):
    """service.to_json before the exact-type fast path."""
    if isinstance(obj, dict):
        return {str(k): reference_to_json(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [reference_to_json(v) for v in obj]
    if isinstance(obj, (np.floating, float)):
        v = float(obj)
        return v if math.isfinite(v) else None
    if isinstance(obj, np.integer):
        return int(obj)
    if isinstance(obj, (datetime, date)):
        return obj.isoformat()
    return obj


class Flag(int):
    """An int subclass (the fast path must not take it for a plain int)."""


def test_to_json_equals_the_reference_on_every_kind_of_value():
    doc = {
        "plain": ["text", 3, -0, True, False, None, 2.5, -0.0, 1e308],
        "not finite": [math.nan, math.inf, -math.inf, np.float64("nan"), np.float32(np.inf)],
        "numpy": [np.float64(0.1), np.float32(0.1), np.int64(7), np.int8(-3), np.bool_(True)],
        "times": [datetime(2026, 12, 5, 1, 2, 3, 4), date(2026, 1, 1)],
        "nested": {"t": (1, (2.0, math.nan)), "c": Counter("abca"), "o": OrderedDict(b=1, a=[{}])},
        1: "int key", 2.5: "float key", None: "None key", False: "bool key",
        "subclasses": [Flag(4), OrderedDict(x=np.float64(math.nan))],
        "floats in a dict": {"a": 1.5, "b": math.nan, "c": -math.inf, "d": -0.0, "e": 5e-324, "f": [math.inf, 0.1]},
    }
    got, want = to_json(doc), reference_to_json(doc)
    assert repr(got) == repr(want)  # repr: NaN != NaN and 0.0 == -0.0 would hide a difference
    assert [type(v) for v in got["numpy"]] == [type(v) for v in want["numpy"]]
    assert type(got["subclasses"][0]) is type(want["subclasses"][0])


def test_with_effect_equals_dataclasses_replace():
    s = Signal("k", "Label", True, 0.4, "40%", "peer", [{"text": "x"}], 0.8, 0.6, "Sentence.", "high",
               details={"n": 3})
    got, want = with_effect(s, -12.5), dataclasses.replace(s, effect=-12.5)
    assert got == want and got.to_dict() == want.to_dict()
    names = [f.name for f in dataclasses.fields(Signal)]
    assert list(got.to_dict()) == list(s.to_dict()) == [*names, "flagged"]  # the stored JSON's key order
    assert got.to_dict() == {**{n: getattr(got, n) for n in names}, "flagged": got.flagged, "confidence": 0.8,
                             "risk": 0.6, "effect": -12.5}
    assert list(got.__dict__) == list(want.__dict__)
    assert got.evidence is s.evidence and got.details is s.details  # shallow, as replace is
    assert s.effect == 0.0


def reference_predict_sum(forest, X: np.ndarray) -> np.ndarray:
    """_PackedForest.predict_sum before the children table: a leaf test and both children gathered per step."""
    n = X.shape[0]
    if len(forest.roots) == 0 or n == 0:
        return np.zeros(n)
    node = np.broadcast_to(forest.roots, (n, len(forest.roots))).copy()
    rows = np.arange(n)[:, None]
    for _ in range(forest.depth):
        x = X[rows, forest.feature[node]]
        go_left = np.where(np.isnan(x), forest.missing_left[node], x <= forest.threshold[node])
        node = np.where(forest.is_leaf[node], node, np.where(go_left, forest.left[node], forest.right[node]))
    return forest.value[node].sum(axis=1)


def test_the_forest_equals_the_stepwise_walk():
    """The shipped model on rows with missing values, values on the thresholds themselves, and a view of X
    that is not contiguous."""
    model = load_model()
    forest = model._forest
    rng = np.random.default_rng(0)
    X = rng.normal(0, 3, (3000, len(model.feature_names)))
    X[rng.random(X.shape) < 0.25] = np.nan
    feats = forest.feature[~forest.is_leaf]
    X[:500, feats[:500] % X.shape[1]] = forest.threshold[~forest.is_leaf][:500]  # exactly on a split
    assert np.array_equal(forest.predict_sum(X), reference_predict_sum(forest, X))
    view = np.asfortranarray(X)[::2]
    assert np.array_equal(forest.predict_sum(view), reference_predict_sum(forest, view))


def reference_build_features(rows):
    """features.build_features before the column-at-a-time read: every cell through _num, every handle measured."""
    from reachroom.authenticity import features as f

    rows = list(rows)
    n = len(rows)
    raw = {c: np.full(n, math.nan) for c in f.REQUIRED_COLUMNS + f.BINARY_COLUMNS + f.COUNT_COLUMNS + f.RATIO_COLUMNS}
    for i, row in enumerate(rows):
        for col in raw:
            raw[col][i] = f._num(row.get(col))
        username = row.get("username")
        if username and str(username).strip():
            length, digits, ratio = f.username_stats(str(username))
            for col, value in (("username_length", length), ("username_digits", digits),
                               ("username_digit_ratio", ratio)):
                if math.isnan(raw[col][i]):
                    raw[col][i] = value
    rows_as_dicts = [{**{c: raw[c][i] for c in raw}} for i in range(n)]
    return f.build_features(rows_as_dicts)  # every value now a plain float, so only the old fill-in differs


def test_build_features_equals_the_cell_by_cell_version():
    from reachroom.authenticity.features import build_features

    rows = [
        {"followers": 120, "following": 3000, "posts": 0, "has_profile_pic": True, "is_private": False,
         "username": "anna_1987", "username_length": None, "full_name_words": 2, "bio_length": 0},
        {"followers": "1,200", "following": " 45 ", "posts": "", "has_profile_pic": "1", "is_private": "no",
         "username": "@x", "username_length": 9, "username_digits": None, "username_digit_ratio": None},
        {"followers": np.int64(7), "following": np.float32(2.5), "posts": None, "username": "   ",
         "has_external_url": np.bool_(True), "bio_length": math.nan},
        {"followers": 0, "following": 0, "posts": 1, "username": "12345", "username_length": 5,
         "username_digits": 5, "username_digit_ratio": 1.0},
        {"followers": 3.7, "following": -1, "posts": 2**40, "username": None, "username_digits": 3},
        {},
    ]
    got = build_features(rows)
    want = reference_build_features(rows)
    assert got.shape == want.shape and np.array_equal(got, want, equal_nan=True)
    assert build_features([]).shape == want[:0].shape


def test_a_norm_as_a_dict_equals_asdict():
    from reachroom.authenticity.signals import Norm, _norm_dict

    for norm in (Norm(3.4, 0.45, 120, "catalogue"), Norm(np.float64(-1.2), 0.05, 0, "published")):
        assert list(_norm_dict(norm).items()) == list(dataclasses.asdict(norm).items())
    assert [f.name for f in dataclasses.fields(Norm)] == ["median", "sd", "n", "source"]  # a new field fails here


def test_classify_all_equals_each_sample_classified_alone():
    """The batch works out the column patterns once and hands each sample its slice: each report is the one the
    sample gets alone (its own column_patterns), with samples of every mix of missing columns."""
    from reachroom.authenticity.assess import classify_all, report_from_scores

    model = load_model()
    rng = np.random.default_rng(8)
    keys = ("has_profile_pic", "is_private", "has_external_url", "username_length", "username_digits",
            "username_digit_ratio", "full_name_words", "bio_length")
    scoped = {}
    for s in range(12):
        present = [k for k in keys if rng.random() < (s % 4) / 3]
        scoped[(s, s % 3)] = [
            {"followers": int(rng.integers(0, 5000)), "following": int(rng.integers(0, 7000)),
             "posts": int(rng.integers(0, 900)),
             **{k: (int(rng.integers(0, 2)) if k.startswith(("has_", "is_")) else int(rng.integers(0, 15)))
                for k in present if rng.random() < 0.8}}
            for _ in range(int(rng.integers(1, 120)))]
    got = classify_all(scoped, model)
    for k, rows in scoped.items():
        prob, X = model.scores_and_features(rows)
        assert repr(got[k]) == repr(report_from_scores(rows, prob, X, model)), k
