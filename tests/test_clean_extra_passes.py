"""The work the cleaner's recall and full passes share: readability summaries read once per
page tree, justext's stop list made a set once."""

from __future__ import annotations

import copy

from lxml.etree import tostring
from lxml.html import fromstring
from trafilatura import external

from monitor import clean

PAGE = (
    "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav><div class='story'>"
    + "".join(f"<p>Paragraph {i} of the story says what happened in the town, and why it matters "
              "to the people who live there.</p>" for i in range(8))
    + "</div><footer>Contact us</footer></body></html>"
)


def test_a_tree_read_again_gets_the_same_summary_without_a_second_run(monkeypatch):
    tree = fromstring(PAGE)
    plain = tostring(external.try_readability(copy.copy(tree)))
    runs = []
    own = external.ReadabilityDocument

    class Counted(own):  # type: ignore[misc, valid-type]
        def summary(self) -> str:
            runs.append(1)
            return super().summary()

    monkeypatch.setattr(external, "ReadabilityDocument", Counted)
    memo: dict = {}
    with clean._shared_readability(memo):
        first = tostring(external.try_readability(copy.copy(tree)))
        second = tostring(external.try_readability(copy.copy(tree)))
        other = external.try_readability(fromstring(PAGE.replace("Contact", "Write to")))
    assert first == second == plain
    assert len(runs) == 2 and len(memo) == 2  # the same tree once, another tree again
    assert tostring(other) != b""
    assert external.ReadabilityDocument is Counted  # put back after the block
    with clean._shared_readability(None):  # no memo: readability's own runs
        assert external.ReadabilityDocument is Counted


def test_a_failed_summary_fails_again_as_the_first_time(monkeypatch):
    class Failing:
        def __init__(self, doc, min_text_length=25):
            pass

        def summary(self) -> str:
            raise ValueError("no candidate")

    monkeypatch.setattr(external, "ReadabilityDocument", Failing)
    memo: dict = {}
    with clean._shared_readability(memo):
        results = [external.try_readability(fromstring(PAGE)) for _ in range(2)]
    assert [len(r) for r in results] == [0, 0] and len(memo) == 1


def test_justext_s_stop_list_is_made_a_set_once_per_tuple(monkeypatch):
    from justext import core as jc

    calls = []
    own = jc.define_stoplist

    def counted(stoplist):
        calls.append(1)
        return own(stoplist)

    monkeypatch.setattr(jc, "define_stoplist", counted)
    words = ("The", "a", "Of", "und")
    with clean._remembered_stoplists(True):
        first, second = jc.define_stoplist(words), jc.define_stoplist(words)
        other = jc.define_stoplist(("x",))
    assert first is second and first == frozenset({"the", "a", "of", "und"})
    assert other == frozenset({"x"}) and len(calls) == 2
    assert jc.define_stoplist is counted


def test_extra_passes_give_the_same_text_with_the_shared_work_off(monkeypatch):
    """A page whose prose is mostly in an <aside> (trafilatura drops it in every mode) takes
    the recall and the full passes; the text is the same with readability summaries and stop
    lists not shared."""
    aside = "".join(f"<p>Side note {i} tells another long story about the weather and the hills "
                    "around the valley.</p>" for i in range(12))
    story = "".join(f"<p>Paragraph {i} of the story says what happened in the town, and why it "
                    "matters to the people who live there.</p>" for i in range(3))
    page = f"<html><body><div class='story'>{story}</div><aside>{aside}</aside></body></html>"
    passes = []
    own = clean._extract_text

    def counted(*args, **kwargs):
        passes.append("precise" if kwargs.get("favor_precision") else "other")
        return own(*args, **kwargs)

    monkeypatch.setattr(clean, "_extract_text", counted)
    shared = clean.clean_html(page, "https://example.org/story")
    assert passes.count("other") == 2  # the recall pass and the full pass
    monkeypatch.setattr(clean, "SHARE_READABILITY", False)
    monkeypatch.setattr(clean, "REMEMBER_STOPLISTS", False)
    assert clean.clean_html(page, "https://example.org/story") == shared
    assert shared.paragraphs[0].startswith("Paragraph 0")
