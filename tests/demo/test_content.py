"""What a demo catalogue contains: distributions, engagement, captions, audiences, injected cases and their truth."""

import re
import statistics
from collections import Counter, defaultdict
from datetime import timedelta

import numpy as np
import pytest
from sqlalchemy import select
from tests.demo.conftest import AS_OF

from reachroom.core.vocab import AGE_BANDS, GENDERS, NICHE_SLUGS
from reachroom.demo import CASES
from reachroom.demo.captions import niche_keywords
from reachroom.demo.pods import PARTICIPATION, pod_participants
from reachroom.demo.texts import UNSAFE_LINES
from reachroom.demo.vocab import COUNTRY_LANGUAGES
from reachroom.models import (
    AccountSnapshot,
    AudienceProfile,
    CommentSample,
    Creator,
    DemoTruth,
    FollowerSample,
    Post,
    PostSnapshot,
    SocialAccount,
)

DISCLOSURE = re.compile(r"#ad\b|\bad\s*[:|—-]|#sponsored|sponsored|gifted|#affiliate|affiliate link|paid partnership"
                        r"|pr product", re.IGNORECASE)
COMMERCIAL = re.compile(r"\bcode [a-z]{2,}\d+\b|link in my bio|linked in my bio|shop\.example", re.IGNORECASE)


def rows(engine, stmt):
    with engine.connect() as conn:
        return conn.execute(stmt).all()


@pytest.fixture(scope="module")
def truth(loaded):
    engine, _ = loaded
    by_case: dict[str, list] = defaultdict(list)
    for r in rows(engine, select(DemoTruth.account_id, DemoTruth.case, DemoTruth.post_id, DemoTruth.details)):
        by_case[r.case].append(r)
    return by_case


@pytest.fixture(scope="module")
def case_accounts(truth):
    return {a.account_id for case in CASES for a in truth[case]}


@pytest.fixture(scope="module")
def feed(loaded):
    """(account id, platform, followers, format, likes, comments, views, shares), newest post first."""
    engine, _ = loaded
    stmt = (select(SocialAccount.id, SocialAccount.platform, SocialAccount.followers, Post.format, PostSnapshot.likes,
                   PostSnapshot.comments, PostSnapshot.views, PostSnapshot.shares)
            .join(Post, Post.account_id == SocialAccount.id).join(PostSnapshot, PostSnapshot.post_id == Post.id)
            .order_by(SocialAccount.id, Post.posted_at.desc()))
    return rows(engine, stmt)


def account_er(feed, exclude) -> dict[int, tuple[str, int, float]]:
    """Median ER over the last 12 posts: by followers for Instagram feed posts, by views for videos."""
    values: dict[int, list[float]] = defaultdict(list)
    meta = {}
    for acc, platform, followers, fmt, likes, comments, views, shares in feed:
        if acc in exclude or len(values[acc]) >= 12:
            continue
        meta[acc] = (platform, followers)
        if platform == "instagram" and fmt in ("image", "carousel"):
            values[acc].append((likes + comments) / followers)
        elif platform != "instagram" and views:
            values[acc].append((likes + comments + (shares or 0)) / views)
    return {acc: (*meta[acc], statistics.median(v)) for acc, v in values.items() if v}


def test_most_creators_are_micro_gb_leads_and_languages_fit_countries(loaded):
    engine, summary = loaded
    followers = [r.followers for r in rows(engine, select(SocialAccount.followers))]
    micro = sum(1_000 <= f < 100_000 for f in followers) / len(followers)
    assert micro > 0.75
    assert 0 < sum(f < 1_000 for f in followers) / len(followers) < 0.2
    assert any(f >= 100_000 for f in followers)
    creators = rows(engine, select(Creator.country, Creator.language, Creator.workspace_id))
    assert all(c.workspace_id is None for c in creators)
    countries = Counter(c.country for c in creators)
    top, count = countries.most_common(1)[0]
    assert top == "GB" and 0.35 < count / len(creators) < 0.55
    assert len(countries) >= 10
    assert all(c.language in dict(COUNTRY_LANGUAGES[c.country]) for c in creators)
    accounts = rows(engine, select(SocialAccount.creator_id, SocialAccount.platform, SocialAccount.scope_key,
                                   SocialAccount.workspace_id, SocialAccount.source))
    assert {a.platform for a in accounts} == {"instagram", "tiktok", "youtube"}
    assert all(a.scope_key == 0 and a.workspace_id is None and a.source == "demo" for a in accounts)
    per_creator = Counter(Counter(a.creator_id for a in accounts).values())
    assert per_creator[1] > per_creator[2] > per_creator[3] > 0
    assert summary["creators"] == 800 and summary["accounts"] == len(accounts)


def test_audience_shares_sum_to_one_and_follow_the_niche(loaded, truth):
    engine, _ = loaded
    niche = {t.account_id: t.details["niches"][0] for t in truth["profile"]}
    female: dict[str, list[float]] = defaultdict(list)
    profiles = rows(engine, select(AudienceProfile.account_id, AudienceProfile.age_bands, AudienceProfile.genders,
                                   AudienceProfile.countries, AudienceProfile.languages, AudienceProfile.source))
    assert profiles
    for p in profiles:
        for shares in (p.age_bands, p.genders, p.countries, p.languages):
            assert abs(sum(shares.values()) - 1.0) < 1e-6
            assert all(v >= 0 for v in shares.values())
        assert tuple(p.age_bands) == AGE_BANDS and tuple(p.genders) == GENDERS
        assert p.source in ("demo", "creator_oauth")
        female[niche[p.account_id]].append(p.genders["female"])
    assert statistics.mean(female["beauty"]) > 0.65
    assert statistics.mean(female["gaming"]) < 0.45


def test_engagement_falls_with_followers_as_published(feed, case_accounts):
    ers = account_er(feed, case_accounts)
    tiers: dict[str, list[float]] = defaultdict(list)
    for platform, followers, er in ers.values():
        if platform == "instagram":
            band = "nano" if followers < 1_000 else "small" if followers < 10_000 else \
                "micro" if followers < 100_000 else "macro"
            tiers[band].append(er)
    medians = {band: statistics.median(v) for band, v in tiers.items()}
    assert medians["nano"] > medians["small"] > medians["micro"] > medians.get("macro", 0)
    assert 0.02 < medians["small"] < 0.045          # METRICS.md §2: nano (1k-10k) ~2-4%
    assert 0.01 < medians["micro"] < 0.03           # micro ~1-3%
    by_platform = {p: statistics.median([er for q, _, er in ers.values() if q == p])
                   for p in ("instagram", "tiktok", "youtube")}
    assert by_platform["tiktok"] > 2 * by_platform["instagram"]     # TikTok ER by views is much higher
    assert by_platform["youtube"] < by_platform["tiktok"]


def test_every_case_has_truth_rows_that_point_at_real_rows(loaded, truth):
    engine, summary = loaded
    accounts = {r.id: r.platform for r in rows(engine, select(SocialAccount.id, SocialAccount.platform))}
    post_account = dict(rows(engine, select(Post.id, Post.account_id)))
    for case in CASES:
        assert truth[case], case
        accs = {t.account_id for t in truth[case]}
        assert accs <= set(accounts), case
        assert summary["cases"][case] == len(accs)
        assert 0.005 < len(accs) / len(accounts) < 0.08, case
    for case in ("bought_followers", "fake_audience", "engagement_pod"):
        assert all(t.post_id is None for t in truth[case])
        assert all(accounts[t.account_id] in ("instagram", "tiktok") for t in truth[case])
    for case in ("undisclosed_ad", "brand_unsafe"):
        assert all(post_account[t.post_id] == t.account_id for t in truth[case])
    assert len(truth["profile"]) == len(accounts)


def test_undisclosed_ads_have_commercial_language_but_no_disclosure(loaded, truth):
    engine, _ = loaded
    ids = [t.post_id for t in truth["undisclosed_ad"]]
    posts = rows(engine, select(Post.caption, Post.is_paid_partnership, Post.mentions, Post.hashtags)
                 .where(Post.id.in_(ids)))
    assert len(posts) == len(ids)
    for p in posts:
        assert not p.is_paid_partnership
        assert not DISCLOSURE.search(p.caption), p.caption
        assert "ad" not in p.hashtags
        assert p.mentions and f"@{p.mentions[0]}" in p.caption
        assert COMMERCIAL.search(p.caption), p.caption


def test_truth_lists_every_undisclosed_sponsored_post(loaded, truth):
    """Any post with commercial language, no disclosure and no paid flag must be an undisclosed_ad truth row."""
    engine, _ = loaded
    known = {t.post_id for t in truth["undisclosed_ad"]}
    posts = rows(engine, select(Post.id, Post.caption, Post.is_paid_partnership))
    suspicious = {p.id for p in posts if COMMERCIAL.search(p.caption) and not DISCLOSURE.search(p.caption)
                  and not p.is_paid_partnership}
    assert suspicious == known
    disclosed = [p for p in posts if COMMERCIAL.search(p.caption) and DISCLOSURE.search(p.caption)]
    assert disclosed, "honest sponsored posts exist too"
    assert any(p.is_paid_partnership for p in posts)


def test_brand_unsafe_posts_carry_their_category(loaded, truth):
    engine, _ = loaded
    captions = dict(rows(engine, select(Post.id, Post.caption).where(
        Post.id.in_([t.post_id for t in truth["brand_unsafe"]]))))
    categories = Counter()
    for t in truth["brand_unsafe"]:
        category = t.details["category"]
        categories[category] += 1
        assert any(line in captions[t.post_id] for line in UNSAFE_LINES[category])
    assert len(categories) >= 4


def test_bought_followers_step_up_and_engagement_does_not_follow(loaded, truth):
    engine, _ = loaded
    depressed = 0
    for t in truth["bought_followers"]:
        snaps = [r.followers for r in rows(engine, select(AccountSnapshot.followers).where(
            AccountSnapshot.account_id == t.account_id).order_by(AccountSnapshot.collected_at))]
        assert max(b / a for a, b in zip(snaps, snaps[1:], strict=False)) > 1.3
        assert t.details["followers_after"] > 1.3 * t.details["followers_before"]
        posts = rows(engine, select(Post.posted_at, PostSnapshot.likes, PostSnapshot.comments)
                     .join(PostSnapshot, PostSnapshot.post_id == Post.id).where(Post.account_id == t.account_id))
        spike = t.details["spike_at"][:19]
        before = [p.likes + p.comments for p in posts if p.posted_at.isoformat(" ") < spike]
        after = [p.likes + p.comments for p in posts if p.posted_at.isoformat(" ") >= spike]
        growth = t.details["followers_after"] / t.details["followers_before"]
        if before and after and statistics.median(after) / max(statistics.median(before), 1) < 0.8 * growth:
            depressed += 1
    assert depressed >= 0.8 * len(truth["bought_followers"])   # ER by followers falls after the spike


def _fake_like(sample) -> float:
    return statistics.mean((s.following > 1500) or (s.posts < 3 and not s.has_profile_pic) for s in sample)


def test_fake_heavy_audiences_look_fake(loaded, truth, feed, case_accounts):
    engine, _ = loaded
    samples = defaultdict(list)
    for s in rows(engine, select(FollowerSample.account_id, FollowerSample.following, FollowerSample.posts,
                                 FollowerSample.has_profile_pic, FollowerSample.username,
                                 FollowerSample.username_digits, FollowerSample.username_length)):
        samples[s.account_id].append(s)
        assert s.username_length == len(s.username)
        assert s.username_digits == sum(ch.isdigit() for ch in s.username)
    fake_accounts = {t.account_id for case in ("fake_audience", "bought_followers") for t in truth[case]}
    normal = [s for acc, ss in samples.items() if acc not in case_accounts for s in ss]
    fake = [s for acc, ss in samples.items() if acc in fake_accounts for s in ss]
    assert normal and fake
    assert _fake_like(fake) > 2 * _fake_like(normal)
    assert statistics.mean(s.username_digits for s in fake) > 1.5 * statistics.mean(s.username_digits for s in normal)
    ers = account_er(feed, set())
    fake_er = [ers[t.account_id][2] for t in truth["fake_audience"] if t.account_id in ers]
    peers = [er for acc, (platform, _, er) in ers.items() if acc not in case_accounts and platform != "youtube"]
    assert statistics.median(fake_er) < 0.75 * statistics.median(peers)


def test_pods_repeat_a_small_set_of_commenters(loaded, truth, case_accounts):
    engine, _ = loaded
    handles = dict(rows(engine, select(SocialAccount.id, SocialAccount.handle)))
    comments = defaultdict(list)
    for c in rows(engine, select(CommentSample.account_id, CommentSample.commenter_handle, CommentSample.text)):
        comments[c.account_id].append(c.commenter_handle)

    def top3_share(names):
        return sum(n for _, n in Counter(names).most_common(3)) / len(names)

    pods = [t for t in truth["engagement_pod"] if comments.get(t.account_id)]
    assert pods, "some pod accounts have comment samples"
    for t in pods:
        members = {handles[a] for a in t.details["member_accounts"] if a != t.account_id}
        ring = set(t.details["ring_handles"])
        share = sum(h in members | ring for h in comments[t.account_id]) / len(comments[t.account_id])
        assert share > 0.4
    normal = [top3_share(v) for acc, v in comments.items() if acc not in case_accounts]
    assert statistics.mean(top3_share(comments[t.account_id]) for t in pods) > statistics.mean(normal) + 0.15



def test_pod_comments_do_not_follow_reach(feed, truth, case_accounts):
    """A pod's members comment on every post however far it travels: a floor, not a share of the audience."""
    posts = defaultdict(list)
    for acc, platform, _, _, likes, comments, views, _ in feed:
        if platform == "tiktok":  # every post has views, and likes follow them (Instagram feed posts have none)
            posts[acc].append((views, likes, comments))

    def small_vs_large(acc):
        """Comments per like on the third of the posts with the fewest views over the third with the most."""
        ordered = sorted(posts[acc])
        third = len(ordered) // 3
        low, high = ordered[:third], ordered[-third:]
        return (sum(c for *_, c in low) / max(1, sum(lk for _, lk, _ in low))) / \
            (sum(c for *_, c in high) / max(1, sum(lk for _, lk, _ in high)) or 1e-9)

    measurable = {acc for acc, v in posts.items() if len(v) >= 9}
    pods = [small_vs_large(t.account_id) for t in truth["engagement_pod"] if t.account_id in measurable]
    clean = [small_vs_large(acc) for acc in measurable - case_accounts]
    assert len(pods) >= 5 and len(clean) >= 100
    assert statistics.median(pods) > 1.3
    assert 0.8 < statistics.median(clean) < 1.2


def test_captions_use_their_niche_vocabulary(loaded, truth):
    engine, _ = loaded
    niches = {t.account_id: t.details["niches"] for t in truth["profile"]}
    assert set(n for ns in niches.values() for n in ns) == set(NICHE_SLUGS)
    keywords = {n: niche_keywords(n) for n in NICHE_SLUGS}
    posts = rows(engine, select(Post.account_id, Post.caption))
    for p in posts:
        text = p.caption.lower()
        assert any(word in text for n in niches[p.account_id] for word in keywords[n]), p.caption
    # Captions vary: far more distinct captions than pool sentences, some in the creator's own language.
    assert len({p.caption for p in posts}) > 0.95 * len(posts)
    assert sum(" por " in p.caption or "vous" in p.caption or " ihr " in p.caption or "jullie" in p.caption
               or " che " in p.caption or "vocês" in p.caption for p in posts) > 50


def test_formats_metrics_and_sources_fit_the_platform(loaded):
    engine, _ = loaded
    formats = {"instagram": {"image", "carousel", "reel"}, "tiktok": {"video"}, "youtube": {"long_video", "short"}}
    first_party = 0
    with engine.connect() as conn:
        result = conn.execute(select(SocialAccount.platform, Post.format, PostSnapshot.views, PostSnapshot.reach,
                                     PostSnapshot.impressions, PostSnapshot.likes, PostSnapshot.comments,
                                     PostSnapshot.saves, PostSnapshot.shares, PostSnapshot.source)
                              .join(Post, Post.account_id == SocialAccount.id)
                              .join(PostSnapshot, PostSnapshot.post_id == Post.id)).all()
    for r in result:
        assert r.format in formats[r.platform]
        assert (r.views is not None) == (r.format not in ("image", "carousel"))
        assert r.likes >= 0 and r.comments >= 0
        if r.source == "creator_oauth":
            first_party += 1
            if r.platform == "instagram":
                assert r.reach is not None and r.impressions >= r.reach and r.saves is not None
        else:
            assert r.source == "demo" and r.reach is None and r.impressions is None and r.saves is None
        if r.platform == "tiktok":
            assert r.shares is not None
    assert 0.05 < first_party / len(result) < 0.3


def test_histories_cover_six_to_twelve_months_with_weekly_snapshots(loaded):
    engine, _ = loaded
    spans = rows(engine, select(Post.account_id, Post.posted_at).order_by(Post.account_id, Post.posted_at))
    first: dict[int, object] = {}
    for acc, when in spans:
        first.setdefault(acc, when)
        assert when < AS_OF
    assert min(first.values()) >= AS_OF - timedelta(days=7 * 53)
    assert statistics.median((AS_OF - f).days for f in first.values()) > 150
    counts = Counter(acc for acc, _ in spans)
    assert statistics.median(counts.values()) > 26        # >= 1 post a week for 6+ months
    followers = dict(rows(engine, select(SocialAccount.id, SocialAccount.followers)))
    latest = rows(engine, select(AccountSnapshot.account_id, AccountSnapshot.followers, AccountSnapshot.collected_at)
                  .where(AccountSnapshot.collected_at == AS_OF))
    assert len(latest) == len(followers)
    assert all(followers[r.account_id] == r.followers for r in latest)
    per_account = Counter(r.account_id for r in rows(engine, select(AccountSnapshot.account_id)))
    assert 26 <= statistics.median(per_account.values()) <= 53


def test_no_telltale_names_anywhere(loaded):
    engine, _ = loaded
    words = re.compile(r"fake|bought|\bbot|\bpod\b|spam|truth|inject|\bdemo", re.IGNORECASE)
    texts = [*rows(engine, select(SocialAccount.handle, SocialAccount.display_name, SocialAccount.bio)),
             *rows(engine, select(Creator.name, Creator.email)),
             *rows(engine, select(FollowerSample.username)), *rows(engine, select(CommentSample.commenter_handle))]
    for row in texts:
        for value in row:
            assert not (value and words.search(value)), value


def test_referential_integrity(loaded):
    engine, _ = loaded
    accounts = {r.id for r in rows(engine, select(SocialAccount.id))}
    posts = {r.id for r in rows(engine, select(Post.id))}
    creators = {r.id for r in rows(engine, select(Creator.id))}
    assert {r.creator_id for r in rows(engine, select(SocialAccount.creator_id))} <= creators
    for model in (AccountSnapshot, AudienceProfile, FollowerSample, CommentSample, Post, DemoTruth):
        assert {r.account_id for r in rows(engine, select(model.account_id))} <= accounts, model
    for model in (PostSnapshot, CommentSample):
        assert {r.post_id for r in rows(engine, select(model.post_id))} <= posts, model
    assert len(rows(engine, select(PostSnapshot.id))) == len(posts)


def test_pod_mates_take_part_in_a_share_of_each_post():
    """Per post, between none and all of the K pod-mates (members but the poster, plus the ring) take part."""
    rng = np.random.default_rng(1)
    pods = [("pod-0-0", [0, 2, 3], ["ring_a", "ring_b"])]        # K = 2 other members + 2 ring handles = 4
    n_posts, p_start = np.array([40, 5, 60, 30]), np.array([0, 40, 45, 105])
    taking_part = pod_participants(rng, pods, n_posts, p_start, 135)
    assert taking_part[40:45].sum() == 0                          # account 1 is in no pod
    for a in (0, 2, 3):
        own = taking_part[p_start[a]:p_start[a] + n_posts[a]]
        assert own.min() >= 0 and own.max() <= 4
        assert 4 * PARTICIPATION[0] - 0.8 < own.mean() < 4 * PARTICIPATION[1] + 0.8
