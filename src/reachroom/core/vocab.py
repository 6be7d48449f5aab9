"""Shared vocabularies: niche slugs, audience keys and countries (stable; extend, never rename)."""

NICHE_SLUGS = (
    "beauty", "fashion", "fitness", "food", "travel", "family", "home", "pets", "tech", "gaming",
    "sustainability", "wellness", "lifestyle",
)
AGE_BANDS = ("13-17", "18-24", "25-34", "35-44", "45-54", "55+")
GENDERS = ("female", "male", "other")
AUDIENCE_KEYS = ("age_bands", "genders", "countries", "languages")
SAFETY_CATEGORIES = (
    "profanity", "adult", "violence", "hate", "drugs_alcohol", "gambling", "politics", "health_claims",
)
#: platform slug → the name a marketer reads (pages take these, never a hard-coded list)
PLATFORM_NAMES = {"instagram": "Instagram", "tiktok": "TikTok", "youtube": "YouTube"}
#: follower tier slug → label with its range (the tier scheme of metrics/tiers.py)
TIER_NAMES = {"nano": "Nano · < 1k", "micro": "Micro · 1k–100k", "macro": "Macro · 100k–1M", "mega": "Mega · 1M+"}

# Active ISO 4217 currency codes (2026): an order, fee or budget in anything else is refused by name.
CURRENCY_CODES = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF
CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG
HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA
MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD
RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX
USD UYU UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG
""".split())


def currency_code(v: str) -> str:
    """An active ISO 4217 code, upper-cased; ValueError naming it otherwise (every schema with a currency)."""
    code = v.strip().upper()
    if code not in CURRENCY_CODES:
        raise ValueError(f"{v.strip()[:12]!r} is not a currency: give a three-letter ISO 4217 code such as GBP, "
                         "EUR or USD")
    return code
