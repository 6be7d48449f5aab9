"""Sponsored / gifted detection and UK (ASA/CMA) / US (FTC) disclosure on tricky captions."""

import pytest

from reachroom.content.sponsored import detect_sponsorship, summarize_sponsorship


def test_ad_label_up_front_is_disclosed_everywhere():
    v = detect_sponsorship("#ad My new serum from @glowco, use code GLOW15 for 15% off!")
    assert v.sponsored and v.paid and v.disclosed_uk and v.disclosed_us and not v.compliance_flag
    assert "glowco" in v.brands
    kinds = {e.kind for e in v.evidence}
    assert {"ad_label", "discount_code"} <= kinds


def test_ad_buried_at_the_end_of_a_hashtag_pile_is_not_disclosed():
    caption = (
        "Loving my new serum from @glowco, it has changed my skin completely and I use it every single "
        "morning and night. Use code GLOW15 for 15% off! #skincare #beauty #glow #selfcare #serum #ad"
    )
    v = detect_sponsorship(caption)
    assert v.sponsored and v.paid
    assert not v.disclosed_uk and not v.disclosed_us and v.compliance_flag
    assert any(e.text == "#ad" for e in v.evidence)


def test_gifted_alone_is_not_enough_for_paid_content():
    v = detect_sponsorship("#gifted Thanks to @shoeco for these sneakers, use my code SAM10 for 10% off")
    assert v.paid and v.gifted
    assert not v.disclosed_uk
    assert any("gifted" in r for r in v.reasons)


def test_pure_gift_stated_up_front_is_fine():
    v = detect_sponsorship("Gifted by @candleco: the coziest autumn scent")
    assert v.sponsored and v.gifted and not v.paid
    assert v.disclosed_uk and v.disclosed_us and not v.compliance_flag


def test_sponsored_hashtag_is_enough_for_ftc_but_not_for_asa():
    v = detect_sponsorship("#sponsored Check out the new collection from @brand, link in bio!")
    assert v.paid and v.disclosed_us and not v.disclosed_uk


@pytest.mark.parametrize(
    "caption",
    [
        "Anzeige | Mein neues Lieblingsparfum von @duftwerk",
        "Reklame | Ny kolleksjon fra @merke, bruk rabattkode ANNE20",
        "Publicidad: mi nueva crema favorita de @marca",
        "Iklan - serum baru dari @brandku, pakai kode diskon CANTIK10",
    ],
)
def test_other_languages_ad_labels(caption):
    v = detect_sponsorship(caption)
    assert v.sponsored and v.paid and v.disclosed_uk and v.disclosed_us


def test_undisclosed_discount_code_and_affiliate_link():
    v = detect_sponsorship("Obsessed with this dress, use my code ANNA20 at checkout")
    assert v.paid and v.compliance_flag
    v = detect_sponsorship("Shop my look: https://rstyle.me/abc123")
    assert v.paid and any(e.kind == "affiliate" for e in v.evidence) and v.compliance_flag


def test_platform_flag_counts_as_disclosure():
    v = detect_sponsorship("Spring picnic with @jamco", paid_partnership_flag=True)
    assert v.sponsored and v.disclosed_uk and v.disclosed_us
    assert v.evidence[0].kind == "platform_flag"


def test_organic_posts_are_not_sponsored():
    for caption in [
        "Sunset at the beach with my sister",
        "Made this cake for mum's birthday 🎂",
        "Photo by @friend 📷",
        "Adding some plants to the living room",
    ]:
        v = detect_sponsorship(caption)
        assert not v.sponsored and not v.compliance_flag, caption


def test_creator_summary():
    verdicts = [
        detect_sponsorship(c)
        for c in [
            "#ad with @glowco",
            "Morning walk",
            "use my code X15 at @shoeco",
            "Lunch with friends",
        ]
    ]
    s = summarize_sponsorship(verdicts)
    assert s.n_posts == 4 and s.n_sponsored == 2 and s.sponsored_share == 0.5
    assert s.undisclosed_posts == [2]
    assert dict(s.brands) == {"glowco": 1, "shoeco": 1}
