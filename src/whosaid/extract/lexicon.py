"""Word lists and quote marks for extraction: data only, each with the reason it exists."""

from __future__ import annotations


def words(block: str) -> frozenset[str]:
    """A word list written as a block of text, one or more words a line."""
    return frozenset(block.split())


# Opening mark -> the closing marks that may end it. Straight quotes close themselves; German
# „ closes with “ (or ”), French « with », and English “ with ”. Scrapers often mix styles, so
# each opening mark accepts the closers that appear with it in the wild.
QUOTE_PAIRS: dict[str, str] = {
    '"': '"”“',
    "“": '”"“',
    "„": '“”"',
    "«": "»",
    "‹": "›",
    "‘": "’'",
    "'": "'’",
    "‚": "‘’",
}
DOUBLE_OPENERS = frozenset('"“„«')
SINGLE_OPENERS = frozenset("'‘‹‚")
ALL_MARKS = frozenset("\"“”„«»‹›‘’'‚")

# Lemmas of verbs that report speech or a stance taken in public. PolNeAR also annotates belief
# and perception verbs (think, believe, expect), but those attribute to writers and polls as much
# as to people, so they only count when a quote mark or a named speaker supports them.
SPEECH_VERBS = words("""
say tell add state claim argue note explain insist warn announce report quote write ask
reply respond comment continue declare admit acknowledge suggest confirm deny describe call
praise urge predict promise vow pledge stress emphasize emphasise assert maintain recall
remark reveal tweet post testify observe complain concede contend counter caution allege
agree disagree dismiss criticize criticise accuse boast joke lament mention point propose
recommend reiterate repeat insist indicate disclose estimate forecast blast slam hail
welcome laud condemn question demand signal shout scream whisper yell cry exclaim muse
conclude summarize summarise advise inform notify assure remind brief order instruct command
threaten
quip laugh chuckle sigh gush marvel rave grumble mutter murmur recount elaborate clarify
opine retort interject
express voice blurt echo chime scoff snap fume concur proclaim profess swear confide divulge
hint imply speculate theorize theorise posit underscore underline tout brag decry deplore rebut
plead
""")

# Belief and opinion verbs: a cue only with a content clause and a named or pronoun subject.
BELIEF_VERBS = words("""
think believe expect hope fear feel worry doubt know consider find see estimate suspect
want wish
""")

# Verbs of evidence and position: studies "show" and "find", people "endorse" and "oppose".
# PolNeAR counts these as attributions when they carry a content clause.
EVIDENCE_VERBS = words("""
show find reveal endorse support oppose cite refer appear seem recommend
""")


# Words that open a clause belonging to what was said, so a comma after them does not end a
# lead-in: "that, if elected, ...", "if elected, ...", "when asked, ...".
CONTENT_OPENERS = words("""
that if when unless because although though while whether once after before since until as
""")

# Where a statement was made: "said in a statement", "wrote in an op-ed".
CHANNEL_NOUNS = words("""
statement interview letter email e-mail tweet post release speech op-ed oped column essay
memo note message video conference briefing call appearance remarks address hearing testimony
filing report blog podcast rally event debate meeting forum ceremony summit session
""")

# Verbs of intention and appeal whose content is an infinitive ("plans to cut taxes") or, for
# "call", a prepositional object ("called for a recount"). PolNeAR annotates them as attributions.
INTENT_VERBS = words("""
want plan hope refuse decline promise vow pledge urge seek threaten agree offer propose ask
encourage intend call demand
""")

# Speech verbs whose noun-phrase object is what was said ("claimed vast wealth", "denied the
# allegations", "praised the decision"). "say", "tell" and "ask" are not among them: "said
# goodbye" and "told reporters" name no content.
TOPIC_VERBS = words("""
claim deny acknowledge admit announce describe praise criticize criticise condemn defend
dismiss reject question blame cite mention reveal disclose predict promise propose recommend
demand endorse oppose support welcome hail slam blast attack accuse echo decry deplore tout
express voice
""")

# Capitalised words that open a paragraph with a colon without naming a speaker: a label with
# any of them ("ECB WATCH:", "LOOK:", "BREAKING NEWS:") is a rubric, not a transcript's speaker.
LABEL_WORDS = words("""
update note editor correction disclosure warning photo video watch read listen related
advertisement sponsored source sources q a
look see more also click breaking exclusive live analysis opinion factbox explainer preview
poll fyi tip photos gallery graphic chart map timeline recap highlights review commentary
news alert briefing fact check reality question answer quote quotes
""")

# Labels that open a teaser for another article ("READ MORE: Trump says ...", "RELATED:",
# "WATCH:"): the paragraph is a link's text, so nothing in it is a quote of this article.
TEASER_WORDS = words("""
read more related watch look listen see also click here photos photo video videos gallery
""")

# Relative pronouns: a subject "who" in "Don Fowler, who said ..." stands for Don Fowler.
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})

# Verbs whose object is the speaker and whose subject is the outlet that relays the quote:
# "agencies quoted Peskov as saying", "Reuters cited a spokesman as saying".
RELAY_VERBS = frozenset({"quote", "cite"})

# Verbs whose indirect object (or "to X") is the addressee: "X told AFP", "said to reporters".
ADDRESS_VERBS = frozenset(
    {
        "tell",
        "inform",
        "assure",
        "remind",
        "brief",
        "notify",
        "warn",
        "promise",
        "ask",
        "urge",
        "advise",
        "instruct",
        "order",
    }
)

# Prepositions after a cue that introduce the addressee ("said to reporters").
ADDRESSEE_PREPS = frozenset({"to"})

# Multi-word cues whose object is the speaker: "according to X", "in the words of X".
ACCORDING_TO = ("according", "to")

# Pronouns that can stand for a speaker, and what they can refer to.
PERSON_PRONOUNS = {"he": "m", "she": "f", "him": "m", "her": "f", "i": None, "we": None}
GROUP_PRONOUNS = frozenset({"they", "it", "we"})

# What the article itself says of a person's gender, so that "she" is not resolved to a man:
# honorifics before the name, gendered nouns in the roles it gives them ("spokeswoman", "his
# wife"), and the pronouns it uses for them. No list of first names: names do not carry gender
# reliably across the world's news, and no such data ships offline.
MALE_HONORIFICS = frozenset({"mr", "mr.", "sir", "lord"})
FEMALE_HONORIFICS = frozenset({"mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "madam"})
MALE_NOUNS = words("""
man boy father husband son brother grandfather uncle nephew king prince emperor duke baron
spokesman chairman businessman congressman councilman alderman sportsman statesman
widower dad grandson stepfather boyfriend fiance monk
""")
FEMALE_NOUNS = words("""
woman girl mother wife daughter sister grandmother aunt niece queen princess empress duchess
baroness spokeswoman chairwoman businesswoman congresswoman councilwoman alderwoman
sportswoman stateswoman actress widow mom mum granddaughter stepmother girlfriend fiancee nun
""")
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})

# Nouns for people by role: a speaker written as one of these ("the spokesman", "Putin's
# spokeswoman", "a senior official") is resolved to the person the article gives that role.
ROLE_NOUNS = words("""
spokesman spokeswoman spokesperson official officials minister secretary president leader
chief director head chairman chairwoman chair governor mayor senator congressman
congresswoman representative lawmaker legislator mp candidate ambassador envoy diplomat
general commander officer analyst expert researcher scholar professor economist strategist
adviser advisor aide counsel lawyer attorney prosecutor judge justice ceo executive founder
manager owner premier chancellor king queen prince emperor pope cardinal bishop pastor
sheriff chief inspector commissioner superintendent coach player captain author writer
journalist reporter editor columnist activist campaigner organizer organiser witness
resident residents survivor victim doctor nurse scientist engineer teacher student worker
farmer soldier negotiator mediator member members deputy vice press source sources
""")

# Nouns for people in general: a definite description headed by one ("the affable proprietor",
# "the rookie defenceman") refers to a person the article has been talking about.
PERSON_NOUNS = ROLE_NOUNS | words("""
man woman boy girl person people mother father wife husband son daughter brother sister parent
friend neighbour neighbor owner proprietor maverick professor defenceman defenseman forward
goalie goaltender coach rookie veteran founder entrepreneur artist singer actor actress director
musician player athlete star fan customer patient survivor victim suspect driver pilot officer
businessman businesswoman billionaire millionaire politician mp senator councillor councilor
chef baker farmer teenager youth resident native immigrant refugee mom dad grandmother
grandfather chief boss employee worker volunteer organizer organiser host guest accountant
clerk cashier mechanic electrician plumber carpenter firefighter paramedic librarian pharmacist
""")

# Nouns for organisations and outlets: "state media", "the agency", "the ministry".
ORG_NOUNS = words("""
media agency agencies ministry department government administration office council committee
commission court parliament congress senate house police army military newspaper paper daily
network broadcaster channel station tv television radio outlet outlets company firm bank
group party campaign union association federation institute university authority authorities
kremlin white house pentagon regime cabinet team club board
city town province county municipality ministry
""")

# Nouns that head titles of people; a capitalised word before a name that is one of these is a
# role ("President Putin"), not part of the name.
TITLE_WORDS = words("""
president prime minister secretary senator rep representative governor mayor general gen
admiral colonel col captain capt lieutenant sergeant sgt judge justice chancellor king queen
prince princess sheikh ayatollah pope cardinal bishop rabbi imam reverend rev dr doctor
professor prof mr mrs ms miss sir dame lord lady chief ceo chairman chairwoman director
commissioner ambassador spokesman spokeswoman spokesperson leader premier speaker deputy
vice mp
""")

# Honorifics dropped from a person's name: "Mr. Trump" is Trump.
HONORIFICS = frozenset(
    {
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "miss",
        "dr",
        "dr.",
        "sir",
        "dame",
        "lord",
        "lady",
        "prof",
        "prof.",
    }
)

# A quoted span with fewer words than this and no cue is a scare quote, a nickname or a title
# ('the so-called "peace plan"', 'the film "Jaws"'), not a quotation.
MIN_FREE_QUOTE_WORDS = 5

# Reporting verbs whose participle, without a subject of its own, reports what the subject of
# the clause it hangs on said: "the mayor said, adding that ...", "rejected the request, saying
# ...", "responded by saying ...", "filed a complaint, claiming that ...". Belief verbs are not
# among them: "fearing a loss, the firm sold" is the writer's account of a motive.
PARTICIPLE_CUES = SPEECH_VERBS | INTENT_VERBS

# Subordinators of a clause of background. An intention in such a clause ("as Putin seeks to
# bolster alliances", "while the party hopes to win") is the writer's framing of the story, not
# something its subject was reported to say. Reasons ("because they wanted to") are left alone:
# attribution corpora count them as the subject's stance.
FRAMING_MARKS = frozenset({"as", "while", "whilst"})

# Words that may come before a fronted "According to X, ..." without being part of what was
# said: "But according to the police, ...".
SENTENCE_LINKS = words("""
but and yet so however still now also meanwhile instead
""")

# Conjunctions that open a new clause: after "..., he said," one of them starts the writer's
# own sentence again ("It would take weeks, he said, and wrangling could follow").
COORDINATORS = words("""
and but or so yet
""")

# Subject pronouns: a short stretch before a comma that holds one is a clause ("he drank too
# much, used drugs ..."), never a sentence adverbial to drop from the content.
SUBJECT_PRONOUNS = words("""
i you he she we they
""")

# Every lemma that can be a cue.
CUE_LEMMAS = SPEECH_VERBS | BELIEF_VERBS | EVIDENCE_VERBS | INTENT_VERBS

# --- unnamed sources (extract/coref.py, pass 1) ---------------------------------------------------
# A speaker described with one of these phrases is one the article deliberately leaves
# anonymous ("the strategist, who requested anonymity", "a person familiar with the matter"):
# never resolve such a speaker to a named person, however close a name stands.
ANONYMITY_CUES = (
    "anonymity",
    "anonymously",
    "not authorized",
    "not authorised",
    "unauthorized",
    "unauthorised",
    "not allowed to",
    "not permitted to",
    "declined to be named",
    "asked not to be named",
    "declined to be identified",
    "asked not to be identified",
    "not to be named",
    "who would not be named",
    "familiar with",
    "close to the",
    "briefed on",
    "with knowledge of",
    "on condition",
    "on background",
)
# Head nouns that say the article withholds a name: "the source", "an insider".
ANONYMOUS_NOUNS = words("""
source sources insider insiders
""")
# Determiners and quantifiers of an indefinite or plural description: "a senior official",
# "some residents", "two officials", "many protesters" name nobody in particular.
INDEFINITE_DETERMINERS = words("""
a an some several many few two three four five six seven eight nine ten dozens hundreds
thousands other another various numerous most all both one any
""")

# Capitalised words that may stand right before a surname without being a given name: a
# sentence-opening word ("But Trump"), a possessor's place or outlet is caught by the titles;
# these are the function words and weekdays news capitalises at a sentence start.
NOT_GIVEN_NAMES = words("""
the a an but and or so yet if when while as at in on for of to by from with after before since
then also still even only this that these those his her their its our my your
monday tuesday wednesday thursday friday saturday sunday january february march april may june
july august september october november december u.s us uk u.k
""")

# People spoken of as a crowd: a plural of one of these with no name ("protesters said") is a
# group the article does not name, like "officials".
GROUP_NOUNS = words("""
protester protesters demonstrator demonstrators critic critics analyst analysts observer
observers investor investors voter voters supporter supporters opponent opponents parent
parents neighbour neighbours neighbor neighbors employee employees staff
""")

# Documents that speak for their author ("her statement said", "the union's report says").
# "release" is left out: "his release" in court news is a prisoner's, not a press release.
DOCUMENT_NOUNS = words("""
statement report memo letter email e-mail tweet post study survey filing submission
""")
# Legal suffixes of a company's name: "Samsung Electronics Co." and "Samsung Electronics" are
# one company (extract/entities.py), as are "TransCanada Corp." and "TransCanada".
CORPORATE_SUFFIXES = words("""
co corp corporation inc incorporated ltd limited llc plc ag sa nv gmbh
""")

# Possessive pronouns, as the personal pronoun whose antecedent they share.
POSSESSIVE_PRONOUNS = {"his": "he", "her": "she", "its": "it", "their": "they"}

# Capitalised abbreviations that name a country, not an organisation: an untagged acronym that
# speaks ("According to EHS") is taken for an organisation unless it is one of these.
PLACE_ACRONYMS = frozenset({"us", "uk", "usa", "uae", "drc", "prc", "dprk", "rok", "gb"})

# Conjunctions that set a second speaker's report against the first: "According to EHS, the
# target is met, but Chapman says it is not". After "and" the clause is more often still the
# first source's account ("According to police, officers saw him and they ordered him out").
CONTRASTIVE_LINKS = frozenset({"but", "while", "whereas", "although", "though", "yet"})
