"""Reading PolNeAR: article texts and their brat standoff attribution files.

``polnear/{split}/text/ARTICLE.txt`` holds the article; ``polnear/{split}/attributions/
ARTICLE_ANNOTATOR.ann`` one annotator's relations. ``T`` lines are spans (``T3<TAB>Content 115
150;160 290<TAB>text``, pieces separated by ``;``); an ``E`` line ties a relation together
(``E1<TAB>Attribution:T4 Content:T3 Cue:T2 Source:T1``; a few have ``Content2`` for a second
content). Offsets are Python string indices into the decoded ``.txt`` file.

We write our own reader because brat's standoff lines are trivial to parse and the only
Python readers we know pull in the whole brat server or PolNeAR's Python 2 helpers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from whosaid.evaluation import DataNotFound
from whosaid.evaluation.scoring import Piece, Relation, normalise


@dataclass(frozen=True, slots=True)
class GoldArticle:
    """One PolNeAR article: its text and every annotator's relations.

    ``annotator`` is the one scored against (the lexicographically first, so every run uses
    the same); ``annotations`` maps every annotator to their relations."""

    name: str
    text: str
    annotator: str
    annotations: dict[str, tuple[Relation, ...]]

    @property
    def gold(self) -> tuple[Relation, ...]:
        return self.annotations[self.annotator]


def parse_ann(ann: str, text: str) -> tuple[Relation, ...]:
    """The relations in one ``.ann`` file, normalised against ``text``."""
    spans: dict[str, tuple[str, list[Piece]]] = {}
    events: list[list[tuple[str, str]]] = []
    for line in ann.splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2:
            label, _, offsets = cols[1].partition(" ")
            pieces = []
            for piece in offsets.split(";"):
                start, end = piece.split()
                pieces.append((int(start), int(end)))
            spans[cols[0]] = (label, pieces)
        elif line.startswith("E") and len(cols) >= 2:
            events.append([tuple(arg.split(":", 1)) for arg in cols[1].split() if ":" in arg])  # type: ignore[misc]
    relations = []
    for args in events:
        parts: dict[str, list[Piece]] = {"Content": [], "Cue": [], "Source": []}
        for role, ref in args:
            base = role.rstrip("0123456789")  # Content2 is more content
            if base in parts and ref in spans:
                parts[base].extend(spans[ref][1])
        content = normalise(text, parts["Content"])
        if not content:  # a stray relation with nothing attributed (one in dev): not scorable
            continue
        relations.append(
            Relation(content, normalise(text, parts["Cue"]), normalise(text, parts["Source"]))
        )
    return tuple(sorted(relations, key=lambda r: r.content))


def split_dir(data_dir: Path, split: str) -> Path:
    """``data_dir/polnear/split``, or a DataNotFound that says where to put it."""
    folder = data_dir / "polnear" / split
    if not (folder / "text").is_dir() or not (folder / "attributions").is_dir():
        raise DataNotFound(
            f"PolNeAR's {split!r} split is not at {folder} (expected text/ and attributions/ "
            "inside it). Give the folder that holds polnear/ with --data DIR or the "
            "WHOSAID_DATA environment variable."
        )
    return folder


def annotator_of(ann_path: Path, article: str) -> str:
    return ann_path.stem[len(article) + 1 :]


def load_split(data_dir: Path, split: str, limit: int | None = None) -> list[GoldArticle]:
    """The articles of a split sorted by name (the first ``limit`` of them), each with every
    annotator's relations."""
    folder = split_dir(data_dir, split)
    names = sorted(p.stem for p in (folder / "text").glob("*.txt"))
    if limit is not None:
        names = names[:limit]
    articles = []
    for name in names:
        text = (folder / "text" / f"{name}.txt").read_text(encoding="utf-8")
        anns = sorted((folder / "attributions").glob(f"{name}_*.ann"))
        # The glob would also catch a longer article name that starts with this one; keep only
        # annotator suffixes (no further underscore).
        anns = [a for a in anns if "_" not in annotator_of(a, name)]
        if not anns:
            continue
        annotations = {
            annotator_of(a, name): parse_ann(a.read_text(encoding="utf-8"), text) for a in anns
        }
        articles.append(GoldArticle(name, text, min(annotations), annotations))
    return articles
