"""How statements travel across the store: misattributions and the relay graph.

``conflicts``: statements (a variant family of quote groups, see ``store.variants``) credited to
two or more different speakers, the names of one person counted once. ``relays``: the directed
graph speaker -> relaying outlets (nearest the speaker first) -> the publishing outlet, with the
quotes and articles on every edge, as node-link JSON, GraphML or GEXF.
"""

from __future__ import annotations

import difflib
import io
import itertools
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from whosaid.store.keys import normal_key
from whosaid.store.lexicon import (
    COMMON_ENTITY_MIN,
    COMMON_ENTITY_SHARE,
    FORMULA_SPEAKERS,
    FRAGMENT_OPENINGS,
    SPEAKER_PRONOUNS,
)
from whosaid.store.queries import (
    _PERSON_IDS,
    _check_page,
    _person_params,
    _required_key,
    _run,
    family_quotes,
    is_statement,
)
from whosaid.store.variants import MIN_SHARED, overlap, words_of
from whosaid.store.voices import SPELLING_RATIO, Person, people_rows, speaker_sets

MAX_CONFLICTS_SCANNED = 100_000  # families looked at for one answer


# -- misattribution ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Version:
    """One speaker a statement is credited to, and the articles that credit it so."""

    speaker: str
    person_ids: list[int]
    articles: list[dict[str, Any]]

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "person_ids": self.person_ids, "articles": self.articles}


@dataclass(frozen=True, slots=True)
class Conflict:
    """A statement credited to several speakers: each version with its evidence."""

    statement: str
    variant_id: int
    versions: list[Version] = field(default_factory=list)

    @property
    def articles(self) -> int:
        return len({a["id"] for v in self.versions for a in v.articles})

    def to_dict(self) -> dict[str, Any]:
        return {
            "statement": self.statement,
            "variant_id": self.variant_id,
            "articles": self.articles,
            "versions": [v.to_dict() for v in self.versions],
        }


# Two speakers' versions must be nearly the same words to be one statement credited twice:
# a family also joins looser rewordings, and in wire copy a loose match is most often a formula
# two companies both use ("proceeds will be used for general corporate purposes").
CONFLICT_OVERLAP = 0.9


def _is_statement(content: str) -> bool:
    """A quote that can be credited to someone: a clause of ``MIN_SHARED`` words at least, not
    a stock fragment ("not to be identified") nor the continuation of another clause ("which
    would cost 400-500 mln dlrs", "including a 7.7 billion dlr loan")."""
    words = words_of(content)
    if len(words) < MIN_SHARED or not is_statement(content):
        return False
    return not any(tuple(words[: len(o)]) == o for o in FRAGMENT_OPENINGS)


def _same_words(x: list[str], y: list[str]) -> bool:
    """One wording replaced by another that says the same: an abbreviation ("U.S." / "United
    States") or a typing slip ("Petrleum" / "Petroleum"). Any other replaced word may change
    the fact ("raised" / "reduced the contract price"): another statement."""
    short, long = sorted((x, y), key=lambda words: len("".join(words)))
    if "".join(short) == "".join(w[0] for w in long):
        return True
    a, b = " ".join(x), " ".join(y)
    return a[:1] == b[:1] and difflib.SequenceMatcher(None, a, b).ratio() >= SPELLING_RATIO


def _one_wording(x: str, y: str) -> bool:
    """Whether two speakers' versions are one statement: nearly the same words (a replaced
    word that says the same counts as kept), one the other trimmed or extended, with no word
    replaced by one that says something else."""
    a, b = words_of(x), words_of(y)
    if overlap(a, b) == 0:
        return False  # a stock phrase at most in common, or another figure in one of them
    shared = 0
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            shared += i2 - i1
        elif tag == "replace":
            if not _same_words(a[i1:i2], b[j1:j2]):
                return False
            shared += min(i2 - i1, j2 - j1)
    return shared / min(len(a), len(b)) >= CONFLICT_OVERLAP


def _one_statement(a: list[sqlite3.Row], b: list[sqlite3.Row]) -> bool:
    return any(_one_wording(x["content"], y["content"]) for x in a for y in b)


def _family_rows(conn: sqlite3.Connection, variant_id: int) -> list[sqlite3.Row]:
    """The family's quotes a conflict can rest on: reported speech with a named speaker (not
    an anonymous source), each a statement; oldest first."""
    ids = [r["id"] for r in family_quotes(conn, variant_id)]
    if not ids:
        return []
    rows = _run(
        conn,
        "SELECT id, group_id, article_id, outlet, published, speaker, content, person_id, "
        f"unnamed, act, speaker_mention FROM quotes WHERE id IN ({','.join('?' * len(ids))}) "
        "ORDER BY published IS NULL, published, id",
        ids,
    )
    return [
        r
        for r in rows
        if r["person_id"] is not None
        and r["unnamed"] is None
        and r["act"] == "speech"
        and _is_statement(r["content"])
    ]


def _named_by_article(row: sqlite3.Row) -> bool:
    mention = normal_key(row["speaker_mention"] or "")
    return bool(mention) and mention not in SPEAKER_PRONOUNS


def _named_inside(conn: sqlite3.Connection, rows: list[sqlite3.Row]) -> set[str]:
    """The keys of the entities named inside the quotes, and their words."""
    ids = [r["id"] for r in rows]
    keys = {
        str(k)
        for (k,) in conn.execute(
            f"SELECT key FROM quote_mentions WHERE quote_id IN ({','.join('?' * len(ids))})", ids
        )
    }
    for r in rows:
        keys.update(words_of(r["content"]))
    return keys


def _about(person: Person, inside: set[str]) -> bool:
    """Whether the quote is about the person rather than by them: their name, or the last word
    of it (a surname), is among the words of the quote ("Reagan's loss of support ..." credited
    to Reagan by a misread cue)."""
    surname = person.key.split()[-1] if person.key else ""
    names = {person.key, *person.aliases}
    return bool(names & inside) or (len(surname) >= 3 and surname in inside)


def _entity_keys(conn: sqlite3.Connection, article_ids: set[int]) -> dict[int, set[str]]:
    marks = ",".join("?" * len(article_ids))
    out: dict[int, set[str]] = defaultdict(set)
    for aid, key in conn.execute(
        f"SELECT article_id, key FROM entities WHERE article_id IN ({marks})", list(article_ids)
    ):
        out[int(aid)].add(str(key))
    return out


def _common_entities(conn: sqlite3.Connection, keys: set[str]) -> set[str]:
    """The keys named in so many of the store's articles that sharing them says nothing."""
    if not keys:
        return set()
    total = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    bar = max(COMMON_ENTITY_MIN, COMMON_ENTITY_SHARE * total)
    marks = ",".join("?" * len(keys))
    return {
        str(k)
        for k, n in conn.execute(
            f"SELECT key, COUNT(DISTINCT article_id) FROM entities WHERE key IN ({marks}) "
            "GROUP BY key",
            sorted(keys),
        )
        if n >= bar
    }


def _same_story(
    conn: sqlite3.Connection, a: list[sqlite3.Row], b: list[sqlite3.Row], speakers: set[str]
) -> bool:
    """Whether two versions' articles report one event: they name a person, organisation or
    place in common besides the speakers (and besides the names nearly every article has). A
    formula two companies both write ("has no plans to seek control of the company") comes in
    stories that share nothing else."""
    ids_a, ids_b = {r["article_id"] for r in a}, {r["article_id"] for r in b}
    if ids_a & ids_b:
        return True  # one article crediting the words to two speakers
    keys = _entity_keys(conn, ids_a | ids_b)
    in_a = set().union(*(keys[i] for i in ids_a)) - speakers
    in_b = set().union(*(keys[i] for i in ids_b)) - speakers
    shared = in_a & in_b
    return bool(shared - _common_entities(conn, shared))


def _conflict(conn: sqlite3.Connection, variant_id: int) -> Conflict | None:
    rows = _family_rows(conn, variant_id)
    ids = sorted({int(r["person_id"]) for r in rows})
    if len(ids) < 2:
        return None
    people = people_rows(conn, ids)
    inside = _named_inside(conn, rows)
    # A speaker named inside the words is what the quote is about: not a version of its own.
    rows = [r for r in rows if not _about(people[int(r["person_id"])], inside)]
    persons = speaker_sets(conn, sorted({int(r["person_id"]) for r in rows}))
    if not 2 <= len(persons) < FORMULA_SPEAKERS:
        return None  # one speaker, or a formula many companies write
    speakers = {k for p in people.values() for k in (p.key, *p.aliases)}
    quotes_of = [[r for r in rows if r["person_id"] in ps] for ps in persons]
    # Each version must rest on an article that names its speaker, not only on a pronoun
    # whosaid resolved ("He was quoted by PAP as saying" credited to the wrong man).
    if not all(any(_named_by_article(r) for r in quotes) for quotes in quotes_of):
        return None
    if not any(
        _one_statement(quotes_of[i], quotes_of[j])
        and _same_story(conn, quotes_of[i], quotes_of[j], speakers)
        for i in range(len(persons))
        for j in range(i + 1, len(persons))
    ):
        return None
    titles = {
        int(r[0]): (r[1], r[2])
        for r in conn.execute(
            f"SELECT id, outlet, published FROM articles WHERE id IN ({','.join('?' * len(rows))})",
            [r["article_id"] for r in rows],
        )
    }
    versions = []
    for ps, quotes in zip(persons, quotes_of, strict=True):
        evidence = [
            {
                "id": r["article_id"],
                "outlet": titles[r["article_id"]][0],
                "published": titles[r["article_id"]][1],
                "quote_id": r["id"],
                "content": r["content"],
            }
            for r in quotes
        ]
        name = max((people[p].name for p in ps), key=len)  # the fullest of the person's names
        versions.append(Version(name, ps, evidence))
    versions.sort(key=lambda v: (-len({a["id"] for a in v.articles}), v.speaker))
    earliest = family_quotes(conn, variant_id)[0]["content"]
    return Conflict(earliest, variant_id, versions)


def conflicts(conn: sqlite3.Connection, limit: int = 20, offset: int = 0) -> list[Conflict]:
    """Statements credited to two or more different speakers (people or organisations), the
    most widely carried first (articles over all versions), each version with its articles."""
    _check_page(limit, offset)
    # Families whose quotes have two speaker rows or more; speaker_sets then merges the rows
    # that are one person, so a family may drop out here.
    families = _run(
        conn,
        "SELECT COALESCE(g.variant_id, g.id) AS family, COUNT(DISTINCT q.article_id) AS n "
        "FROM quotes q JOIN quote_groups g ON g.id = q.group_id "
        "WHERE q.person_id IS NOT NULL GROUP BY family "
        "HAVING COUNT(DISTINCT q.person_id) >= 2 ORDER BY n DESC, family LIMIT ?",
        [MAX_CONFLICTS_SCANNED],
    )
    found: list[Conflict] = []
    for row in families:
        c = _conflict(conn, int(row[0]))
        if c is not None:
            found.append(c)
            if len(found) >= offset + limit:
                break
    found.sort(key=lambda c: (-c.articles, c.variant_id))
    return found[offset : offset + limit]


# -- relay graph ------------------------------------------------------------------------------


@dataclass(slots=True)
class RelayGraph:
    """A directed graph of speakers and outlets: ``nodes`` id -> (name, kind), ``links``
    (source, target) -> (quote ids, article ids)."""

    nodes: dict[str, tuple[str, str]] = field(default_factory=dict)
    links: dict[tuple[str, str], tuple[set[int], set[int]]] = field(default_factory=dict)

    def add_chain(self, chain: list[tuple[str, str, str]], quote_id: int, article_id: int) -> None:
        """A quote's path: (id, name, kind) from the speaker to the publishing outlet."""
        for node_id, name, kind in chain:
            self.nodes.setdefault(node_id, (name, kind))
        for (a, _, _), (b, _, _) in itertools.pairwise(chain):
            if a == b:
                continue
            quotes, articles = self.links.setdefault((a, b), (set(), set()))
            quotes.add(quote_id)
            articles.add(article_id)

    def to_dict(self) -> dict[str, Any]:
        """Node-link JSON as networkx writes it (``node_link_data(G, edges="links")``)."""
        return {
            "directed": True,
            "multigraph": False,
            "graph": {},
            "nodes": [
                {"id": i, "name": name, "kind": kind}
                for i, (name, kind) in sorted(self.nodes.items())
            ],
            "links": [
                {"source": a, "target": b, "quotes": len(q), "articles": len(arts)}
                for (a, b), (q, arts) in sorted(
                    self.links.items(), key=lambda kv: (-len(kv[1][0]), kv[0])
                )
            ],
        }

    def to_networkx(self) -> Any:
        import networkx as nx

        g = nx.DiGraph()
        for i, (name, kind) in self.nodes.items():
            g.add_node(i, name=name, kind=kind, label=name)
        for (a, b), (q, arts) in self.links.items():
            g.add_edge(a, b, quotes=len(q), articles=len(arts), weight=len(q))
        return g

    def graphml(self) -> str:
        import networkx as nx

        buf = io.BytesIO()
        nx.write_graphml(self.to_networkx(), buf)
        return buf.getvalue().decode("utf-8")

    def gexf(self) -> str:
        import networkx as nx

        return "\n".join(nx.generate_gexf(self.to_networkx())) + "\n"


def _outlet_node(name: str) -> tuple[str, str, str]:
    return (f"outlet:{normal_key(name)}", " ".join(name.split()), "outlet")


def relays(
    conn: sqlite3.Connection, speaker: str | None = None, outlet: str | None = None
) -> RelayGraph:
    """The relay graph of the store's quotes: each quote with a resolved speaker or a relaying
    outlet adds its chain speaker -> via (nearest the speaker first) -> the article's outlet.
    ``speaker`` keeps one person's quotes (a name or alias); ``outlet`` those published or
    relayed by that outlet."""
    where = ["(q.person_id IS NOT NULL OR q.id IN (SELECT quote_id FROM quote_via))"]
    params: list[Any] = []
    if speaker:
        where.append(f"q.person_id IN ({_PERSON_IDS})")
        params += _person_params(_required_key(speaker, "speaker"))
    if outlet:
        where.append(
            "(q.outlet = ? COLLATE NOCASE "
            "OR q.id IN (SELECT quote_id FROM quote_via WHERE key = ?))"
        )
        params += [outlet.strip(), _required_key(outlet, "outlet")]
    rows = _run(
        conn,
        "SELECT q.id, q.article_id, q.person_id, p.name, q.outlet FROM quotes q "
        f"LEFT JOIN people p ON p.id = q.person_id WHERE {' AND '.join(where)}",
        params,
    )
    vias: dict[int, list[str]] = defaultdict(list)
    ids = [r[0] for r in rows]
    for start in range(0, len(ids), 900):  # SQLite's bound-parameter limit, with room
        chunk = ids[start : start + 900]
        for qid, name in conn.execute(
            "SELECT quote_id, name FROM quote_via WHERE quote_id IN "
            f"({','.join('?' * len(chunk))}) ORDER BY quote_id, n IS NULL, n, key",
            chunk,
        ):
            vias[int(qid)].append(str(name))
    graph = RelayGraph()
    for qid, article_id, person_id, name, published_by in rows:
        chain: list[tuple[str, str, str]] = []
        if person_id is not None:
            chain.append((f"speaker:{person_id}", str(name), "speaker"))
        chain += [_outlet_node(v) for v in vias.get(qid, [])]
        if published_by and normal_key(published_by):
            chain.append(_outlet_node(published_by))
        if len(chain) >= 2:
            graph.add_chain(chain, int(qid), int(article_id))
    return graph
