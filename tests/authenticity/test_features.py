"""Follower-sample CSV parsing (line-numbered errors, all at once) and feature extraction."""

import math
from pathlib import Path

import numpy as np
import pytest

from reachroom.authenticity.features import (
    FEATURE_NAMES,
    build_features,
    labels,
    parse_follower_csv,
    username_stats,
)

F = {name: i for i, name in enumerate(FEATURE_NAMES)}

GOOD = """followers,following,posts,has_profile_pic,is_private,username,bio_length,is_fake
25,1937,0,1,1,bot_88123,0,1
412,380,57,1,1,anna.mueller,34,0
"""


def test_parses_canonical_rows_and_derives_username_fields():
    rows, errors = parse_follower_csv(GOOD)
    assert errors == []
    assert [r["line"] for r in rows] == [2, 3]
    bot = rows[0]
    assert bot["followers"] == 25 and bot["following"] == 1937 and bot["posts"] == 0
    assert bot["username_length"] == 9 and bot["username_digits"] == 5
    assert bot["username_digit_ratio"] == pytest.approx(5 / 9)
    assert bot["has_external_url"] is None and bot["full_name_words"] is None
    assert bot["is_fake"] == 1 and rows[1]["is_fake"] == 0


def test_reports_every_error_with_line_and_field():
    text = (
        "followers,following,posts,has_profile_pic,username_digit_ratio\n"
        "10,20,abc,1,0.1\n"  # line 2: posts not a number
        "-5,20,3,2,0.1\n"  # line 3: negative count AND bad 0/1
        "10,20,3,1,1.5\n"  # line 4: ratio out of range
        "\n"  # line 5: blank, skipped
        "10,,3,1,0.1\n"  # line 6: required blank
        "10,20,3.5,1,0.1\n"  # line 7: fractional count
        "10,20\n"  # line 8: wrong field count
        "100,200,30,0,0.0\n"  # line 9: fine
    )
    rows, errors = parse_follower_csv(text)
    got = {(e.line, e.field) for e in errors}
    assert got == {
        (2, "posts"),
        (3, "followers"),
        (3, "has_profile_pic"),
        (4, "username_digit_ratio"),
        (6, "following"),
        (7, "posts"),
        (8, None),
    }
    assert len(rows) == 1 and rows[0]["line"] == 9  # callers must still write nothing when errors exist
    messages = {(e.line, e.field): str(e) for e in errors}
    assert messages[(3, "followers")].startswith("line 3, followers: must not be negative")
    assert "0 or 1" in messages[(3, "has_profile_pic")]
    assert "not a number" in messages[(2, "posts")]
    assert errors[0].to_dict()["line"] == 2


def test_missing_required_columns_reported_on_header_line():
    rows, errors = parse_follower_csv("followers,username\n10,abc\n")
    assert rows == []
    assert {(e.line, e.field) for e in errors} == {(1, "following"), (1, "posts")}
    _, errors = parse_follower_csv(GOOD.replace(",is_fake", ""), require_label=True)
    assert [(e.line, e.field) for e in errors] == [(1, "is_fake")]


def test_label_required_for_evaluation_and_must_be_binary():
    text = "followers,following,posts,is_fake\n1,2,3,\n1,2,3,yes\n1,2,3,2\n"
    rows, errors = parse_follower_csv(text, require_label=True)
    assert {(e.line, e.field) for e in errors} == {(2, "is_fake"), (4, "is_fake")}


def test_empty_file_and_header_only():
    assert parse_follower_csv("")[1][0].line == 1
    rows, errors = parse_follower_csv("followers,following,posts\n")
    assert rows == [] and "no data rows" in str(errors[0])


def test_lenient_number_formats_headers_and_unknown_columns():
    text = '\ufeffFollowers, Following ,POSTS,Notes\n"1,234",12.5k,3.0,whatever\n'
    rows, errors = parse_follower_csv(text)
    assert errors == []
    assert rows[0]["followers"] == 1234 and rows[0]["following"] == 12500 and rows[0]["posts"] == 3


def test_multiline_quoted_field_keeps_physical_line_numbers():
    text = 'followers,following,posts,username\n1,2,3,"a\nb"\nx,2,3,c\n'
    _, errors = parse_follower_csv(text)
    assert [(e.line, e.field) for e in errors] == [(4, "followers")]


def test_digits_cannot_exceed_length_and_duplicate_columns():
    _, errors = parse_follower_csv("followers,following,posts,username_length,username_digits\n1,2,3,4,5\n")
    assert [(e.line, e.field) for e in errors] == [(2, "username_digits")]
    _, errors = parse_follower_csv("followers,following,posts,posts\n1,2,3,4\n")
    assert errors and errors[0].line == 1 and errors[0].field == "posts"


def test_accepts_path_and_bytes(tmp_path: Path):
    p = tmp_path / "sample.csv"
    p.write_text(GOOD, encoding="utf-8")
    for source in (p, str(p), GOOD.encode("utf-8")):
        rows, errors = parse_follower_csv(source)
        assert errors == [] and len(rows) == 2


def test_username_stats():
    assert username_stats("@abc123") == (6, 3, 0.5)
    assert username_stats("") == (0, 0, 0.0)


def test_features_with_missing_optional_columns_are_nan():
    X = build_features([{"followers": 100, "following": 50, "posts": 0}])
    assert X.shape == (1, len(FEATURE_NAMES))
    assert X[0, F["log_followers"]] == pytest.approx(math.log1p(100))
    assert X[0, F["log_follower_following_ratio"]] == pytest.approx(math.log1p(100) - math.log1p(50))
    optional = [F[n] for n in FEATURE_NAMES if not n.startswith("log_f") and n != "log_posts"]
    assert np.isnan(X[0, optional]).all()


def test_features_derive_ratio_from_length_and_digits_and_accept_strings():
    X = build_features(
        [
            {"followers": "10", "following": "", "posts": "1", "username_length": "10", "username_digits": "4"},
            {"followers": 10, "following": 10, "posts": 1, "username": "ab12"},
        ]
    )
    assert X[0, F["username_digit_ratio"]] == pytest.approx(0.4)
    assert np.isnan(X[0, F["log_following"]])
    assert X[1, F["username_length"]] == 4 and X[1, F["username_digit_ratio"]] == pytest.approx(0.5)
    assert build_features([]).shape == (0, len(FEATURE_NAMES))


def test_labels():
    assert labels([{"is_fake": 1}, {"is_fake": "0"}]).tolist() == [1, 0]
    with pytest.raises(ValueError):
        labels([{"is_fake": None}])
