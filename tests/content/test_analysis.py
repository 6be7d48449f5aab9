"""The job's per-post rules: sponsorship kind and disclosure state on tricky captions, banned words, and the
batch classifier giving the same answers as the plain one."""

import numpy as np
import pytest

from reachroom.content.analysis import PostText, analyse_account, get_analyser, sponsorship_of
from reachroom.content.niches import get_classifier
from reachroom.content.service import banned_words_in
from reachroom.content.sponsored import detect_sponsorship
from reachroom.models import utcnow


@pytest.mark.parametrize(("caption", "flag", "expected"), [
    ("Lovely autumn walk with the dog", False, (False, None, "not_needed")),
    ("#ad My new serum from @glowco, use code GLOW15 for 15% off", False, (True, "paid", "disclosed")),
    # "#ad" buried at the end of a pile of hashtags: a label, but not where the ASA/CMA expects it
    ("Loving my serum from @glowco, use code GLOW15 for 15% off! #skincare #beauty #glow #selfcare #ad",
     False, (True, "paid", "unclear")),
    # "gifted" does not disclose paid content
    ("#gifted Thanks to @shoeco for these sneakers, use my code SAM10 for 10% off", False, (True, "paid", "unclear")),
    ("Gifted by @candleco: the coziest autumn scent", False, (True, "gifted", "disclosed")),
    ("Obsessed with this dress, use my code ANNA20 at checkout", False, (True, "paid", "undisclosed")),
    ("Anzeige | Mein neues Lieblingsparfum von @duftwerk", False, (True, "paid", "disclosed")),
    ("My favourite trainers right now", True, (True, "paid", "disclosed")),  # the platform's paid label
    # a brand mention with sales language and no label: a probable ad that says nothing about it
    ("Teaming up with @stridewell for my marathon essentials. Get yours here: https://shop.example/s?ref=amy",
     False, (True, "promotion", "undisclosed")),
    ("Wearing @northwick as always", False, (False, None, "not_needed")),
])
def test_sponsorship_kind_and_disclosure(caption, flag, expected):
    assert sponsorship_of(detect_sponsorship(caption, paid_partnership_flag=flag)) == expected


def test_banned_words_match_whole_words_and_hashtags_ignoring_case_and_accents():
    text = "So CHEAP and a real miracle #Cheap, not a cheapskate. Crème brûlée!"
    assert banned_words_in(text, ["cheap", "miracle", "skate", "creme brulee", "free"]) == \
        ["cheap", "miracle", "creme brulee"]


def test_batch_classifier_matches_the_plain_one():
    posts = [PostText(i, c) for i, c in enumerate([
        "Leg day at the gym #fitness", "Layers //", "Sourdough recipe #baking", "", "😍😍",
        "Morning run by the sea #running"])]
    bio = "Runner and baker"
    now = utcnow()
    plain = analyse_account(1, posts, bio, now, get_classifier())
    batch = get_analyser()
    batch.prime(["unrelated caption", "Another one #travel"])  # a batch holds other accounts' texts too
    batched = analyse_account(1, posts, bio, now, batch)
    batch.clear()
    assert plain[0]["niches"] == batched[0]["niches"] and plain[0]["niche_scores"] == batched[0]["niche_scores"]
    for a, b in zip(plain[1], batched[1], strict=True):
        assert a["niche"] == b["niche"] and a["niche_scores"] == b["niche_scores"]
        assert a["embedding"] == b["embedding"]
    assert plain[1][3]["embedding"] is None  # an empty caption has no embedding
    assert np.isclose(plain[0]["sponsored_share"] or 0, 0)
