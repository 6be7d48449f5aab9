"""Static vocabularies of the demo generator: countries, languages, names, cities and niche traits.

Everything here is fixed data, so the generator's output depends only on the seed. Orders matter: indices
into these tuples are drawn by the random generator, so append, never reorder (that changes the data of a seed).
"""

from reachroom.core.vocab import AGE_BANDS, GENDERS, NICHE_SLUGS

NICHES: tuple[str, ...] = NICHE_SLUGS
PLATFORMS: tuple[str, ...] = ("instagram", "tiktok", "youtube")

# --- countries: UK-heavy mix (GB ~45%) -------------------------------------------------------------------
COUNTRIES: tuple[str, ...] = ("GB", "US", "IE", "DE", "FR", "ES", "NL", "IT", "AU", "CA", "IN", "BR")
COUNTRY_WEIGHTS: tuple[float, ...] = (45, 14, 6, 5, 5, 4, 3, 4, 4, 4, 3, 3)

# Creator language given the country: (language, share) pairs; shares sum to 1.
COUNTRY_LANGUAGES: dict[str, tuple[tuple[str, float], ...]] = {
    "GB": (("en", 0.98), ("cy", 0.02)),
    "US": (("en", 0.92), ("es", 0.08)),
    "IE": (("en", 0.97), ("ga", 0.03)),
    "DE": (("de", 0.88), ("en", 0.12)),
    "FR": (("fr", 0.93), ("en", 0.07)),
    "ES": (("es", 0.90), ("ca", 0.05), ("en", 0.05)),
    "NL": (("nl", 0.75), ("en", 0.25)),
    "IT": (("it", 0.94), ("en", 0.06)),
    "AU": (("en", 1.0),),
    "CA": (("en", 0.78), ("fr", 0.22)),
    "IN": (("en", 0.65), ("hi", 0.35)),
    "BR": (("pt", 0.96), ("en", 0.04)),
}

# What languages an audience in a country speaks (for audience language shares).
AUDIENCE_LANGUAGES: dict[str, dict[str, float]] = {
    "GB": {"en": 0.97, "pl": 0.02, "cy": 0.01},
    "US": {"en": 0.86, "es": 0.14},
    "IE": {"en": 0.98, "ga": 0.02},
    "DE": {"de": 0.92, "en": 0.05, "tr": 0.03},
    "FR": {"fr": 0.97, "en": 0.03},
    "ES": {"es": 0.88, "ca": 0.09, "en": 0.03},
    "NL": {"nl": 0.92, "en": 0.08},
    "IT": {"it": 0.98, "en": 0.02},
    "AU": {"en": 0.97, "zh": 0.03},
    "CA": {"en": 0.76, "fr": 0.22, "zh": 0.02},
    "IN": {"en": 0.45, "hi": 0.45, "ta": 0.05, "bn": 0.05},
    "BR": {"pt": 0.99, "en": 0.01},
    "PL": {"pl": 1.0}, "ID": {"id": 0.95, "en": 0.05}, "TR": {"tr": 1.0}, "RU": {"ru": 1.0},
    "NG": {"en": 1.0}, "PK": {"ur": 0.6, "en": 0.4}, "EG": {"ar": 1.0}, "BD": {"bn": 1.0},
    "PH": {"en": 0.5, "tl": 0.5}, "MX": {"es": 1.0}, "SE": {"sv": 0.9, "en": 0.1}, "PT": {"pt": 1.0},
}

# Audience countries: a creator's audience is home-biased, the rest spread over this "world" mix.
AUDIENCE_WORLD: dict[str, float] = {
    "US": 0.22, "GB": 0.14, "IN": 0.08, "CA": 0.05, "AU": 0.05, "DE": 0.05, "IE": 0.03, "FR": 0.04,
    "ES": 0.04, "IT": 0.04, "NL": 0.03, "BR": 0.05, "PL": 0.03, "SE": 0.02, "PT": 0.02, "MX": 0.03,
    "PH": 0.02, "TR": 0.02,
}
# Where bought and bot followers typically claim to be (fake-heavy audiences drift here).
FAKE_AUDIENCE_WORLD: dict[str, float] = {
    "IN": 0.18, "BR": 0.14, "ID": 0.14, "TR": 0.10, "RU": 0.10, "NG": 0.08, "PK": 0.08, "EG": 0.06,
    "BD": 0.06, "PH": 0.06,
}

# --- niches ---------------------------------------------------------------------------------------------
NICHE_WEIGHTS: dict[str, float] = {
    "beauty": 12, "fashion": 13, "fitness": 8, "food": 9, "travel": 8, "family": 7, "home": 6, "pets": 4,
    "tech": 4, "gaming": 5, "sustainability": 4, "wellness": 6, "lifestyle": 14,
}
# Secondary niches that plausibly go with a primary one.
RELATED_NICHES: dict[str, tuple[str, ...]] = {
    "beauty": ("fashion", "wellness", "lifestyle"),
    "fashion": ("beauty", "lifestyle", "travel", "sustainability"),
    "fitness": ("wellness", "food", "lifestyle"),
    "food": ("travel", "family", "wellness", "home"),
    "travel": ("food", "lifestyle", "fashion"),
    "family": ("home", "food", "lifestyle"),
    "home": ("family", "sustainability", "lifestyle"),
    "pets": ("family", "home", "travel"),
    "tech": ("gaming", "lifestyle"),
    "gaming": ("tech", "lifestyle"),
    "sustainability": ("home", "fashion", "food"),
    "wellness": ("fitness", "food", "beauty"),
    "lifestyle": ("fashion", "travel", "food", "home"),
}
# Share of creators (and, shifted, of their audiences) who are women, per niche.
NICHE_FEMALE: dict[str, float] = {
    "beauty": 0.88, "fashion": 0.78, "fitness": 0.55, "food": 0.6, "travel": 0.58, "family": 0.8,
    "home": 0.75, "pets": 0.65, "tech": 0.22, "gaming": 0.2, "sustainability": 0.68, "wellness": 0.78,
    "lifestyle": 0.7,
}
# Primary-platform mix per niche (instagram, tiktok, youtube).
NICHE_PLATFORMS: dict[str, tuple[float, float, float]] = {
    "beauty": (0.55, 0.32, 0.13), "fashion": (0.62, 0.28, 0.10), "fitness": (0.5, 0.3, 0.2),
    "food": (0.55, 0.3, 0.15), "travel": (0.6, 0.2, 0.2), "family": (0.6, 0.25, 0.15),
    "home": (0.68, 0.2, 0.12), "pets": (0.5, 0.38, 0.12), "tech": (0.25, 0.3, 0.45),
    "gaming": (0.12, 0.38, 0.5), "sustainability": (0.62, 0.25, 0.13), "wellness": (0.6, 0.25, 0.15),
    "lifestyle": (0.58, 0.3, 0.12),
}
# Audience age profile per niche over AGE_BANDS (13-17, 18-24, 25-34, 35-44, 45-54, 55+).
NICHE_AGES: dict[str, tuple[float, ...]] = {
    "beauty": (0.07, 0.33, 0.35, 0.15, 0.06, 0.04), "fashion": (0.06, 0.32, 0.36, 0.16, 0.06, 0.04),
    "fitness": (0.04, 0.27, 0.38, 0.2, 0.08, 0.03), "food": (0.03, 0.18, 0.32, 0.25, 0.13, 0.09),
    "travel": (0.03, 0.22, 0.35, 0.22, 0.11, 0.07), "family": (0.02, 0.12, 0.42, 0.3, 0.09, 0.05),
    "home": (0.02, 0.14, 0.36, 0.28, 0.12, 0.08), "pets": (0.06, 0.24, 0.32, 0.2, 0.11, 0.07),
    "tech": (0.08, 0.3, 0.34, 0.17, 0.07, 0.04), "gaming": (0.16, 0.4, 0.29, 0.1, 0.03, 0.02),
    "sustainability": (0.04, 0.3, 0.36, 0.18, 0.08, 0.04), "wellness": (0.03, 0.22, 0.37, 0.23, 0.1, 0.05),
    "lifestyle": (0.06, 0.3, 0.35, 0.17, 0.08, 0.04),
}
# Platform shift of the age profile (multiplied in, then renormalised).
PLATFORM_AGE_SHIFT: dict[str, tuple[float, ...]] = {
    "instagram": (0.8, 1.0, 1.15, 1.05, 0.9, 0.8),
    "tiktok": (1.9, 1.45, 0.95, 0.7, 0.55, 0.45),
    "youtube": (1.2, 1.05, 1.0, 1.0, 1.05, 1.15),
}

# Words that go into handles, per niche (ASCII, lower case).
HANDLE_WORDS: dict[str, tuple[str, ...]] = {
    "beauty": ("beauty", "glow", "makeup", "skin", "glam", "lashes"),
    "fashion": ("style", "styles", "wardrobe", "outfits", "closet", "wears"),
    "fitness": ("fit", "lifts", "trains", "strong", "moves", "runs"),
    "food": ("eats", "kitchen", "bakes", "cooks", "foodie", "plates"),
    "travel": ("travels", "wanders", "abroad", "roams", "explores", "journeys"),
    "family": ("family", "andkids", "crew", "littles", "household", "parenting"),
    "home": ("home", "interiors", "nest", "house", "athome", "renovates"),
    "pets": ("andpup", "dogs", "pets", "paws", "andcat", "woofs"),
    "tech": ("tech", "codes", "gadgets", "bytes", "builds", "unboxes"),
    "gaming": ("gaming", "plays", "games", "gg", "live", "streams"),
    "sustainability": ("green", "zerowaste", "ecolife", "sustainably", "lowimpact", "refills"),
    "wellness": ("wellness", "calm", "mindful", "yoga", "breathes", "balance"),
    "lifestyle": ("life", "daily", "diaries", "everyday", "journal", "days"),
}

# --- names: pools per name culture; countries map to a pool ---------------------------------------------
COUNTRY_NAME_POOL: dict[str, str] = {
    "GB": "en", "US": "us", "IE": "ie", "DE": "de", "FR": "fr", "ES": "es", "NL": "nl", "IT": "it",
    "AU": "en", "CA": "us", "IN": "in", "BR": "br",
}
FIRST_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {  # (female, male)
    "en": (("Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Mia", "Poppy", "Ella", "Lily",
            "Evie", "Freya", "Chloe", "Jessica", "Holly", "Hannah", "Lucy", "Georgia", "Millie", "Rosie",
            "Imogen", "Harriet", "Phoebe", "Jasmine", "Zara", "Aisha", "Megan", "Bethany", "Katie"),
           ("Oliver", "George", "Harry", "Jack", "Charlie", "Thomas", "James", "William", "Alfie", "Josh",
            "Sam", "Ben", "Daniel", "Ryan", "Callum", "Lewis", "Jamie", "Tom", "Max", "Ollie", "Reece",
            "Kieran", "Adam", "Luke", "Joe", "Rhys", "Finn", "Arjun", "Hamza", "Nathan")),
    "us": (("Emma", "Madison", "Ashley", "Taylor", "Brooke", "Kayla", "Sydney", "Hailey", "Lauren", "Megan",
            "Alexis", "Morgan", "Paige", "Riley", "Avery", "Harper", "Camila", "Sofia", "Maya", "Jordan",
            "Kennedy", "Savannah", "Natalie", "Brianna", "Claire", "Abby", "Jenna", "Leah", "Gabby", "Nora"),
           ("Ethan", "Noah", "Mason", "Logan", "Tyler", "Austin", "Brandon", "Caleb", "Dylan", "Hunter",
            "Jackson", "Carter", "Wyatt", "Connor", "Evan", "Jordan", "Kevin", "Marcus", "Derek", "Trevor",
            "Cody", "Blake", "Chase", "Mateo", "Diego", "Miles", "Zach", "Andrew", "Jason", "Eli")),
    "ie": (("Aoife", "Saoirse", "Niamh", "Ciara", "Sinead", "Roisin", "Aisling", "Clodagh", "Orla", "Caoimhe",
            "Emma", "Grace", "Sarah", "Kate", "Laura"),
           ("Conor", "Sean", "Cian", "Oisin", "Darragh", "Eoin", "Padraig", "Liam", "Ciaran", "Niall",
            "Jack", "James", "Adam", "Dylan", "Fionn")),
    "de": (("Lena", "Hannah", "Lea", "Anna", "Leonie", "Lisa", "Julia", "Laura", "Sophie", "Marie", "Johanna",
            "Katharina", "Franziska", "Mia", "Clara", "Emilia", "Jana", "Sarah", "Vanessa", "Nina"),
           ("Lukas", "Felix", "Jonas", "Leon", "Maximilian", "Paul", "Niklas", "Tim", "Jan", "Moritz", "Florian",
            "Tobias", "Sebastian", "Fabian", "David", "Philipp", "Simon", "Julian", "Finn", "Elias")),
    "fr": (("Camille", "Léa", "Manon", "Chloé", "Inès", "Sarah", "Jade", "Louise", "Emma", "Clara", "Juliette",
            "Margaux", "Océane", "Pauline", "Anaïs", "Mathilde", "Zoé", "Lucie", "Alice", "Elise"),
           ("Lucas", "Hugo", "Louis", "Théo", "Nathan", "Maxime", "Antoine", "Julien", "Thomas", "Arthur",
            "Clément", "Quentin", "Baptiste", "Romain", "Adrien", "Mathis", "Gabriel", "Raphaël", "Victor",
            "Paul")),
    "es": (("Lucía", "María", "Paula", "Carmen", "Sara", "Laura", "Marta", "Alba", "Claudia", "Irene",
            "Andrea", "Nerea", "Elena", "Noelia", "Cristina", "Ainhoa", "Julia", "Rocío", "Marina", "Sofía"),
           ("Pablo", "Alejandro", "Javier", "Daniel", "Sergio", "Adrián", "Álvaro", "Hugo", "Diego", "Iván",
            "Jorge", "Carlos", "Mario", "Rubén", "Marcos", "Raúl", "Iker", "Unai", "Miguel", "Víctor")),
    "nl": (("Sanne", "Lotte", "Fleur", "Anouk", "Lieke", "Femke", "Iris", "Eva", "Noor", "Britt", "Maud",
            "Sophie", "Julia", "Tess", "Roos"),
           ("Daan", "Bram", "Sem", "Lars", "Thijs", "Jesse", "Ruben", "Milan", "Niels", "Jeroen", "Stijn",
            "Bas", "Tim", "Luuk", "Joris")),
    "it": (("Giulia", "Chiara", "Francesca", "Sara", "Martina", "Alessia", "Federica", "Valentina", "Giorgia",
            "Elisa", "Sofia", "Aurora", "Beatrice", "Camilla", "Ludovica", "Noemi", "Greta", "Elena", "Marta",
            "Alice"),
           ("Lorenzo", "Matteo", "Alessandro", "Francesco", "Andrea", "Luca", "Marco", "Davide", "Simone",
            "Federico", "Riccardo", "Tommaso", "Giorgio", "Stefano", "Gabriele", "Nicolò", "Pietro",
            "Edoardo", "Leonardo", "Filippo")),
    "in": (("Priya", "Ananya", "Aditi", "Isha", "Kavya", "Sneha", "Pooja", "Riya", "Neha", "Diya", "Meera",
            "Tanvi", "Shreya", "Nisha", "Aarohi"),
           ("Arjun", "Rohan", "Aditya", "Vikram", "Karan", "Rahul", "Siddharth", "Aarav", "Ishaan", "Varun",
            "Nikhil", "Dev", "Kabir", "Yash", "Ankit")),
    "br": (("Ana", "Beatriz", "Mariana", "Larissa", "Camila", "Gabriela", "Juliana", "Fernanda", "Letícia",
            "Bianca", "Isabela", "Carolina", "Amanda", "Luana", "Rafaela"),
           ("Gabriel", "Lucas", "Matheus", "Pedro", "Rafael", "Guilherme", "Felipe", "Thiago", "Bruno", "Gustavo",
            "Caio", "Vinícius", "João", "Leonardo", "Rodrigo")),
}
LAST_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Evans", "Thomas", "Johnson", "Roberts",
           "Walker", "Wright", "Robinson", "Thompson", "White", "Hughes", "Edwards", "Green", "Hall", "Wood",
           "Harris", "Lewis", "Martin", "Jackson", "Clarke", "Clark", "Turner", "Hill", "Scott", "Cooper",
           "Morris", "Ward", "Moore", "King", "Watson", "Baker", "Harrison", "Morgan", "Patel", "Khan", "Ali",
           "Bennett", "Shaw", "Holmes", "Fletcher", "Marsh", "Barker", "Palmer", "Lloyd", "Begum"),
    "us": ("Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
           "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Moore", "Jackson", "Lee", "Perez",
           "Thompson", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker", "Young", "Allen",
           "Nguyen", "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Campbell", "Mitchell", "Carter",
           "Roberts"),
    "ie": ("Murphy", "Kelly", "O'Sullivan", "Walsh", "Byrne", "Ryan", "O'Brien", "O'Connor", "Doyle", "McCarthy",
           "Gallagher", "Doherty", "Kennedy", "Lynch", "Murray", "Quinn", "Moore", "McLoughlin", "Carroll",
           "Connolly", "Daly", "Brennan", "Burke", "Collins", "Nolan"),
    "de": ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
           "Hoffmann", "Koch", "Richter", "Bauer", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Braun",
           "Zimmermann", "Krüger", "Hartmann", "Lange", "Werner", "Krause"),
    "fr": ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
           "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
           "Morel", "Girard", "Andre", "Mercier", "Blanc"),
    "es": ("García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
           "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Muñoz", "Álvarez", "Romero", "Alonso",
           "Gutiérrez", "Navarro", "Torres", "Domínguez", "Vázquez", "Ramos"),
    "nl": ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
           "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen",
           "Dekker", "Brouwer"),
    "it": ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
           "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti",
           "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi"),
    "in": ("Sharma", "Verma", "Gupta", "Singh", "Kumar", "Patel", "Reddy", "Iyer", "Nair", "Mehta", "Joshi",
           "Rao", "Kapoor", "Malhotra", "Chopra", "Bose", "Das", "Menon", "Pillai", "Desai"),
    "br": ("Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
           "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Almeida", "Lopes", "Soares", "Fernandes",
           "Vieira", "Barbosa"),
}

# --- cities: (city, weight) per country ------------------------------------------------------------------
CITIES: dict[str, tuple[tuple[str, float], ...]] = {
    "GB": (("London", 30), ("Manchester", 9), ("Birmingham", 7), ("Leeds", 5), ("Glasgow", 5),
           ("Bristol", 5), ("Edinburgh", 5), ("Liverpool", 4), ("Cardiff", 3), ("Belfast", 3),
           ("Brighton", 3), ("Newcastle", 3), ("Sheffield", 3), ("Nottingham", 3), ("Leicester", 2),
           ("Southampton", 2), ("Oxford", 2), ("Cambridge", 2), ("York", 2), ("Bath", 2)),
    "US": (("New York", 20), ("Los Angeles", 16), ("Chicago", 8), ("Austin", 7), ("Miami", 7),
           ("Seattle", 6), ("Nashville", 5), ("Denver", 5), ("Atlanta", 6), ("San Francisco", 6),
           ("Boston", 5), ("Portland", 4), ("San Diego", 5)),
    "IE": (("Dublin", 55), ("Cork", 15), ("Galway", 12), ("Limerick", 10), ("Waterford", 8)),
    "DE": (("Berlin", 30), ("Hamburg", 15), ("München", 18), ("Köln", 12), ("Frankfurt", 10),
           ("Stuttgart", 8), ("Leipzig", 7)),
    "FR": (("Paris", 45), ("Lyon", 15), ("Marseille", 12), ("Bordeaux", 10), ("Nantes", 8), ("Lille", 10)),
    "ES": (("Madrid", 35), ("Barcelona", 30), ("Valencia", 12), ("Sevilla", 10), ("Málaga", 8),
           ("Bilbao", 5)),
    "NL": (("Amsterdam", 45), ("Rotterdam", 20), ("Utrecht", 15), ("Den Haag", 12), ("Eindhoven", 8)),
    "IT": (("Milano", 35), ("Roma", 30), ("Torino", 10), ("Firenze", 10), ("Bologna", 8), ("Napoli", 7)),
    "AU": (("Sydney", 40), ("Melbourne", 35), ("Brisbane", 12), ("Perth", 8), ("Adelaide", 5)),
    "CA": (("Toronto", 40), ("Vancouver", 25), ("Montréal", 20), ("Calgary", 8), ("Ottawa", 7)),
    "IN": (("Mumbai", 35), ("Delhi", 30), ("Bengaluru", 20), ("Chennai", 8), ("Hyderabad", 7)),
    "BR": (("São Paulo", 45), ("Rio de Janeiro", 30), ("Belo Horizonte", 10), ("Curitiba", 8),
           ("Porto Alegre", 7)),
}

# Emoji used by a niche's captions, and general ones.
NICHE_EMOJI: dict[str, tuple[str, ...]] = {
    "beauty": ("✨", "💄", "💋", "🌸", "💅", "🪞", "💖"), "fashion": ("👗", "👠", "🛍️", "🖤", "✨", "👜", "🤍"),
    "fitness": ("💪", "🏋️", "🔥", "🏃‍♀️", "⚡", "🥵", "🙌"), "food": ("😋", "🍝", "🥐", "🍰", "🌶️", "🥑", "🍳"),
    "travel": ("✈️", "🌍", "🏝️", "🗺️", "🏔️", "🌅", "🧳"), "family": ("👶", "❤️", "🏡", "🧸", "🥰", "👨‍👩‍👧", "🌈"),
    "home": ("🏡", "🕯️", "🪴", "🛋️", "🤍", "🧺", "✨"), "pets": ("🐶", "🐾", "🐱", "🦴", "🐕", "💛", "🥹"),
    "tech": ("💻", "📱", "⚡", "🔋", "🎧", "🤖", "🛠️"), "gaming": ("🎮", "🕹️", "👾", "🔥", "🏆", "💥", "🎧"),
    "sustainability": ("🌱", "♻️", "🌍", "🌿", "💚", "🐝", "🍃"), "wellness": ("🧘‍♀️", "🌿", "☀️", "🫖", "💆", "🌙", "🤍"),
    "lifestyle": ("☕", "✨", "📸", "🌸", "💫", "🙌", "😊"),
}
GENERAL_EMOJI: tuple[str, ...] = ("😍", "🙌", "❤️", "🔥", "😊", "👏", "🥰", "💯", "😂", "👇")

__all__ = [
    "AGE_BANDS", "AUDIENCE_LANGUAGES", "AUDIENCE_WORLD", "CITIES", "COUNTRIES", "COUNTRY_LANGUAGES",
    "COUNTRY_NAME_POOL", "COUNTRY_WEIGHTS", "FAKE_AUDIENCE_WORLD", "FIRST_NAMES", "GENDERS", "GENERAL_EMOJI",
    "HANDLE_WORDS", "LAST_NAMES", "NICHES", "NICHE_AGES", "NICHE_EMOJI", "NICHE_FEMALE", "NICHE_PLATFORMS",
    "NICHE_WEIGHTS", "PLATFORMS", "PLATFORM_AGE_SHIFT", "RELATED_NICHES",
]
