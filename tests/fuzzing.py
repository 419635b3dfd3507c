"""Hypothesis strategies for hostile and broken articles, and the invariants every analysis
must keep. Shared by the short profile in the test run (``test_fuzz.py``) and the long
campaign (``python bench/fuzz.py --inputs 100000``).

Invariants: the analysis ends (or refuses with a WhosaidError naming the reason); every span
lies inside the text, with its ``text`` equal to the text at its offsets; every paragraph too;
no quote lies inside removed boilerplate.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from whosaid.errors import WhosaidError
from whosaid.model import Analysis, Article

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "putin-kim-cosmodrome.txt"

# Quote marks of every script whosaid reads, and the ones it does not (CJK corner brackets).
MARKS = "\"'“”„‟«»‹›‘’‚‛「」『』〝〞＂＇"
PAIRS = ['""', "“”", "„“", "«»", "‹›", "‘’", "''", "‚‘", "» «", "「」"]
RTL = "שלום مرحبا بالعالم עולם"
COMBINING = "".join(chr(c) for c in range(0x300, 0x370, 7))
EMOJI = "😀👍🏽🇺🇦👨‍👩‍👧‍👦❤️‍🔥"
CONTROLS = "\x00\x01\x07\x08\x0b\x0c\x1b\x7f\x85\u200b\u200e\u200f\u202e\u2028\u2029\ufeff\ufffd"
_PROSE = (
    "Putin said Kim Jong Un told reporters on Wednesday that the talks will go on "
    "according to a spokesman Dr. Jane Smith-Jones O'Brien the President Reuters AFP "
    'Nigeria"s said: added, \u2014 - ... ; ( ) [ ] 2023 Sept. 13 next week yesterday'
)
WORDS = _PROSE.split()

word = st.sampled_from(WORDS)
odd_char = st.sampled_from(MARKS + RTL + COMBINING + EMOJI + CONTROLS + " \n\t.,:;!?-—")
fragment = st.one_of(word, odd_char, st.text(odd_char, max_size=6), st.sampled_from(PAIRS))


def _join(parts: list[str]) -> str:
    return " ".join(parts)


# Quotes nested inside quotes, balanced: the pairing's hardest honest case.
nested = st.recursive(
    st.lists(word, min_size=1, max_size=6).map(_join),
    lambda inner: st.tuples(st.sampled_from(PAIRS), st.lists(inner, min_size=1, max_size=3)).map(
        lambda t: t[0][0] + _join(t[1]) + t[0][-1]
    ),
    max_leaves=12,
)
# A run of one mark then a run of mixed marks: what once backtracked exponentially.
mark_runs = st.tuples(
    st.sampled_from(MARKS),
    st.integers(1, 400),
    st.text(st.sampled_from(MARKS + "a "), max_size=400),
).map(lambda t: t[0] * t[1] + t[2])
paragraph = st.lists(st.one_of(fragment, nested), min_size=1, max_size=40).map(_join)


@st.composite
def mutated_example(draw: st.DrawFn) -> str:
    """The bundled example with spans deleted, duplicated, swapped or spliced with marks."""
    text = EXAMPLE.read_text(encoding="utf-8")
    for _ in range(draw(st.integers(1, 6))):
        n = len(text)
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 400)))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "splice"]))
        if op == "delete":
            text = text[:a] + text[b:]
        elif op == "duplicate":
            text = text[:b] + text[a:b] + text[b:]
        elif op == "swap":
            c = draw(st.integers(b, n))
            d = draw(st.integers(c, min(n, c + 400)))
            text = text[:a] + text[c:d] + text[b:c] + text[a:b] + text[d:]
        else:
            text = text[:a] + draw(st.one_of(fragment, mark_runs)) + text[a:]
    return text


def long_paragraph(max_words: int) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(word, word, word, fragment), min_size=50, max_size=max_words).map(
        _join
    )


def tiny_paragraphs(max_count: int) -> st.SearchStrategy[str]:
    return st.lists(st.one_of(word, fragment), min_size=20, max_size=max_count).map("\n\n".join)


def article_text(max_words: int = 400, max_paragraphs: int = 300) -> st.SearchStrategy[str]:
    """Article texts of every hostile kind above."""
    return st.one_of(
        st.lists(paragraph, min_size=1, max_size=8).map("\n\n".join),
        mark_runs,
        nested,
        mutated_example(),
        long_paragraph(max_words),
        tiny_paragraphs(max_paragraphs),
        st.text(max_size=300),  # anything at all
    )


TAGS = ["div", "p", "span", "article", "section", "blockquote", "q", "li", "ul", "table", "td"]


@st.composite
def html_page(draw: st.DrawFn, max_depth: int = 300) -> str:
    """HTML pages: deep nesting, broken markup, entities, huge attributes, around prose."""
    body = draw(st.lists(paragraph, min_size=1, max_size=5))
    depth = draw(st.integers(0, max_depth))
    tag = draw(st.sampled_from(TAGS))
    attr = draw(st.sampled_from(["", ' class="x"', ' data-x="' + "a" * 20_000 + '"', " title='"]))
    entities = draw(st.sampled_from(["", "&amp;" * 50, "&#x201c;&#8221;&laquo;&raquo;", "&bogus;"]))
    inner = "".join(f"<p>{p}{entities}</p>" for p in body)
    page = f"<html><head><title>T</title></head><body><div{attr}>{f'<{tag}>' * depth}{inner}"
    page += f"</{tag}>" * draw(st.integers(0, depth)) + "</body></html>"
    cut = draw(st.integers(len(page) // 2, len(page)))  # broken: cut anywhere in the back half
    return page[:cut]


def spans_of(node: Any) -> list[dict]:
    """Every record with offsets in an analysis's JSON (spans, paragraphs, removed, dates)."""
    out: list[dict] = []
    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if isinstance(x.get("start"), int) and isinstance(x.get("end"), int):
                out.append(x)
            stack.extend(x.values())
        elif isinstance(x, list):
            stack.extend(x)
    return out


def broken_invariants(analysis: Analysis) -> list[str]:
    """What is wrong with an analysis (nothing, for a good one)."""
    text = analysis.text
    data = analysis.to_dict()
    data.pop("text", None)
    wrong = []
    for s in spans_of(data):
        if not 0 <= s["start"] <= s["end"] <= len(text):
            wrong.append(f"offsets outside the text: {s}")
        elif isinstance(s.get("text"), str) and s["text"] != text[s["start"] : s["end"]]:
            wrong.append(f"span text differs from the text at its offsets: {s}")
    for q in analysis.quotes:
        for c in q.content:
            if any(r.start < c.end and c.start < r.end for r in analysis.removed):
                wrong.append(f"quote inside removed boilerplate: {c}")
    return wrong


def run_one(pipeline: Any, article: Article) -> tuple[str, float, list[str]]:
    """Analyse ``article``: (what happened, CPU seconds, broken invariants). What happened is
    "ok", "refused:<reason>" for a WhosaidError, or "exception:<type>" for anything else.

    The time is the process's CPU time, not the wall clock: the analysis is CPU-bound in one
    thread, and CPU time is what the input costs, where the wall clock also counts whatever else
    the machine ran meanwhile (the session-5 campaign's "slowest" inputs, 15 s for 31 characters,
    were a fresh install beside it; alone they took 0.02 s)."""
    start = time.process_time()
    try:
        analysis = pipeline.analyze(article)
    except WhosaidError as exc:
        return f"refused:{exc.reason}", time.process_time() - start, []
    except Exception as exc:  # the failure the fuzzing is for
        return f"exception:{type(exc).__name__}: {exc}", time.process_time() - start, []
    return "ok", time.process_time() - start, broken_invariants(analysis)
