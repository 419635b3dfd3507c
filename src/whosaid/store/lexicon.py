"""Word lists the store's queries use: data only, each with the reason it exists."""

from __future__ import annotations

# `whosaid shared` lists quotes carried by several articles. Wire copy repeats stock phrases
# that the quote finder takes as indirect quotes ("... who asked not to be identified", "...
# declined to give further details"); they lead the list by sheer count but say nothing. A
# statement has a subject and a finite verb, which such fragments lack; without a parse at query
# time, two marks of them are used: fewer words than a clause needs, or an infinitive opening.
STATEMENT_MIN_WORDS = 5  # "not to be identified", "to give further details": 4 words
# Openings of an infinitive phrase (no subject, no finite verb), compared on lower-cased words.
INFINITIVE_OPENINGS: tuple[tuple[str, ...], ...] = (("to",), ("not", "to"))

# `whosaid conflicts`: a piece of a sentence the quote finder kept as a quote, opening with a
# relative pronoun or a linking phrase ("which would produce either newsprint ...", "including a
# 7.7 billion dlr loan, will be signed ...", "along with a mortgage loan, will be used to ...").
# It continues another clause, so on its own it is no statement anyone can be credited with.
FRAGMENT_OPENINGS: tuple[tuple[str, ...], ...] = (
    ("which",),
    ("who",),
    ("whose",),
    ("whom",),
    ("including",),
    ("along", "with"),
    ("as", "well", "as"),
    ("together", "with"),
    ("plus",),
    ("and",),
    ("or",),
    ("but",),
)
# Words a company's name ends with that a role does not repeat ("BankAmerica Corp" is the
# "BankAmerica" of "BankAmerica's vice president"): left out when a role is matched to a name.
ORGANISATION_SUFFIXES = frozenset(
    {
        *("ab", "ag", "asa", "bv", "co", "company", "corp", "corporation", "gmbh", "group"),
        *("holding", "holdings", "inc", "incorporated", "limited", "llc", "ltd", "nv", "oyj"),
        *("plc", "sa", "spa", "the", "of", "and"),
    }
)
# Entities named in this share of a store's articles or more (the country of a national wire,
# the market regulator every filing names) say nothing about which event two articles report.
COMMON_ENTITY_SHARE = 0.01
COMMON_ENTITY_MIN = 20  # ... and never fewer articles than this, so a small store keeps them all
# A speaker the article gives only as a pronoun ("He was quoted by PAP as saying", "It said")
# is resolved by whosaid, not named by the article: when two versions disagree, a version that
# rests on such mentions alone is more likely our resolution's slip than the article's claim.
SPEAKER_PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i", "him", "her", "them"})
# A wording credited to this many different speakers or more is a formula many write (a filing,
# a dividend notice), not one statement misattributed.
FORMULA_SPEAKERS = 3
# A capital stands for its country's government ("Washington warned Tehran"): a statement
# credited to "Tehran" in one story and to "Iran" in another is one voice, not a conflict.
# Keys are ``normal_key`` forms (lower case, punctuation as spaces); values are country keys.
CAPITALS = {
    "washington": "united states",
    "moscow": "russia",
    "beijing": "china",
    "peking": "china",
    "tokyo": "japan",
    "london": "britain",
    "paris": "france",
    "bonn": "west germany",
    "berlin": "germany",
    "rome": "italy",
    "madrid": "spain",
    "ottawa": "canada",
    "canberra": "australia",
    "wellington": "new zealand",
    "tehran": "iran",
    "baghdad": "iraq",
    "riyadh": "saudi arabia",
    "damascus": "syria",
    "cairo": "egypt",
    "ankara": "turkey",
    "jerusalem": "israel",
    "new delhi": "india",
    "islamabad": "pakistan",
    "kabul": "afghanistan",
    "seoul": "south korea",
    "pyongyang": "north korea",
    "manila": "philippines",
    "jakarta": "indonesia",
    "brasilia": "brazil",
    "buenos aires": "argentina",
    "mexico city": "mexico",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "brussels": "belgium",
    "the hague": "netherlands",
    "stockholm": "sweden",
    "oslo": "norway",
    "copenhagen": "denmark",
    "helsinki": "finland",
    "warsaw": "poland",
}
# Other keys of a country the store may hold as a speaker: the same government.
COUNTRY_NAMES = {
    "u s": "united states",
    "us": "united states",
    "usa": "united states",
    "u s a": "united states",
    "united states of america": "united states",
    "america": "united states",
    "u k": "britain",
    "uk": "britain",
    "united kingdom": "britain",
    "great britain": "britain",
    "soviet union": "russia",
    "ussr": "russia",
    "people s republic of china": "china",
}
