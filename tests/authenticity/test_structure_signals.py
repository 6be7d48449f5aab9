"""Pod signals that need no comment sample of the account: post-by-post comment structure and pod membership."""

import random
from datetime import datetime, timedelta

from reachroom.authenticity.assess import AccountInputs, StatsView, assess, commented_hosts
from reachroom.authenticity.comment_signals import CommentedHost, pod_membership_signal
from reachroom.authenticity.score import combine
from reachroom.authenticity.signals import (
    PostPoint,
    comment_consistency_signal,
    likes_comments_signal,
    published_norms,
)

START = datetime(2026, 1, 1)
NORMS = published_norms("instagram", "micro")  # typical: 30 likes per comment


def posts(n=20, likes=600, comments=20, seed=1, giveaways=0):
    rng = random.Random(seed)
    out = []
    for i in range(n):
        k = rng.uniform(0.7, 1.4)
        c = comments * rng.uniform(0.8, 1.25)
        if i < giveaways:
            c = likes * 2  # "comment to win": more comments than likes on that post
        out.append(PostPoint(i + 1, START + timedelta(days=3 * i), int(likes * k), int(c * k)))
    return out


# ---- comment consistency ------------------------------------------------------------------------------------


def test_every_post_comment_heavy_is_flagged():
    s = comment_consistency_signal(posts(likes=600, comments=120), "instagram", NORMS)  # 5 likes per comment
    assert s.available and s.flagged and s.risk == 1.0
    assert s.details["heavy_share"] == 1.0 and s.details["z_median"] < -3
    assert s.direction == "low" and "pod" in s.sentence
    assert any("post_id" in e for e in s.evidence)  # the most comment-heavy posts are listed


def test_ordinary_structure_is_not_flagged():
    for seed in range(5):
        s = comment_consistency_signal(posts(likes=600, comments=20, seed=seed), "instagram", NORMS)
        assert s.available and s.risk == 0 and not s.flagged
        assert "usual proportion" in s.sentence


def test_a_few_giveaway_posts_drag_the_pooled_ratio_but_not_the_post_by_post_one():
    giveaway = posts(likes=600, comments=20, giveaways=2)
    assert likes_comments_signal(giveaway, "instagram", NORMS).flagged
    s = comment_consistency_signal(giveaway, "instagram", NORMS)
    assert s.available and s.risk == 0


def test_comment_heavy_on_only_half_the_posts_is_weaker():
    half = posts(n=10, likes=600, comments=120) + posts(n=10, likes=600, comments=20, seed=9)
    half = [PostPoint(i + 1, START + timedelta(days=i), p.likes, p.comments) for i, p in enumerate(half)]
    assert comment_consistency_signal(half, "instagram", NORMS).risk < 0.5


def test_consistency_needs_posts_and_comments():
    assert not comment_consistency_signal(posts(n=4), "instagram", NORMS).available
    assert not comment_consistency_signal(posts(likes=60, comments=1), "instagram", NORMS).available


def test_published_norms_give_less_confidence_than_catalogue_norms():
    from dataclasses import replace

    catalogue = replace(NORMS, likes_per_comment=replace(NORMS.likes_per_comment, source="catalogue", n=400))
    p = posts(likes=600, comments=120)
    assert (comment_consistency_signal(p, "instagram", catalogue).confidence
            > comment_consistency_signal(p, "instagram", NORMS).confidence)


# ---- pod membership -----------------------------------------------------------------------------------------


def host(risk=0.95, conf=1.0, posts_=3, texts=("Love this! 🔥", "Amazing 👏", "So good 😍"), host_id=7):
    return CommentedHost(host_id, f"host{host_id}", risk, conf, posts_, tuple(texts))


def test_recurring_generic_comments_on_a_pod_are_flagged():
    s = pod_membership_signal([host()])
    assert s.available and s.flagged and s.risk >= 0.9
    assert s.details["pod_hosts"] == 1
    assert s.evidence[0]["account_id"] == 7 and "@host7" in s.evidence[0]["text"]
    assert "pod" in s.sentence


def test_comments_on_an_ordinary_account_are_not_a_pod():
    s = pod_membership_signal([host(risk=0.0)])
    assert s.available and s.risk == 0 and not s.flagged
    assert "ordinary" in s.sentence


def test_one_comment_on_a_pod_proves_nothing():
    assert pod_membership_signal([host(posts_=1, texts=("Love this!",))]).risk == 0


def test_specific_comments_weigh_less_than_generic_praise():
    generic = pod_membership_signal([host(risk=0.8)])
    specific = pod_membership_signal([host(risk=0.8, texts=("Which trail is this?", "Recipe for the sauce please",
                                                            "How long did the drive take?"))])
    assert specific.risk < generic.risk


def test_two_pods_are_stronger_than_one():
    one = pod_membership_signal([host(risk=0.6)])
    two = pod_membership_signal([host(risk=0.6), host(risk=0.6, host_id=8)])
    assert two.risk > one.risk and two.details["pod_hosts"] == 2


def test_not_seen_commenting_is_unavailable_and_lowers_no_confidence():
    s = pod_membership_signal([])
    assert not s.available
    base = [likes_comments_signal(posts(), "instagram", NORMS)]
    assert combine(base + [s]).confidence == combine(base).confidence


def test_commented_hosts_uses_the_hosts_own_pod_signal():
    ring = ["ana", "tom", "lu", "mia", "member"]
    host_comments = [(7, p, h, "Love this! 🔥") for p in range(1, 5) for h in ring]
    host_comments += [(9, p, f"fan{p}{j}", "Where is this?") for p in range(1, 5) for j in range(5)]
    rows = [(42, 7, "pod.host", p, "Love this! 🔥") for p in range(1, 5)]
    rows += [(42, 9, "plain.host", 1, "Where is this?"), (42, 9, "plain.host", 2, "Nice")]
    rows += [(43, 11, "tiny.host", 1, "Nice")]  # host with too small a sample: left out
    out = commented_hosts(rows, host_comments)
    assert set(out) == {42}
    by_host = {h.host_id: h for h in out[42]}
    assert by_host[7].host_pod_risk >= 0.9 and by_host[7].posts == 4
    assert by_host[9].host_pod_risk == 0 and by_host[9].posts == 2
    assert pod_membership_signal(out[42]).flagged


# ---- together -----------------------------------------------------------------------------------------------


def _inputs(p, hosts=()):
    return AccountInputs(1, "instagram", 12_000, StatsView("micro", "10k-20k", 0.05, "followers", 60.0, 300, 12),
                         p, [], [], commented_hosts=list(hosts))


def test_a_consistent_pod_structure_and_pod_membership_make_high_risk():
    structure_only = assess(_inputs(posts(likes=600, comments=120)))
    with_membership = assess(_inputs(posts(likes=600, comments=120), [host()]))
    assert structure_only.level in ("caution", "high_risk")
    assert with_membership.level == "high_risk" and with_membership.score < structure_only.score
    keys = [s.key for s in with_membership.movers]
    assert {"likes_comments", "comment_consistency", "pod_membership"} <= set(keys)


def test_an_ordinary_account_keeps_its_score():
    result = assess(_inputs(posts()))
    assert result.level == "excellent"
    assert all(s.effect == 0 for s in result.signals if s.key in ("comment_consistency", "pod_membership"))
