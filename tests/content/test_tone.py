"""Tone traits move in the right direction; brand voice matching."""

from reachroom.content.tone import TRAITS, post_traits, profile_brand_voice, profile_posts, tone_match

FORMAL = "We are delighted to present our new autumn collection, crafted in Portugal from responsibly sourced wool."
CASUAL = "omg lol this is sooo good 😂😂 gonna wear it every day tbh!!!"


def test_formality():
    assert post_traits(FORMAL)["formality"] > post_traits(CASUAL)["formality"] + 0.3


def test_positivity():
    assert post_traits("I love this, best day ever, so happy ❤️")["positivity"] > 0.7
    assert post_traits("Awful day, so tired and sad 😢")["positivity"] < 0.3
    assert post_traits("The meeting is at noon")["positivity"] == 0.5


def test_humour_emoji_hashtags_first_person_promotional():
    assert post_traits("me trying to do yoga 😂 haha")["humour"] > post_traits("Yoga at 7am")["humour"]
    assert post_traits("Sunny ☀️🌊😍")["emoji_density"] > post_traits("Sunny day at the sea")["emoji_density"]
    assert post_traits("Hike #alps #hiking #travel #nature")["hashtag_density"] > 0.5
    assert (
        post_traits("I told my mum I was moving and I cried")["first_person"]
        > post_traits("The city council approved the plan")["first_person"]
    )
    assert post_traits("Use my code SAVE20, link in bio, shop now!")["promotional"] == 1.0
    assert post_traits("Quiet morning with coffee")["promotional"] == 0.0


def test_profile_averages_posts():
    p = profile_posts([CASUAL, FORMAL, ""])
    assert p.n_posts == 2 and set(p.traits) == set(TRAITS)
    assert all(0.0 <= v <= 1.0 for v in p.traits.values())


def test_brand_voice_descriptors_and_match():
    brand = profile_brand_voice("Playful, warm and casual. Lots of emoji. Never salesy.", banned_words=["cheap"])
    assert brand.traits["humour"] >= 0.7 and brand.traits["formality"] <= 0.3
    assert {"humour", "formality", "emoji_density", "promotional"} <= set(brand.explicit)
    fun_posts = ["haha this dog 😂🐶 love him", "lol my attempt at baking 😅🍰 so fun", "weekend vibes 😎✨ yay"]
    formal_posts = [
        "Our quarterly report is now available. We thank our shareholders.",
        "Discover the new collection. Shop now, link in bio. Limited edition, order yours today.",
    ]
    fun = tone_match(brand, profile_posts(fun_posts), fun_posts)
    formal = tone_match(brand, profile_posts(formal_posts), formal_posts)
    assert fun.score > formal.score
    assert abs(fun.differences["humour"]) < abs(formal.differences["humour"])
    assert "humour" in formal.disagreeing and "formality" in formal.disagreeing
    assert "promotional" in fun.agreeing
    cheap = tone_match(brand, profile_posts(fun_posts), [*fun_posts, "such a cheap find"])
    assert cheap.banned_word_hits == {"cheap": 1} and cheap.score < fun.score


def test_embedding_centroid_optional():
    p = profile_posts(["Pasta night", "Pizza and wine"], embed=True)
    assert p.centroid is not None and len(p.centroid) == 256
    brand = profile_brand_voice("Italian food, warm and friendly", embed=True)
    m = tone_match(brand, p)
    assert m.embedding_similarity is not None and m.embedding_similarity > 0
