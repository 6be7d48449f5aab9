"""Brand-safety flags fire with evidence, and do not fire on look-alikes."""

import pytest

from reachroom.content.safety import CATEGORIES, check_post, summarize_safety


@pytest.mark.parametrize(
    ("caption", "category", "word"),
    [
        ("What the fuck was that game", "profanity", "fuck"),
        ("New content on my OnlyFans, link in bio", "adult", "onlyfans"),
        ("He pulled a gun and started shooting", "violence", "gun"),
        ("White power forever", "hate", "white power"),
        ("Wine o'clock 🍷 #wine", "drugs_alcohol", "wine"),
        ("Free spins at the casino tonight", "gambling", "casino"),
        ("Get out and vote in the election", "politics", "election"),
        ("This tea cures anxiety and burns fat in a week", "health_claims", "cures anxiety"),
        ("Lose 10 kg in two weeks with my plan", "health_claims", "Lose 10 kg in"),
    ],
)
def test_flags_fire_with_evidence(caption, category, word):
    result = check_post(caption)
    assert category in result.categories
    flag = next(f for f in result.flags if f.category == category)
    assert word in flag.evidence


@pytest.mark.parametrize(
    "caption",
    [
        "Killing it at the photo shoot today #foodporn",
        "Scunthorpe is lovely in spring",
        "Coke zero and chill",
        "Blood orange sorbet for dessert",
        "Best shot of the trip 📸",
        "Hello from Essex",
    ],
)
def test_look_alikes_do_not_fire(caption):
    assert check_post(caption).safe, check_post(caption).flags


def test_brand_tolerance():
    assert check_post("Champagne to celebrate 🥂", tolerate={"drugs_alcohol"}).safe
    assert not check_post("Champagne to celebrate 🥂").safe
    with pytest.raises(ValueError):
        check_post("x", tolerate={"nonsense"})


def test_creator_summary_points_at_posts():
    s = summarize_safety(["Morning run", "Beers with the lads 🍺", "Vote tomorrow!", "More beer tonight"])
    assert s.flagged_posts == {"drugs_alcohol": [1, 3], "politics": [2]}
    assert "beers" in s.evidence["drugs_alcohol"] and s.flag_share == 0.75
    assert set(s.flagged_posts) <= set(CATEGORIES)


@pytest.mark.parametrize("caption, category", [
    ("Vote them out and sign the petition", "politics"),
    ("so hungover after pre-drinks", "drugs_alcohol"),
    ("he punched him outside the club", "violence"),
    ("this tea cured my eczema", "health_claims"),
    ("lost 10kg in a month with these gummies", "health_claims"),
])
def test_extended_lexicon_catches_common_phrasings(caption, category):
    assert category in check_post(caption).categories


@pytest.mark.parametrize("caption", ["my legs hurt after leg day", "a pint of milk in the smoothie", "photo shoot day"])
def test_everyday_words_stay_clean(caption):
    assert check_post(caption).safe
