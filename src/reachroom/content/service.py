"""Content rules behind page, API and CLI: account content profiles, text classification, brand voice, tone
match and caption tests. Never commits. (The evaluations are in evaluate.py.)"""

from __future__ import annotations

import re
from collections import Counter

from pydantic import ValidationError
from sqlalchemy.orm import Session

from reachroom.brands import service as brands
from reachroom.content import repository as repo
from reachroom.content.analysis import METHOD_VERSION, RECENT_POSTS, PostText, analyse_account, sponsorship_of
from reachroom.content.schemas import (
    BrandMention,
    CaptionTestOut,
    ClassifyOut,
    ContentPost,
    ContentProfileOut,
    DisclosureRecord,
    NicheScore,
    SafetyFlagOut,
    SafetySummary,
    Signal,
    SponsorshipOut,
    TextIn,
    ToneMatchOut,
    ToneTrait,
    TraitDifference,
    VoiceOut,
)
from reachroom.core.errors import conflict, field_errors, invalid
from reachroom.core.tenancy import WorkspaceContext
from reachroom.creators.service import account_for_handle, visible_account
from reachroom.models import Brand, SocialAccount, utcnow

SAFETY_LABELS = {
    "profanity": "Profanity", "adult": "Adult content", "violence": "Violence", "hate": "Hate",
    "drugs_alcohol": "Drugs or alcohol", "gambling": "Gambling", "politics": "Politics",
    "health_claims": "Misleading health claims",
}
TRAIT_INFO = {
    "formality": ("Formality", "Complete, capitalised sentences; low means slang, shouting and emoji"),
    "positivity": ("Positivity", "Positive against negative words and emoji; 50% is neutral"),
    "humour": ("Humour", "Jokes and laughter (haha, lol, 😂) per post"),
    "emoji_density": ("Emoji use", "Emoji per word; full bar is one emoji every four words"),
    "hashtag_density": ("Hashtag use", "Hashtags per word; full bar is one hashtag every three words"),
    "first_person": ("Personal storytelling", "I, me, my, we: first-person pronouns per word"),
    "promotional": ("Promotional intensity", "Calls to action, codes, links, ad labels and sales language"),
}
EXCERPT_CHARS = 160
#: a caption is off the brand voice when a trait the brand described explicitly differs by this much or more.
OFF_VOICE = 0.4


def niche_name(slug: str) -> str:
    from reachroom.content.taxonomy import get_niche

    try:
        return get_niche(slug).name
    except KeyError:
        return slug.capitalize()


def _traits(values: dict[str, float]) -> list[ToneTrait]:
    return [ToneTrait(key=k, label=label, value=round(float(values.get(k, 0.0)), 4), description=desc)
            for k, (label, desc) in TRAIT_INFO.items()]


def _signals(evidence: list[dict]) -> list[Signal]:
    return [Signal(kind=e["kind"], text=e["text"], position=e["position"]) for e in evidence]


def _safety_flags(flags: list[dict], tolerated: set[str] | frozenset[str] = frozenset()) -> list[SafetyFlagOut]:
    return [SafetyFlagOut(category=f["category"], label=SAFETY_LABELS.get(f["category"], f["category"]),
                          words=list(f["words"]), tolerated=f["category"] in tolerated) for f in flags]


def parse_text(text: str | None, paid_partnership: bool = False) -> TextIn:
    """Validate a text for the CLI and pages the same way the API does (422 naming the field)."""
    try:
        return TextIn(text=text or "", paid_partnership=paid_partnership)
    except ValidationError as err:
        first = field_errors(err.errors(), default="text")[0]
        raise invalid(first.field, first.message) from None


# ---------------------------------------------------------------------------------------------------------
# Account content profiles
# ---------------------------------------------------------------------------------------------------------

_ACCOUNT_KEYS = ("primary_niche", "niches", "niche_scores", "posts_analysed", "sponsored_posts", "sponsored_share",
                 "undisclosed_count", "brands_mentioned", "tone", "safety_mask", "safety", "embedding",
                 "method_version", "computed_at")
_POST_KEYS = ("post_id", "niche", "is_sponsored", "sponsorship_kind", "disclosure", "evidence", "safety_mask",
              "safety_flags")


def _analysis(db: Session, acc: SocialAccount) -> tuple[dict, list[tuple[dict, object]], bool]:
    """The account's stored analysis, or (not stored yet) the same analysis computed now from its newest posts:
    (account row, [(post row, Post)], stored)."""
    row = repo.account_content(db, acc.id)
    if row is not None:
        posts = [({k: getattr(pc, k) for k in _POST_KEYS}, p) for pc, p in repo.analysed_posts(db, acc.id)]
        return {k: getattr(row, k) for k in _ACCOUNT_KEYS}, posts, True
    recent = repo.recent_posts(db, acc.id, RECENT_POSTS)
    texts = [PostText(p.id, p.caption or "", bool(p.is_paid_partnership)) for p in recent]
    from reachroom.content.niches import get_classifier

    account_row, post_rows = analyse_account(acc.id, texts, acc.bio or "", utcnow(), get_classifier())
    return account_row, list(zip(post_rows, recent, strict=True)), False


def content_profile(db: Session, ctx: WorkspaceContext, account_id: int) -> ContentProfileOut:
    """The content profile of an account in the shared catalogue or this workspace."""
    return _profile(db, visible_account(db, ctx, account_id))


def profile_by_handle(db: Session, ctx: WorkspaceContext, handle: str,
                      platform: str | None = None) -> ContentProfileOut:
    """The content profile of @handle (this workspace's own account first, then the shared catalogue)."""
    return _profile(db, account_for_handle(db, ctx, handle, platform))


def _profile(db: Session, acc: SocialAccount) -> ContentProfileOut:
    account, posts, stored = _analysis(db, acc)
    n = account["posts_analysed"]
    counts = Counter(row["disclosure"] for row, _ in posts if row["is_sponsored"])
    referenced = []
    for row, post in posts:
        sponsorship = (row["evidence"] or {}).get("sponsorship") or {}
        if not (row["is_sponsored"] or row["safety_flags"]):
            continue
        caption = post.caption or ""
        referenced.append(ContentPost(
            post_id=post.id, posted_at=post.posted_at, url=post.url, niche=row["niche"],
            excerpt=caption if len(caption) <= EXCERPT_CHARS else caption[:EXCERPT_CHARS - 1].rstrip() + "…",
            sponsored=row["is_sponsored"], kind=row["sponsorship_kind"], disclosure=row["disclosure"],
            sponsorship_signals=_signals(sponsorship.get("signals", [])) if row["is_sponsored"] else [],
            sponsorship_reasons=sponsorship.get("reasons", []) if row["is_sponsored"] else [],
            safety=_safety_flags(row["safety_flags"]),
        ))
    flagged = {row["post_id"] for row, _ in posts if row["safety_flags"]}
    return ContentProfileOut(
        account_id=acc.id, platform=acc.platform, handle=acc.handle, stored=stored,
        method_version=account["method_version"], computed_at=account["computed_at"], posts_analysed=n,
        primary_niche=account["primary_niche"],
        niches=[NicheScore(slug=x["slug"], name=niche_name(x["slug"]), confidence=x["confidence"],
                           evidence=x.get("evidence", [])) for x in account["niches"]],
        niche_scores=account["niche_scores"],
        disclosure=DisclosureRecord(
            sponsored_posts=account["sponsored_posts"], sponsored_share=account["sponsored_share"],
            disclosed=counts["disclosed"], unclear=counts["unclear"], undisclosed=counts["undisclosed"],
            undisclosed_count=account["undisclosed_count"],
            brands_mentioned=[BrandMention(**b) for b in account["brands_mentioned"]],
            post_ids=[row["post_id"] for row, _ in posts if row["is_sponsored"]],
        ),
        tone=_traits((account["tone"] or {}).get("traits", {})),
        safety=[SafetySummary(category=c, label=SAFETY_LABELS[c], count=s["count"], post_ids=s["post_ids"],
                              words=s["words"]) for c, s in (account["safety"] or {}).items()],
        safety_flag_share=round(len(flagged) / n, 4) if n else None,
        posts=referenced,
    )


# ---------------------------------------------------------------------------------------------------------
# Any text
# ---------------------------------------------------------------------------------------------------------


def _sponsorship(text: str, paid_partnership: bool) -> SponsorshipOut:
    from reachroom.content.sponsored import detect_sponsorship

    v = detect_sponsorship(text, paid_partnership_flag=paid_partnership)
    sponsored, kind, disclosure = sponsorship_of(v)
    return SponsorshipOut(
        sponsored=sponsored, kind=kind, disclosure=disclosure,
        disclosed_uk=v.disclosed_uk if v.sponsored else disclosure == "not_needed",
        disclosed_us=v.disclosed_us if v.sponsored else disclosure == "not_needed",
        brands=v.brands, signals=[Signal(kind=e.kind, text=e.text, position=e.position) for e in v.evidence],
        reasons=v.reasons,
    )


def _niche(text: str) -> tuple[NicheScore, list[NicheScore], float]:
    from reachroom.content.niches import get_classifier

    post = get_classifier().classify_post(text)
    top = [NicheScore(slug=s, name=niche_name(s), confidence=c, evidence=post.evidence.get(s, [])[:8])
           for s, c in post.top(3)]
    return top[0], top, post.informative


def classify_text(data: TextIn) -> ClassifyOut:
    """Niche, sponsorship and disclosure, brand safety and tone traits of one text, each with evidence."""
    from reachroom.content.safety import check_post
    from reachroom.content.taxonomy import TAXONOMY_VERSION
    from reachroom.content.tone import post_traits

    niche, top, informative = _niche(data.text)
    flags = [{"category": f.category, "words": f.evidence} for f in check_post(data.text).flags]
    return ClassifyOut(
        niche=niche, niche_top=top, informative=informative,
        sponsorship=_sponsorship(data.text, data.paid_partnership), safety=_safety_flags(flags),
        tone={k: round(v, 4) for k, v in post_traits(data.text).items()},
        taxonomy_version=TAXONOMY_VERSION, method_version=METHOD_VERSION,
    )


# ---------------------------------------------------------------------------------------------------------
# Brand voice, tone match, caption test
# ---------------------------------------------------------------------------------------------------------


def _voice_text(brand: Brand) -> str:
    return (brand.voice or "").strip() or (brand.description or "").strip()


def _brand_profile(brand: Brand, embed: bool = False):
    from reachroom.content.tone import profile_brand_voice

    return profile_brand_voice(_voice_text(brand), banned_words=brand.banned_words or [], embed=embed)


def brand_voice(db: Session, ctx: WorkspaceContext, brand_id: int) -> VoiceOut:
    """How the brand's described voice reads as traits (the same traits as a creator's)."""
    brand = brands.get_brand(db, ctx, brand_id)
    profile = _brand_profile(brand)
    return VoiceOut(
        brand_id=brand.id, brand_name=brand.name, voice_text=_voice_text(brand), described=bool(_voice_text(brand)),
        tone=_traits(profile.traits), explicit_traits=list(profile.explicit),
        banned_words=list(brand.banned_words or []),
        tolerated_safety=list(brand.tolerated_safety or []),
    )


def tone_match(db: Session, ctx: WorkspaceContext, brand_id: int, account_id: int) -> ToneMatchOut:
    """Tone match of this workspace's brand and a visible creator account, with agreeing and disagreeing traits."""
    from reachroom.content.embedder import from_bytes
    from reachroom.content.tone import ToneProfile
    from reachroom.content.tone import tone_match as match

    brand = brands.get_brand(db, ctx, brand_id)
    acc = visible_account(db, ctx, account_id)
    if not _voice_text(brand):
        raise conflict("voice", "describe the brand's voice (or at least its description) before matching tone")
    account, posts, _ = _analysis(db, acc)
    captions = [p.caption or "" for _, p in posts]
    tone = account["tone"] or {}
    centroid = from_bytes(account["embedding"]).tolist() if account["embedding"] else None
    creator = ToneProfile(dict(tone.get("traits", {})), int(tone.get("n_posts", 0)), centroid)
    brand_profile = _brand_profile(brand, embed=True)
    if creator.n_posts == 0:
        raise conflict("account_id", "this account has no captions to read its tone from")
    m = match(brand_profile, creator, captions)
    return ToneMatchOut(
        brand_id=brand.id, account_id=acc.id, score=m.score, agreeing=m.agreeing, disagreeing=m.disagreeing,
        traits=[TraitDifference(key=k, label=TRAIT_INFO[k][0], brand=round(brand_profile.traits[k], 4),
                                creator=round(creator.traits[k], 4), difference=m.differences[k]) for k in TRAIT_INFO],
        embedding_similarity=m.embedding_similarity, banned_word_hits=m.banned_word_hits, posts_compared=len(captions),
    )


def banned_words_in(text: str, banned: list[str]) -> list[str]:
    """The brand's banned words that occur in the text (whole words or hashtags, case and accents ignored)."""
    from reachroom.content import text as textutil

    body = textutil.normalize(text)
    hits = []
    for word in banned:
        w = textutil.normalize(word).strip()
        if w and re.search(r"(?<!\w)#?" + re.escape(w) + r"(?!\w)", body):
            hits.append(word)
    return hits


def check_caption(db: Session, ctx: WorkspaceContext, brand_id: int, data: TextIn) -> CaptionTestOut:
    """Check a draft caption against a brand: disclosure, banned words, brand safety (what the brand tolerates
    is shown but not counted) and tone against the brand's voice."""
    from reachroom.content.safety import check_post
    from reachroom.content.tone import profile_posts
    from reachroom.content.tone import tone_match as match

    brand = brands.get_brand(db, ctx, brand_id)
    tolerated = set(brand.tolerated_safety or [])
    sponsorship = _sponsorship(data.text, data.paid_partnership)
    banned = banned_words_in(data.text, list(brand.banned_words or []))
    safety = _safety_flags([{"category": f.category, "words": f.evidence} for f in check_post(data.text).flags],
                           tolerated)
    niche, _, _ = _niche(data.text)
    problems = []
    if sponsorship.disclosure in ("unclear", "undisclosed"):
        how = "not disclosed" if sponsorship.disclosure == "undisclosed" else "not disclosed clearly enough"
        failed = [r for r in sponsorship.reasons if not r.startswith(("UK: disclosed", "US: disclosed"))]
        problems.append(f"Sponsored content {how}: put “Ad” (UK) or “#ad” / “Paid partnership” at the start. "
                        + "; ".join(failed))
    if banned:
        problems.append("Uses banned words: " + ", ".join(banned))
    for f in safety:
        if not f.tolerated:
            problems.append(f"Brand safety: {f.label} ({', '.join(f.words[:4])})")
    tone_score, agreeing, disagreeing = None, [], []
    if _voice_text(brand):
        profile = _brand_profile(brand)
        m = match(profile, profile_posts([data.text]), [data.text])
        tone_score, agreeing, disagreeing = m.score, m.agreeing, m.disagreeing
        off = [t for t in profile.explicit if abs(m.differences[t]) >= OFF_VOICE]
        if off:
            problems.append("Off the brand voice on: " + ", ".join(TRAIT_INFO[t][0].lower() for t in off))
    return CaptionTestOut(
        brand_id=brand.id, verdict="review" if problems else "ok", problems=problems, sponsorship=sponsorship,
        banned_words=banned, safety=safety, tone_score=tone_score, tone_agreeing=agreeing,
        tone_disagreeing=disagreeing, niche=niche,
    )
