"""Niches inferred from a search's free text: clear ones only, search words ignored."""

import pytest

from reachroom.discovery import intent


@pytest.mark.parametrize("text,niche", [
    ("cosy home decor and interior ideas", "home"),
    ("home creator", "home"),
    ("mum of two, parenting tips", "family"),
    ("vegan food creators in London", "food"),
    ("gaming influencers on YouTube", "gaming"),
])
def test_clear_texts_give_their_niche_as_the_main_soft_target(text, niche):
    targets = intent.niche_targets(text)
    assert next(iter(targets)) == niche and targets[niche] == 1.0
    assert len(targets) <= intent.MAX_TARGETS
    assert all(0.5 <= w <= 1.0 for w in targets.values())


@pytest.mark.parametrize("text", ["", "   ", "Happy Monday", "creators", "micro influencers on instagram", "london"])
def test_texts_without_a_clear_niche_infer_nothing(text):
    assert intent.niche_targets(text) == {}


def test_search_words_are_dropped_before_classifying():
    assert intent.topic_text("Vegan food creators for our UGC campaign") == "Vegan food for our campaign"
    assert intent.topic_text("micro-influencers") == ""


def test_a_second_niche_needs_half_the_top_probability():
    for text in ("dog friendly travel", "sustainable skincare", "cosy home decor and interior ideas"):
        found = intent.infer_niches(text)
        top = found[0][1]
        assert top >= intent.TOP_MIN
        assert all(p >= max(intent.SECONDARY_MIN_SHARE, top / 2) for _, p in found[1:])
