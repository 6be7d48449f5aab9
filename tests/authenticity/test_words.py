"""The authenticity verdict never contradicts its own signals, and colours follow what they mean."""

import re

import pytest

from reachroom.authenticity.score import combine, settled_level, worrying
from reachroom.authenticity.signals import reachability_signal, suspicious_followers_signal
from reachroom.core.templating import templates
from tests.authenticity.test_signals import fake_report


def _sample(share: float, n: int):
    r = fake_report(share, n=n, low=max(0.0, share - 0.3), high=1.0)
    return [suspicious_followers_signal(r), reachability_signal(r)]


@pytest.mark.parametrize("n", [3, 5, 12, 40])
def test_a_small_sample_of_fakes_never_reads_as_no_sign_of_fakes(n):
    result = combine(_sample(1.0, n))
    fake = next(s for s in result.signals if s.key == "suspicious_followers")
    assert "100% of followers look fake" in fake.sentence and worrying(fake)
    assert f"only {n:,} sampled followers" in fake.sentence, "the sentence says why it moves the score little"
    assert result.level != "excellent"
    assert "No sign of fake followers" not in result.explanation and "Mostly genuine" not in result.explanation
    assert "100% of followers look fake" in result.explanation, "the verdict mentions what the signal found"


def test_a_large_clean_sample_is_excellent_and_says_so():
    result = combine(_sample(0.05, 400))
    assert result.level == "excellent" and "No sign of fake followers" in result.explanation
    assert "sampled followers:" not in result.explanation


def test_stored_levels_are_settled_the_same_way():
    signals = combine(_sample(1.0, 4)).signals
    assert settled_level("excellent", signals) == "good"
    assert settled_level("caution", signals) == "caution"
    assert settled_level("excellent", combine(_sample(0.05, 400)).signals) == "excellent"


def _render(source: str, **ctx) -> str:
    return templates.env.from_string("{% import '_macros.html' as ui %}" + source).render(**ctx)


@pytest.mark.parametrize(("level", "tone"), [("excellent", "ok"), ("good", "info"), ("caution", "warn"),
                                             ("high_risk", "danger")])
def test_level_badges_take_the_colour_of_their_meaning(level, tone):
    html = _render("{{ ui.auth_level_badge(level) }}", level=level)
    assert f"badge-{tone}" in html and re.search(r">\s*[A-Z][a-z]+( risk)?\s*<", html)


def test_signal_badges_are_green_only_when_nothing_is_suspicious():
    def tone(**s):
        html = _render("{{ ui.signal_effect(s) }}", s={"effect": 0.0, "risk": 0.0, "flagged": False, **s})
        return re.search(r'data-tone="(\w+)"', html).group(1)

    assert tone() == "ok"
    assert tone(risk=0.2) == "neutral"
    assert tone(risk=1.0, effect=-0.2) == "warn", "a worrying signal on little data is not 'no penalty' in green"
    assert tone(risk=0.4, effect=-6.0) == "warn"
    assert tone(risk=0.9, effect=-30.0, flagged=True) == "danger"
