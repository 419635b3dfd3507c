"""Variants of one statement: quotes whose wording overlaps strongly across articles.

An exact quote group (``quote_groups``) holds the quotes whose words are the same once case,
punctuation and quote marks are set aside. A *variant family* joins exact groups that are one
statement worded differently: trimmed, extended, lightly reworded, or a direct quote and its
close paraphrase. ``quote_groups.variant_id`` is the id of the family's first group (its own id
for a group with no variant).

Incremental and sub-quadratic: when a new exact group is stored, its wording's MinHash
signature (``datasketch``) over word 3-grams is cut into bands, and each band's hash is a row
of ``variant_bands``. The groups sharing a band key with it are the candidates (one indexed
lookup, however large the store); each candidate is then aligned word by word (``difflib``)
and kept when the words they share cover most of the shorter wording. The band rows live in
the store file, so the index survives from one ingest run to the next and needs no rebuild.
"""

from __future__ import annotations

import difflib
import hashlib
import sqlite3
from collections import Counter
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from whosaid.store.keys import normal_key

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 64
# 32 bands of 2 rows: a pair whose word 3-grams have a Jaccard similarity of 0.2 (a quote and a
# pickup that keeps a third of it) is a candidate with probability 1 - (1 - 0.2**2)**32 = 0.73,
# one at 0.35 with 0.98. Candidates are cheap (the alignment decides), misses are not.
BANDS = 32
ROWS = NUM_PERM // BANDS  # 2: band_keys packs a band's two 32-bit values into one key
SHINGLE = 3  # words per shingle
SEED = 14
# The alignment's bar, measured on Reuters-21578 (README, "Variants of one statement"): the words
# two wordings share, in order, over the words of the shorter one.
THRESHOLD = 0.8
# Fewer shared words than this is a stock phrase, not a statement ("we will not comment on the"
# is 6 words): too short a quote is never a variant of anything.
MIN_SHARED = 8
MAX_CANDIDATES = 20  # aligned per new group, those sharing the most bands first


def words_of(content: str) -> list[str]:
    """The quote's words as the store compares them: normalised, in order."""
    return normal_key(content).split()


@lru_cache(maxsize=1)
def _template() -> MinHash:
    """The one MinHash every signature is computed in (cleared before each): drawing its
    permutations, and checking them again in each new MinHash, is most of the cost of a new
    MinHash, and they depend only on the seed."""
    # Imported here: datasketch takes seconds to import (scipy), and only a writer needs it.
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=SEED)


def signature(words: list[str]) -> Any:
    """The MinHash hash values (``NUM_PERM`` unsigned 64-bit integers) of the wording's word
    3-grams, as ``MinHash(num_perm=NUM_PERM, seed=SEED)`` updated with them gives them."""
    m = _template()
    m.clear()
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m.update_batch([g.encode("utf-8") for g in grams])
    return m.hashvalues.copy()


@lru_cache(maxsize=1)
def _band_salt() -> Any:
    """One odd 64-bit constant per band, so equal values in two bands make two different keys."""
    import numpy as np  # here: only a writer needs it, and the query commands start without it

    return np.array(
        [int.from_bytes(hashlib.blake2b(bytes([b]), digest_size=8).digest(), "little") | 1
         for b in range(BANDS)],
        dtype=np.uint64,
    )  # fmt: skip


def band_keys(hashvalues: Any) -> list[int]:
    """One signed 64-bit key per band (SQLite's INTEGER): the band's two 32-bit hash values
    side by side, mixed with the band's salt."""
    import numpy as np

    rows = np.asarray(hashvalues, dtype=np.uint64).reshape(BANDS, ROWS)
    packed = (rows[:, 0] << np.uint64(32)) | (rows[:, 1] & np.uint64(0xFFFFFFFF))
    return [int(k) for k in (packed * _band_salt()).view(np.int64)]


def shared_words(a: list[str], b: list[str]) -> int:
    """How many words two wordings share in the same order (the alignment's matched words)."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def overlap(a: list[str], b: list[str]) -> float:
    """Shared words over the shorter wording's words; 0 when they share fewer than
    ``MIN_SHARED`` (then the common part is a stock phrase at most), or when one puts another
    figure where the other has one ("rose 2.1 pct" / "rose 1.9 pct"): a formula filled with
    other facts (weekly figures, dividends, bond yields) is another statement."""
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    if shared < MIN_SHARED:
        return 0.0
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "replace" and _has_digit(a[i1:i2]) and _has_digit(b[j1:j2]):
            return 0.0
    # The same check when the alignment puts the two figures apart ("the offering of 1.2 mln
    # shares" / "a proposed offering of 2,700,000 shares"): each has a figure the other lacks.
    figures_a, figures_b = _figures(a), _figures(b)
    if figures_a - figures_b and figures_b - figures_a:
        return 0.0
    return shared / min(len(a), len(b))


def _figures(words: list[str]) -> set[str]:
    return {w for w in words if any(c.isdigit() for c in w)}


def _has_digit(words: list[str]) -> bool:
    return any(c.isdigit() for w in words for c in w)


def is_variant(first: str, second: str, threshold: float = THRESHOLD) -> bool:
    """Whether two wordings are one statement by the store's rule."""
    return overlap(words_of(first), words_of(second)) >= threshold


def word_changes(first: str, later: str) -> list[dict[str, Any]]:
    """How ``later`` changes ``first``, word by word: ``{"op", "old", "new"}`` with op
    ``delete`` (words dropped), ``insert`` (added) or ``replace``. Words are compared as the
    store normalises them, and shown as each wording writes them."""
    a, b = first.split(), later.split()
    ka, kb = [normal_key(w) for w in a], [normal_key(w) for w in b]
    out: list[dict[str, Any]] = []
    matcher = difflib.SequenceMatcher(None, ka, kb, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        old, new = " ".join(a[i1:i2]), " ".join(b[j1:j2])
        if normal_key(old) == normal_key(new):
            continue  # only punctuation moved ("said," / "said")
        out.append({"op": tag, "old": old, "new": new})
    return out


def place(conn: sqlite3.Connection, group_id: int) -> int:
    """The variant family of a quote group, found and recorded the first time the group is
    seen; returns its ``variant_id``."""
    row = conn.execute(
        "SELECT variant_id, content FROM quote_groups WHERE id = ?", (group_id,)
    ).fetchone()
    if row[0] is not None:
        return int(row[0])
    words = words_of(row[1])
    family = group_id
    if len(words) >= MIN_SHARED:
        keys = band_keys(signature(words))
        family = _best_family(conn, group_id, words, keys) or group_id
        conn.executemany(
            "INSERT OR IGNORE INTO variant_bands(key, group_id) VALUES (?, ?)",
            [(k, group_id) for k in keys],
        )
    conn.execute("UPDATE quote_groups SET variant_id = ? WHERE id = ?", (family, group_id))
    return family


def _best_family(
    conn: sqlite3.Connection, group_id: int, words: list[str], keys: list[int]
) -> int | None:
    """The family of the candidate that overlaps most, if any reaches the threshold."""
    marks = ",".join("?" * len(keys))
    candidates = conn.execute(
        f"SELECT b.group_id, COUNT(*) AS n FROM variant_bands b WHERE b.key IN ({marks}) "
        "AND b.group_id <> ? GROUP BY b.group_id ORDER BY n DESC, b.group_id LIMIT ?",
        [*keys, group_id, MAX_CANDIDATES],
    ).fetchall()
    if not candidates:
        return None
    found = {
        int(r[0]): (str(r[1]), int(r[2]))
        for r in conn.execute(
            "SELECT id, content, COALESCE(variant_id, id) FROM quote_groups WHERE id IN "
            f"({','.join('?' * len(candidates))})",
            [c for c, _ in candidates],
        )
    }
    counts = Counter(words)
    best: tuple[float, int] | None = None
    for cand, _ in candidates:
        content, family = found[int(cand)]
        other = words_of(content)
        # The words the two have in common, in any order, bound the aligned ones: most
        # candidates (a shared band, not a shared statement) end here, before difflib.
        common = sum((counts & Counter(other)).values())
        if common < MIN_SHARED or common < THRESHOLD * min(len(words), len(other)):
            continue
        score = overlap(words, other)
        if score >= THRESHOLD and (best is None or score > best[0]):
            best = (score, int(family))
    return best[1] if best else None


def backfill(conn: sqlite3.Connection) -> int:
    """Place every group that has no family yet (stored before schema version 5, or by a
    writer with variants off), oldest first, in one transaction; returns how many."""
    ids = [r[0] for r in conn.execute("SELECT id FROM quote_groups WHERE variant_id IS NULL")]
    if not ids:
        return 0
    conn.execute("BEGIN IMMEDIATE")
    try:
        for gid in sorted(ids):
            place(conn, gid)
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return len(ids)
