"""The automated draft checks one by one (pure functions): each can pass, warn or fail, with its evidence."""

import pytest

from reachroom.campaigns.checks import Rules, run_checks, verdict


def _check(caption: str, key: str, **rules):
    found = {c.key: c for c in run_checks(caption, [], Rules(**rules))}
    return found[key]


@pytest.mark.parametrize(("caption", "status"), [
    ("Ad | Date night with @laredoute", "pass"),            # the brand's handle is not a typo of its name
    ("Loving my new La Redoute dress #ad", "pass"),
    ("Ad: my new Laredote dress", "warn"),                  # a near miss of the joined name
    ("Ad: my new @laredouteparis haul", "pass"),            # the whole name inside a longer handle
])
def test_brand_name_spelling_la_redoute(caption, status):
    check = _check(caption, "brand_name", brand_name="La Redoute", disclosure="uk")
    assert check.status == status, check.message


@pytest.mark.parametrize(("caption", "status", "flagged"), [
    ("Ad | Cosy night in with Holland & Barrett", "pass", []),
    ("Ad | Cosy night in with Holand & Barret", "warn", ["Holand", "Barret"]),
    ("Ad | haul from #hollandbarret", "warn", ["hollandbarret"]),
])
def test_brand_name_spelling_holland_and_barrett(caption, status, flagged):
    check = _check(caption, "brand_name", brand_name="Holland & Barrett", disclosure="uk")
    assert check.status == status and [s.text for s in check.evidence] == flagged


def test_verdict_is_the_worst_check():
    checks = run_checks("My favourite moment #love", [], Rules(disclosure="uk", brand_name="Barry M",
                                                              required_hashtags=["BarryMParty"]))
    assert verdict(checks) == "fail"
    assert {c.key for c in checks if c.status == "fail"} >= {"disclosure", "hashtags"}
