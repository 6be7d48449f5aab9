"""Automated checks of a draft caption against the campaign's brief and brand (pure: text in, checks out).

Each check is pass / warn / fail with a message a reviewer can act on and the spans of the caption it is about
(start, end), so the page can highlight them. Disclosure uses the content module's rules for the chosen rule
set (UK ASA/CMA or US FTC); brand safety and tone use its lexicons and voice profile.
"""

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from difflib import SequenceMatcher

from reachroom.content import text as textutil
from reachroom.content.safety import check_post
from reachroom.content.sponsored import UK_PROMINENT_CHARS, US_PROMINENT_CHARS, detect_sponsorship
from reachroom.content.tone import profile_brand_voice, profile_posts, tone_match

#: below this tone match a draft is flagged for a human look (not failed: tone is a judgement)
TONE_WARN_BELOW = 0.6
RULE_NAMES = {"uk": "UK (ASA/CMA)", "us": "US (FTC)"}


@dataclass(frozen=True)
class Span:
    """A stretch of the caption a check points at."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Check:
    """One automated check of a draft."""

    key: str
    label: str
    status: str  # pass | warn | fail | info
    message: str
    evidence: list[Span] = field(default_factory=list)


@dataclass(frozen=True)
class Rules:
    """What a draft is checked against: the brief's requirements and the brand's name, voice and limits."""

    disclosure: str = "uk"
    gifting_only: bool = False
    required_hashtags: Sequence[str] = ()
    required_mentions: Sequence[str] = ()
    required_links: Sequence[str] = ()
    promo_codes: Sequence[str] = ()
    banned_words: Sequence[str] = ()
    brand_name: str = ""
    brand_voice: str = ""
    tolerated_safety: Sequence[str] = ()


def _spans(caption: str, term: str, *, hashtag: bool = False, mention: bool = False) -> list[Span]:
    """Where a word, #tag or @handle occurs as a whole word (case and accents ignored)."""
    low = textutil.normalize(caption)
    if len(low) != len(caption):  # normalising changed lengths (rare letters): search the lower-cased text
        low = caption.lower()
    word = textutil.normalize(term.strip().lstrip("#@")).strip()
    if not word:
        return []
    prefix = "#" if hashtag else "@" if mention else "#?"
    pattern = re.compile(r"(?<![\w#@])" + prefix + re.escape(word) + r"(?![\w])")
    return [Span(m.start(), m.end(), caption[m.start():m.end()]) for m in pattern.finditer(low)]


def _required(caption: str, key: str, label: str, items: Sequence[str], **kind: bool) -> Check | None:
    if not items:
        return None
    found = {item: _spans(caption, item, **kind) for item in items}
    missing = [i for i, s in found.items() if not s]
    spans = [s for hits in found.values() for s in hits]
    if missing:  # what is there is fine: only a passing check marks it, so red means "wrong here"
        return Check(key, label, "fail", "Missing: " + ", ".join(missing), [])
    return Check(key, label, "pass", "All present", spans)


def _links(caption: str, links: Sequence[str], required: Sequence[str]) -> Check | None:
    if not required:
        return None
    low, given = caption.lower(), " ".join(links).lower()
    spans, missing = [], []
    for link in required:
        needle = re.sub(r"^https?://(www\.)?", "", link.strip().lower()).rstrip("/")
        at = low.find(needle)
        if at >= 0:
            spans.append(Span(at, at + len(needle), caption[at:at + len(needle)]))
        elif needle not in given:
            missing.append(link)
    if missing:
        return Check("links", "Required links", "fail", "Missing: " + ", ".join(missing), [])
    return Check("links", "Required links", "pass", "All present (in the caption or the draft's links)", spans)


def _disclosure(caption: str, rules: Rules) -> Check:
    v = detect_sponsorship(caption)
    limit = UK_PROMINENT_CHARS if rules.disclosure == "uk" else US_PROMINENT_CHARS
    labels = [e for e in v.evidence if e.kind in ("ad_label", "gift_label", "platform_flag", "affiliate")]
    spans = [Span(e.position, e.position + len(e.text), caption[e.position:e.position + len(e.text)])
             for e in labels if e.position >= 0]
    rule = RULE_NAMES[rules.disclosure]
    ok = v.disclosed_uk if rules.disclosure == "uk" else v.disclosed_us
    if not v.sponsored:
        return Check("disclosure", "Ad disclosure", "fail",
                     f"No ad label. {rule}: start the caption with “Ad” or “#ad” (within the first {limit} "
                     "characters, not in a block of hashtags).", spans)
    if not v.paid and not rules.gifting_only:
        return Check("disclosure", "Ad disclosure", "fail",
                     f"Only a gift label: this is a paid partnership, so {rule} needs “Ad” / “#ad” up front.", spans)
    if not ok:
        reasons = [r for r in v.reasons if r.startswith(rules.disclosure.upper() + ":")]
        return Check("disclosure", "Ad disclosure", "fail",
                     f"Not prominent enough for {rule}: " + ("; ".join(reasons) or "move the label up front"), spans)
    return Check("disclosure", "Ad disclosure", "pass", f"Disclosed as {rule} expects", spans)


def _banned(caption: str, words: Sequence[str]) -> Check | None:
    if not words:
        return None
    hits = {w: _spans(caption, w) for w in dict.fromkeys(words)}
    used = [w for w, s in hits.items() if s]
    spans = [s for w in used for s in hits[w]]
    if used:
        return Check("banned_words", "Banned words", "fail", "Uses: " + ", ".join(used), spans)
    return Check("banned_words", "Banned words", "pass", "None used", [])


def _safety(caption: str, tolerated: Sequence[str]) -> Check:
    flags = check_post(caption, tolerate=tolerated).flags
    if not flags:
        return Check("safety", "Brand safety", "pass", "No flags", [])
    spans = [s for f in flags for w in f.evidence for s in _spans(caption, w)]
    words = ", ".join(f"{f.category.replace('_', ' ')} ({', '.join(f.evidence[:3])})" for f in flags)
    return Check("safety", "Brand safety", "fail", "Flagged: " + words, spans)


def _tone(caption: str, voice: str) -> Check:
    if not voice.strip():
        return Check("tone", "Tone of voice", "info", "The brand has no voice described, so tone is not checked")
    m = tone_match(profile_brand_voice(voice), profile_posts([caption]), [caption])
    off = ", ".join(t.replace("_", " ") for t in m.disagreeing)
    if m.score < TONE_WARN_BELOW:
        return Check("tone", "Tone of voice", "warn", f"Match {m.score:.0%} with the brand voice; off on: {off}")
    return Check("tone", "Tone of voice", "pass", f"Match {m.score:.0%} with the brand voice"
                 + (f"; differs on: {off}" if off else ""))


def _brand_name(caption: str, name: str) -> Check | None:
    # Brand names are written as words ("Holland & Barrett") and joined in handles and tags; a near miss of
    # either form ("Holand", "hollandbarret") is most likely a typo worth a look.
    words = [w for w in re.findall(r"[^\W\d_]{4,}", name)]
    if not words:
        return None
    joined = "".join(w.lower() for w in words)
    # short words count in the joined form: "La Redoute" is @laredoute, which is not a typo of "Redoute"
    joined_all = "".join(re.findall(r"[^\W\d_]+", name)).lower()
    targets = {w.lower() for w in words} | {joined, joined_all}
    near: list[Span] = []
    for m in re.finditer(r"[^\W\d_]{4,}", caption):
        token = m.group(0).lower()
        if token in targets or joined_all in token:  # the name, or the whole name inside a handle or tag
            continue
        if any(abs(len(token) - len(t)) <= 2 and SequenceMatcher(None, token, t).ratio() >= 0.84 for t in targets):
            near.append(Span(m.start(), m.end(), m.group(0)))
    if near:
        return Check("brand_name", "Brand name", "warn",
                     f"Check the spelling of {name}: " + ", ".join(f"“{s.text}”" for s in near), near)
    return Check("brand_name", "Brand name", "pass", f"No misspelling of {name} found", [])


def run_checks(caption: str, links: Sequence[str], rules: Rules) -> list[Check]:
    """Every automated check of a draft, in the order a reviewer reads them."""
    checks = [
        _disclosure(caption, rules),
        _required(caption, "hashtags", "Required hashtags", rules.required_hashtags, hashtag=True),
        _required(caption, "mentions", "Required @mentions", rules.required_mentions, mention=True),
        _links(caption, links, rules.required_links),
        _required(caption, "promo_codes", "Promo codes", rules.promo_codes),
        _banned(caption, rules.banned_words),
        _safety(caption, rules.tolerated_safety),
        _tone(caption, rules.brand_voice),
        _brand_name(caption, rules.brand_name),
    ]
    return [c for c in checks if c is not None]


def verdict(checks: Sequence[Check]) -> str:
    """fail if any check failed, else warn if any warned, else pass."""
    statuses = {c.status for c in checks}
    return "fail" if "fail" in statuses else "warn" if "warn" in statuses else "pass"


def as_json(checks: Sequence[Check]) -> list[dict]:
    """Checks as stored with a submission."""
    return [asdict(c) for c in checks]


def highlight(caption: str, checks: Sequence[dict]) -> list[tuple[str, str | None, str]]:
    """The caption cut into (text, status, label) pieces: a piece a check points at carries that check's status
    (the worst one where checks overlap) and label; the rest carries None."""
    rank = {"fail": 3, "warn": 2, "pass": 1, "info": 0}
    marks: list[tuple[str, str] | None] = [None] * len(caption)
    for check in checks:
        for span in check.get("evidence", []):
            for i in range(max(0, span["start"]), min(len(caption), span["end"])):
                current = marks[i]
                if current is None or rank[check["status"]] > rank[current[0]]:
                    marks[i] = (check["status"], check["label"])
    pieces: list[tuple[str, str | None, str]] = []
    start = 0
    for i in range(1, len(caption) + 1):
        if i == len(caption) or marks[i] != marks[start]:
            mark = marks[start]
            pieces.append((caption[start:i], mark[0] if mark else None, mark[1] if mark else ""))
            start = i
    return pieces
