"""One chunk of demo data: creators, accounts, posts and their metrics, as column arrays with local ids.

`generate_chunk` is a pure function of (plan, chunk index, identities): it draws from its own random stream
(stream tag 2), so chunks can be generated in any order or process and still give the same rows. Id and
foreign-key columns hold chunk-local indices; the writer adds each table's id base.
"""

import numpy as np

from reachroom.demo import calibration as cal
from reachroom.demo.brands import SPONSORS, SPONSORS_BY_NICHE
from reachroom.demo.captions import KINDS, MAX_TAGS, PERMS, POOL, SMALL, pools
from reachroom.demo.identity import Identity, ascii_fold, stream
from reachroom.demo.plan import Plan, Table, timestamp_text
from reachroom.demo.pods import STREAM_POD, pod_participants
from reachroom.demo.samples import account_snapshots, audiences, comment_samples, follower_samples
from reachroom.demo.texts import (
    BIO_TAGLINES,
    CAPTION_LANGS,
    CODE_LINES,
    DISCLOSURE_GIFTED,
    DISCLOSURE_UPFRONT,
    GIFT_LINES,
    LINK_LINES,
    MENTION_LINES,
    NICHE_TEXT,
    SPONSOR_LINES,
    UNSAFE_CATEGORIES,
    UNSAFE_LINES,
    UNSAFE_WEIGHTS,
    UNSAFE_WEIGHTS_DEFAULT,
)
from reachroom.demo.vocab import CITIES, COUNTRIES, NICHE_EMOJI, NICHE_PLATFORMS, NICHES

STREAM_CHUNK = 2
DAY, WEEK = 86_400, 7 * 86_400
IG, TT, YT = 0, 1, 2
PLATFORM_NAMES = np.array(["instagram", "tiktok", "youtube"], dtype=object)
FORMAT_NAMES = np.array(["image", "carousel", "reel", "video", "long_video", "short"], dtype=object)
F_IMAGE, F_CAROUSEL, F_REEL, F_VIDEO, F_LONG, F_SHORT = range(6)
# Case rates per eligible account (authenticity cases: Instagram and TikTok accounts).
RATE_BOUGHT, RATE_FAKE_AUDIENCE, RATE_POD, RATE_UNDISCLOSED, RATE_UNSAFE = 0.04, 0.04, 0.04, 0.035, 0.03
RATE_VIRAL_JUMP = 0.06
# Disclosure variants of (honest) sponsored posts and their shares.
D_UPFRONT, D_FLAG, D_BURIED, D_GIFTED, D_AFFILIATE, D_SPONSORED_TAG = range(6)
DISCLOSURE_P = (0.35, 0.10, 0.15, 0.20, 0.10, 0.10)
_B64 = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", dtype=np.uint8)
_NICHE_PLAT_CUM = np.cumsum(np.asarray([NICHE_PLATFORMS[n] for n in NICHES]), axis=1)
_CITY = {c: ([x for x, _ in CITIES[c]], np.cumsum([w for _, w in CITIES[c]]) / sum(w for _, w in CITIES[c]))
         for c in COUNTRIES}
# post_snapshots columns that are NULL, and the source, per (platform, first-party) code = platform * 2 + conn.
_PUBLIC_NULL = {"reach", "impressions", "shares", "saves", "total_interactions", "avg_watch_time_ms", "profile_visits"}
_SNAPSHOT_LAYOUTS = {
    0: (frozenset(_PUBLIC_NULL), {"source": "demo"}),
    1: (frozenset(), {"source": "creator_oauth"}),
    2: (frozenset(_PUBLIC_NULL - {"shares"}), {"source": "demo"}),
    3: (frozenset({"impressions", "saves", "profile_visits"}), {"source": "creator_oauth"}),
    4: (frozenset(_PUBLIC_NULL), {"source": "demo"}),
    5: (frozenset({"reach", "impressions", "saves", "profile_visits"}), {"source": "creator_oauth"}),
}
_SPONSOR_COUNT = np.asarray([len(x) for x in SPONSORS_BY_NICHE])
_SPONSOR_TABLE = np.asarray([x + (x[0],) * (max(_SPONSOR_COUNT) - len(x)) for x in SPONSORS_BY_NICHE])
_UNSAFE_P = np.asarray([UNSAFE_WEIGHTS.get(n, UNSAFE_WEIGHTS_DEFAULT) for n in NICHES])
_UNSAFE_CUM = np.cumsum(_UNSAFE_P / _UNSAFE_P.sum(axis=1, keepdims=True), axis=1)


def _b64_ids(rng: np.random.Generator, size: int, length: int) -> list[str]:
    """Random URL-safe base64 ids (YouTube-like), vectorised."""
    codes = _B64[rng.integers(0, 64, size=(size, length))]
    return codes.view(f"S{length}").ravel().astype(str).tolist()


def _pick_positions(rng, start, count, accounts, low, high):
    """1..high-1 random post positions (flat indices) inside each given account's posts; unique."""
    if len(accounts) == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    m = rng.integers(low, high, size=len(accounts))
    acc = np.repeat(accounts, m)
    pos = start[acc] + (rng.random(len(acc)) * count[acc]).astype(np.int64)
    pos, first = np.unique(pos, return_index=True)
    return pos, acc[first]


def _sig3(x: np.ndarray) -> np.ndarray:
    """Round to 3 significant figures (YouTube's public subscriber counts), for values >= 1000."""
    x = np.asarray(x, dtype=np.float64)
    mag = np.power(10.0, np.floor(np.log10(np.maximum(x, 1.0))) - 2)
    return np.where(x >= 1000, np.round(x / mag) * mag, np.round(x))


def _interactions(rng, eng: np.ndarray, comment_share: np.ndarray, share_part: np.ndarray):
    """Comments, public shares and likes of posts with expected engagement `eng` (drawn in this order)."""
    comments = rng.poisson(eng * comment_share)
    shares_pub = rng.poisson(eng * share_part)
    likes = rng.poisson(eng * (1 - comment_share - share_part))
    return comments, shares_pub, likes


def _reach(pplat, fmt, views_i, reach_base, interactions, reel_reach) -> np.ndarray:
    """Accounts reached: a share of views for video, the feed reach (at least 1.3x interactions) otherwise."""
    reach_feed = np.maximum(reach_base, 1.3 * interactions)
    return np.round(np.select([pplat == IG, pplat == TT],
                              [np.where(fmt == F_REEL, views_i * reel_reach, reach_feed), views_i * 0.68],
                              0)).astype(np.int64)


def generate_chunk(plan: Plan, chunk: int, ident: Identity) -> dict[str, Table]:
    """Generate every table's rows for one chunk of creators."""
    rng = stream(plan.seed, STREAM_CHUNK, chunk)
    n = len(ident)
    c = plan.calibration
    n1, n2 = ident.niche1, ident.niche2
    out: dict[str, Table] = {}

    # ---------------- creators and their voice ----------------
    u = rng.random((n, 8))
    city = []
    for i in range(n):
        names, cum = _CITY[COUNTRIES[ident.country[i]]]
        city.append(names[min(int(np.searchsorted(cum, u[i, 0], side="right")), len(names) - 1)])
    email = [None if u[i, 1] >= 0.45 else
             (f"{h}@example.com" if u[i, 2] < 0.6 else f"hello.{h}@example.org" if u[i, 2] < 0.8
              else f"{h}.collabs@example.net") for i, h in enumerate(ident.handle)]
    formal = u[:, 3] < 0.3
    emoji_level = np.where(u[:, 4] < 0.3, 0, np.where(u[:, 4] < 0.75, 1, 2))
    emoji_level = np.where(formal, np.minimum(emoji_level, 1), emoji_level)
    kind_p = np.where(formal[:, None], [[0.05, 0.5, 0.2, 0.2, 0.05]], [[0.45, 0.05, 0.2, 0.12, 0.18]])
    kind_main = (rng.random(n)[:, None] > np.cumsum(kind_p, axis=1)).sum(axis=1).clip(0, len(KINDS) - 1)
    tag_base = np.select([u[:, 5] < 0.2, u[:, 5] < 0.7], [rng.integers(0, 3, n), rng.integers(3, 9, n)],
                         rng.integers(9, MAX_TAGS, n))
    second_share = np.select([u[:, 6] < 0.3, u[:, 6] < 0.75], [0.2, 0.5], 0.85)
    cap_lang = np.array([CAPTION_LANGS.index(x) if x in CAPTION_LANGS else 0 for x in ident.language])
    native_share = np.where(cap_lang > 0, 0.35 + 0.55 * rng.random(n), 0.0)
    sponsored_share = np.where(u[:, 7] < 0.2, 0.0, rng.beta(1.3, 14.0, n))
    pct = rng.choice([10, 15, 20, 25], size=n)
    code = [(ascii_fold(f).upper()[:8] or "SAVE") + str(p) for f, p in zip(ident.first, pct, strict=True)]
    out["creators"] = Table(n, {
        "name": [f"{f} {ln}" for f, ln in zip(ident.first, ident.last, strict=True)],
        "country": [COUNTRIES[x] for x in ident.country], "language": ident.language, "city": city,
        "email": email, "workspace_id": None, "created_at": plan.as_of_text,
    })

    # ---------------- accounts ----------------
    ua = rng.random(n)
    k = 1 + (ua > 0.70).astype(np.int64) + (ua > 0.92)
    p0 = (rng.random(n)[:, None] > _NICHE_PLAT_CUM[n1]).sum(axis=1).clip(0, 2)
    swap = rng.random(n) < 0.5
    o1 = np.where(swap, (p0 + 2) % 3, (p0 + 1) % 3)
    o2 = np.where(swap, (p0 + 1) % 3, (p0 + 2) % 3)
    acr = np.repeat(np.arange(n), k)                       # creator of each account
    A = len(acr)
    a_start = np.repeat(np.cumsum(k) - k, k)
    rank = np.arange(A) - a_start
    plat = np.where(rank == 0, p0[acr], np.where(rank == 1, o1[acr], o2[acr]))
    an1 = n1[acr]
    z = rng.standard_normal(n)
    log_f = (c.followers_mu[n1] + c.followers_sd[n1] * z)[acr] + np.where(
        rank == 0, 0.0, rng.normal(-0.8, 0.8, A))
    followers_end = np.clip(np.exp(log_f), 60, 40e6)
    followers_end = np.where(plat == YT, _sig3(followers_end), np.round(followers_end))
    zp = rng.standard_normal(A)
    following = np.select(
        [plat == IG, plat == TT],
        [np.clip(np.exp(c.following_mu[an1] + c.following_sd[an1] * rng.standard_normal(A)), 30, 7500),
         np.clip(np.exp(np.log(180) + 0.9 * rng.standard_normal(A)), 0, 5000)], 0).astype(np.int64)
    freq_median = np.select([plat == IG, plat == TT], [1.4, 2.0], 0.75)
    freq = np.clip(freq_median * np.exp(0.45 * zp), np.where(plat == YT, 0.5, 1.0), np.where(plat == YT, 3.0, 6.0))
    lifetime = np.select([plat == IG, plat == TT],
                         [np.exp(c.posts_mu[an1] + c.posts_sd[an1] * zp), np.exp(np.log(220) + 0.8 * zp)],
                         np.exp(np.log(110) + 0.8 * zp))
    weeks = rng.integers(26, 53, A)
    growth = np.clip(rng.normal(0.0035, 0.003, A) + 0.004 * (followers_end < 10_000), -0.003, 0.02)
    er_mult = rng.lognormal(0.0, 0.3, A)
    cshare = np.select([plat == IG, plat == TT], [rng.uniform(0.02, 0.06, A), rng.uniform(0.008, 0.025, A)],
                       rng.uniform(0.03, 0.08, A))
    fake_base = rng.beta(2.0, 16.0, A)
    connected = rng.random(A) < 0.15
    sampled = rng.random(A) < plan.sample_share
    reel_share, carousel_share = rng.uniform(0.15, 0.55, A), rng.uniform(0.1, 0.4, A)
    short_share = rng.uniform(0.1, 0.7, A)
    save_rate = rng.uniform(0.03, 0.3, A)
    verified = ((followers_end > 300_000) & (rng.random(A) < 0.6)) | ((followers_end > 50_000) & (rng.random(A) < 0.05))

    # ---------------- injected account-level cases ----------------
    uc = rng.random((A, 6))
    auth_ok = plat != YT
    bought = auth_ok & (uc[:, 0] < RATE_BOUGHT)
    fake_aud = auth_ok & ~bought & (uc[:, 1] < RATE_FAKE_AUDIENCE)
    pod = auth_ok & ~bought & ~fake_aud & (uc[:, 2] < RATE_POD)
    viral_jump = ~bought & (uc[:, 3] < RATE_VIRAL_JUMP)

    # ---------------- posts: counts and times ----------------
    n_posts = np.maximum(rng.poisson(freq * weeks), 3)
    capped = np.zeros(A, dtype=bool)
    if plan.post_cap is not None:
        cap_i = plan.post_cap + rng.integers(-2, 3, A)
        capped = n_posts > cap_i
        n_posts = np.minimum(n_posts, cap_i)
    span_days = np.where(capped, np.minimum(weeks * 7, np.ceil(n_posts / freq * 7)), weeks * 7).astype(np.int64)
    undisclosed = (uc[:, 4] < RATE_UNDISCLOSED) & (n_posts >= 4)
    unsafe_acc = (uc[:, 5] < RATE_UNSAFE) & (n_posts >= 4)
    P = int(n_posts.sum())
    pa = np.repeat(np.arange(A), n_posts)                  # account of each post
    p_start = np.cumsum(n_posts) - n_posts
    offs = (rng.random(P) * span_days[pa]).astype(np.int64)
    tod = ((7 + 15 * rng.beta(2, 2, P)) * 3600).astype(np.int64)
    t = plan.as_of - (offs + 1) * DAY + tod
    t = t[np.lexsort((t, pa))]                             # sorted within each account (pa is already grouped)
    pcr = acr[pa]                                          # creator of each post
    pplat = plat[pa]

    uf = rng.random(P)
    fmt = np.select(
        [pplat == TT, (pplat == YT) & (uf < short_share[pa]), pplat == YT,
         uf < reel_share[pa], uf < reel_share[pa] + carousel_share[pa]],
        [F_VIDEO, F_SHORT, F_LONG, F_REEL, F_CAROUSEL], F_IMAGE)
    pn = np.where((n2[pcr] >= 0) & (rng.random(P) < 0.25), n2[pcr], n1[pcr])
    plang = np.where(rng.random(P) < native_share[pcr], cap_lang[pcr], 0)
    pkind = np.where(rng.random(P) < 0.65, kind_main[pcr], rng.integers(0, len(KINDS), P))

    # ---------------- sponsorship, undisclosed ads, unsafe posts ----------------
    und_pos, und_acc = _pick_positions(rng, p_start, n_posts, np.flatnonzero(undisclosed), 1, 4)
    is_und = np.zeros(P, dtype=bool)
    is_und[und_pos] = True
    unsafe_pos, unsafe_acc_of = _pick_positions(rng, p_start, n_posts, np.flatnonzero(unsafe_acc), 1, 5)
    acc_cat = (rng.random(A)[:, None] > _UNSAFE_CUM[an1]).sum(axis=1).clip(0, len(UNSAFE_CATEGORIES) - 1)
    unsafe_cat = np.where(rng.random(len(unsafe_pos)) < 0.75, acc_cat[unsafe_acc_of],
                          rng.integers(0, len(UNSAFE_CATEGORIES), len(unsafe_pos)))
    size_boost = np.clip(np.log10(np.maximum(followers_end, 10)) / 4.0, 0.5, 1.5)
    is_sp = (rng.random(P) < (sponsored_share[pcr] * size_boost[pa])) & ~is_und
    is_mention = ~is_sp & ~is_und & (rng.random(P) < 0.03)
    disclosure = rng.choice(len(DISCLOSURE_P), size=P, p=DISCLOSURE_P)
    brand_of = _SPONSOR_TABLE[pn, (rng.random(P) * _SPONSOR_COUNT[pn]).astype(np.int64)]

    # ---------------- follower curve and engagement ----------------
    tv = np.full(A, np.iinfo(np.int64).max)
    sv = np.zeros(A)
    vj = np.flatnonzero(viral_jump)
    vpos = p_start[vj] + (rng.random(len(vj)) * n_posts[vj]).astype(np.int64)
    viral = np.where(rng.random(P) < 0.015, rng.lognormal(np.log(4), 0.5, P), 1.0)
    viral[vpos] = rng.uniform(8, 25, len(vpos))
    tv[vj] = t[vpos] + DAY
    sv[vj] = rng.uniform(0.05, 0.2, len(vj))
    tb = np.full(A, np.iinfo(np.int64).max)
    sb = np.zeros(A)
    bj = np.flatnonzero(bought)
    bpos = p_start[bj] + (rng.uniform(0.3, 0.7, len(bj)) * n_posts[bj]).astype(np.int64)
    tb[bj] = np.minimum(t[bpos] + (rng.uniform(0.2, 0.9, len(bj)) * DAY).astype(np.int64), plan.as_of - 3600)
    sb[bj] = rng.uniform(0.4, 1.5, len(bj))

    def followers_at(acc: np.ndarray, when: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Total and real (not bought) followers of accounts at times."""
        total = followers_end[acc] * np.exp(-growth[acc] * (plan.as_of - when) / WEEK)
        total = total / np.where(when < tv[acc], 1 + sv[acc], 1.0) / np.where(when < tb[acc], 1 + sb[acc], 1.0)
        real = total / np.where(when >= tb[acc], 1 + sb[acc], 1.0)
        return total, real

    _, real = followers_at(pa, t)
    fake_share = np.where(fake_aud, rng.uniform(0.45, 0.75, A),
                          np.where(bought, (sb + fake_base) / (1 + sb), fake_base))
    fake_factor = np.where(fake_aud, rng.uniform(0.35, 0.6, A), 1.0)[pa]
    # Pod accounts' draws from the chunk stream use the means of the generator before 5 Dec 2026 (likes x1.25,
    # comment share x3) only so that the stream stays aligned and every other account keeps its numbers; their
    # engagement is redrawn below from a stream of their own, as organic engagement plus the pod's (pods.py).
    legacy_like, legacy_comment = np.where(pod, 1.25, 1.0)[pa], np.where(pod, 3.0, 1.0)[pa]
    noise = rng.lognormal(0.0, 0.3, P)
    spons_factor = np.where(is_sp | is_und, 0.85, 1.0)
    common = er_mult[pa] * noise * spons_factor * fake_factor
    is_short = fmt == F_SHORT
    vsig = np.select([pplat == TT, pplat == YT], [0.8, 0.6], 0.5)
    views = real * cal.view_rate(pplat, real, is_short) * np.exp(vsig * rng.standard_normal(P)) * viral * fake_factor
    feed_eng = real * cal.engagement_rate_instagram(real) * np.where(fmt == F_CAROUSEL, 1.1, 1.0) \
        * np.where(fmt == F_REEL, 1.1, 1.0) * viral ** 0.8 * legacy_like
    video_er = np.where(pplat == TT, cal.engagement_rate_tiktok(real), cal.engagement_rate_youtube(real))
    eng = np.where(pplat == IG, feed_eng, views * video_er * legacy_like) * common
    share_part = np.where(pplat == TT, 0.06, 0.0)
    comments, shares_pub, likes = _interactions(rng, eng, np.minimum(cshare[pa] * legacy_comment, 0.5), share_part)
    has_views = (pplat != IG) | (fmt == F_REEL)
    views_i = np.maximum(np.round(views), likes + comments).astype(np.int64)

    conn = connected[pa]
    reach_base = real * cal.reach_rate(real) * rng.lognormal(0, 0.25, P) * viral ** 0.7
    reel_reach = rng.uniform(0.7, 0.8, P)
    reach = _reach(pplat, fmt, views_i, reach_base, likes + comments, reel_reach)
    impressions_per_reach = rng.uniform(1.1, 1.45, P)
    impressions = np.round(reach * impressions_per_reach).astype(np.int64)
    private_share = np.where(pplat == YT, 0.05, 0.04)
    saves = rng.poisson(likes * save_rate[pa])
    shares_priv = rng.poisson(likes * private_share)
    watch = np.select([pplat == TT, fmt == F_SHORT, pplat == YT],
                      [rng.uniform(3_500, 14_000, P), rng.uniform(12_000, 40_000, P), rng.uniform(90_000, 420_000, P)],
                      rng.uniform(4_000, 12_000, P)).astype(np.int64)
    profile_visits = rng.poisson(reach * 0.012)

    # ---------------- captions ----------------
    pl = pools()
    k1 = rng.integers(0, POOL, P)
    body = pl.body[plang, pn, pkind, k1]
    second = np.where(plang == 0, pl.extra_spaced[pn, rng.integers(0, POOL, P)],
                      pl.body_spaced[plang, pn, pkind, (k1 + rng.integers(1, POOL, P)) % POOL])
    has2 = (rng.random(P) < second_share[pcr]) | (pkind == KINDS.index("story"))
    second = np.where(has2, second, "")
    form = formal[pcr].astype(np.int64)
    lvl = emoji_level[pcr]
    opener = pl.opener[plang, form, rng.integers(0, SMALL, P)]
    closer = pl.closer[plang, form, rng.integers(0, SMALL, P)]
    emo1 = pl.emoji[pn, lvl, rng.integers(0, SMALL, P)]
    emo2 = np.where(lvl == 2, pl.emoji[pn, lvl, rng.integers(0, SMALL, P)], "")
    h = np.clip(tag_base[pcr] + rng.integers(-2, 3, P), 0, MAX_TAGS - 1)
    h = np.select([pplat == YT, pplat == TT], [np.minimum(h, 3), np.clip(h, 2, 6)], h)
    perm = rng.integers(0, PERMS, P)
    tags, tags_json = pl.tags[pplat, pn, perm, h], pl.tags_json[pplat, pn, perm, h]

    pre = np.full(P, "", dtype=object)
    mid = np.full(P, "", dtype=object)
    tail = np.full(P, "", dtype=object)
    json_pre = np.full(P, "", dtype=object)
    json_tail = np.full(P, "", dtype=object)
    mentions = np.full(P, "[]", dtype=object)
    paid = np.zeros(P, dtype=bool)
    truth_posts: list[tuple[int, int, str, str]] = []       # (account local, post local, case, details)
    special = np.flatnonzero(is_sp | is_und | is_mention)
    us_all = rng.random((len(special), 6)).tolist()
    columns = zip(special.tolist(), pn[special].tolist(), brand_of[special].tolist(), pcr[special].tolist(),
                  (h[special] == 0).tolist(), is_mention[special].tolist(), is_und[special].tolist(),
                  disclosure[special].tolist(), pa[special].tolist(), us_all, strict=True)
    for p, niche_i, brand_i, creator_i, notag, mention, und, d, acc_i, us in columns:
        text = NICHE_TEXT[NICHES[niche_i]]
        brand = SPONSORS[brand_i][0]
        item = text["items"][int(us[0] * len(text["items"]))]
        act = text["acts"][int(us[1] * len(text["acts"]))]
        ccode = code[creator_i]
        fill = {"brand": brand, "item": item, "act": act, "code": ccode, "codel": ccode.lower(),
                "pct": ccode[-2:]}
        mentions[p] = f'["{brand}"]'
        if mention:
            mid[p] = " " + MENTION_LINES[int(us[2] * len(MENTION_LINES))].format(**fill)
            continue
        if und:
            commercial = "code" if us[3] < 0.55 else "link"
            line = SPONSOR_LINES[int(us[2] * len(SPONSOR_LINES))].format(**fill)
            extra = (CODE_LINES[int(us[4] * len(CODE_LINES))] if commercial == "code"
                     else LINK_LINES[int(us[4] * len(LINK_LINES))]).format(**fill)
            mid[p] = f" {line} {extra}"
            truth_posts.append((acc_i, p, "undisclosed_ad", f'{{"brand": "{brand}", "signal": "{commercial}"}}'))
            continue
        if d == D_GIFTED:
            line = GIFT_LINES[int(us[2] * len(GIFT_LINES))].format(**fill)
            mid[p] = " " + line
            if us[3] < 0.5:
                pre[p] = DISCLOSURE_GIFTED[int(us[4] * len(DISCLOSURE_GIFTED))]
            else:
                tail[p], json_tail[p] = ("\n\n#gifted" if notag else " #gifted"), '"gifted",'
            continue
        line = SPONSOR_LINES[int(us[2] * len(SPONSOR_LINES))].format(**fill)
        commercial = 2 if d == D_AFFILIATE else (0 if us[3] < 0.3 else 1 if us[3] < 0.7 else 2)
        lines = CODE_LINES if commercial == 1 else LINK_LINES
        extra = "" if commercial == 0 else " " + lines[int(us[4] * len(lines))].format(**fill)
        mid[p] = f" {line}{extra}"
        if d == D_UPFRONT:
            pre[p] = DISCLOSURE_UPFRONT[int(us[5] * len(DISCLOSURE_UPFRONT))].format(**fill)
            tag = pre[p].split()[0].lower()
            if tag.startswith("#"):
                json_pre[p] = f'"{tag[1:]}",'
            paid[p] = us[0] < 0.6
        elif d == D_FLAG:
            paid[p] = True
        elif d == D_BURIED:
            tail[p], json_tail[p] = ("\n\n#ad" if notag else " #ad"), '"ad",'
            paid[p] = us[0] < 0.2
        elif d == D_AFFILIATE:
            if us[5] < 0.5:
                mid[p] += " (affiliate link)"
            else:
                tail[p], json_tail[p] = ("\n\n#affiliate" if notag else " #affiliate"), '"affiliate",'
        else:  # D_SPONSORED_TAG
            tail[p], json_tail[p] = ("\n\n#sponsored" if notag else " #sponsored"), '"sponsored",'
            paid[p] = us[0] < 0.4
    ul = rng.random(len(unsafe_pos))
    for j, p in enumerate(unsafe_pos.tolist()):
        cat = UNSAFE_CATEGORIES[unsafe_cat[j]]
        lines = UNSAFE_LINES[cat]
        mid[p] = mid[p] + " " + lines[int(ul[j] * len(lines))]
        truth_posts.append((int(pa[p]), p, "brand_unsafe", f'{{"category": "{cat}"}}'))

    # f-strings over lists: ~7x faster than adding numpy object arrays.
    parts = (pre, opener, body, emo1, second, mid, closer, emo2, tags, tail)
    caption = [f"{a}{b}{c}{d}{e}{f}{g}{h}{i}{j}" for a, b, c, d, e, f, g, h, i, j in
               zip(*(x.tolist() for x in parts), strict=True)]
    hashtags = [f"[{(a + b + c)[:-1]}]" for a, b, c in
                zip(json_pre.tolist(), tags_json.tolist(), json_tail.tolist(), strict=True)]
    r64 = rng.integers(0, 2**62, P, dtype=np.int64)
    ppid = np.where(pplat == IG, (r64 % 900_000_000_000_000_000 + 100_000_000_000_000_000).astype(str),
                    (r64 % 1_000_000_000_000_000_000 + 7_000_000_000_000_000_000).astype(str)).astype(object)
    yt_posts = np.flatnonzero(pplat == YT)
    ppid[yt_posts] = _b64_ids(rng, len(yt_posts), 11)
    out["posts"] = Table(P, {
        "account_id": pa, "platform_post_id": ppid.tolist(), "posted_at": timestamp_text(t),
        "format": FORMAT_NAMES[fmt].tolist(), "caption": caption, "hashtags": hashtags,
        "mentions": mentions.tolist(), "is_paid_partnership": paid.tolist(), "url": None, "source": "demo",
        "collected_at": plan.as_of_text,
    })

    # ---------------- accounts table ----------------
    posts_count = np.maximum(np.round(lifetime), n_posts + 5).astype(np.int64)
    ub = rng.random((A, 4))
    label = [NICHE_TEXT[NICHES[x]]["label"][int(v * 4)] for x, v in zip(an1.tolist(), ub[:, 0].tolist(), strict=True)]
    bio, display, ext = [], [], []
    for a in range(A):
        cr = acr[a]
        tagline = BIO_TAGLINES[int(ub[a, 1] * len(BIO_TAGLINES))]
        if tagline in ("she/her", "he/him"):
            tagline = "she/her" if ident.female[cr] else "he/him"
        parts = [label[a], f"{city[cr]}"] + ([tagline] if tagline else [])
        if email[cr] and ub[a, 2] < 0.7:
            parts.append(f"📩 {email[cr]}")
        bio.append(" | ".join(parts))
        name = f"{ident.first[cr]} {ident.last[cr]}"
        display.append(name if ub[a, 3] < 0.7 else f"{name} | {label[a]}" if ub[a, 3] < 0.85
                       else f"{ident.first[cr]} {NICHE_EMOJI[NICHES[an1[a]]][0]}")
        ext.append(f"https://links.example/{ident.handle[cr]}" if ub[a, 2] < 0.35 else None)
    r = rng.integers(0, 10**10, A)
    pid = np.where(plat == IG, (r + 17_841_400_000_000_000).astype(str),
                   (r * 100 + 6_700_000_000_000_000_000).astype(str)).astype(object)
    yt_acc = np.flatnonzero(plat == YT)
    pid[yt_acc] = ["UC" + s for s in _b64_ids(rng, len(yt_acc), 22)]
    out["social_accounts"] = Table(A, {
        "creator_id": acr, "workspace_id": None, "scope_key": 0, "platform": PLATFORM_NAMES[plat].tolist(),
        "handle": [ident.handle[x] for x in acr.tolist()], "platform_id": pid.tolist(), "display_name": display,
        "bio": bio, "is_verified": verified.tolist(), "is_private": False, "has_profile_pic": True,
        "external_url": ext, "followers": followers_end.astype(np.int64).tolist(),
        "following": following.tolist(), "posts_count": posts_count.tolist(), "source": "demo",
        "collected_at": plan.as_of_text, "created_at": plan.as_of_text,
    })

    # ---------------- snapshots, audiences, samples ----------------
    acc = dict(plat=plat, niche=an1, female=ident.female[acr], country=ident.country[acr], followers=followers_end,
               following=following, posts_count=posts_count, n_posts=n_posts, p_start=p_start, freq=freq,
               weeks=weeks, capped=capped, connected=connected, sampled=sampled, pod=pod, fake_share=fake_share,
               handle=[ident.handle[x] for x in acr.tolist()], post_account=pa)
    out["account_snapshots"] = account_snapshots(rng, plan, acc, t, followers_at, _sig3)
    out["audience_profiles"] = audiences(rng, plan, acc)
    out["follower_samples"] = follower_samples(rng, plan, acc)
    out["comment_samples"], pods = comment_samples(rng, plan, chunk, acc, t, pa)

    # ---------------- pod members' engagement: organic plus the pod's, from the pod stream ----------------
    prng = stream(plan.seed, STREAM_POD, chunk)
    taking_part = pod_participants(prng, pods, n_posts, p_start, P)
    sub = np.flatnonzero(pod[pa])
    extra = taking_part[sub]
    c_sub, shares_pub[sub], l_sub = _interactions(prng, eng[sub] / legacy_like[sub], cshare[pa[sub]], share_part[sub])
    comments[sub], likes[sub] = c_sub + extra, l_sub + extra
    views_i[sub] = np.maximum(np.round(views[sub]) + extra, likes[sub] + comments[sub])
    reach[sub] = _reach(pplat[sub], fmt[sub], views_i[sub], reach_base[sub], likes[sub] + comments[sub],
                        reel_reach[sub])
    impressions[sub] = np.round(reach[sub] * impressions_per_reach[sub])
    saves[sub] = prng.poisson(likes[sub] * save_rate[pa[sub]])
    shares_priv[sub] = prng.poisson(likes[sub] * private_share[sub])
    profile_visits[sub] = prng.poisson(reach[sub] * 0.012)
    shares = np.where(pplat == TT, shares_pub, shares_priv)

    def nullable(values: np.ndarray, mask: np.ndarray) -> list:
        obj = values.astype(object)
        obj[~mask] = None
        return obj.tolist()

    ig_conn = conn & (pplat == IG)
    saves_mask = ig_conn
    shares_mask = (pplat == TT) | (conn & (pplat != TT))
    total = likes + comments + np.where(shares_mask, shares, 0) + np.where(saves_mask, saves, 0)
    out["post_snapshots"] = Table(P, {
        "post_id": np.arange(P), "views": nullable(views_i, has_views),
        "reach": nullable(reach, conn & (pplat != YT)), "impressions": nullable(impressions, ig_conn),
        "likes": likes.tolist(), "comments": comments.tolist(), "shares": nullable(shares, shares_mask),
        "saves": nullable(saves, saves_mask), "total_interactions": nullable(total, conn),
        "avg_watch_time_ms": nullable(watch, conn & has_views),
        "profile_visits": nullable(profile_visits, ig_conn), "link_clicks": None,
        "metric_version": "1", "source": np.where(conn, "creator_oauth", "demo").astype(object).tolist(),
        "collected_at": plan.as_of_text,
    }, patterns=(plat[pa] * 2 + conn, _SNAPSHOT_LAYOUTS))

    # ---------------- ground truth ----------------
    truth_acc, truth_post, truth_case, truth_details = [], [], [], []

    def add(a: int, p: int, case: str, details) -> None:
        truth_acc.append(a)
        truth_post.append(p)
        truth_case.append(case)
        truth_details.append(details)

    has_fs = sampled & (plat != YT)
    before, _ = followers_at(bj, tb[bj] - 1)
    after, _ = followers_at(bj, tb[bj])
    spikes = timestamp_text(tb[bj])
    for a, spike, b, f in zip(bj.tolist(), spikes, before.astype(np.int64).tolist(),
                              after.astype(np.int64).tolist(), strict=True):
        add(a, -1, "bought_followers", {
            "spike_at": spike, "followers_before": b, "followers_after": f, "bought_followers": f - b,
            "fake_share": round(float(fake_share[a]), 4), "has_follower_sample": bool(has_fs[a])})
    for a in np.flatnonzero(fake_aud).tolist():
        add(a, -1, "fake_audience", {"fake_share": round(float(fake_share[a]), 4),
                                     "has_follower_sample": bool(has_fs[a])})
    for pod_id, members, ring in pods:
        for a in members:
            add(a, -1, "engagement_pod", {"pod": pod_id, "member_accounts": members, "ring_handles": ring,
                                          "has_comment_sample": bool(sampled[a])})
    for a, p, case, details in sorted(truth_posts, key=lambda x: (x[1], x[2])):
        add(a, p, case, details)
    for a in range(A):
        cr = acr[a]
        add(a, -1, "profile", {
            "niches": [NICHES[n1[cr]]] + ([NICHES[n2[cr]]] if n2[cr] >= 0 else []),
            "voice": {"formal": bool(formal[cr]), "emoji": int(emoji_level[cr]), "style": KINDS[kind_main[cr]]},
            "sponsored_share": round(float(sponsored_share[cr]), 4), "fake_share": round(float(fake_share[a]), 4),
            "er_multiplier": round(float(er_mult[a]), 4), "first_party": bool(connected[a])})
    out["demo_truth"] = Table(len(truth_acc), {"account_id": np.asarray(truth_acc, dtype=np.int64),
                                               "post_id": np.asarray(truth_post, dtype=np.int64),
                                               "case": truth_case, "details": truth_details})
    return out
