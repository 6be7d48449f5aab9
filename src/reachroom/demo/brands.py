"""Fictional brands: the sponsor universe that demo posts mention, and the few written to a workspace.

All names are invented for the demo (no real company is meant; any likeness is a coincidence) and every web
address uses the reserved `.example` domain.
"""

from reachroom.demo.vocab import NICHES

# (handle, display name, niches) — handles are what posts mention after '@'.
SPONSORS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("velvetthistle", "Velvet Thistle Cosmetics", ("beauty", "fashion")),
    ("glowmossskin", "Glowmoss Skin", ("beauty", "wellness")),
    ("lunariabotanics", "Lunaria Botanics", ("beauty", "sustainability")),
    ("kindredloom", "Kindred Loom", ("fashion", "sustainability", "lifestyle")),
    ("northwickdenim", "Northwick Denim", ("fashion", "lifestyle")),
    ("marlowandfinch", "Marlow & Finch", ("fashion",)),
    ("ironfernnutrition", "Ironfern Nutrition", ("fitness", "wellness")),
    ("stridewellrun", "Stridewell", ("fitness", "travel")),
    ("crumbandcopper", "Crumb & Copper", ("food", "home")),
    ("saltmarshpantry", "Saltmarsh Pantry", ("food", "family")),
    ("driftatlastravel", "Drift Atlas", ("travel", "lifestyle")),
    ("wayfarernest", "Wayfarer Nest", ("travel",)),
    ("littleacornco", "Little Acorn Co.", ("family",)),
    ("bramblebabe", "Bramblebabe", ("family", "sustainability")),
    ("hollowmeretea", "Hollowmere Tea Co.", ("wellness", "home", "lifestyle", "food")),
    ("linenandlarch", "Linen & Larch", ("home",)),
    ("trailhoundgear", "Trailhound Outfitters", ("pets", "travel", "fitness")),
    ("whiskerwoodpets", "Whiskerwood", ("pets",)),
    ("voltwrenaudio", "Voltwren Audio", ("tech", "gaming")),
    ("quillbyte", "Quillbyte", ("tech",)),
    ("pixelmoorgear", "Pixelmoor Gear", ("gaming", "tech")),
    ("fragforgeenergy", "Fragforge Energy", ("gaming",)),
    ("refillrepublic", "Refill Republic", ("sustainability", "home")),
    ("stillwaterbotanics", "Stillwater Botanics", ("wellness", "beauty")),
    ("oatlightcoffee", "Oatlight Coffee", ("lifestyle", "food")),
    ("papercranestudio", "Papercrane Studio", ("lifestyle", "home")),
)

# Sponsor indices per niche, in NICHES order (every niche has at least one).
SPONSORS_BY_NICHE: tuple[tuple[int, ...], ...] = tuple(
    tuple(i for i, s in enumerate(SPONSORS) if niche in s[2]) for niche in NICHES
)


def _audience(ages, female, countries, languages) -> dict:
    bands = ("13-17", "18-24", "25-34", "35-44", "45-54", "55+")
    return {
        "age_bands": dict(zip(bands, ages, strict=True)),
        "genders": {"female": female, "male": round(1 - female - 0.02, 2), "other": 0.02},
        "countries": countries,
        "languages": languages,
    }


# The brands a workspace gets (Brand rows); their handles are also in SPONSORS, so past posts mention them.
WORKSPACE_BRANDS: tuple[dict, ...] = (
    {
        "name": "Hollowmere Tea Co.",
        "description": "Small-batch herbal teas and soy candles for cosy nights in, blended in the Peak District.",
        "voice": "Warm, calm and unhurried; gentle humour; speaks like a friend putting the kettle on. "
                 "No hype, no exclamation marks in a row.",
        "values": ["slow living", "organic ingredients", "plastic-free packaging", "fair pay for growers"],
        "banned_words": ["cure", "detox", "miracle", "cheap", "weight loss"],
        "niches": ["wellness", "home", "lifestyle", "food"],
        "target_audience": _audience((0.0, 0.18, 0.36, 0.26, 0.12, 0.08), 0.74,
                                     {"GB": 0.7, "IE": 0.1, "US": 0.1, "DE": 0.1}, {"en": 0.9, "de": 0.1}),
        "website": "https://hollowmere.example",
    },
    {
        "name": "Velvet Thistle Cosmetics",
        "description": "Bold, cruelty-free make-up with a 40-shade range, made for party looks and everyday glam.",
        "voice": "Playful, bold and inclusive; emoji welcome; celebrates every skin tone; never shames.",
        "values": ["cruelty-free", "inclusive shade range", "vegan formulas"],
        "banned_words": ["flawless guaranteed", "anti-ageing miracle", "whitening", "fake", "cheap"],
        "niches": ["beauty", "fashion"],
        "target_audience": _audience((0.05, 0.42, 0.35, 0.12, 0.04, 0.02), 0.86,
                                     {"GB": 0.6, "US": 0.2, "IE": 0.1, "AU": 0.1}, {"en": 1.0}),
        "website": "https://velvetthistle.example",
    },
    {
        "name": "Kindred Loom",
        "description": "Sustainable womenswear and menswear in organic cotton and deadstock fabrics, "
                       "with free repairs for life.",
        "voice": "Thoughtful, honest and understated; explains where things come from; no fast-fashion "
                 "urgency ('hurry', 'last chance').",
        "values": ["sustainability", "transparency", "repair over replace", "fair wages"],
        "banned_words": ["hurry", "last chance", "cheap", "disposable", "haul"],
        "niches": ["fashion", "sustainability", "lifestyle"],
        "target_audience": _audience((0.02, 0.28, 0.4, 0.18, 0.08, 0.04), 0.68,
                                     {"GB": 0.55, "NL": 0.15, "DE": 0.15, "FR": 0.15},
                                     {"en": 0.6, "nl": 0.15, "de": 0.15, "fr": 0.1}),
        "website": "https://kindredloom.example",
    },
    {
        "name": "Trailhound Outfitters",
        "description": "Tough, washable outdoor gear for dogs and the people who walk them: leads, harnesses, "
                       "coats and trail packs.",
        "voice": "Outdoorsy, cheerful and practical; muddy boots welcome; short sentences; dog puns allowed.",
        "values": ["durability", "animal welfare", "getting outside", "lifetime guarantee"],
        "banned_words": ["puppy mill", "shock collar", "cheap"],
        "niches": ["pets", "travel", "fitness"],
        "target_audience": _audience((0.01, 0.16, 0.34, 0.27, 0.14, 0.08), 0.6,
                                     {"GB": 0.65, "IE": 0.1, "US": 0.15, "CA": 0.1}, {"en": 1.0}),
        "website": "https://trailhound.example",
    },
    {
        "name": "Pixelmoor Gear",
        "description": "Gaming headsets, controllers and desk accessories designed in Manchester.",
        "voice": "Energetic and witty, fluent in gaming culture, never toxic; celebrates skill and community.",
        "values": ["community", "accessibility", "repairable hardware"],
        "banned_words": ["gambling", "loot box", "toxic", "cheap"],
        "niches": ["gaming", "tech"],
        "target_audience": _audience((0.12, 0.42, 0.3, 0.11, 0.03, 0.02), 0.24,
                                     {"GB": 0.5, "US": 0.3, "DE": 0.1, "NL": 0.1}, {"en": 0.85, "de": 0.15}),
        "website": "https://pixelmoor.example",
    },
)
