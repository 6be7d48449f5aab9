"""The niche taxonomy: stable slugs, label descriptions and curated lexicons.

Rules (see ``docs/content.md``):

* Slugs are stable identifiers stored in the database. Extend the taxonomy, never rename or remove a slug;
  bump :data:`TAXONOMY_VERSION` whenever a niche, description or lexicon changes, so stored classifications
  can be recomputed.
* ``keywords`` are matched as whole words (or whole multi-word phrases) on normalised text: lower case,
  accents stripped. They are deliberately multilingual (English, Spanish, Portuguese, French, German, Italian,
  Dutch, Scandinavian, Indonesian/Malay, a little Korean and Turkish) because captions are.
* ``hashtag_stems`` are matched as substrings *inside hashtags* (``#dogsofinstagram`` contains ``dogsof``);
  every stem must be unambiguous as a substring (no ``cat``, which hides in ``vacation`` and ``education``).
* ``hashtags`` are exact hashtags (without ``#``) that signal the niche but are not ordinary words.
* ``emojis`` are emoji that signal the niche (the embedder cannot see emoji; the lexicon can).
* Every niche also gets the multilingual seed lexicon of :mod:`reachroom.content.lexicon_i18n`, whose
  ``stem*`` keywords match word beginnings and whose terms in scripts without spaces match inside words.

The lexicons were written from domain knowledge of Instagram conventions, not fitted to any evaluation file.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace

from reachroom.content.lexicon_i18n import EXTRA

TAXONOMY_VERSION = "2026.12-1"


@dataclass(frozen=True)
class Niche:
    slug: str
    name: str
    description: str
    keywords: frozenset[str] = field(default_factory=frozenset)
    hashtags: frozenset[str] = field(default_factory=frozenset)
    hashtag_stems: tuple[str, ...] = ()
    emojis: str = ""


#: Latin letters NFKD does not decompose; Arabic: the alef variants and alef maqsura folded, tatweel dropped
#: (the usual Arabic search normalisation, so "أطفال" and "اطفال" are one word).
_FOLD = str.maketrans({"ø": "o", "æ": "ae", "ß": "ss", "ł": "l", "đ": "d", "ı": "i", "œ": "oe", "’": "'",
                       "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ـ": None})


#: combining marks to drop: Latin/Greek/Cyrillic accents and Arabic short vowels (harakat). Marks that are
#: part of a letter's spelling (Devanagari, Thai, kana voicing) are kept.
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u064b-\u065f\u0670]+")


def normalize_token(text: str) -> str:
    """Lower-case, strip accents (NFKD, drop combining marks) and fold ø/æ/ß – the form lexicons are kept in."""
    if text.isascii():
        return text.lower()
    low = text.lower()
    if len(_CHAR_FOLD) >= _CHAR_FOLD_MAX:  # bounded: text can hold any of a million code points
        _CHAR_FOLD.clear()
    folded = low.translate(_CHAR_FOLD)  # character by character (see _CharFold), 3-4x faster
    return folded if _UNSAFE not in folded else _fold_lowered(low)


def _fold_lowered(low: str) -> str:
    """What :func:`normalize_token` does after lower-casing: fold, decompose, drop marks, recompose, fold."""
    decomposed = unicodedata.normalize("NFKD", low.translate(_FOLD))
    return unicodedata.normalize("NFC", _COMBINING.sub("", decomposed)).translate(_FOLD)


#: characters of combining class 0 that NFC joins to the character before them: the second halves of the
#: canonical pairs that are starters (Unicode 14, tests/content/test_niche_fast_paths.py recomputes them) and
#: the Hangul vowels and final consonants (joined by rule)
_JOINS_BACK = frozenset(
    "\u09be\u09d7\u0b3e\u0b56\u0b57\u0bbe\u0bd7\u0cc2\u0cd5\u0cd6\u0d3e\u0d57\u0dcf\u0ddf\u0fb5\u0fb7\u102e\u1b35"
    "\U00011127\U0001133e\U00011357\U000114b0\U000114ba\U000114bd\U000115af\U00011930"
) | frozenset(map(chr, [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]))
#: what a character that :func:`_fold_lowered` cannot fold on its own maps to (a non-character: a text that
#: holds it is folded whole, which is always right)
_UNSAFE = "\uffff"
_CHAR_FOLD_MAX = 100_000


class _CharFold(dict):
    """code point -> :func:`_fold_lowered` of the lower-cased character alone, or ``_UNSAFE``.

    Folding lower-cased text character by character gives :func:`_fold_lowered` of the whole when no step
    mixes two characters' pieces (the character folded and decomposed, less the dropped marks): when each
    piece is empty or starts with a character of combining class 0 that NFC cannot join to the one before it.
    Then canonical reordering can move only dropped marks across a piece boundary (and they are dropped
    wherever they land) and NFC composes inside pieces only. A text holding any character that breaks this is
    folded whole. (``lower`` needs the whole text for the final sigma, so it runs first, on the whole text.)"""

    def __missing__(self, cp: int) -> str:
        ch = chr(cp)
        kept = _COMBINING.sub("", unicodedata.normalize("NFKD", ch.translate(_FOLD)))
        alone = not (kept and (unicodedata.combining(kept[0]) or kept[0] in _JOINS_BACK))
        value = self[cp] = _fold_lowered(ch) if alone else _UNSAFE
        return value


_CHAR_FOLD = _CharFold()


def _words(text: str) -> frozenset[str]:
    items = [" ".join(w.split()) for w in text.split("|")]
    return frozenset(normalize_token(w) for w in items if w)


# ---------------------------------------------------------------------------------------------------------
# Lexicons. Entries are separated by "|" so that multi-word phrases can be written naturally.
# ---------------------------------------------------------------------------------------------------------

_BEAUTY = Niche(
    slug="beauty",
    name="Beauty",
    description=(
        "Beauty content: makeup looks and tutorials, skincare routines, cosmetics reviews and swatches, "
        "lipstick, eyeshadow palettes, foundation, mascara, nails and manicures, hair styling and hair colour, "
        "fragrance and beauty products."
    ),
    keywords=_words(
        """makeup | make-up | make up | maquillaje | maquiagem | maquillage | trucco | sminke | sminket | riasan |
        skincare | skin care | skincare routine | cuidado de la piel | hudpleie | perawatan kulit | cosmetics |
        cosmetic | cosmeticos | kosmetik | kosmetikk | lipstick | lipsticks | lip gloss | lipgloss | lip liner |
        lippenstift | labial | labiales | batom | rouge a levres | leppestift | eyeshadow | eye shadow | sombras |
        sombra | palette | paleta | foundation | base de maquillaje | concealer | corrector | primer | mascara |
        mascaras | rimel | eyeliner | delineador | eyebrows | brows | brow | cejas | lashes | eyelashes | 
        pestanas | bulu mata | blush | bronzer | highlighter | contour | contouring | setting spray | powder |
        serum | serums | moisturizer | moisturiser | hidratante | cleanser | toner | sunscreen | spf | retinol |
        hyaluronic | niacinamide | face mask | sheet mask | mascarilla | acne | pores | glowing skin | dewy | matte |
        swatch | swatches | shade | shades | nails | nail polish | nail art | manicure | unas | esmalte | kuku |
        hair color | hair colour | balayage | hairstyle | haircut | blowout | curls | salon | perfume | fragrance |
        parfum | glitter |  beauty | belleza | beleza | beaute | schoonheid | skjonnhet | kecantikan |
        beauty blogger | beauty guru | mua | makeup artist | maquilladora |  glam | lips | eyes | 
        cut crease | smokey eye | smoky eye | halo eye | liquid lipstick | lip kit | sephora | ulta | mac cosmetics |
        nyx | maybelline | loreal | l'oreal | fenty | anastasia beverly hills | huda beauty | too faced | morphe |
        urban decay | benefit cosmetics | nars | charlotte tilbury | the ordinary | cerave | la roche posay |
        clinique | estee lauder | revlon | rimmel |  catrice | wet n wild | colourpop | makeup revolution |
        kylie cosmetics | glossier | innisfree | laneige | k-beauty | kbeauty | 화장품 | 메이크업 | 뷰티 | 스킨케어"""
    ),
    hashtags=_words(
        """motd | fotd | eotd | lotd | nails | nailart | mua | makeupaddict | makeuplover | instamakeup |
        makeupjunkie | wakeupandmakeup | hudabeauty | anastasiabeverlyhills | vegas_nay | makeupartist |
        undiscovered_muas | beautyblogger | beautyaddict | skincareroutine | skincarejunkie | glowingskin |
        kbeauty | crueltyfree | swatches | lipswatch | manimonday | nailsofinstagram | nailpolish | hairgoals |
        balayage | hairstylist | beautyinfluencer | bblogger | bbloggers | makeuptutorial | maquillaje"""
    ),
    hashtag_stems=(
        "makeup",
        "maquilla",
        "maquiagem",
        "skincare",
        "lipstick",
        "eyeshadow",
        "eyeliner",
        "mascara",
        "beauty",
        "beaute",
        "belleza",
        "cosmetic",
        "kosmetik",
        "lipgloss",
        "swatch",
        "nailart",
        "nailpolish",
        "nailsof",
        "manicure",
        "highlighter",
        "contour",
        "glam",
        "lashes",
        "brows",
        "hairstyl",
        "haircolo",
        "balayage",
        "fragrance",
        "perfume",
        "serum",
        "sephora",
        "muas",
    ),
    emojis="💄💅💋👄💇🧴🪞",
)

_FASHION = Niche(
    slug="fashion",
    name="Fashion",
    description=(
        "Fashion and personal style: outfits of the day, what I wore, clothes, dresses, jeans, jackets, shoes, "
        "sneakers, handbags, accessories, jewellery, streetwear, menswear, lookbooks, trends, shopping hauls and "
        "styling tips."
    ),
    keywords=_words(
        """fashion | moda |   mote | fesyen | style | styling | stylish | estilo | stil | gaya |
        outfit | outfits | ootd | look of the day | what i wore | wiwt | lookbook |   wearing | 
        wore | dress | dresses | vestido | vestidos | robe | kleid | kjole | gaun | skirt | falda | saia | jupe |
         rok | jeans | denim | pants | trousers | pantalones | bukse | celana | shorts | blouse | blusa |
        shirt | tee | t-shirt |  camiseta | camisa | sweater | jumper | knit | knitwear | cardigan | hoodie |
        jacket | chaqueta | jakke | jaket | coat | abrigo | blazer | suit | traje | dress shirt | bow tie |
        shoes | zapatos | sko | sepatu | sneakers | trainers | heels | boots | botas | sandals | loafers |
         nike air | handbag | bag | bolso | veske | tas | purse | clutch | tote | accessories |
        accesorios | jewelry | jewellery | joyeria | necklace | earrings | bracelet | rings | sunglasses | hat |
        scarf | belt |  streetwear | menswear | womenswear | vintage | thrift | thrifted | thrifting |
        secondhand | second hand | haul | try on | try-on | new in | wardrobe | closet | capsule wardrobe |
        garderobe | lemari | fit check | fitcheck |   dressed | well-dressed | well dressed | outfit
        inspo | style inspo | trend | trends | tendencia | runway | fashion week | catwalk | designer | couture |
         plaid |  linen | silk | leather | lace | floral print | stripes | polka dots |
        zara | h&m |   asos | shein | uniqlo |  & other stories | levis | gucci | prada | chanel |
        dior | louis vuitton | balenciaga | versace | valentino |  dapper |  sartorial |
        bespoke | tailoring | 패션 | 코디 | 데일리룩 | 오오티디"""
    ),
    hashtags=_words(
        """ootd | wiwt | outfitoftheday | lookoftheday | whatiwore | fashionblogger | fashionista | streetstyle |
        instafashion | fashiongram | styleblogger | styleinspo | outfitinspo | fitcheck | menswear | mensfashion |
        womensfashion | dapper | sartorial |  lookbook | stylegram | fashionweek | ootdfashion |
        todaysoutfit | weartoday | currentlywearing | thriftedfashion | vintagestyle | modeblogger | ootdindo |
        fashionable | fashionstyle | mystyle | dailylook | 데일리룩 | 오오티디 | 패션"""
    ),
    hashtag_stems=(
        "ootd",
        "outfit",
        "fashion",
        "moda",
        "streetstyle",
        "mystyle",
        "styleinspo",
        "stylegram",
        "instastyle",
        "styleblog",
        "wiwt",
        "lookbook",
        "menswear",
        "womenswear",
        "streetwear",
        "sneaker",
        "denim",
        "dress",
        "dapper",
        "sartorial",
        "thrift",
        "vintagestyle",
        "lookoftheday",
        "whatiwore",
        "fitcheck",
        "wardrobe",
        "stylist",
    ),
    emojis="👗👠👜👔👟👢👒🧥👖👚🕶🧣👛",
)

_FITNESS = Niche(
    slug="fitness",
    name="Fitness",
    description=(
        "Fitness and sport: gym workouts, strength training, weightlifting, bodybuilding, running, cycling, "
        "crossfit, yoga flows, home workouts, training plans, muscle gains, personal training, marathons, "
        "protein and sports nutrition for performance."
    ),
    keywords=_words(
        """fitness |  gym | workout | workouts | work out | training | trening | entrenamiento | treino |
        latihan | olahraga | exercise | exercises | ejercicio | exercicio | trene | trener | trent | treningsokt |
        personal trainer | pt | coach | coaching | strength | strength training | styrke | fuerza | forca |
        weights | weightlifting | lifting | powerlifting | bodybuilding | bodybuilder | physique | muscle |
        muscles | musculo | muskler | gains | bulking | cutting | shred | shredded | reps |  squat | squats |
        front squat | deadlift | deadlifts | bench press |  pull ups | pullups | push ups | pushups |
        lunges | plank | burpees | hiit | crossfit | cardio | abs |  glutes | booty | leg day | 
        arm day | back day | chest day | shoulders | biceps | triceps | run | running | runner | correr | lope |
        loping | lari | jogging | marathon | half marathon | maraton | 5k | 10k |  trail run | cycling |
        bike ride | spinning | swim | swimming | triathlon | ironman | sprint | athlete | athletic | sport |
        sports | deporte | idrett | trenings | pilates | yoga flow | stretching | mobility | calisthenics |
        kettlebell | dumbbell | dumbbells | barbell | resistance band | treadmill | protein shake | protein |
        preworkout | pre-workout | whey | macros | weeks out | contest prep | competition | bikini
        competitor |   personal record | personal best |  sweat | sweaty | no pain no gain |
         fitfam | gymlife | beast mode | endurance | stamina | recovery | rest day | fitnessmodel |
        fitness model | 운동 | 헬스 | 다이어트"""
    ),
    hashtags=_words(
        """fitfam | fitspo | fitspiration | gymlife | gymrat | gymmotivation | fitnessmotivation | legday | gains |
        bodybuilding |     crossfit | hiit | running | runnersofinstagram |
        instarunners | marathontraining | strava | fitnessjourney | fitnessgirl | fitnessmodel | workoutmotivation |
        trening | treningsglede | entrenamiento | treino | girlswholift | powerlifting | weightlifting | iifym |
        noexcuses | beastmode | calisthenics | physique | shredded | teamnike | 헬스타그램 | 운동스타그램"""
    ),
    hashtag_stems=(
        "fitness",
        "fitfam",
        "fitspo",
        "fitgirl",
        "workout",
        "gymlife",
        "gymrat",
        "gymtime",
        "training",
        "trening",
        "treino",
        "entrenamiento",
        "bodybuild",
        "crossfit",
        "hiit",
        "legday",
        "armday",
        "running",
        "runner",
        "marathon",
        "triathlon",
        "ironman",
        "cycling",
        "weightlift",
        "powerlift",
        "deadlift",
        "squat",
        "gains",
        "calisthenic",
        "physique",
        "cardio",
        "strongnotskinny",
        "girlswholift",
        "athlete",
        "lopetur",
        "lopeglede",
        "fitnes",
        "olahraga",
        "헬스",
        "운동",
    ),
    emojis="💪🏋🏃🚴🏊🤸🥊⛹🏅🤾",
)

_FOOD = Niche(
    slug="food",
    name="Food",
    description=(
        "Food and cooking: recipes, home cooking, baking, meal prep, restaurant and cafe visits, dinner, lunch "
        "and breakfast ideas, desserts, cakes and cookies, vegan and plant-based dishes, coffee, wine pairing "
        "and food photography."
    ),
    keywords=_words(
        """food | foodie | foodies | comida | comer | makanan |  essen | nourriture | cibo | eten | recipe |
        recipes | receta | recetas | receita | oppskrift | resep | rezept | recette | ricetta | recept | cooking |
        cook | cooked | cocinar | cozinhar | masak | memasak | lage mat | kochen | cuisine | baking | bake | baked |
        hornear | bakt | bakeri | kue | backen | homemade | home made | casero | caseira | hjemmelaget | buatan
        sendiri | delicious | delicioso | deliciosa | yummy | yum | tasty | sabroso | nydelig | enak | lezat |
        lecker | delicieux | gustoso | lekker | breakfast | brunch | lunch | dinner | supper | desayuno | almuerzo |
        cena | frokost | middag | lunsj | sarapan | makan siang | makan malam | meal | meals | meal prep |
        snack | snacks | dessert | desserts | postre | cake | cakes | tarta | pastel | kake | cupcake | cookies |
        cookie | galletas | brownie | brownies | muffins | pie | pancakes | waffles | bread |  sourdough | brod |
        roti | pizza | pasta | noodles | ramen | sushi | burger | tacos | salad | ensalada | salat | soup | sopa |
        suppe |  curry | stew | rice | nasi | arroz | chicken | pollo | ayam | kylling | beef | steak | pork |
        salmon | fish | pescado | fisk | ikan | shrimp | eggs | huevos | avocado | cheese | queso | ost | chocolate |
        chocolat | sjokolade | cokelat | vanilla | cinnamon | pumpkin | potatoes | mashed potatoes | vegetables |
        veggies | verduras | sayur | fruit | fruta | smoothie | smoothie bowl | acai |  oatmeal | granola |
        vegan | vegetarian | plant based | plant-based | gluten free | gluten-free | keto | paleo | healthy eating |
        ingredients | ingredientes | ingredienser | bahan | tablespoon | teaspoon |   oven | ovn |
        horno | stovetop | skillet |  slow cooker | instant pot | air fryer | grill | bbq | barbecue |
        restaurant | restaurante | restoran | cafe | cafeteria | bistro | chef | kitchen | cocina | kjokken |
        dapur | coffee | cafe con leche | kaffe | kopi | latte | cappuccino | espresso | tea | matcha | wine |
        vino | vin | cocktail | foodphotography | food photography | full recipe | recipe below | link in bio for
        the recipe | flavor | flavour | sauce | seasoning | spices | garlic | parmesan | butter | flour | sugar |
        thanksgiving dinner | feast | plating | 맛집 | 먹스타그램 | 요리 | 음식"""
    ),
    hashtags=_words(
        """foodporn | foodie | foodgasm | instafood | foodstagram | foodphotography | foodblogger | yummy |
        delicious | homecooking | homemade | recipe | recipes | vegan | veganfood | plantbased | glutenfree |
        healthyfood | eatclean | mealprep | dessert | baking | bakery | brunch | breakfast | dinner | lunch |
        foodlover | foodies | eeeeeats | buzzfeast | feedfeed | f52grams | thekitchn | huffposttaste | tasty |
        kuliner | makanan | kulinerjakarta | comida | receta | oppskrift | matblogg |  
        slowcooker | instantpot | airfryer | 먹스타그램 | 맛집 | 맛스타그램"""
    ),
    hashtag_stems=(
        "food",
        "recipe",
        "receta",
        "resep",
        "oppskrift",
        "rezept",
        "cooking",
        "baking",
        "bakery",
        "homemade",
        "yummy",
        "delicious",
        "foodie",
        "foodgasm",
        "vegan",
        "plantbased",
        "glutenfree",
        "mealprep",
        "dessert",
        "brunch",
        "breakfast",
        "dinner",
        "lunch",
        "kuliner",
        "makan",
        "comida",
        "matblogg",
        "cupcake",
        "cookie",
        "cake",
        "pizza",
        "pasta",
        "sushi",
        "burger",
        "coffee",
        "latte",
        "chef",
        "kitchen",
        "snack",
        "slowcooker",
        "instantpot",
        "airfryer",
        "thanksgivingdinner",
        "맛집",
        "먹스타",
    ),
    emojis="🍝🍕🍰🍪🍔🌮🍜🍣🥗🍲🥞🧁🍩🥐🍳🥑🍓🍫☕🍷🍹🥘🍛🍞",
)

_TRAVEL = Niche(
    slug="travel",
    name="Travel",
    description=(
        "Travel and destinations: trips, vacations and holidays, city breaks, beaches, islands, mountains, hiking "
        "and the outdoors, road trips, hotels and resorts, flights and airports, landscapes, sightseeing, "
        "exploring new countries and travel photography."
    ),
    keywords=_words(
        """travel | travels | traveling | travelling | traveler | traveller | viaje | viajes | viajar | viagem |
        reise | reiser | reisen | voyage | viaggio | reizen | resa | jalan-jalan | jalan jalan | liburan | wisata |
        trip | road trip | roadtrip | vacation | vacations | holiday | holidays | vacaciones | ferias | ferie |
        urlaub | vacances | vacanze | getaway | weekend getaway | city break | destination | destinations | explore |
        exploring | adventure | adventures | aventura | eventyr | petualangan | wanderlust | journey | tourist |
        tourism | turismo | backpacking | backpacker | passport | flight | flights | airport | plane | airplane |
        layover | hotel | hotels | hostel | resort | villa | airbnb | cruise | island | islands | isla | pulau |
         beach | beaches | playa | praia | strand | pantai | coast | ocean |   hav | laut | lake |
        lago | innsjo | danau | mountain | mountains | montana | montanas | fjell | gunung |   fjord |
        fjords | glacier | valley | waterfall | cascada | foss | air terjun | volcano | canyon | desert | jungle |
        national park | hike | hiking | trek | trekking | senderismo | fjelltur |  pendakian | summit | peak |
          viewpoint | scenery | landscape | landscapes | paisaje | sunset | sunrise | skyline |
        old town | landmark | sightseeing |   ciudad |  kota |  countryside | village |
           gopro | travel photography | travelgram |  visited | discover | abroad |
        overseas | local guide | itinerary | bucket list | 여행 | 여행스타그램"""
    ),
    hashtags=_words(
        """travel | travelgram | instatravel | wanderlust | travelphotography | travelblogger | traveltheworld |
        travelling | traveling |   beautifuldestinations | earthpix | ourplanetdaily |
        natgeotravel | lonelyplanet | cntraveler | tlpicks | travelawesome | bestvacations | 
          exploremore |    
          visitnorway | visitspain |  
           mountains | roadtrip | vanlife | beachlife | islandlife | explore |
        jalanjalan | liburan | wisata | viajar | reiseliv | 여행 | 여행스타그램"""
    ),
    hashtag_stems=(
        "travel",
        "wanderlust",
        "vacation",
        "holiday",
        "viaje",
        "viagem",
        "reise",
        "voyage",
        "viaggio",
        "exploremore",
        "adventure",
        "passport",
        "destination",
        "roadtrip",
        "vanlife",
        "beachlife",
        "islandlife",
        "visit",
        "norway",
        "iceland",
        "mountain",
        "hike",
        "hiking",
        "trekking",
        "outdoor",
        "natgeo",
        "lonelyplanet",
        "earthpix",
        "beautifuldestinations",
        "liburan",
        "wisata",
        "jalanjalan",
        "여행",
    ),
    emojis="✈🏝🗺🧳🏖🗼🏔⛰🌋🛫🛬🚞⛵🏕",
)

_FAMILY = Niche(
    slug="family",
    name="Family & parenting",
    description=(
        "Family and parenting: motherhood and fatherhood, babies and toddlers, kids and children, pregnancy, "
        "newborns, raising children, family days out, school, breastfeeding, mom life and dad life, siblings and "
        "family moments."
    ),
    keywords=_words(
        """family | familia | familie | famille | famiglia | keluarga | parenting | parenthood | parent | parents |
        mom | moms | mommy | mama | mamma | mum | mums | mummy | mother | motherhood | madre |   maman |
        mutter | ibu | bunda | dad | dads | daddy | papa | pappa | father | fatherhood | padre |  pai | ayah |
        baby | babies | bebe | bebes | baby girl | baby boy | newborn | recien nacido | nyfodt | bayi | toddler |
        toddlers | kid | kids | child | children | nino | ninos | nina | hijos | hijo | hija | barn | barna | anak |
        anak-anak |  daughter | sibling | siblings | brother | sister | twins | pregnancy | pregnant |
        embarazada | embarazo | gravid | hamil | baby bump | due date | birth |
        breastfeeding | nursing | diaper | diapers | nappy | stroller | crib | nursery |   onesie |
          school | preschool | kindergarten | daycare | barnehage | homeschool | playground |
        playdate | bedtime |  naptime | tantrum | first steps | first birthday | milestone | months old |
        years old | grandma | grandpa | grandparents | abuela | abuelo | bestemor | nenek | kakek | 
         adoption | foster | mom life | momlife | mum life | dad life | working mom | stay at home
        mom | sahm | mamablogger | mommy blogger | 육아 | 아기 | 엄마 | 아빠 |  아들 | 딸"""
    ),
    hashtags=_words(
        """momlife | mumlife | dadlife | motherhood | fatherhood | parenting | momblogger | mommyblogger |
        mamablogger | instamom | instababy | babiesofinstagram | babystagram | toddlerlife | kidsofinstagram |
         childhoodunplugged | letthembelittle | thehappynow | pregnancy | bumpstyle | newborn |
        newbornphotography | babygirl | babyboy | babyfashion |  kidsfashion | 
        familytime | familyfirst | ibuhamil | ibudananak | mammaliv | 육아 |   아기 | """
    ),
    hashtag_stems=(
        "momlife",
        "mumlife",
        "dadlife",
        "mommy",
        "mummy",
        "mamablog",
        "mamaliv",
        "mammaliv",
        "motherhood",
        "fatherhood",
        "parenting",
        "baby",
        "babies",
        "bebe",
        "toddler",
        "kidsof",
        "kidsfashion",
        "childhood",
        "newborn",
        "pregnan",
        "bumpstyle",
        "familytime",
        "familyfirst",
        "familylife",
        "keluarga",
        "letthembelittle",
        "육아",
        "아기",
        "엄마",
    ),
    emojis="👶🍼🤰👪🧸🚼🤱👨‍👩‍👧",
)

_HOME = Niche(
    slug="home",
    name="Home & interiors",
    description=(
        "Home and interiors: interior design and home decor, living rooms, kitchens and bedrooms, renovations, "
        "DIY projects and furniture makeovers, painting and upcycling, organising and cleaning, gardening and "
        "plants, cosy styling, farmhouse and Scandinavian design."
    ),
    keywords=_words(
        """ house | hjem | hus | casa | hogar | rumah | maison | haus | interior | interiors | interior design |
        interiør | interior | interieur | decor | decoration | decoracion | decoração | dekor | dekorasi |
        home decor |
        homedecor | decorating | living room | stue | sala |  bedroom | soverom | dormitorio | kamar |
        kitchen | kjokken | cocina | dapur | bathroom |  bano | kamar mandi | dining room | entryway | hallway |
        nursery |  furniture | mobler | muebles | furnitur | sofa | couch | chair |  shelf | shelves |
        shelfie | bookshelf | cabinet | cabinets | dresser |  nightstand |  bedding | pillows |
        cushions | throw pillows | rug | rugs | curtains | lamp | lighting | mirror | gallery wall |
        wallpaper | tiles | paint | painted | painting | chalk paint | milk paint | makeover | before and after |
        renovation | renovate | remodel | oppussing | renovasi | reforma | diy | do it yourself | upcycle |
        upcycling | thrift flip | refinish | refinished | vignette | mantel | fireplace | cozy | cosy | koselig |
        hygge | farmhouse | rustic | shiplap | scandinavian | scandi | minimalist | boho | mid century | modern
        farmhouse | neutral tones |   plants | houseplants |  potted | garden | gardening |
        hage | jardin | taman |  vase | candles | organize | organizing | organization | declutter |
        cleaning | clean home | storage | pantry | laundry room | homeowner | new house | new home |
        fixer upper | real estate | architecture | 인테리어 | 집꾸미기 | 홈스타일링"""
    ),
    hashtags=_words(
        """homedecor | interiordesign | interior | interiors | interiorstyling | interior123 | myhome |
        homesweethome |
        farmhousestyle | farmhousedecor | modernfarmhouse | fixerupper | shiplap | diyhomedecor | furnituremakeover |
        paintedfurniture | upcycled | chalkpaint | beforeandafter | homereno | renovation | cozyhome | hygge |
        scandinavianhome | nordichome | boligpluss | interiør | mitthjem | interiorinspo | homestyling | shelfie |
        houseplants | plantsofinstagram | urbanjungle | gardening | myhousebeautiful | apartmenttherapy |
        howwedwell | currentdesignsituation | 인테리어 | 집꾸미기 | 홈스타그램"""
    ),
    hashtag_stems=(
        "homedecor",
        "decor",
        "interior",
        "interiør",
        "farmhouse",
        "fixerupper",
        "shiplap",
        "diyhome",
        "homereno",
        "renovat",
        "makeover",
        "paintedfurniture",
        "furniture",
        "upcycl",
        "chalkpaint",
        "homesweet",
        "myhome",
        "cozyhome",
        "hygge",
        "nordichome",
        "scandinavianhome",
        "homestyl",
        "shelfie",
        "houseplant",
        "plantsof",
        "urbanjungle",
        "garden",
        "apartment",
        "housebeautiful",
        "boligpluss",
        "mitthjem",
        "인테리어",
        "집꾸미기",
    ),
    emojis="🛋🏡🪴🛏🕯🖼🪑🧹🔨🏠",
)

_PETS = Niche(
    slug="pets",
    name="Pets & animals",
    description=(
        "Pets and animals: dogs and puppies, cats and kittens, rescue pets, pet care and grooming, walks, treats "
        "and toys, dog breeds such as golden retrievers and french bulldogs, horses, rabbits and other pets "
        "posting from the pet's point of view."
    ),
    keywords=_words(
        """pet | pets | mascota | mascotas | kjaeledyr | hewan peliharaan | haustier | animal | animals | dog | dogs |
        doggo | doggy | doggie | pup | pups | puppy | puppies | perro | perros | perrito | cachorro | hund | hunder |
        hundene | valp | anjing | chien |  cat | cats | kitty | kitten | kittens | gato | gatos | gatito |
        katt | katter | kucing |  gatto | poes | kat | meow | purr | woof |  barking | paw | paws |
        patas | pawty | fur | furry | fluffy | floof | fur baby | furbaby | fur babies | fur mom | dog mom |
        dog dad | cat mom | cat dad | pet parent | pet parents |     adopt dont
        shop | shelter |  vet | veterinarian | veterinario | dyrlege | groomer | grooming | leash |
         harness | kibble |  dog    squeaky |  walkies | dog walk |
        dog park | zoomies | belly rubs | good boy | good girl | goodest | golden retriever |  labrador |
         husky | corgi | pug | frenchie | french bulldog | bulldog | dachshund | doxie | beagle | poodle |
        doodle | goldendoodle | labradoodle | chihuahua | pomeranian | shiba | samoyed | german shepherd |
        border collie |  pitbull | terrier | schnauzer | maine coon | ragdoll | tabby | bengal | sphynx |
        horse | horses | pony | equestrian | rabbit | bunny | hamster | guinea pig | parrot |  reptile |
        snake | aquarium | petco | petsmart | chewy | 강아지 | 고양이 | 댕댕이 | 멍스타그램 | 냥스타그램"""
    ),
    hashtags=_words(
        """dogsofinstagram | catsofinstagram | dogstagram | catstagram | instadog | instacat | puppylove |
        puppiesofinstagram |
        petsofinstagram | dogoftheday | catoftheday | weeklyfluff | barkbox | dogsofig | doggo | woof | meow |
        adoptdontshop | rescuedog | rescuecat | fostering | goldenretriever |  frenchie |
        frenchbulldog | corgi | huskies | pugsofinstagram | dachshund | doodle | dogmom | dogdad | catmom |
        catlady | furbaby | petstagram | animallovers | hundeliv | hund | anjing | kucing | 강아지 | 고양이 |
        멍스타그램 | 냥스타그램 | 댕댕이"""
    ),
    hashtag_stems=(
        "dogsof",
        "catsof",
        "dogstagram",
        "catstagram",
        "instadog",
        "instacat",
        "puppy",
        "puppies",
        "pupp",
        "doggo",
        "doggy",
        "dogoftheday",
        "catoftheday",
        "petsof",
        "petstagram",
        "pupstagram",
        "furbaby",
        "furbabies",
        "rescuedog",
        "rescuecat",
        "adoptdontshop",
        "goldenretriever",
        "goldendoodle",
        "labrador",
        "frenchie",
        "frenchbulldog",
        "bulldog",
        "corgi",
        "husky",
        "huskies",
        "dachshund",
        "pugsof",
        "kitten",
        "kitty",
        "meow",
        "woof",
        "dogmom",
        "dogdad",
        "catmom",
        "catlady",
        "dogsofig",
        "weeklyfluff",
        "barkbox",
        "hundeliv",
        "valp",
        "petco",
        "petsmart",
        "anjing",
        "kucing",
        "perro",
        "gato",
        "강아지",
        "고양이",
        "멍스타",
        "냥스타",
        "댕댕",
    ),
    emojis="🐶🐱🐕🐈🐾🐩🦮🐰🐹🐴🐎🐦🦜🐠🐇",
)

_TECH = Niche(
    slug="tech",
    name="Tech",
    description=(
        "Technology: smartphones, laptops and computers, gadgets, unboxings and reviews, apps and software, "
        "coding and programming, desk setups, cameras and photography gear, smart home devices, AI and startups."
    ),
    keywords=_words(
        """tech | technology | teknologi | tecnologia | technologie | gadget | gadgets | smartphone | 
        iphone | android | samsung | galaxy | pixel | laptop | macbook | computer |  desktop | monitor |
        keyboard | mechanical keyboard |  desk   battlestation | unboxing |  specs |
        processor | cpu | gpu |  battery life | charger | usb-c | headphones | earbuds | airpods | speaker |
        smartwatch | apple watch | tablet | ipad |   mirrorless |  apps | software | 
        ios | macos | windows | linux | coding |  programming | programmer | developer | software engineer |
        python | javascript | startup | startups | ai | artificial intelligence | machine learning | robot |
        robotics | drone tech | vr | virtual reality |  smart home | wifi | 5g |   cybersecurity |
        electronics | 3d printing | raspberry pi | arduino | tech review | techie | geek | 테크 | 전자기기"""
    ),
    hashtags=_words(
        """tech | technology | gadgets | techie | unboxing | setup | desksetup | battlestation | workspace | iphone |
        android | apple | samsung | macbook | coding | programming | developer | codinglife | 100daysofcode |
        startup | ai | machinelearning | smarthome | techreview | geek | mechanicalkeyboard | pcbuild"""
    ),
    hashtag_stems=(
        "tech",
        "gadget",
        "unboxing",
        "desksetup",
        "battlestation",
        "iphone",
        "android",
        "macbook",
        "coding",
        "programming",
        "developer",
        "100daysofcode",
        "machinelearning",
        "smarthome",
        "pcbuild",
        "keyboard",
        "setupwars",
        "geek",
    ),
    emojis="💻📱⌨🖥🖱🔋🤖📡💾",
)

_GAMING = Niche(
    slug="gaming",
    name="Gaming",
    description=(
        "Video games and gaming: playing on PlayStation, Xbox, Nintendo Switch and PC, streaming on Twitch, "
        "esports, new game releases, gameplay clips, gaming setups, cosplay of game characters and board games."
    ),
    keywords=_words(
        """gaming | gamer | gamers | videogame | video game | video games | videojuegos | juegos |
        playstation | ps4 | ps5 | xbox | nintendo |  pc gaming | steam | twitch |  streaming |
        streamer | live stream | esports | e-sports | fortnite | minecraft | call of duty | warzone | league of
        legends | valorant | apex legends | overwatch | pokemon | zelda | mario | gta | fifa | world of warcraft |
        elden ring | rpg | mmo | gameplay | speedrun | boss fight |  multiplayer | co-op | cosplay | cosplayer |
        board games | tabletop | dungeons and dragons |
        retro gaming |  게임"""
    ),
    hashtags=_words(
        """gaming | gamer | gamersofinstagram | videogames | playstation | ps5 | ps4 | xbox | nintendo |
        nintendoswitch | pcgaming | twitch | twitchstreamer | streamer | esports | fortnite | minecraft | cod |
        callofduty | pokemon | cosplay | retrogaming | boardgames | gamingsetup | gamergirl"""
    ),
    hashtag_stems=(
        "gaming",
        "gamer",
        "videogame",
        "playstation",
        "xbox",
        "nintendo",
        "pcgaming",
        "twitch",
        "esport",
        "fortnite",
        "minecraft",
        "callofduty",
        "pokemon",
        "cosplay",
        "retrogam",
        "boardgame",
        "speedrun",
    ),
    emojis="🎮🕹👾🎲",
)

_SUSTAINABILITY = Niche(
    slug="sustainability",
    name="Sustainability",
    description=(
        "Sustainability and eco-friendly living: zero waste, reducing plastic, recycling, slow fashion, climate "
        "change and climate action, conservation, ethical and sustainable brands, second hand and low impact "
        "living."
    ),
    keywords=_words(
        """sustainability | sustainable | sustainably | sostenible | sostenibilidad | sustentavel | baerekraft |
        baerekraftig | berkelanjutan | nachhaltig | durable | eco | eco-friendly | eco friendly | environment |
        environmental | climate | climate change | climate action | climate crisis | global warming | carbon |
        carbon footprint | net zero | zero waste | zerowaste | low waste | plastic free | plastic-free | single-use
        plastic | plastic pollution | reusable | refill | recycle | recycling | reciclar | resirkulering | upcycle |
        compost | composting | slow fashion | ethical fashion | fair trade | organic | conscious | conscious
        consumer | ethical | biodiversity | conservation | ocean cleanup | beach clean | beach cleanup | renewable |
        solar | green living | planet | save the planet | earth day | fridays for future | greenwashing | circular
        economy | secondhand first | minimal waste"""
    ),
    hashtags=_words(
        """sustainability | sustainable | zerowaste | plasticfree | ecofriendly | slowfashion | ethicalfashion |
        climateaction | climatechange | savetheplanet | earthday | reuse | recycle | lowwaste | greenliving |
        fridaysforfuture | secondhandfirst | whomademyclothes | fashionrevolution | consciousliving"""
    ),
    hashtag_stems=(
        "sustainab",
        "zerowaste",
        "plasticfree",
        "ecofriendly",
        "slowfashion",
        "ethicalfashion",
        "climate",
        "savetheplanet",
        "earthday",
        "recycl",
        "lowwaste",
        "greenliving",
        "fridaysforfuture",
        "secondhandfirst",
        "whomademyclothes",
        "fashionrevolution",
        "baerekraft",
        "nachhaltig",
    ),
    emojis="♻🌱🌍🌎🌏",
)

_WELLNESS = Niche(
    slug="wellness",
    name="Wellness",
    description=(
        "Wellness and wellbeing: mental health, self-care, mindfulness and meditation, yoga practice, healthy "
        "habits, sleep, stress and anxiety, holistic health, nutrition for wellbeing, spirituality and healing."
    ),
    keywords=_words(
        """wellness | wellbeing | well-being | bienestar | bem-estar | velvaere | kesehatan | self care |
        self-care | selfcare | self love | self-love | mental health | salud mental | psykisk helse | anxiety |
        ansiedad | depression | stress | burnout | therapy | therapist | healing |  mindfulness | mindful |
        meditation | meditate | meditacion | breathwork |  yoga | yogi | namaste | asana | chakra |
        spiritual | spirituality | gratitude | grateful | journaling |  affirmation | affirmations |
        manifest | manifesting | holistic | ayurveda |   gut health |  immunity |
        hormones | slow living | inner peace | positive mindset | healthy habits | healthy lifestyle |
        healthy living | vida sana | sunn livsstil | hidup sehat | herbal |
        supplements | vitamins | collagen | essential oils | aromatherapy | reiki | crystals | sound bath"""
    ),
    hashtags=_words(
        """wellness | wellbeing | selfcare | selflove | mentalhealth | mentalhealthawareness | mindfulness |
        meditation | yoga | yogi | yogaeveryday | yogapractice | yogainspiration | namaste | gratitude |
        healthylifestyle | healthyliving | holistichealth | guthealth | selfcaresunday | slowliving | healing |
        bienestar | manifestation | affirmations"""
    ),
    hashtag_stems=(
        "wellness",
        "wellbeing",
        "selfcare",
        "selflove",
        "mentalhealth",
        "mindful",
        "meditat",
        "yoga",
        "namaste",
        "gratitude",
        "healthylifestyle",
        "healthyliving",
        "holistic",
        "guthealth",
        "slowliving",
        "healing",
        "bienestar",
        "manifest",
        "affirmation",
    ),
    emojis="🧘🕉☯🙏",
)

_LIFESTYLE = Niche(
    slug="lifestyle",
    name="Lifestyle",
    description=(
        "General lifestyle: everyday life and daily routines, vlogs, weekends with friends, personal updates, "
        "events and parties, books, music and hobbies, city life, productivity and motivation, a mix of topics "
        "from one person's life."
    ),
    keywords=_words(
        """lifestyle | estilo de vida | gaya hidup | livsstil | daily life | day in the life | morning routine |
        night routine | vlog | vlogger | wedding | anniversary | date night | girls night | night out | books |
        reading | bookstagram | podcast | coffee date | life update | q&a | recap | photo dump"""
    ),
    hashtags=_words(
        """lifestyle | lifestyleblogger | lifestyleblog | dailylife | dayinthelife | vlog | vlogger | photodump |
        bookstagram | livsstil | gayahidup | lifeupdate"""
    ),
    hashtag_stems=("lifestyle", "dayinthelife", "dailylife", "vlog", "photodump", "bookstagram", "livsstil"),
    emojis="",
)

def _with_extra(niche: Niche) -> Niche:
    """The niche with the multilingual seed lexicon of :mod:`reachroom.content.lexicon_i18n` added."""
    keywords, hashtags = EXTRA.get(niche.slug, ("", ""))
    return replace(niche, keywords=niche.keywords | _words(keywords), hashtags=niche.hashtags | _words(hashtags))


NICHES: tuple[Niche, ...] = tuple(_with_extra(n) for n in (
    _BEAUTY,
    _FASHION,
    _FITNESS,
    _FOOD,
    _TRAVEL,
    _FAMILY,
    _HOME,
    _PETS,
    _TECH,
    _GAMING,
    _SUSTAINABILITY,
    _WELLNESS,
    _LIFESTYLE,
))

SLUGS: tuple[str, ...] = tuple(n.slug for n in NICHES)
BY_SLUG: dict[str, Niche] = {n.slug: n for n in NICHES}


def get_niche(slug: str) -> Niche:
    """The niche with this slug (``KeyError`` for an unknown slug)."""
    return BY_SLUG[slug]


def is_slug(value: str) -> bool:
    return value in BY_SLUG
