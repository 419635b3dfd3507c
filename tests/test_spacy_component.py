"""The spaCy component: nlp.add_pipe("whosaid") gives whosaid extract's quotes on a Doc."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
import spacy
from click.testing import CliRunner
from conftest import EXAMPLE
from spacy.tokens import Doc, DocBin

import whosaid
from whosaid.cli import main
from whosaid.config import DEFAULT_MODEL
from whosaid.errors import ModelError, WhosaidError
from whosaid.model import Analysis, Quote, Span, Speaker

PUBLISHED = "2023-09-14"
SHORT = (
    "The talks went well, Kremlin spokesman Dmitry Peskov said on Wednesday.\n\n"
    '"We will meet again," Peskov told reporters.'
)


@pytest.fixture(scope="module")
def nlp():
    """A pipeline of its own: the session's shared one must not gain a component."""
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("whosaid")
    return nlp


@pytest.fixture(scope="module")
def example_doc(nlp, example_text) -> Doc:
    doc = nlp.make_doc(example_text)
    doc._.published = PUBLISHED
    return nlp(doc)


@pytest.fixture(scope="module")
def extracted() -> dict:
    r = CliRunner().invoke(main, ["extract", str(EXAMPLE), "--published", PUBLISHED])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def test_the_component_gives_the_quotes_of_whosaid_extract(example_doc, extracted):
    record = example_doc._.whosaid
    assert record["schema"] == "whosaid/1" and record["text"] == extracted["text"]
    assert len(extracted["quotes"]) >= 5
    assert record["quotes"] == extracted["quotes"]
    assert record["entities"] == extracted["entities"]
    assert record["dates"] == extracted["dates"]


def test_quotes_are_spans_with_speaker_cue_and_mention(example_doc, extracted):
    quotes = example_doc._.quotes
    assert len(quotes) == len(extracted["quotes"])
    for span, q in zip(quotes, extracted["quotes"], strict=True):
        assert span.start_char <= q["content"][0]["start"] < span.end_char
        assert span.label_ == q["kind"]
        assert span._.speaker == q["speaker"]["name"]
        assert span._.whosaid == q
        assert [p.text for p in span._.content] == [p["text"] for p in q["content"]]
        if q["cue"]:
            assert span._.cue.text == q["cue"]["text"] and span._.cue.label_ == "CUE"
        else:
            assert span._.cue is None
        mention = q["speaker"]["mention"]
        assert (span._.speaker_mention.text if span._.speaker_mention else None) == (
            mention["text"] if mention else None
        )
    named = [s._.speaker for s in quotes if s._.speaker]
    assert "Dmitry Peskov" in named
    # a mention span resolves to the name it stands for; a span outside every quote to nothing
    peskov = next(s for s in quotes if s._.speaker == "Dmitry Peskov" and s._.speaker_mention)
    assert peskov._.speaker_mention._.speaker == "Dmitry Peskov"
    outside = example_doc[len(example_doc) - 2 : len(example_doc) - 1]  # the newsletter's end
    assert outside._.whosaid is None and outside._.speaker is None and outside._.cue is None
    labels = {s.label_ for s in example_doc.spans["whosaid"]}
    assert labels == {"QUOTE", "CUE", "SPEAKER"}


def test_nlp_pipe_with_two_processes_gives_the_same_records(nlp, example_text):
    texts = [example_text, SHORT, "", SHORT.replace("Peskov", "Lavrov")]
    alone = [nlp(t)._.whosaid for t in texts]
    docs = list(nlp.pipe(texts, n_process=2, batch_size=1))
    assert [d._.whosaid for d in docs] == alone
    assert [len(d._.quotes) for d in docs] == [len(r["quotes"]) for r in alone]
    assert docs[2]._.quotes == [] and docs[2]._.whosaid["text"] == ""
    assert {s._.speaker for s in docs[1]._.quotes} == {"Dmitry Peskov"}
    assert {s._.speaker for s in docs[3]._.quotes} == {"Dmitry Lavrov"}


def test_docbin_round_trip_keeps_the_record_and_the_spans(nlp, example_doc):
    data = DocBin(docs=[example_doc], store_user_data=True).to_bytes()
    (back,) = DocBin().from_bytes(data).get_docs(nlp.vocab)
    assert back._.whosaid == example_doc._.whosaid
    assert [(s.start, s.end, s._.speaker) for s in back._.quotes] == [
        (s.start, s.end, s._.speaker) for s in example_doc._.quotes
    ]
    assert len(back.spans["whosaid"]) == len(example_doc.spans["whosaid"])
    # without user data only the span group survives: the record is whosaid's user data
    (bare,) = (
        DocBin(docs=[example_doc])
        .from_bytes(DocBin(docs=[example_doc]).to_bytes())
        .get_docs(nlp.vocab)
    )
    assert bare._.whosaid is None and bare._.quotes == []


def test_parse_doc_mode_uses_the_docs_own_parse(example_text, extracted):
    nlp = spacy.load(DEFAULT_MODEL)
    nlp.add_pipe("whosaid", config={"parse": "doc"})
    doc = nlp.make_doc(example_text)
    doc._.published = PUBLISHED
    record = nlp(doc)._.whosaid
    found = {q["content"][0]["start"] for q in record["quotes"]}
    expected = {q["content"][0]["start"] for q in extracted["quotes"]}
    # the same article parsed whole: most quotes are found where whosaid extract finds them
    assert len(found & expected) >= 0.8 * len(expected)
    for q in record["quotes"]:
        for piece in q["content"]:
            assert record["text"][piece["start"] : piece["end"]] == piece["text"]


@pytest.mark.parametrize(
    ("pipes", "message"),
    [((), "no parser or ner"), (("tok2vec", "tagger"), "no parser or ner")],
)
def test_a_pipeline_without_parser_or_ner_is_refused(pipes, message):
    nlp = spacy.blank("en")
    for name in pipes:
        nlp.add_pipe(name)
    with pytest.raises(ModelError, match=message):
        nlp.add_pipe("whosaid")


def test_an_unknown_parse_mode_is_refused():
    nlp = spacy.load(DEFAULT_MODEL, exclude=["lemmatizer"])
    with pytest.raises(ValueError, match=r"(?s)parse.*paragraphs"):
        nlp.add_pipe("whosaid", config={"parse": "sentences"})


def test_the_factory_is_found_through_entry_points_without_importing_whosaid():
    # plain spaCy code: spaCy finds the factory in the installed package's entry points
    code = (
        "import spacy\n"
        f"nlp = spacy.load({DEFAULT_MODEL!r})\n"
        "nlp.add_pipe('whosaid')\n"
        "doc = nlp('\"We talked,\" Kremlin spokesman Dmitry Peskov said.')\n"
        "print(doc._.quotes[0]._.speaker)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "Dmitry Peskov"


def test_render_draws_quotes_and_speakers_self_contained(example_doc):
    page = whosaid.render(example_doc)
    assert "Dmitry Peskov" in page and "QUOTE 1" in page and "CUE 1" in page
    for outside in ("<script", "<link", "src=", "http://", "https://", "@import"):
        assert outside not in page
    # the same picture from an Analysis or its dict, with no model loaded
    analysis = Analysis.from_dict(example_doc._.whosaid)
    assert whosaid.render(analysis) == whosaid.render(example_doc._.whosaid)
    assert "Dmitry Peskov" in whosaid.render(analysis)
    assert "No quotations found" in whosaid.render(Analysis(text="Nothing was said."))


def test_render_shows_markup_in_the_text_as_text():
    text = '"<script>alert(1)</script> is fine," Ann Lee said.'
    quote = Quote(
        kind="direct",
        content=(Span.of(text, 0, 36),),
        cue=Span.of(text, 45, 49),
        speaker=Speaker("Ann <i>Lee</i>", None, Span.of(text, 37, 44), 0.9),
    )
    page = whosaid.render(Analysis(text=text, quotes=(quote,)))
    assert "<script" not in page and "<i>" not in page
    assert "&lt;script&gt;" in page and "Ann &lt;i&gt;Lee&lt;/i&gt;" in page


@pytest.mark.parametrize("bad", [None, 42, "some text"])
def test_render_refuses_what_it_cannot_draw(bad):
    with pytest.raises(WhosaidError, match="render"):
        whosaid.render(bad)


def test_render_refuses_a_doc_the_component_did_not_process():
    with pytest.raises(WhosaidError, match="add_pipe"):
        whosaid.render(spacy.blank("en")("Nothing here."))
