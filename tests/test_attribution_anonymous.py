"""Anonymous sources found without wrong "anonymous" labels (issue 18, attr6): each rule's case
fails with its flag off."""

from __future__ import annotations

import pytest

from monitor import attribution, claims
from monitor.claims import extract_claims


def who(*paragraphs: str):
    return [(c.attribution, c.attributed_to) for c in extract_claims(
        [(i, p, "en") for i, p in enumerate(paragraphs)]
    )]


APPOSITIVE = (
    ("“The numbers put our campaign on pace to beat the goal,” Jeff Weaver, Sanders’ campaign "
     "manager, said in a statement."),
    ("Senator Lindsey Graham, Republican of South Carolina, said on Sunday that Mr. Trump had "
     "crossed another line."),
)


def test_a_title_in_apposition_to_a_name_is_that_persons_not_an_unnamed_source():
    assert who(*APPOSITIVE) == [
        ("named", "Jeff Weaver, Sanders’ campaign manager"),
        ("named", "Senator Lindsey Graham, Republican of South Carolina"),
    ]


def test_without_the_appositive_rule_the_title_alone_was_anonymous(monkeypatch):
    monkeypatch.setattr(claims, "APPOSITIVE_TITLE", False)
    attribution.classify.cache_clear()
    assert [k for k, _ in who(*APPOSITIVE)] == ["anonymous", "anonymous"]


@pytest.mark.parametrize("sentence, source", [
    ("On Tuesday, Trump aides said the rally would go ahead.", "Trump aides"),
    ("In Washington, Republican leaders said the bill was dead on arrival.", "Republican leaders"),
])
def test_a_group_after_an_opening_phrase_stays_anonymous(sentence, source):
    assert who(sentence) == [("anonymous", source)]
