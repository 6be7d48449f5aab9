"""Brand-safety flags from curated lexicons, with the words that raised them.

Categories: ``profanity, adult, violence, hate, drugs_alcohol, gambling, politics, health_claims``.
Terms are matched as whole words or phrases on normalised text (lower case, accents stripped) and as exact
hashtags, never as substrings, so ``#foodporn`` is not "adult" and "Scunthorpe" is not profanity. Health
claims are regular expressions for promises a brand should not repeat ("cures anxiety", "lose 10 kg in a
week", "detox your liver", "miracle cream").

Lexicon-based flags are a triage aid, not a verdict: they miss novel slang and cannot read images or irony.
Brands configure what they tolerate (``tolerate={"drugs_alcohol"}`` for a wine brand).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reachroom.content import text as textutil

CATEGORIES: tuple[str, ...] = (
    "profanity",
    "adult",
    "violence",
    "hate",
    "drugs_alcohol",
    "gambling",
    "politics",
    "health_claims",
)


def _terms(text: str) -> frozenset[str]:
    return frozenset(textutil.normalize(" ".join(t.split())) for t in text.split("|") if t.strip())


LEXICON: dict[str, frozenset[str]] = {
    "profanity": _terms("""fuck | fucking | fucked | fucker | motherfucker | wtf | stfu | shit | shitty | bullshit |
        bitch | bitches | asshole | arsehole | dick | dickhead | bastard | crap | damn | goddamn | piss | pissed |
        cunt | twat | wanker | bollocks | douche | jackass | mierda | puta | joder | cabron | coño | faen | helvete |
        jævla | jaevla | dritt | scheisse | scheiße | merde | putain | anjing lu | bangsat | kontol | cazzo"""),
    "adult": _terms("""porn | porno | pornography | nsfw | xxx | nude | nudes | naked | onlyfans | only fans |
        sex | sexy time | sexual | escort | stripper | strip club | lingerie model | boudoir | erotic | fetish |
        horny | camgirl | 18+ | adult content | playboy"""),
    "violence": _terms("""kill | killing | killed | murder | murdered | shoot | shooting | shot dead | gun | guns |
        rifle | weapon | weapons | knife attack | stabbing | stabbed | bomb | bombing | terror | terrorist |
        massacre | blood | bloody | gore | fight club | beat up | assault | war crimes | execution | suicide |
        self harm | self-harm | punch | punched | punching | smash your face | smashed his face | beat him up |
        beat them up | glassed | brawl"""),
    "hate": _terms("""nazi | nazis | neo-nazi | white power | white supremacy | heil | kkk | master race |
        subhuman | go back to your country | race traitor | ethnic cleansing | faggot | fag | dyke | tranny |
        retard | retarded | nigger | nigga | chink | spic | kike | wetback | raghead | towelhead | paki"""),
    "drugs_alcohol": _terms("""weed | marijuana | cannabis | thc | cbd | stoned | high af | blunt | joint |
        cocaine | coke line | mdma | molly | ecstasy | lsd | acid trip | shrooms | magic mushrooms | ketamine |
        heroin | meth | xanax | vape | vaping | beer | beers | wine | vino | cocktail | cocktails | vodka | whiskey |
        whisky | tequila | rum | gin | champagne | prosecco | booze | drunk | wasted | hangover | shots |
        happy hour | alcohol | alcoholic | brewery | cerveza | øl | ol | bir | bier | hungover | wake and bake |
        pre-drinks | predrinks | pints | sesh | bong"""),
    "gambling": _terms("""casino | casinos | gambling | gamble | bet | bets | betting | bookmaker | sportsbook |
        poker | blackjack | roulette | slots | slot machine | jackpot | lottery | odds | free spins | parlay |
        wager | apuestas | bet365 | betway | draftkings | fanduel | pokerstars | judi | togel"""),
    "politics": _terms("""election | elections | vote | voting | voter | ballot | democrat | democrats |
        republican | republicans | gop | liberal | liberals | conservative | conservatives | trump | biden |
        harris | obama | maga | brexit | parliament | congress | senate | senator | president | prime minister |
        labour | tories | tory | left wing | right wing | leftist | protest | protests | abortion | pro life |
        pro choice | immigration | refugees | gun control | impeach | campaign rally | politics | political |
        politician | politicians | government | minister | ministers | petition | petitions | vote them out"""),
}
HEALTH_CLAIMS = [
    r"\btreats? (?:anxiety|depression|adhd|acne|eczema|diabetes|cancer)\b",
    r"\bcures? (?:anxiety|depression|acne)\b",
    r"\bcures?\b(?! (?:for )?(?:boredom|the blues|monday))",
    r"\bheals? (?:your|my|the)? ?\w+",
    r"\bmiracle\b",
    r"\bdetox(?:es|ing)? (?:your|the) (?:body|liver|kidneys|blood|system)",
    r"\blose \d+\s?(?:kg|kilos?|lbs?|pounds) in\b",
    r"\bburns? fat\b",
    r"\bfat burner\b",
    r"\bweight ?loss (?:tea|pills?|gummies|shakes?)\b",
    r"\bguaranteed (?:results|weight loss)\b",
    r"\b(?:boosts?|strengthens?) (?:your )?immune system\b",
    r"\bprevents? (?:cancer|covid|disease|illness)\b",
    r"\banti[- ]?cancer\b",
    r"\bno side effects\b",
    r"\b100% natural (?:cure|remedy)\b",
    r"\breverses? (?:ageing|aging|diabetes)\b",
    r"\bdoctors? (?:hate|don't want you to know)\b",
    r"\bclinically proven\b",
    r"\bflat tummy\b",
    r"\bskinny tea\b",
    r"\bcured (?:my|her|his|their|our)\b",
    r"\blost \d+\s?(?:kg|kilos?|lbs?|pounds) in\b",
    r"\bboosts? (?:your |my )?immunity\b",
    r"\banti[- ]?vax\b",
    r"\bvaccines? (?:cause|causes|are poison|are dangerous)\b",
]
#: substrings one of which every health claim contains (a caption with none skips the pattern)
_HEALTH_NEEDLES = ("treat", "cure", "heal", "miracle", "detox", "lose ", "burn", "fat burner", "weight", "guaranteed ",
                   "immune system", "prevent", "cancer", "no side effects", "100% natural ", "revers", "doctor",
                   "clinically proven", "flat tummy", "skinny tea", "lost ", "immunity", "vax", "vaccine")
_HEALTH_RE = textutil.CaselessPattern("|".join(f"(?:{p})" for p in HEALTH_CLAIMS), needles=_HEALTH_NEEDLES)

# words that look like a flag but are not, in context
_ALLOW_PHRASES = {
    "violence": {"shot", "shoot", "photo shoot", "photoshoot", "killing it", "killed it", "kill it", "blood orange"},
    "drugs_alcohol": {"coke zero", "diet coke", "root beer", "ginger beer", "ol"},
}


@dataclass(frozen=True)
class SafetyFlag:
    category: str
    evidence: list[str]


@dataclass(frozen=True)
class PostSafety:
    flags: list[SafetyFlag]

    @property
    def categories(self) -> list[str]:
        return [f.category for f in self.flags]

    @property
    def safe(self) -> bool:
        return not self.flags


_TOKEN_RE = re.compile(r"[^\W_]+(?:['’+\-][^\W_]+)*\+?")


class _Matcher:
    def __init__(self) -> None:
        self.phrases: dict[str, set[str]] = {}
        self.max_len = 1
        for cat, terms in LEXICON.items():
            for term in terms:
                parts = term.split()
                self.phrases.setdefault(term, set()).add(cat)
                self.max_len = max(self.max_len, len(parts))
                if len(parts) > 1:
                    self.phrases.setdefault("".join(parts), set()).add(cat)

        # phrase -> the categories that allow it, so each candidate phrase costs one lookup, not one per category
        self.allowed_in: dict[str, list[str]] = {}
        for cat, allowed in _ALLOW_PHRASES.items():
            for phrase in allowed:
                self.allowed_in.setdefault(phrase, []).append(cat)
        # first word -> word counts of the phrases (lexicon or allow-list) starting with it, longest first: the
        # scan tries only those, not every length at every word (same result, a third of the time)
        lengths: dict[str, set[int]] = {}
        for phrase in (*self.phrases, *self.allowed_in):
            words = phrase.split(" ")
            lengths.setdefault(words[0], set()).add(len(words))
        self.lengths = {w: tuple(sorted(ks, reverse=True)) for w, ks in lengths.items()}
        self.starts_in = textutil.ChunkMemo(self._starts_in)

    def _starts_in(self, chunk: str) -> bool:
        """Whether a chunk of the normalised caption holds a token that starts a phrase. Links and tokens lie
        inside one chunk (neither crosses whitespace), so the caption's tokens are its chunks' tokens."""
        return not self.lengths.keys().isdisjoint(_TOKEN_RE.findall(textutil.strip_urls(chunk)))

    def _allow(self, phrase: str, i: int, k: int, skip: set[int], found: dict) -> None:
        for cat in self.allowed_in.get(phrase, ()):
            skip.update(range(i, i + k))
            found.setdefault("_allow_" + cat, {})

    def match(self, caption: str | textutil.CaptionText) -> dict[str, list[str]]:
        ct = textutil.caption_text(caption)
        found: dict[str, dict[str, None]] = {}
        # the phrase scan, for a caption with a word that starts some phrase (a fifth of them)
        if any(map(self.starts_in.__getitem__, ct.norm_chunks)):
            self._scan(_TOKEN_RE.findall(ct.norm_urlless), found)
        tags = ct.norm_plain_tags
        if tags and not self.phrases.keys().isdisjoint(tags):
            for tag in tags:
                for cat in self.phrases.get(tag, ()):
                    found.setdefault(cat, {})["#" + tag] = None
        if _HEALTH_RE in ct.cues:
            caption = ct.text
            for m in _HEALTH_RE.finditer(ct):
                found.setdefault("health_claims", {})[textutil.span_text(caption, m).strip()] = None
        return {c: list(v) for c, v in found.items() if not c.startswith("_allow_") and v}

    def _scan(self, tokens: list[str], found: dict[str, dict[str, None]]) -> None:
        """The lexicon's words and phrases (and the allowed phrases that cancel them) among the tokens."""
        n = len(tokens)
        skip: set[int] = set()
        starts = self.lengths
        # only the positions whose word starts some phrase do anything
        for i in [i for i, t in enumerate(tokens) if t in starts]:
            lengths = starts[tokens[i]]
            if not lengths:
                continue
            longest = min(self.max_len, n - i)
            if i in skip:  # inside an allowed phrase: only the longest phrase here may still be allowed
                if longest in lengths:
                    self._allow(" ".join(tokens[i : i + longest]), i, longest, skip, found)
                continue
            for k in lengths:
                if k > longest:
                    continue
                phrase = " ".join(tokens[i : i + k])
                self._allow(phrase, i, k, skip, found)
                if i in skip:
                    break
                for cat in self.phrases.get(phrase, ()):
                    if "_allow_" + cat in found and phrase in {"shot", "shoot", "kill", "coke", "ol"}:
                        continue
                    found.setdefault(cat, {})[phrase] = None


_MATCHER = _Matcher()


def check_post(caption: str | textutil.CaptionText, *, tolerate: Iterable[str] = ()) -> PostSafety:
    """Brand-safety flags for one caption (or its :class:`~reachroom.content.text.CaptionText`); categories in
    ``tolerate`` are not reported."""
    tolerated = set(tolerate)
    unknown = tolerated - set(CATEGORIES) if tolerated else None
    if unknown:
        raise ValueError(f"unknown safety categories: {sorted(unknown)}")
    hits = _MATCHER.match(caption)
    if not hits:
        return PostSafety([])
    return PostSafety([SafetyFlag(c, hits[c]) for c in CATEGORIES if c in hits and c not in tolerated])


@dataclass(frozen=True)
class CreatorSafety:
    n_posts: int
    flagged_posts: dict[str, list[int]]  # category -> indexes of the posts that raised it
    evidence: dict[str, list[str]] = field(default_factory=dict)

    @property
    def flag_share(self) -> float:
        flagged = {i for v in self.flagged_posts.values() for i in v}
        return round(len(flagged) / self.n_posts, 4) if self.n_posts else 0.0


def summarize_safety(captions: Sequence[str], *, tolerate: Iterable[str] = ()) -> CreatorSafety:
    """Per-creator summary: for each category, the posts (indexes) that raised it and the evidence words."""
    tolerate = tuple(tolerate)
    flagged: dict[str, list[int]] = {}
    evidence: dict[str, dict[str, None]] = {}
    for i, c in enumerate(captions):
        for f in check_post(c, tolerate=tolerate).flags:
            flagged.setdefault(f.category, []).append(i)
            for e in f.evidence:
                evidence.setdefault(f.category, {})[e] = None
    return CreatorSafety(len(captions), flagged, {k: list(v)[:20] for k, v in evidence.items()})
