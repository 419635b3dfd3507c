"""The evaluation's own rules: span normalisation, kinds, speech cues, counting, brat reading.

If these are wrong, every figure the PolNeAR command prints is wrong, so each rule is a table
with the cases that must not match as well as those that must.
"""

from __future__ import annotations

import pytest
import spacy

from whosaid.evaluation.attribution import (
    article_errors,
    below_floors,
    boundary_diagnosis,
    error_classes,
    relations_from_analysis,
)
from whosaid.evaluation.baseline import token_pieces
from whosaid.evaluation.brat import GoldArticle, parse_ann
from whosaid.evaluation.ggt import (
    description_matches,
    is_description,
    name_words,
    speaker_matches,
)
from whosaid.evaluation.scoring import (
    PRF,
    Relation,
    ScoreSheet,
    exact_counts,
    kind_of,
    normalise,
    overlap_counts,
    speech_cue_lemma,
)
from whosaid.model import Analysis, Quote, Span, Speaker


@pytest.mark.parametrize(
    ("text", "pieces", "expected"),
    [
        ("  he said ", [(0, 10)], ((2, 9),)),  # white space trimmed
        ('"A," she said, "B."', [(15, 19), (0, 4)], ((0, 4), (15, 19))),  # sorted, kept apart
        ("abc def", [(0, 3), (4, 7)], ((0, 7),)),  # only white space between: one piece
        ("abc, def", [(0, 3), (5, 8)], ((0, 3), (5, 8))),  # a comma between: two pieces
        ("abcdef", [(0, 4), (2, 6)], ((0, 6),)),  # overlapping pieces merge
        ("a   b", [(1, 4)], ()),  # only white space: nothing
        ("a\n\nb", [(0, 1), (3, 4)], ((0, 4),)),  # a quote over two paragraphs, joined
    ],
)
def test_normalise(text: str, pieces: list[tuple[int, int]], expected: tuple) -> None:
    assert normalise(text, pieces) == expected


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("“We will win,”", "direct"),
        ('"We will win."', "direct"),
        ("“This is the first paragraph of a long quote", "direct"),  # continues below
        ("that the plan would “keep details under wraps.”", "mixed"),
        ("“We will win,” and that they would", "mixed"),
        ("he called it “a disaster”", "mixed"),
        ("that he would run again", "indirect"),
        ("it’s fine and she’s ready", "indirect"),  # apostrophes are not quote marks
        ("he was ‘angry’", "indirect"),  # single marks: scare quotes, not a quotation
        ("”", "mixed"),  # a stray closing mark is no quotation
    ],
)
def test_kind_of(content: str, expected: str) -> None:
    assert kind_of(content, ((0, len(content)),)) == expected


def test_kind_of_two_pieces() -> None:
    text = "“One thing,” he said, “and another.”"
    assert kind_of(text, ((0, 12), (22, len(text)))) == "direct"
    assert kind_of(text, ((0, 12), (13, 20))) == "mixed"  # second piece is no quotation


@pytest.mark.parametrize(
    ("cue", "expected"),
    [
        ("said", "say"),
        ("has said", "say"),
        ("did not say", "say"),
        ("told reporters", "tell"),
        ("Tells", "tell"),
        ("according to", "according to"),
        ("added", "add"),
        ("replied", "reply"),
        ("noted", "note"),
        ("wrote", "write"),
        ("quoted", "quote"),
        ("argues", "argue"),
        ("shows", None),  # a poll shows: an attribution, not speech
        ("found", None),
        ("believes", None),
        ("called", None),
        (":", None),
        ("sad", None),  # not a form of "say"
        ("address", None),  # contains "add" but is another word
    ],
)
def test_speech_cue_lemma(cue: str, expected: str | None) -> None:
    assert speech_cue_lemma(cue) == expected


def rel(content: tuple, cue: tuple = (), source: tuple = ()) -> Relation:
    return Relation(content, cue, source)


TEXT = "Smith said that the plan would work, and Jones said it would not."
#       0    5    10   15   20   25   30   35   40   45   50   55   60
GOLD = [
    rel(((11, 35),), ((6, 10),), ((0, 5),)),  # that the plan would work
    rel(((52, 64),), ((47, 51),), ((41, 46),)),  # it would not
]


def test_exact_counts_all_right() -> None:
    counts = exact_counts(GOLD, GOLD, lambda r: r.content)
    assert (counts.precision, counts.recall, counts.f1) == (1.0, 1.0, 1.0)


def test_exact_counts_off_by_a_word_is_a_miss_and_a_false_alarm() -> None:
    pred = [rel(((16, 35),), ((6, 10),), ((0, 5),))]  # "the plan would work": no "that"
    counts = exact_counts(GOLD, pred, lambda r: r.content)
    assert (counts.hit_p, counts.pred, counts.hit_r, counts.gold) == (0, 1, 0, 2)
    assert counts.f1 == 0.0


def test_exact_counts_shared_mention_counts_once() -> None:
    # Two predicted quotes with the same speaker mention: one source prediction, not two.
    pred = [rel(((11, 35),), (), ((0, 5),)), rel(((52, 64),), (), ((0, 5),))]
    counts = exact_counts(GOLD, pred, lambda r: r.source)
    assert (counts.hit_p, counts.pred, counts.hit_r, counts.gold) == (1, 1, 1, 2)


def test_exact_counts_absent_part_is_no_item() -> None:
    pred = [rel(((11, 35),))]  # no cue predicted
    counts = exact_counts(GOLD, pred, lambda r: r.cue)
    assert (counts.pred, counts.gold, counts.precision, counts.recall) == (0, 2, 0.0, 0.0)


def test_subsets_restrict_one_side_at_a_time() -> None:
    pred = [rel(((11, 35),)), rel(((41, 64),))]
    first = lambda r: r.content[0][0] < 40  # noqa: E731
    counts = exact_counts(GOLD, pred, lambda r: r.content, first, first)
    # precision over predictions in the subset, recall over gold in the subset
    assert (counts.hit_p, counts.pred, counts.hit_r, counts.gold) == (1, 1, 1, 1)


def test_overlap_counts_give_partial_credit_on_non_space_characters() -> None:
    text = "aaaa bbbb cccc"
    gold = [rel(((0, 9),))]  # "aaaa bbbb": 8 characters
    pred = [rel(((5, 14),))]  # "bbbb cccc": 8 characters, 4 shared
    counts = overlap_counts(text, gold, pred, "content")
    assert (counts.hit_p, counts.pred, counts.hit_r, counts.gold) == (4, 8, 4, 8)
    assert counts.f1 == pytest.approx(0.5)


def test_overlap_counts_count_a_character_once() -> None:
    text = "aaaa bbbb"
    gold = [rel(((0, 9),))]
    pred = [rel(((0, 4),)), rel(((0, 9),))]  # overlapping predictions
    counts = overlap_counts(text, gold, pred, "content")
    assert (counts.hit_p, counts.pred) == (8, 8)


def test_prf_without_items_is_zero_not_an_error() -> None:
    assert (PRF().precision, PRF().recall, PRF().f1) == (0.0, 0.0, 0.0)


def test_relation_needs_all_three_parts() -> None:
    sheet = ScoreSheet()
    wrong_cue = [GOLD[0], rel(GOLD[1].content, ((41, 46),), GOLD[1].source)]
    sheet.add_article(TEXT, GOLD, wrong_cue)
    assert sheet.f1("content_exact") == 1.0
    assert sheet.get("relation_exact").hit_r == 1
    assert sheet.get("cue_exact").hit_r == 1


def test_relation_without_content_is_refused() -> None:
    with pytest.raises(ValueError):
        Relation(())


ANN_TEXT = "“One thing,” Smith said, “and another.”\n\nA poll shows voters agree. Nobody knows."
ANN = "\n".join(
    [
        "T1\tContent 0 12;24 39\t“One thing,” “and another.”",
        "T2\tCue 19 23\tsaid",
        "T3\tSource 13 18\tSmith",
        "T4\tAttribution 19 23\tsaid",
        "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
        "T5\tSource 41 47\tA poll",
        "T6\tCue 48 53\tshows",
        "T7\tContent 54 66\tvoters agree",
        "T8\tContent 54 60\tvoters",
        "E2\tAttribution:T6 Cue:T6 Source:T5 Content:T7 Content2:T8",
        "T9\tAttribution 76 81\tknows",
        "E3\tAttribution-no-source:T9 ",
        "T10\tDiscard 68 75\tNobody",
    ]
)


def test_parse_ann() -> None:
    relations = parse_ann(ANN, ANN_TEXT)
    assert relations == (
        rel(((0, 12), (25, 39)), ((19, 23),), ((13, 18),)),  # the space before 25 trimmed
        rel(((54, 66),), ((48, 53),), ((41, 47),)),  # Content2 joins the content
    )  # the relation with no content is dropped


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        (((11, 35),), ((16, 35),), "pred starts later by 'that'"),
        (((16, 35),), ((16, 36),), "pred ends later by marks/punctuation ','"),
        (((0, 35),), ((11, 35),), "pred starts later by 1-3 words"),
        (((11, 35),), ((11, 35), (52, 64)), "pieces gold 1 vs pred 2, pred ends later by 4+ words"),
    ],
)
def test_boundary_diagnosis(gold: tuple, pred: tuple, expected: str) -> None:
    assert boundary_diagnosis(TEXT, gold, pred) == expected


def test_article_errors_name_what_went_wrong() -> None:
    article = GoldArticle("a", TEXT, "x", {"x": tuple(GOLD)})
    pred = [
        rel(((11, 35),), ((6, 10),), ((41, 46),)),  # right content and cue, wrong source
        rel(((0, 5),)),  # overlaps no gold content
    ]
    errors = article_errors(article, pred)
    assert [m["error"] for m in errors["misses"]] == ["source wrong", "missed"]
    assert [f["pred"]["content"] for f in errors["false_alarms"]] == ["Smith"]
    assert error_classes([errors])["false alarm"] == 1


def test_below_floors_reports_each_figure_under_its_floor() -> None:
    sheet = ScoreSheet()
    sheet.add_article(TEXT, GOLD, [rel(((11, 35),), ((6, 10),), ((0, 5),))])
    assert below_floors(sheet, {"content_exact_f1": 0.5}) == []
    failures = below_floors(sheet, {"content_exact_f1": 0.9, "cue_exact_f1": 0.5})
    assert len(failures) == 1 and failures[0].startswith("content_exact_f1 is 0.6667")


def test_whosaid_quotes_become_relations() -> None:
    text = "“One thing,” Smith said, “and another.”"
    quote = Quote(
        kind="direct",
        content=(Span.of(text, 0, 12), Span.of(text, 25, 39)),
        cue=Span.of(text, 19, 23),
        speaker=Speaker("John Smith", "e1", Span.of(text, 13, 18), 0.9),
    )
    unresolved = Quote("direct", (Span.of(text, 0, 12),), None, Speaker(None, None, None))
    relations = relations_from_analysis(Analysis(text=text, quotes=(quote, unresolved)))
    assert relations == [
        rel(((0, 12), (25, 39)), ((19, 23),), ((13, 18),)),
        rel(((0, 12),)),
    ]


def test_token_pieces_join_consecutive_tokens() -> None:
    doc = spacy.blank("en")("Prime Minister Jane Doe did not say so")
    assert token_pieces([doc[3], doc[2], doc[5]]) == [(15, 23), (28, 31)]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Dr. José Álvarez", ("jose", "alvarez")),
        ("the premier", ("premier",)),
        ("Kim Jong-dae", ("kim", "jong", "dae")),
        ("O'Toole", ("o", "toole")),
    ],
)
def test_name_words(name: str, expected: tuple) -> None:
    assert name_words(name) == expected


@pytest.mark.parametrize(
    ("predicted", "reference", "references", "expected"),
    [
        ("Doug McCallum", "Doug McCallum", [], True),
        ("doug mccallum", "Doug McCallum", [], True),  # case
        ("Mr. Doug McCallum", "Doug McCallum", [], True),  # honorific
        ("Andre Lévesque", "Andre Levesque", [], True),  # accents
        # a bare surname given as the name is not the full name, even when unambiguous
        ("McCallum", "Doug McCallum", ["Doug McCallum", "McCallum’s staff"], False),
        ("Justin Trudeau", "Trudeau", ["Trudeau"], True),  # fuller than the reference
        ("Jose Alvarez", "Jose Luis Alvarez", [], True),  # first and last
        ("Kim", "Kim Jong Un", ["Kim Jong Un", "Kim Jong-dae"], False),  # ambiguous
        ("Jong Un", "Kim Jong Un", ["Kim Jong Un"], False),
        ("Trudeau", "Justin Trudeau", ["Justin Trudeau"], False),
        ("Doug McCallum", "McCallum", ["McCallum", "Anne McCallum"], False),  # which one?
        ("Tore Sohlberg", "Tore Sohlberg and Lehla Abreder", [], False),  # one of two
        ("Doug", "Doug McCallum", [], False),  # a first name alone is not enough
        ("Surrey", "Doug McCallum", [], False),
        ("Doug McCallum", "Surrey staff", [], False),
        ("TransCanada Corp.", "TransCanada", [], True),  # a legal suffix names no other firm
        ("Samsung Electronics", "Samsung Electronics Co.", [], True),
        ("Samsung", "Samsung Electronics Co.", [], False),  # a shorter name is not the suffix
        ("Co.", "Co.", [], True),  # a suffix alone stays a word
        (None, "Doug McCallum", [], False),  # unresolved and no mention
        ("", "Doug McCallum", [], False),
    ],
)
def test_speaker_matches(
    predicted: str | None, reference: str, references: list[str], expected: bool
) -> None:
    assert speaker_matches(predicted, reference, references) is expected


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("a senior Democratic aide", True),
        ("Surrey staff", True),
        ("Some experts", True),
        ("The Parliamentary Budget Officer", True),
        ("Doug McCallum", False),
        ("Parole Board of Canada", False),
        ("Tore Sohlberg and Lehla Abreder", False),
        ("UFCW Local 832", False),
    ],
)
def test_is_description(reference: str, expected: bool) -> None:
    assert is_description(reference) is expected


@pytest.mark.parametrize(
    ("said", "reference", "expected"),
    [
        ("a senior Democratic aide who spoke on condition of anonymity", "a senior Democratic aide",
         True),
        ("The union", "the union", True),
        ("a person familiar with the talks but unauthorized", "a person familiar with the talks",
         True),
        ("people familiar with the bid", "sources familiar with the negotiations", False),
        ("city staff", "Surrey staff", False),
        ("he", "the union", False),
        ("the union", "Doug McCallum", False),  # a name is never matched by a description
        (None, "the union", False),
    ],
)  # fmt: skip
def test_description_matches(said: str | None, reference: str, expected: bool) -> None:
    assert description_matches(said, reference) is expected
