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


GROUP = (
    "The Fed raised rates on Wednesday for the first time in nearly a decade.",
    "Officials expect it to raise rates by roughly one percentage point over the next year.",
)


def test_a_group_of_people_opening_the_sentence_with_a_verb_of_thinking_is_its_source():
    assert who(*GROUP)[1] == ("anonymous", "Officials")


def test_without_the_group_subject_rule_the_sentence_was_unattributed(monkeypatch):
    monkeypatch.setattr(attribution, "GROUP_SUBJECT", False)
    assert who(*GROUP)[1] == ("none", None)


@pytest.mark.parametrize("sentence, subject", [
    ("Officials expect it to raise rates by roughly one percentage point.", "Officials"),
    ("And some undecided conservatives think Ayotte should drop her party's nominee.",
     "some undecided conservatives"),
    ("Opponents of allowing Syrian refugees into the U.S. cite concerns that the region is rife.",
     "Opponents of allowing Syrian refugees into the U.S."),
    ("Some even say they have relationships with a bunch of website owners.", "Some"),
    ("Industry analysts expect experimentation with new metrics.", "Industry analysts"),
    ("Election scholars caution that high turnout does not last.", "Election scholars"),
    # everyday people with a verb of thinking or wanting (pages that are not news), ...
    ("Some view Trump's prospective nomination as a hostile takeover.", None),
    ("Japanese people fear being seen as a nuisance.", None),
    ("People generally think of SEO as just getting ranked in Google.", None),
    ("Admissions officers want to know about you, your personality and emotions.", None),
    ("Others prefer a more polished look.", None),
    ("It’s also about how people think and interact with your site.", None),
    ("Experts tell all: How to avoid 4 common enterprise AI adoption mistakes", None),
    ("Most arguments are specific to the resource and control its behavior.", None),
    # passive, a name listed in the group, a quotation, a clause, one person, a thing
    ("Some advisers are said to be urging the governor to play by the rules.", None),
    ("Many Democrats are expected to follow the lead of Rep. Ann Kirkpatrick.", None),
    ("Democrats -- including Clinton -- quickly accused Trump of suggesting violence.", None),
    ("“People want us to talk about their lives,” she said.", None),
    ("Voters who backed him in 2012 say they will stay home.", None),
    ("A spokesman said the talks would resume.", None),
    ("Many smart thermostat apps say they save energy.", None),
])
def test_group_subject_reads_only_unnamed_people_saying_or_thinking(sentence, subject):
    found = attribution.group_subject(sentence)
    assert (found[0] if found else None) == subject


def test_some_of_a_group_of_people_is_unnamed_people(monkeypatch):
    spans = ["Several of Clinton's top aides", "some of the GOP's best-connected fundraisers",
             "some of his supporters"]
    assert [attribution._people_class(s) for s in spans] == ["anonymous"] * 3
    # a name in apposition, or a group that is not people, is left to the class model
    assert attribution._people_class("One of his advisers, Tad Devine") is None
    assert attribution._people_class("many of the actions") is None
    monkeypatch.setattr(attribution, "QUANTIFIER_OF_PEOPLE", False)
    assert [attribution._people_class(s) for s in spans] == [None] * 3


# ---------------------------------------------- UNNAMED_HEAD, SAME_CARRY_UNCLEAR, ACCORDING (attr16)


@pytest.mark.parametrize("span", [
    "Nevertheless, experts", "Overall, conservative outside groups", "Associates", "Witnesses",
    "a longtime adviser to Trump", "one longtime adviser to Bill Clinton", "Trump fans",
    "His representatives", "Her aides", "Digital forensics experts even", "FBI officials",
    "a Clinton aide", "a spokeswoman for Hillary Clinton", "people familiar with the matter",
    "human rights groups", "analysts", "Some", "Another", "Exit polls", "Research",
    "Politicians and even some technologists", "three television networks",
    "dozens of members of his party", "Under federal law, U.S. lobbyists",
    "A number of readers", "a handful of Democrats", "A group of rabbis", "A number of studies",
    "a Democrat familiar with his afternoon remarks", "a New Hampshire Republican",
    "House Republicans", "dozens of women", "some analyses", "a younger generation of activists",
    "A social anthropologist", "only a few handfuls of anti-Trump delegates",
])
def test_a_span_of_unnamed_people_or_records_is_unnamed(span):
    assert attribution.unnamed_head(span)


@pytest.mark.parametrize("span", [
    "Mrs. Clinton", "YouGov", "the Labor Department", "the Clinton campaign", "Clinton's campaign",
    "a CNN/ORC poll", "a report from the SITE Intelligence Group", "Greenberg's research",
    "veteran analyst Charlie Cook", "Justice Department spokesman Peter Carr", "Spokesman",
    "Cameron’s spokesman", "his spokesman", "Mr. Xi and other leaders",
    "Bush and his rivals for the Republican presidential nomination", "Some of them",
    "former Utah governor Michael Leavitt, a Romney confidant", "Smith, a spokesman",
    "Even Rendell, a stalwart Clinton supporter", "Others who", "the official", "Nobody",
    "Figure", "All of the medications", "most of which ran Monte Carlo simulations",
    "Sales teams use agents to", "Such an app allows users to", "key as attendees",
    "Addressing attendees of the New York", "the majority of those",
    "A group of Republican senators, including Ted Cruz", "The Republican", "Ohio Republican",
    "Rep. Jim Jordan, an Ohio Republican",
])
def test_a_span_that_names_someone_or_is_no_group_is_not_unnamed(span):
    assert not attribution.unnamed_head(span)


def test_an_unnamed_head_is_anonymous_whatever_the_class_model(monkeypatch):
    attribution.classify.cache_clear()
    assert attribution.classify("Nevertheless, experts") == "anonymous"
    assert attribution.classify("Associates") == "anonymous"
    monkeypatch.setattr(attribution, "UNNAMED_HEAD", False)
    attribution.classify.cache_clear()
    try:
        assert attribution.classify("Associates") != "anonymous"
    finally:
        attribution.classify.cache_clear()


def test_a_group_the_models_found_does_not_carry_within_its_paragraph(monkeypatch):
    """SAME_CARRY_UNCLEAR: within a paragraph, only a frame rule's anonymous source carries to
    the next sentence; one the models found (people, class, rule>class) gets no verdict."""
    assert not attribution._carry_unsure(True, "rule")
    assert attribution._carry_unsure(True, "people")
    assert attribution._carry_unsure(True, "class")
    assert attribution._carry_unsure(True, "rule>class")
    assert not attribution._carry_unsure(False, "rule")  # across paragraphs: CARRY_ROOTS
    assert attribution._carry_unsure(False, "class")
    assert attribution._carry_unsure(False, "people")
    monkeypatch.setattr(attribution, "SAME_CARRY_UNCLEAR", False)
    assert not attribution._carry_unsure(True, "people")


def _labels(*paragraphs: str) -> list[tuple[str, str | None]]:
    found = extract_claims([(i, p, "en") for i, p in enumerate(paragraphs)])
    return [(c.attribution, c.attributed_to) for c in found]


def test_according_to_unnamed_people_at_the_end_is_their_claim(monkeypatch):
    text = "Ted Cruz has won the Wisconsin Republican primary, according to three television networks."
    assert _labels(text) == [("anonymous", "three television networks")]
    monkeypatch.setattr(attribution, "ACCORDING_UNNAMED", False)
    assert _labels(text) != [("anonymous", "three television networks")]


def test_a_group_seeing_something_as_something_holds_a_view(monkeypatch):
    """GROUP_SEES_AS: "developers see golf courses as wasted space" is the developers' view, not
    an act GROUP_ACTING leaves without a verdict."""
    info = attribution.sentence_infos([["In South Florida, developers see golf courses as wasted space."]])[0]
    found = attribution.Found("anonymous", "developers", "developers", "see", "class")
    assert not attribution._group_acting(found, info)
    monkeypatch.setattr(attribution, "GROUP_SEES_AS", False)
    assert attribution._group_acting(found, info)


# Issue 18, attr19 -------------------------------------------------------------------------


@pytest.mark.parametrize("sentence, source", [
    ("Mr. Trump did not undo Mr. Allen's renovation of the plane, records show.", "records"),
    (("Much of that money came from companies that no longer exist, campaign and corporate records "
     "show."), "campaign and corporate records"),
])
def test_an_unnamed_tag_of_its_own_after_a_comma_is_the_sentences_source(monkeypatch, sentence, source):
    """UNNAMED_TAG: ", records show." vouches for the whole sentence, not its subject."""
    assert who(sentence) == [("anonymous", source)]
    monkeypatch.setattr(attribution, "UNNAMED_TAG", False)
    attribution.classify.cache_clear()
    assert who(sentence) != [("anonymous", source)]


def test_an_unnamed_tag_needs_a_statement_before_it_and_no_clause_in_it():
    assert who("Next, columns that are part of the table are declared, by adding attributes.") == [
        ("none", None)
    ]
    assert attribution._unnamed_tag_re().search("..., columns that are part of the table are declared,")


@pytest.mark.parametrize("span", [
    "Mr. Rubio and his advisers", "Trump and his attorneys", "Sanders and his supporters",
])
def test_a_name_with_the_people_around_it_is_not_unnamed(monkeypatch, span):
    """NAME_AND_GROUP: no "anonymous" label for a span that names its first member (PolNeAR's
    gold: named); no verdict from the class path, the frame rules' "named" stands."""
    attribution.classify.cache_clear()
    assert attribution.name_and_group(span)
    assert attribution.classify(span) != "anonymous"
    monkeypatch.setattr(attribution, "NAME_AND_GROUP", False)
    attribution.classify.cache_clear()
    assert attribution.classify(span) == "anonymous"
    attribution.classify.cache_clear()


@pytest.mark.parametrize("span", [
    "Establishment Republicans and their big-money allies", "She and her aides",
    "The Kentucky Republican and the New York businessman",
])
def test_a_group_or_a_pronoun_with_others_is_no_name(span):
    assert not attribution.name_and_group(span)


def test_a_name_with_its_people_in_a_frame_stays_named(monkeypatch):
    text = "Trump and his attorneys have said the company would return in some form."
    assert who(text) == [("named", "Trump and his attorneys")]
    monkeypatch.setattr(attribution, "NAME_AND_GROUP", False)
    attribution.classify.cache_clear()
    assert who(text) == [("anonymous", "Trump and his attorneys")]
    attribution.classify.cache_clear()


def test_a_month_is_no_name_in_a_record(monkeypatch):
    """DATES_NOT_NAMES: "a June poll" is an unnamed record, "a CNN/ORC poll" a named one."""
    text = "In Florida, a June poll found Trump receiving 20 percent support from Latino voters."
    attribution.unnamed_head.cache_clear()
    assert who(text) == [("anonymous", "a June poll")]
    assert not attribution.unnamed_head("a CNN/ORC poll")
    monkeypatch.setattr(attribution, "DATES_NOT_NAMES", False)
    attribution.unnamed_head.cache_clear()
    attribution.classify.cache_clear()
    assert who(text) != [("anonymous", "a June poll")]
    assert not attribution.unnamed_head("a June poll")
    attribution.unnamed_head.cache_clear()
    attribution.classify.cache_clear()


LAWSUIT = (
    ("“As far as weapons, they’ll use anything they can get,” Trump said of terrorists, mocking "
    "concerns about civil liberties. “These people will use anything.”"),
    ("A federal lawsuit was filed in 2012 challenging the New York Police Department's "
    "surveillance of Muslim communities and alleging that police used the plaintiffs' Muslim "
    "identity as a “permissible proxy for criminality.”"),
)


def test_a_likeliest_source_that_names_no_one_keeps_its_class(monkeypatch):
    """LIKELY_UNNAMED: the sentence's own likeliest source, unnamed by its words, is anonymous
    (in an article that reports what people say), not a guess without a verdict."""
    assert who(*LAWSUIT)[-1] == ("anonymous", "A federal lawsuit")
    monkeypatch.setattr(attribution, "LIKELY_UNNAMED", False)
    attribution.classify.cache_clear()
    assert who(*LAWSUIT)[-1] == ("unclear", "A federal lawsuit")


@pytest.mark.parametrize("span, unnamed", [
    ("Democrats in Congress", True), ("His supporters", True), ("Many", False), ("Both", False),
    ("Among the Republican senators", False),
])
def test_which_likeliest_sources_name_no_one(span, unnamed):
    assert attribution._likely_unnamed(span) is unnamed


def test_a_group_subject_after_an_opening_phrase_is_the_source(monkeypatch):
    """GROUP_AFTER_OPENER: "Contrary to his claims, authorities say ..." as "Authorities say"."""
    text = "Contrary to his claims, authorities say he never obtained access to the account."
    info = attribution.sentence_infos([[text]])[0]
    found = attribution._group_subject(attribution.Found("none"), info)
    assert (found.kind, found.source) == ("anonymous", "authorities")
    monkeypatch.setattr(attribution, "GROUP_AFTER_OPENER", False)
    assert attribution._group_subject(attribution.Found("none"), info).kind == "none"


def test_a_longer_second_clause_of_unnamed_people_saying_is_the_sentences(monkeypatch):
    """LATER_GROUP: the gold's row of a sentence with two attributions is the one covering most."""
    text = ("Islamic State claimed responsibility for the attack but U.S. officials have said they do "
            "not believe the gunman was assisted from abroad.")
    assert who(text) == [("anonymous", "U.S. officials")]
    monkeypatch.setattr(attribution, "LATER_GROUP", False)
    assert who(text) == [("named", "Islamic State")]


def test_a_shorter_second_clause_leaves_the_first_clauses_source():
    text = "Islamic State claimed responsibility for the deadly attack on Sunday, but officials doubt it."
    info = attribution.sentence_infos([[text]])[0]
    found = attribution.Found("named", "Islamic State", "Islamic State", "claimed", "rule")
    assert attribution._later_group(found, info) == found


@pytest.mark.parametrize("sentence, subject", [
    ("But supporters hope her relentless attacks on Clinton might make her a contender.", "supporters"),
    ("Perhaps young voters prefer Sanders' call for revolution over incrementalism.", "young voters"),
])
def test_a_group_hoping_or_preferring_holds_a_view(monkeypatch, sentence, subject):
    """GROUP_ATTITUDE: hope / prefer / view are verbs of a group's view (GROUP_SUBJECT)."""
    assert attribution.group_subject(sentence)[0] == subject
    assert attribution.group_subject("Now, users of the crate can view the logs in the browser.") is None
    monkeypatch.setattr(attribution, "GROUP_ATTITUDE", False)
    assert attribution.group_subject(sentence) is None
