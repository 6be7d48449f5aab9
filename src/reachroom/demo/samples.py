"""Per-account side tables of a chunk: follower time series, audience profiles, follower and comment samples."""

import numpy as np

from reachroom.demo.identity import ascii_fold
from reachroom.demo.plan import Plan, Table, timestamp_text
from reachroom.demo.texts import GENERIC_COMMENTS, NICHE_COMMENTS
from reachroom.demo.vocab import (
    AGE_BANDS,
    AUDIENCE_LANGUAGES,
    AUDIENCE_WORLD,
    COUNTRIES,
    FAKE_AUDIENCE_WORLD,
    FIRST_NAMES,
    GENERAL_EMOJI,
    LAST_NAMES,
    NICHE_AGES,
    NICHE_FEMALE,
    NICHES,
    PLATFORM_AGE_SHIFT,
    PLATFORMS,
)

WEEK, HOUR = 7 * 86_400, 3_600
YT = 2
COUNTRY_KEYS: tuple[str, ...] = tuple(dict.fromkeys(COUNTRIES + tuple(AUDIENCE_WORLD) + tuple(FAKE_AUDIENCE_WORLD)))
_LANG_KEYS = tuple(sorted({lang for shares in AUDIENCE_LANGUAGES.values() for lang in shares}))
_LANG_MATRIX = np.array([[AUDIENCE_LANGUAGES[c].get(lang, 0.0) for lang in _LANG_KEYS] for c in COUNTRY_KEYS])
_WORLD = np.array([AUDIENCE_WORLD.get(k, 0.0) for k in COUNTRY_KEYS])
_FAKE_WORLD = np.array([FAKE_AUDIENCE_WORLD.get(k, 0.0) for k in COUNTRY_KEYS])
_AGES = np.array([NICHE_AGES[n] for n in NICHES])
_AGE_SHIFT = np.array([PLATFORM_AGE_SHIFT[p] for p in PLATFORMS])
_FEMALE = np.array([NICHE_FEMALE[n] for n in NICHES])
_FIRST = tuple(sorted({ascii_fold(x) for pair in FIRST_NAMES.values() for names in pair for x in names}))
_LAST = tuple(sorted({ascii_fold(x) for names in LAST_NAMES.values() for x in names}))
_WORDS = ("photo", "life", "daily", "art", "travels", "xo", "official", "home", "world", "vibes")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_NO_DIGITS = str.maketrans("", "", "0123456789")
_EMOJI_COMMENTS = ("😍😍", "🔥🔥🔥", "👏👏", "❤️", "🙌", "😂😂", "💯")


def _round_shares(values: np.ndarray) -> np.ndarray:
    """Round rows to 4 places, putting the rounding error on each row's largest share (rows sum to 1)."""
    values = np.round(values, 4)
    rows, top = np.arange(len(values)), values.argmax(axis=1)
    values[rows, top] = 1.0 - (values.sum(axis=1) - values[rows, top])
    return np.round(values, 4)


def _shares_json(keys, matrix: np.ndarray) -> list[str]:
    """Rows of shares over fixed keys as JSON objects."""
    template = "{" + ", ".join(f'"{k}": %r' for k in keys) + "}"
    return [template % tuple(row) for row in _round_shares(matrix).tolist()]


def _top_json(matrix: np.ndarray, keys: tuple[str, ...], top: int) -> list[str]:
    """Keep each row's `top` largest shares (renormalised) and serialise them, largest first, zeros dropped."""
    order = np.argsort(-matrix, axis=1, kind="stable")[:, :top]
    values = np.take_along_axis(matrix, order, axis=1)
    values = _round_shares(values / values.sum(axis=1, keepdims=True))
    names = np.asarray(keys, dtype=object)[order].tolist()
    out = []
    for nm, vs, k in zip(names, values.tolist(), (values > 0).sum(axis=1).tolist(), strict=True):
        out.append("{" + ", ".join([f'"{n}": {v!r}' for n, v in zip(nm[:k], vs[:k], strict=True)]) + "}")
    return out


def _dirichlet(rng: np.random.Generator, alpha: np.ndarray) -> np.ndarray:
    g = rng.standard_gamma(alpha)
    return g / g.sum(axis=1, keepdims=True)


def account_snapshots(rng, plan: Plan, acc: dict, t: np.ndarray, followers_at, sig3):
    """Follower/following/posts counts every `plan.snapshot_weeks` weeks over each account's history."""
    A = len(acc["plat"])
    per = acc["weeks"] // plan.snapshot_weeks + 1
    sa = np.repeat(np.arange(A), per)
    kk = np.arange(len(sa)) - np.repeat(np.cumsum(per) - per, per)
    when = plan.as_of - kk * plan.snapshot_weeks * WEEK
    total, _ = followers_at(sa, when)
    total = total * np.where(kk == 0, 1.0, 1.0 + rng.normal(0.0, 0.0015, len(sa)))
    yt = acc["plat"][sa] == YT
    followers = np.where(yt, sig3(total), np.round(total)).astype(np.int64)
    following = np.maximum(acc["following"][sa] * (1 - 0.0006 * kk * plan.snapshot_weeks)
                           + rng.normal(0, 2, len(sa)) * (kk > 0), 0).astype(np.int64)
    following_col = following.astype(object)
    following_col[yt] = None
    # posts published up to each snapshot: count the chunk's (sorted) posts with a searchsorted per key.
    base = plan.as_of - 1_000 * 86_400
    pa, p_start, n_posts = acc["post_account"], acc["p_start"], acc["n_posts"]
    post_key = (pa.astype(np.int64) << 32) | (t - base)
    snap_key = (sa.astype(np.int64) << 32) | (when - base)
    upto = np.searchsorted(post_key, snap_key, side="right") - p_start[sa]
    after = n_posts[sa] - upto
    first_t = t[p_start][sa]
    older = acc["capped"][sa] & (when < first_t)
    after = after + np.where(older, np.round(acc["freq"][sa] * (first_t - when) / WEEK), 0).astype(np.int64)
    posts_count = np.maximum(acc["posts_count"][sa] - after, 0)
    grid = np.asarray(timestamp_text(plan.as_of - np.arange(kk.max() + 1 if len(kk) else 1)
                                     * plan.snapshot_weeks * WEEK), dtype=object)
    return Table(len(sa), {"account_id": sa, "followers": followers.tolist(), "following": following_col.tolist(),
                           "posts_count": posts_count.tolist(), "source": "demo",
                           "collected_at": grid[kk].tolist()})


def audiences(rng, plan: Plan, acc: dict):
    """One audience profile per account: age, gender, country and language shares summing to 1."""
    A = len(acc["plat"])
    ages = _AGES[acc["niche"]] * _AGE_SHIFT[acc["plat"]]
    ages = _dirichlet(rng, ages / ages.sum(axis=1, keepdims=True) * 60.0)
    female = np.clip(_FEMALE[acc["niche"]] * 0.85 + 0.07 + np.where(acc["female"], 0.06, -0.08)
                     + rng.normal(0, 0.05, A), 0.03, 0.96)
    other = rng.uniform(0.005, 0.02, A)
    genders = np.column_stack([female, 1.0 - female - other, other])
    home = np.clip(rng.normal(0.62, 0.12, A), 0.25, 0.9)
    world = np.tile(_WORLD, (A, 1))
    rows = np.arange(A)
    world[rows, acc["country"]] = 0.0
    countries = _dirichlet(rng, world * 40.0 + 1e-3) * (1.0 - home)[:, None]
    countries[rows, acc["country"]] += home
    phi = (acc["fake_share"] * 0.8)[:, None]
    countries = (1 - phi) * countries + phi * _dirichlet(rng, np.tile(_FAKE_WORLD * 30.0 + 1e-3, (A, 1)))
    languages = countries @ _LANG_MATRIX
    connected = acc["connected"]
    sample = np.where(connected, acc["followers"], 0).astype(np.int64).astype(object)
    sample[~connected] = None
    return Table(A, {
        "account_id": np.arange(A), "age_bands": _shares_json(AGE_BANDS, ages),
        "genders": _shares_json(("female", "male", "other"), genders),
        "countries": _top_json(countries, COUNTRY_KEYS, 10), "languages": _top_json(languages, _LANG_KEYS, 6),
        "sample_size": sample.tolist(), "source": np.where(connected, "creator_oauth", "demo").astype(object).tolist(),
        "collected_at": plan.as_of_text,
    })


def _usernames(rng: np.random.Generator, fake: np.ndarray) -> list[str]:
    """Plausible handles: real ones from names, fake ones digit-heavy or random."""
    n = len(fake)
    u = rng.random((n, 4))
    nums = rng.integers(0, 10**9, n)
    out = []
    for i in range(n):
        f = _FIRST[int(u[i, 0] * len(_FIRST))]
        ln = _LAST[int(u[i, 1] * len(_LAST))]
        r = u[i, 2]
        if fake[i]:
            if r < 0.35:
                name = f"{f}{nums[i] % 10**7:07d}"
            elif r < 0.6:
                letters = "".join(_LETTERS[(nums[i] >> (3 * j)) % 26] for j in range(5))
                name = f"{letters}{nums[i] % 10**4:04d}"
            elif r < 0.75:
                name = f"user{nums[i]:09d}"
            else:
                name = f"{f}_{ln}{nums[i] % 10**4}"
        else:
            if r < 0.3:
                name = f"{f}{ln}"
            elif r < 0.5:
                name = f"{f}.{ln}"
            elif r < 0.65:
                name = f"{f}_{_WORDS[int(u[i, 3] * len(_WORDS))]}"
            elif r < 0.85:
                name = f"{f}{ln}{nums[i] % 100}"
            else:
                name = f"{f[:1]}{ln}"
        out.append(name[:30])
    return out


def follower_samples(rng, plan: Plan, acc: dict):
    """Sampled followers of the sampled Instagram/TikTok accounts, with the canonical profile features."""
    sel = np.flatnonzero(acc["sampled"] & (acc["plat"] != YT))
    m = plan.follower_sample_size
    ao = np.repeat(sel, m)
    R = len(ao)
    fake = rng.random(R) < acc["fake_share"][ao]
    u = rng.random((R, 6))
    followers = np.where(fake, rng.lognormal(np.log(25), 1.3, R), rng.lognormal(np.log(300), 1.2, R))
    following = np.where(fake, rng.lognormal(np.log(2200), 0.6, R), rng.lognormal(np.log(420), 0.8, R))
    posts = np.where(fake, np.floor(rng.exponential(2.0, R)), rng.lognormal(np.log(40), 1.3, R))
    words = np.where(fake, (u[:, 3] > 0.6).astype(int) + (u[:, 3] > 0.9),
                     np.select([u[:, 3] < 0.1, u[:, 3] < 0.45, u[:, 3] < 0.95], [0, 1, 2], 3))
    bio = np.where(fake, np.where(u[:, 4] < 0.8, 0, rng.integers(1, 40, R)),
                   np.where(u[:, 4] < 0.35, 0, np.clip(rng.lognormal(np.log(40), 0.6, R), 1, 150)))
    names = _usernames(rng, fake)
    digits = [len(x) - len(x.translate(_NO_DIGITS)) for x in names]
    return Table(R, {
        "account_id": ao, "workspace_id": None, "username": names,
        "followers": np.round(followers).astype(np.int64).tolist(),
        "following": np.clip(np.round(following), 0, 7500).astype(np.int64).tolist(),
        "posts": np.round(posts).astype(np.int64).tolist(),
        "has_profile_pic": np.where(fake, u[:, 0] < 0.45, u[:, 0] < 0.97).tolist(),
        "is_private": np.where(fake, u[:, 1] < 0.2, u[:, 1] < 0.45).tolist(),
        "has_external_url": np.where(fake, u[:, 2] < 0.02, u[:, 2] < 0.08).tolist(),
        "username_length": [len(x) for x in names], "username_digits": digits,
        "username_digit_ratio": [round(d / len(x), 4) if x else 0.0 for d, x in zip(digits, names, strict=True)],
        "full_name_words": words.astype(np.int64).tolist(), "bio_length": bio.astype(np.int64).tolist(),
        "source": "demo", "collected_at": plan.as_of_text,
    })


def comment_samples(rng, plan: Plan, chunk: int, acc: dict, t: np.ndarray, pa: np.ndarray):
    """Pods (groups of accounts commenting on each other) and sampled comments on recent posts."""
    pod_acc = np.flatnonzero(acc["pod"]).tolist()
    pods: list[tuple[str, list[int], list[str]]] = []
    i = 0
    while i < len(pod_acc):
        size = int(rng.integers(6, 11))
        if len(pod_acc) - (i + size) < 3:
            size = len(pod_acc) - i
        ring = _usernames(rng, np.zeros(int(rng.integers(2, 6)), dtype=bool))
        pods.append((f"pod-{chunk}-{len(pods)}", pod_acc[i:i + size], ring))
        i += size
    handles = acc["handle"]
    pod_handles: dict[int, list[str]] = {}
    for _, members, ring in pods:
        for a in members:
            pod_handles[a] = [handles[b] for b in members if b != a] + ring
    sel = np.flatnonzero(acc["sampled"])
    cnt = np.minimum(acc["n_posts"][sel], plan.comment_posts)
    first = acc["p_start"][sel] + acc["n_posts"][sel] - cnt
    post_acc = np.repeat(sel, cnt)
    post_idx = np.repeat(first, cnt) + (np.arange(cnt.sum()) - np.repeat(np.cumsum(cnt) - cnt, cnt))
    per = plan.comments_per_post
    cp = np.repeat(post_idx, per)
    ca = np.repeat(post_acc, per)
    R = len(cp)
    u = rng.random((R, 4))
    randoms = _usernames(rng, np.zeros(R, dtype=bool))
    fans = {int(a): _usernames(rng, np.zeros(2, dtype=bool)) for a in sel.tolist()}
    commenter, text = [], []
    for j in range(R):
        a = int(ca[j])
        if a in pod_handles and u[j, 0] < 0.75:
            group = pod_handles[a]
            commenter.append(group[int(u[j, 1] * len(group))])
            text.append(GENERIC_COMMENTS[int(u[j, 2] * len(GENERIC_COMMENTS))])
            continue
        commenter.append(fans[a][int(u[j, 1] * 2)] if u[j, 0] < 0.12 else randoms[j])
        r = u[j, 3]
        if r < 0.55:
            pool = NICHE_COMMENTS[NICHES[acc["niche"][a]]]
        elif r < 0.85:
            pool = GENERIC_COMMENTS
        else:
            pool = _EMOJI_COMMENTS + GENERAL_EMOJI[:3]
        text.append(pool[int(u[j, 2] * len(pool))])
    when = np.minimum(t[cp] + (rng.exponential(8.0, R) * HOUR).astype(np.int64), plan.as_of)
    return Table(R, {"post_id": cp, "account_id": ca, "commenter_handle": commenter, "text": text,
                     "commented_at": timestamp_text(when), "source": "demo", "collected_at": plan.as_of_text}), pods
