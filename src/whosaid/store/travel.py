"""How statements travel across the store: misattributions and the relay graph.

``conflicts``: statements (a variant family of quote groups, see ``store.variants``) credited to
two or more different speakers, the names of one person counted once. ``relays``: the directed
graph speaker -> relaying outlets (nearest the speaker first) -> the publishing outlet, with the
quotes and articles on every edge, as node-link JSON, GraphML or GEXF.
"""

from __future__ import annotations

import io
import itertools
import sqlite3
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from whosaid.store.keys import normal_key
from whosaid.store.queries import (
    _PERSON_IDS,
    _check_page,
    _person_params,
    _required_key,
    _run,
    family_quotes,
)
from whosaid.store.variants import overlap, words_of

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


def _same_person(a: tuple[str, set[str]], b: tuple[str, set[str]]) -> bool:
    """Two people rows that are one person: one's name is an alias of the other, or every word
    of one's name is a word of the other's ("Putin", "Vladimir Putin")."""
    (key_a, aliases_a), (key_b, aliases_b) = a, b
    if key_a in aliases_b or key_b in aliases_a:
        return True
    words_a, words_b = set(key_a.split()), set(key_b.split())
    return words_a <= words_b or words_b <= words_a


def _people(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple[str, str, set[str]]]:
    """id -> (name, key, alias keys) for the given people."""
    marks = ",".join("?" * len(ids))
    out = {
        int(r[0]): (str(r[1]), str(r[2]), set[str]())
        for r in conn.execute(f"SELECT id, name, key FROM people WHERE id IN ({marks})", ids)
    }
    for pid, key in conn.execute(
        f"SELECT person_id, key FROM aliases WHERE person_id IN ({marks})", ids
    ):
        out[int(pid)][2].add(str(key))
    return out


def speaker_sets(conn: sqlite3.Connection, ids: list[int]) -> list[list[int]]:
    """The people ``ids`` grouped into persons: the rows that name one person go together."""
    people = _people(conn, ids)
    persons: list[list[int]] = []
    for pid in sorted(people):
        _, key, aliases = people[pid]
        home = next(
            (
                p
                for p in persons
                if any(_same_person((key, aliases), (people[o][1], people[o][2])) for o in p)
            ),
            None,
        )
        if home is None:
            persons.append([pid])
        else:
            home.append(pid)
    return persons


# Two speakers' versions must be nearly the same words to be one statement credited twice:
# a family also joins looser rewordings, and in wire copy a loose match is most often a formula
# two companies both use ("proceeds will be used for general corporate purposes").
CONFLICT_OVERLAP = 0.9


def _one_statement(a: list[sqlite3.Row], b: list[sqlite3.Row]) -> bool:
    return any(
        overlap(words_of(x["content"]), words_of(y["content"])) >= CONFLICT_OVERLAP
        for x in a
        for y in b
    )


def _conflict(conn: sqlite3.Connection, variant_id: int) -> Conflict | None:
    rows = [r for r in family_quotes(conn, variant_id) if r["person_id"] is not None]
    persons = speaker_sets(conn, sorted({int(r["person_id"]) for r in rows}))
    if len(persons) < 2:
        return None
    quotes_of = [[r for r in rows if r["person_id"] in ps] for ps in persons]
    if not any(
        _one_statement(quotes_of[i], quotes_of[j])
        for i in range(len(persons))
        for j in range(i + 1, len(persons))
    ):
        return None
    people = _people(conn, [p for ps in persons for p in ps])
    titles = {
        int(r[0]): (r[1], r[2])
        for r in conn.execute(
            f"SELECT id, outlet, published FROM articles WHERE id IN ({','.join('?' * len(rows))})",
            [r["article_id"] for r in rows],
        )
    }
    versions = []
    for ps in persons:
        evidence = [
            {
                "id": r["article_id"],
                "outlet": titles[r["article_id"]][0],
                "published": titles[r["article_id"]][1],
                "quote_id": r["id"],
                "content": r["content"],
            }
            for r in rows
            if r["person_id"] in ps
        ]
        name = max((people[p][0] for p in ps), key=len)  # the fullest of the person's names
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
