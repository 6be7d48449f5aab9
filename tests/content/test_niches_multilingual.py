"""Multilingual lexicon matching (stems, scripts without spaces) and creator-level abstention."""

import numpy as np
import pytest

from reachroom.content.niches import ABSTAIN_BELOW, UNCLEAR, Lexicon, flat_reason, get_classifier
from reachroom.content.taxonomy import normalize_token


@pytest.fixture(scope="module")
def clf():
    return get_classifier()


@pytest.fixture(scope="module")
def lex():
    return Lexicon()


def test_arabic_normalisation_folds_alef_and_drops_harakat():
    assert normalize_token("أَطْفَال") == normalize_token("اطفال")
    assert normalize_token("İstanbul") == "istanbul" and normalize_token("çocuğum") == "cocugum"


def test_stems_match_inflected_words(lex):
    assert "family" in lex.match("Çocuklarımla parkta güzel bir gün")
    assert "pets" in lex.match("Гуляем с собакой в парке")


def test_terms_are_found_inside_words_of_scripts_without_spaces(lex):
    hits = lex.match("子どもたちと公園で遊びました #子育て中")
    assert "family" in hits and "子ども" in hits["family"]
    assert lex.match("今日は愛犬とお散歩")["pets"] == ["愛犬"]
    # a term inside a longer matched term of the same niche counts once
    assert lex.match("الأطفال وكلبنا في الحديقة")["pets"] == ["كلبنا"]


@pytest.mark.parametrize(
    ("caption", "niche"),
    [
        ("Bebeğimle ilk tatil günümüz, oğlum denizi çok sevdi", "family"),
        ("Мама и дочка: наш первый день в детском саду", "family"),
        ("ママと娘の朝ごはん、子育ての毎日", "family"),
        ("Köpeğimle sabah yürüyüşü 🐾", "pets"),
        ("طبخت اليوم وصفة جديدة للعشاء", "food"),
        ("Тренировка ног в спортзале: приседания и выпады", "fitness"),
    ],
)
def test_non_english_captions(clf, caption, niche):
    assert clf.classify_post(caption).label == niche


def test_flat_reason_uses_the_top_probability():
    slugs = ("food", "pets", "travel", "home", "tech")
    assert flat_reason(np.array([0.45, 0.45, 0.04, 0.03, 0.03]), slugs) is None  # two niches: not flat
    top = ABSTAIN_BELOW - 0.01
    reason = flat_reason(np.array([top, top - 0.01, 0.2, 0.2, 1.0 - 2 * top - 0.39]), slugs)
    assert reason and reason.startswith("no niche stands out: food")


def test_creator_with_nothing_niche_specific_is_unclear(clf):
    result = clf.classify_creator(["Happy Monday!", "Thank you all for the love", "Good morning ☀️"])
    assert result.primary == UNCLEAR and result.labels[0][0] == UNCLEAR
    assert result.reason and result.evidence[UNCLEAR] == [result.reason]
    assert set(result.scores) >= {"food", "pets"}  # the shares stay for search and the page


def test_creator_spread_over_three_niches_is_unclear_but_lists_them(clf):
    result = clf.classify_creator(["Leg day done", "Pasta recipe tonight", "New lipstick swatches"])
    assert result.primary == UNCLEAR
    assert {s for s, _ in result.labels[1:]} == {"fitness", "food", "beauty"}


def test_clear_creator_is_not_unclear(clf):
    result = clf.classify_creator(["Puppy training day 🐶", "Morning walk with the dog", "Happy Friday!"])
    assert result.primary == "pets" and not result.reason


def test_indic_and_thai_words_keep_their_vowel_signs(lex):
    from reachroom.content import text

    assert text.words("बच्चे के साथ खाना") == ["बच्चे", "के", "साथ", "खाना"]
    assert text.hashtags("#परिवार #Dogs") == ["परिवार", "dogs"]
    assert lex.match("मेरे बच्चे और परिवार")["family"] == ["बच्चे", "परिवार"]
    assert lex.match("ลูกสาวของฉันกับแมว") == {"family": ["ลูกสาว"], "pets": ["แมว"]}
