"""Two attributions in one sentence: the source of the clause that says more (CLAUSE_PICK)."""

from __future__ import annotations

import pytest

from monitor import attribution

pytestmark = pytest.mark.skipif(not attribution.available(), reason="attribution models not shipped")


def _source(sentence: str) -> str | None:
    return attribution.attribute_article([[sentence]])[0].source


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # the first source in an opening subordinate clause, the second in the main clause
        (("After the mayor asked the council for more money, Senator Maria Lopez replied that the"
          " city would have to cut its budget for roads and schools next year."), "Senator Maria Lopez"),
        (("Although voters look to the governor for answers on housing, Governor Tom Reeve spoke"
          " about the need for builders to finish the projects they started years ago."),
         "Governor Tom Reeve"),
        (("While almost everyone agrees the old law was flawed, some critics fear the new approach"
          " will leave poor students with fewer protections and less money."), "some critics"),
        # two clauses joined by ", while": the longer one's
        (("Senator Dan Hale has pushed for a new tax on imports, while Mrs. Brandt has slammed his"
          " proposal as too vague and politically unrealistic for most of the country."), "Mrs. Brandt"),
    ],
)
def test_the_clause_that_says_more_gives_the_source(sentence: str, source: str) -> None:
    assert _source(sentence) == source


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # the second source stands inside what the first says
        (("Another pollster, David Wood of Clemson University, said his survey of Republicans showed"
          " Mr. Hart's support holding steady after the debate last week."),
         "Another pollster, David Wood of Clemson University"),
        # a pronoun second: the first's subject goes on
        (("Senator Dan Hale has pushed for a new tax on imports, though he has slammed every"
          " proposal as too vague and politically unrealistic for most of the country."),
         "Senator Dan Hale"),
    ],
)
def test_the_first_source_stays_where_the_second_is_no_clause_of_its_own(sentence: str, source: str) -> None:
    assert _source(sentence) == source


def test_the_second_source_needs_its_own_clause(monkeypatch: pytest.MonkeyPatch) -> None:
    sentence = ("Senator Dan Hale has pushed for a new tax on imports, while Mrs. Brandt has slammed"
                " his proposal as too vague and politically unrealistic for most of the country.")
    monkeypatch.setattr(attribution, "CLAUSE_PICK", False)
    assert _source(sentence) == "Senator Dan Hale"


def _labels(info: attribution.SentenceInfo, spans: dict[str, str]) -> list[str]:
    """Tags "S" / "C" for the words of each phrase in `spans` (phrase -> tag), "O" elsewhere."""
    labs = ["O"] * len(info.words)
    for phrase, tag in spans.items():
        ws = phrase.split()
        for i in range(len(info.words) - len(ws) + 1):
            if info.words[i : i + len(ws)] == ws:
                labs[i : i + len(ws)] = [tag] * len(ws)
                break
    return labs


@pytest.mark.parametrize(
    ("sentence", "spans", "picked"),
    [
        (("Rivera filed a case at the court challenging the claims , which Beijing has vowed to"
          " ignore for as long as the dispute lasts and beyond ."),
         {"Rivera": "S", "filed": "C", "which Beijing": "S", "has vowed": "C"}, None),
        (("Rivera filed a case , but Beijing has vowed to ignore it for as long as the dispute"
          " lasts and beyond ."),
         {"Rivera": "S", "filed": "C", "Beijing": "S", "has vowed": "C"}, "Beijing"),
        (("Rivera filed a case against the claims of the government in the court last year , but"
          " Beijing has vowed silence ."),
         {"Rivera": "S", "filed": "C", "Beijing": "S", "has vowed": "C"}, None),
        ("Rivera said Beijing has vowed to ignore it for as long as the dispute lasts and beyond .",
         {"Rivera": "S", "said": "C", "Beijing": "S", "has vowed": "C"}, None),
    ],
)
def test_clause_source(sentence: str, spans: dict[str, str], picked: str | None) -> None:
    info = attribution.sentence_infos([[sentence]])[0]
    sources = [p for p, tag in spans.items() if tag == "S"]
    assert attribution._clause_source(sources, _labels(info, spans), info) == picked
