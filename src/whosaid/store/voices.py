"""Which speaker rows of the store are one voice: the conflict rules of ``store.travel`` count
a statement credited to "Putin" and to "Vladimir Putin" once, and so a misspelt name, a short
given name, an organisation and its spokeswoman, a capital and its country's government.
"""

from __future__ import annotations

import difflib
import sqlite3
from collections import defaultdict
from dataclasses import dataclass

from whosaid.store.lexicon import CAPITALS, COUNTRY_NAMES, ORGANISATION_SUFFIXES

# Two spellings of one name word: "braodacasting" / "broadacasting" is 0.92, "Jones" / "Jonas"
# is not looked at (under 5 letters), "Baker" / "Barker" 0.91 would be, so both must also
# start alike and have as many words.
SPELLING_RATIO = 0.85


@dataclass(frozen=True, slots=True)
class Person:
    """A people row as the conflict rules read it: keys are ``normal_key`` forms."""

    name: str
    key: str
    aliases: frozenset[str]
    roles: frozenset[str]


def _spelled_alike(key_a: str, key_b: str) -> bool:
    """Two names word for word the same but for a typing slip or an initial: "Taft
    Braodacasting" / "Taft Broadacasting", "J Smith" / "John Smith". Wire copy misspells a name
    in one story and not the next; a different person's name differs in more than a letter."""
    words_a, words_b = key_a.split(), key_b.split()
    if len(words_a) != len(words_b) or len(words_a) < 2:
        return False
    for x, y in zip(words_a, words_b, strict=True):
        if x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]):
            continue
        if x[0] != y[0] or min(len(x), len(y)) < 5:
            return False
        if difflib.SequenceMatcher(None, x, y).ratio() < SPELLING_RATIO:
            return False
    return True


def _speaks_for(person: Person, organisation: Person) -> bool:
    """Whether one of the person's roles names the organisation ("a ChemLawn spokeswoman",
    "BankAmerica's vice president" for BankAmerica Corp): then a statement credited to either
    is the same voice, not a misattribution."""
    words = set(organisation.key.split()) - ORGANISATION_SUFFIXES
    return bool(words) and any(words <= set(role.split()) for role in person.roles)


def _same_person(a: Person, b: Person) -> bool:
    """Two people rows that are one voice: one's name is an alias of the other, every word of
    one's name is a word of the other's ("Putin", "Vladimir Putin"), the names differ by a
    slip of the keyboard or a short given name, one is the capital of the other's country, or
    one speaks for the other by a role the articles give."""
    if a.key in b.aliases or b.key in a.aliases:
        return True
    words_a, words_b = set(a.key.split()), set(b.key.split())
    if words_a <= words_b or words_b <= words_a:
        return True
    return (
        _spelled_alike(a.key, b.key)
        or _misspelt_surname(a.key, b.key)
        or _misspelt_surname(b.key, a.key)
        or _short_given_name(a.key, b.key)
        or _one_country(a.key, b.key)
        or _speaks_for(a, b)
        or _speaks_for(b, a)
    )


def _word_alike(x: str, y: str) -> bool:
    """One name word and a typing slip of it: same first letter, five letters or more."""
    if x == y:
        return True
    if x[0] != y[0] or min(len(x), len(y)) < 5:
        return False
    return difflib.SequenceMatcher(None, x, y).ratio() >= SPELLING_RATIO


def _misspelt_surname(short: str, full: str) -> bool:
    """ "Kapnik" and "Harvey Kapnick": a bare name that is the other's last word but for a
    slip of the keyboard (the wire spells a name two ways in two stories); "Rexnord nc" and
    "Rexnord Inc": a name misspelt in its last word only."""
    s, f = short.split(), full.split()
    if len(s) == 1 and len(f) > 1:
        return _word_alike(s[0], f[-1])
    if len(s) == len(f) > 1 and s[:-1] == f[:-1]:
        return difflib.SequenceMatcher(None, short, full).ratio() >= SPELLING_RATIO
    return False


def _short_given_name(a: str, b: str) -> bool:
    """ "Pat Carney" and "Patricia Carney": one surname, one given name the start of the
    other's (three letters at least)."""
    x, y = a.split(), b.split()
    if len(x) != 2 or len(y) != 2 or x[1] != y[1]:
        return False
    short, long = sorted((x[0], y[0]), key=len)
    return len(short) >= 3 and long.startswith(short)


def _one_country(a: str, b: str) -> bool:
    """ "Tehran" and "Iran", "Washington" and "United States": a capital stands for its
    country's government in news copy ("Washington warned Tehran")."""
    return a != b and (a in CAPITALS or b in CAPITALS) and _country(a) == _country(b)


def _country(key: str) -> str:
    """The country a capital or another name of a country stands for; else the key itself."""
    key = CAPITALS.get(key, key)
    return COUNTRY_NAMES.get(key, key)


def people_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, Person]:
    """id -> the person row with its alias and role keys."""
    marks = ",".join("?" * len(ids))
    rows = {
        int(r[0]): (str(r[1]), str(r[2]))
        for r in conn.execute(f"SELECT id, name, key FROM people WHERE id IN ({marks})", ids)
    }
    aliases: dict[int, set[str]] = defaultdict(set)
    for pid, key in conn.execute(
        f"SELECT person_id, key FROM aliases WHERE person_id IN ({marks})", ids
    ):
        aliases[int(pid)].add(str(key))
    roles: dict[int, set[str]] = defaultdict(set)
    for pid, key in conn.execute(
        f"SELECT person_id, key FROM person_roles WHERE person_id IN ({marks})", ids
    ):
        roles[int(pid)].add(str(key))
    return {
        pid: Person(name, key, frozenset(aliases[pid]), frozenset(roles[pid]))
        for pid, (name, key) in rows.items()
    }


def speaker_sets(conn: sqlite3.Connection, ids: list[int]) -> list[list[int]]:
    """The people ``ids`` grouped into persons: the rows that name one voice go together."""
    people = people_rows(conn, ids)
    persons: list[list[int]] = []
    for pid in sorted(people):
        home = next(
            (p for p in persons if any(_same_person(people[pid], people[o]) for o in p)), None
        )
        if home is None:
            persons.append([pid])
        else:
            home.append(pid)
    return persons
