"""Attribution that holds on real news (issue 18): the named cases and the dev-set floors."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from monitor import attribution, claims
from monitor.claims import extract_claims, split_sentences

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def _bench_module():
    """benchmarks/ is not a package: load the metric from the file the CLI runs."""
    path = REPO / "benchmarks" / "attribution.py"
    spec = importlib.util.spec_from_file_location("bench_attribution", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def claims_of(*paragraphs: str, lang: str = "en"):
    return extract_claims([(i, p, lang) for i, p in enumerate(paragraphs)])


def who(*paragraphs: str, lang: str = "en"):
    return [(c.attribution, c.attributed_to) for c in claims_of(*paragraphs, lang=lang)]


# ------------------------------------------------------------------------ the issue's cases


def test_curly_apostrophe_inside_a_quotation_does_not_end_it():
    text = "“They’re sending people that have lots of problems. They’re bringing drugs,” Trump said."
    assert who(text) == [("named", "Trump"), ("named", "Trump")]


def test_age_between_name_and_verb():
    (claim,) = claims_of("Taylor Hirth, 31, said she would vote for Hillary Clinton in November.")
    assert (claim.attribution, claim.attributed_to, claim.cue) == ("named", "Taylor Hirth", "said")


def test_an_adverb_between_the_source_and_its_verb_is_no_part_of_the_source():
    # the bilingual seed's "Many also touted ...": the source is "Many", not "Many also"
    text = (
        "Many also touted Chinese companies’ tendency to give users free access to modify and "
        "deploy their AI models."
    )
    (claim,) = claims_of(text)
    assert (claim.attribution, claim.attributed_to) == ("anonymous", "Many")


def test_inverted_source_with_relative_clause_is_the_source_not_the_quote():
    (claim,) = claims_of(
        "The agency did not detect the breach until last year, said the official, who asked not "
        "to be named because the investigation is ongoing."
    )
    assert (claim.attribution, claim.attributed_to) == ("anonymous", "the official")


@pytest.mark.parametrize(
    "text, source",
    [
        ("Some former employees in Wells Fargo's branches said they were pushed to open accounts.",
         "Some former employees in Wells Fargo's branches"),
        ("A Coca-Cola spokesman said the company would review the report.", "A Coca-Cola spokesman"),
        ("Trump aides said the candidate would not release his tax returns this year.", "Trump aides"),
        ("FBI officials said the investigation into the emails had been closed.", "FBI officials"),
        ("Analysts said the deal would close by the end of the year.", "Analysts"),
        # an unnamed document, indefinite, is an anonymous source; the frame finds it
        ("Clinton attended the meeting alone, according to a pool report.", "a pool report"),
        ("Turnout among young voters fell sharply, according to exit polls.", "exit polls"),
        # "..., say X" is the inverted reporting clause as "..., said X" is
        ("The rally drew fewer people than expected, say local organizers.", "local organizers"),
        # an ally is a role, a share of a group names no one
        ("A Clinton ally suggested she would support the trade deal after the election.",
         "A Clinton ally"),
        ("Among those polled, 28% of independents and 12% of Democrats said they would back him.",
         "28% of independents and 12% of Democrats"),
        ("Two in three voters said the country was on the wrong track.", "Two in three voters"),
    ],
)
def test_a_capital_letter_is_not_a_name(text, source):
    assert who(text) == [("anonymous", source)]


@pytest.mark.parametrize(
    "text, source",
    [
        ("Mrs. Clinton said the plan would create jobs for millions of workers.", "Mrs. Clinton"),
        ("The Clinton campaign said it raised more than 60 million dollars last month.",
         "The Clinton campaign"),
        ("The Labor Department said the economy added 160,000 jobs in April.", "The Labor Department"),
        ("YouGov found that 45 percent of voters support the plan.", "YouGov"),
        # an aside between subject and verb, the place that ends it ("N.C.", "Ohio") no source
        ("Trump, speaking at a rally in Wilmington, N.C., warned that taxes would rise.", "Trump"),
        ("Clinton, during a town hall meeting in Columbus, Ohio, said the mines would close.",
         "Clinton"),
    ],
)
def test_names_and_things_named_are_named(text, source):
    assert who(text) == [("named", source)]


def test_pronoun_resolves_to_the_nearest_earlier_name_and_keeps_the_surface():
    claims = claims_of(
        "Donald Trump spoke to supporters in Ohio on Monday evening.",
        "“We are going to win this state and we are going to win it big,” he said.",
    )
    quoted = claims[-1]
    assert (quoted.attribution, quoted.attributed_to, quoted.source_span) == (
        "named", "Donald Trump", "he",
    )


@pytest.mark.parametrize(
    "paragraphs, source",
    [
        # "he" is a person, not the newspaper quoted since
        (("Senator Jeff Merkley spoke to reporters in Portland on Monday morning.",
          "The New York Times reported that the bank had opened two million accounts.",
          "“If any bank can’t be managed effectively, it should be broken up,” he said."),
         "Senator Jeff Merkley"),
        # "she" is no one titled "Mr."
        (("Ms. Kellyanne Conway spoke to reporters outside the campaign office on Tuesday.",
          "Mr. Bruno, the campaign's lawyer, said the filing would come on Friday.",
          "“We are expanding at a busy time in the final stretch of the campaign,” she said."),
         "Ms. Kellyanne Conway"),
        # a sentence opener is no part of the name
        (("Like President Obama, many voters were angry about the decision of the court.",
          "“This is the worst ruling in a generation for the people of this country,” he said."),
         "President Obama"),
        # "she" is no man: the given name says who is who
        (("Hillary Clinton spoke to voters in Ohio on Monday.",
          "Donald Trump said the race was rigged.",
          "“We will win this state for working families,” she said."),
         "Hillary Clinton"),
        # a surname alone takes the gender of the article's full name ("Hillary Clinton")
        (("Hillary Clinton and Donald Trump met voters in Ohio on Monday.",
          "Clinton called for new taxes on the richest Americans.",
          "Trump said the plan would fail.",
          "“It is a plan for working families,” she said."),
         "Clinton"),
        # a title inside a name does not end it ("Former Pennsylvania Gov" is no one)
        (("On Monday, reporters met former Pennsylvania Gov. Ed Rendell in Philadelphia.",
          "“There is absolutely no chance she will withdraw from the race,” he said."),
         "Gov. Ed Rendell"),
        (("What Mr. Obama wanted was a deal on climate before he left office.",
          "“It is a slow-moving issue that people do not see,” he said."),
         "Mr. Obama"),
        # a given name used by both sexes (Terry) says nothing; the speaker's given name
        # inside his title ("... Press Secretary Josh Earnest") says he is no "she"
        (("Terry Strada, a 9/11 widow, spoke to reporters on Monday.",
          "White House Press Secretary Josh Earnest said the president would veto the bill.",
          "She continued, “For us, the families, all we are asking for is a day in court.”"),
         "Terry Strada"),
        # a place is no "he"
        (("President Obama met leaders of the Marshall Islands on Monday.",
          "Crops are withering in the Marshall Islands, he noted."),
         "President Obama"),
        # a name with a capital inside ("McKinley") is one name, not "Mc"
        (("The book was written by Kevin McKinley, a financial planner in Wisconsin.",
          "“Most parents wish they had saved more for college,” he said."),
         "Kevin McKinley"),
    ],
)
def test_a_pronoun_stands_for_the_person_it_can_be(paragraphs, source):
    claims = claims_of(*paragraphs)
    assert (claims[-1].attribution, claims[-1].attributed_to) == ("named", source)


@pytest.mark.parametrize(
    "paragraphs, source",
    [
        # named before "he" in its own sentence: him, not the last source
        (("White House spokesman Josh Earnest said the remarks were a mistake.",
          ("Donald Trump is drawing criticism after he said that veterans who suffer from stress "
           "are not strong enough to handle it.")),
         "Donald Trump"),
        # the person the previous sentence names, not an older source; the company whose
        # executive he is names no one
        (("Senator Jeff Merkley said the bank should be broken up.",
          ("On Tuesday, the committee questioned Wells Fargo chief executive John Stumpf for four "
           "hours."),
          "“I accept full responsibility for all unethical sales practices,” he said."),
         "John Stumpf"),
    ],
)
def test_he_stands_for_the_nearest_person_named(paragraphs, source):
    claims = claims_of(*paragraphs)
    assert (claims[-1].attribution, claims[-1].attributed_to, claims[-1].source_span) == (
        "named", source, "he",
    )


@pytest.mark.parametrize(
    "paragraphs, source",
    [
        # a capitalised word after "In" is no surname ("In Clarkston, ..." then "Clarkston
        # residents and Mayor Ted Terry ...": "he" is the mayor, not the town)
        (("In Clarkston, the refugees were welcomed at a dinner on Sunday.",
          "Clarkston residents and Mayor Ted Terry waited for the families at the church.",
          "“We are a city of welcome,” he said."),
         "Mayor Ted Terry"),
        # a name after a place's preposition is taken last ("near Sandy Hook Elementary School")
        (("Families of the victims gathered on Friday morning.",
          "At a firehouse near Sandy Hook Elementary School, Chris Murphy met the families.",
          "“I did not know what else to do that morning,” he said."),
         "Chris Murphy"),
        # a name after "the" modifies a noun ("The Romney attack"): no one "he" stands for
        (("Mitt Romney gave a speech in Utah on Thursday.",
          "The Romney attack hit Donald Trump hard, and he said it was unfair."),
         "Donald Trump"),
        # a name before a role and another name is not who "he" is ("Obama consultant
        # Cornell Belcher")
        (("Barack Obama won the Iowa caucuses in 2008.",
          "Obama consultant Cornell Belcher picked up a similar thread at the time.",
          ("“African-Americans are beginning to see that they have a lot in common with white "
           "voters,” he said.")),
         "Cornell Belcher"),
        # the person named five sentences back, where no one is named since (NEAREST_BACK)
        (("That morning the families met Senator Chris Murphy at the firehouse.",
          "The families had gathered there since dawn.",
          "Some had waited for hours without news.",
          "The building was cold and crowded.",
          "Nobody spoke for a long time.",
          "“I did not know what else to do,” he said."),
         "Senator Chris Murphy"),
        # a speaker named by one word is a name a later sentence uses alone ("Bob said ..."
        # ... "Bob met with ...": "he" is Bob, not the ambassador he met)
        (("Bob said he arrived in Benghazi as base chief in December 2011.",
          "Bob met with Ambassador Chris Stevens on the night before the attack.",
          "“We did try to convey the seriousness of the threat,” he said."),
         "Bob"),
        # an office holding a place or organisation word names the person after it
        # ("House Speaker Paul D. Ryan": OFFICE_BEFORE_NAME)
        (("That is more than you can say for other Republicans.",
          "Just look at House Speaker Paul D. Ryan.",
          "In 2008, he wanted to force the Fed to stop worrying about unemployment."),
         "Paul D. Ryan"),
        # the last word of a name of three words is a name used alone later ("Sir Peter
        # Westmacott" ... "Westmacott": SURNAME_RUN), not the president named before him
        (("President Barack Obama has an admirer in British diplomat Sir Peter Westmacott.",
          "Westmacott, who will retire soon, served in Iran, Turkey and France before Washington.",
          "“I think the legacy doesn’t look bad,” he told the Guardian."),
         "Westmacott"),
        # a place is no "she" ("in Las Vegas", "of Nevada")
        (("In Nevada, Hillary Clinton won most of the delegates on Saturday.",
          "Her aides gathered at a ballroom in Las Vegas as the results of Nevada came in.",
          "“To everyone who turned out in every corner of the state: this is your win,” she wrote."),
         "Hillary Clinton"),
    ],
)
def test_he_or_she_stands_for_a_person_not_a_place_or_a_thing_named(paragraphs, source):
    claims = claims_of(*paragraphs)
    assert (claims[-1].attribution, claims[-1].attributed_to) == ("named", source)


@pytest.mark.parametrize(
    "name, person",
    [
        ("Hillary Clinton", True),
        ("Vermont Sen. Bernie Sanders", True),
        ("Nevada", False),
        ("Las Vegas", False),
        ("five Hispanic-Americans with varying national heritage", False),
        ("Young Latinos", False),
        ("62-year-old Brenda Johnson", True),
        ("1,200 Democrats", False),
        ("9/11 widow Terry Strada", True),  # a count is a whole number, not a date's digits
        ("His Catholic faith", False),
        ("known inside the agency as the Global Response Staff", False),
        ("Factcheck.org", False),
    ],
)
def test_a_place_or_a_group_is_no_person_a_pronoun_may_stand_for(name, person):
    assert attribution._personish(name) is person


def test_a_title_in_an_apposition_says_nothing_of_the_gender_of_the_name():
    assert attribution._gender("Brian Fallon, a spokesman for Mrs. Clinton") == "m"
    assert attribution._gender("Terry Strada, a lawyer for Mrs. Clinton") == ""


def test_a_sentence_opening_with_a_place_names_no_one_he_may_stand_for():
    infos = attribution.sentence_infos([["New Hampshire voters went to the polls on Tuesday."]])
    assert attribution._subject_names(infos) == {}


@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        # "they" is no one person: no verdict, not the last source
        (("Mr. Netanyahu said on Monday that the talks with Washington would be long.",
          "They also say the deal on security aid is close."),
         ("unclear", "They")),
        (("A spokeswoman for YouTube said the company removes such videos quickly.",
          ("What's more, they note, there are plenty of encryption options not made by American "
           "companies.")),
         ("unclear", "they")),
        # a group of people before it is what "they" stands for
        (("Former prosecutors said the timing of the letter was a mistake.",
          "They say the bureau should have waited until after the election."),
         ("anonymous", "Former prosecutors")),
    ],
)
def test_they_stands_for_a_group_of_people_never_one_person(paragraphs, expected):
    claims = claims_of(*paragraphs)
    assert (claims[-1].attribution, claims[-1].attributed_to) == expected


@pytest.mark.parametrize(
    "paragraphs, expected",
    [
        # "it" is no person: no verdict, not the last (personal) source
        (("Trump senior communications adviser Jason Miller said the ad would run in four states.",
          "It will focus on his economic message, contrasting his approach with Clinton's."),
         ("unclear", "It")),
        # "we" outside a quotation is the writer's: no one named before, and the page's own
        # voice (PAGE_VOICE): none
        (("Senator Joe Biden said the middle class was getting crushed.",
          "We asked our followers what they thought about the debate."),
         ("none", None)),
    ],
)
def test_it_we_and_you_stand_for_no_person_named_before(paragraphs, expected):
    claims = claims_of(*paragraphs)
    assert (claims[-1].attribution, claims[-1].attributed_to) == expected


def test_a_description_stands_for_the_person_whose_title_has_its_head():
    claims = claims_of(
        "Republican presidential candidate Donald Trump said he had filed his report.",
        "The report runs to 104 pages.",
        "The candidate claims his net worth is in excess of $10 billion.",
    )
    assert (claims[-1].attribution, claims[-1].attributed_to) == (
        "named", "Republican presidential candidate Donald Trump",
    )


def test_a_name_that_is_also_a_modal_verb_is_a_name():
    (claim,) = claims_of(
        "British Prime Minister Theresa May said this week that the country would formally "
        "declare its intent to leave the European Union by the end of March."
    )
    assert (claim.attribution, claim.attributed_to) == ("named", "British Prime Minister Theresa May")


def test_the_subject_is_the_source_not_a_longer_object():
    (claim,) = claims_of(
        "Caddell went on to discuss recently released polls, including ones showing Trump "
        "leading nationally and in the swing states of Ohio and Florida."
    )
    assert (claim.attribution, claim.attributed_to) == ("named", "Caddell")


def test_a_quotation_before_its_speaker_takes_the_speaker_named_after_it():
    claims = claims_of(
        "“We will not accept a deal that leaves our workers behind.",
        "We want a fair agreement for every factory in the state,” said Governor Jane Smith.",
    )
    assert [(c.attribution, c.attributed_to) for c in claims] == [
        ("named", "Governor Jane Smith"), ("named", "Governor Jane Smith"),
    ]


@pytest.mark.parametrize(
    "text, source",
    [
        # the words after "said" are a time, place or medium, not the source
        (("“Our assumption is that the veto will be overridden,” Senate Majority Leader Mitch "
          "McConnell, R-Ky., said Tuesday."), "Senate Majority Leader Mitch McConnell, R-Ky"),
        (("“This framing places all the blame on young folks,” Vann Newkirk, a writer for The "
          "Atlantic, said on Twitter."), "Vann Newkirk, a writer for The Atlantic"),
        # a verb inside the quotation is the quotation's own
        (("“Every time you say that,” Tester said, “you give ammunition to the people who want "
          "to break up the big banks.”"), "Tester"),
        # an introductory phrase is no subject
        (("Following initial reports of the explosion, Republican nominee Donald Trump said at "
          "an event that a bomb had gone off."), "Republican nominee Donald Trump"),
        # '' closes a quotation in some papers' text
        ("There's a lot of new complexity in the plan for taxpayers,'' said Mr. Burman.",
         "Mr. Burman"),
        # a long apposition: the name (frame rule, and span CRF below)
        (("Mark Ellis, senior director for trade and industrial policy at Harbor Economics, "
          "emphasized that the tariffs would raise prices."), "Mark Ellis"),
        (("Richard Revesz, director of the Institute for Policy Integrity at New York "
          "University’s law school, said the suing states were exaggerating the reach of the EPA."),
         "Richard Revesz"),
    ],
)
def test_the_source_is_the_speaker_not_a_phrase_next_to_the_verb(text, source):
    assert who(text) == [("named", source)]


def test_quotation_over_two_paragraphs_carries_its_attribution():
    claims = claims_of(
        "Hillary Clinton met voters in Iowa on Tuesday.",
        "“We will build an economy that works for everyone, not just those at the top.",
        "“And we will do it together, all of us, in every state,” she said.",
    )
    assert [(c.attribution, c.attributed_to) for c in claims if c.seq >= 1] == [
        ("named", "Hillary Clinton"), ("named", "Hillary Clinton"),
    ]


def test_a_subject_the_span_crf_leaves_untagged_is_the_source_not_the_neighbours():
    # The span CRF tags no source here; its marginals still point at "The woman", who keeps
    # the sentence rather than the mayor of the sentence before. A description that resolves
    # to no one is no verdict ("unclear"), not "anonymous": on held-out PolNeAR most of them
    # stand for someone the article names.
    claims = claims_of(
        "Mayor John Smith said the city would pay for the new wing.",
        "The woman disputes the idea that she needed to be taken to a hospital in the first place.",
    )
    assert (claims[1].attribution, claims[1].attributed_to) == ("unclear", "The woman")


@pytest.mark.parametrize(
    "text, source",
    [
        (('Secretary General Ban Ki-moon condemned what he called a "brazen breach" of U.N. '
          "resolutions."), "Secretary General Ban Ki-moon"),
        (("In a White House statement, President Obama condemned Friday's test as \"provocative "
          'and destabilizing."'), "President Obama"),
    ],
)
def test_a_name_opening_a_sentence_with_a_cue_verb_beats_the_previous_paragraphs_source(
    text, source
):
    # No source tagged in the second paragraph: before, it took the ministry's (on PolNeAR a
    # source carried from the previous paragraph was more often someone else's than right).
    got = who(
        "North Korea's foreign ministry said the test was a success and that more would follow.",
        text,
    )
    assert got == [("named", "North Korea's foreign ministry"), ("named", source)]


@pytest.mark.parametrize(
    "text, source",
    [
        (("“There will be some that will take days and weeks to realize that there are two "
          "choices,” said Gov. Phil Bryant of Mississippi, a former backer of Sen. Ted Cruz."),
         "Gov. Phil Bryant of Mississippi"),
        (("“Other nations have restructured their tax code, and we must do the same,” said Rep. "
          "Patrick J. Tiberi (R-Ohio), a senior member of the Ways and Means Committee."),
         "Rep. Patrick J. Tiberi"),
    ],
)
def test_the_named_subject_of_a_cue_beats_the_previous_paragraphs_source(text, source):
    # The span CRF tags the cue but no source: before, the sentence took the previous
    # paragraph's speaker (Smith), now the cue's own subject where the class model calls it
    # named (held-out fifth of train: anonymous precision 0.754 -> 0.760, source match +0.001)
    got = who("“We are going to win this state,” Smith said at a rally on Tuesday.", text)
    assert got == [("named", "Smith"), ("named", source)]


def test_an_attributed_sentence_with_nothing_to_carry_takes_its_likeliest_own_source():
    # Both the sentence CRF and the detector attribute it, the span CRF tags "calling for" but
    # no source, and no earlier source stands near: the span CRF's likeliest untagged run,
    # named, is the source, where the sentence marks what was said (here its quotation marks)
    got = who('China also released the "Artificial Intelligence Global Governance Action Plan" '
              "at the conference, calling for the creation of transnational open-source "
              "communities.")
    assert got == [("named", "China")]


def test_a_sentence_only_the_detector_attributes_takes_its_likeliest_own_source(monkeypatch):
    # the sentence CRF says no (threshold out of reach), the detector yes: such a sentence may
    # take no neighbour's source, but its own likeliest untagged run, named, where the span CRF
    # tags a cue and the sentence marks what was said ("that")
    monkeypatch.setattr(attribution, "THRESHOLD", 0.999)
    monkeypatch.setattr(attribution, "detect", lambda fs, marginals, model: [True] * len(fs))
    sentence = ("The Republican National Committee is filing a complaint Monday with the city's "
                "attorney oversight board, claiming that a Clinton aide had a conflict of interest.")
    found = attribution.attribute_article([[sentence]])
    assert [(f.kind, f.source) for f in found] == [("named", "The Republican National Committee")]


def test_a_plain_statement_with_nothing_to_carry_takes_no_likely_source():
    # no quotation mark, colon, "that" or said-type verb: a statement about China, not by it
    got = who("China, though, has shown a willingness to spend whatever it takes.")
    assert got == [("none", None)]


def test_a_name_opening_a_sentence_without_a_cue_verb_is_no_source():
    # "acquired" is no cue (not in the cue lexicon learned from PolNeAR train): Coty is the
    # subject of a plain statement, not a source
    got = who(
        "Jenner's partner, Paul Petrides, said the deal with Coty would help the brand grow.",
        "Coty acquired a 51% ownership position in the portfolio, a deal announced at the "
        "beginning of the week.",
    )
    assert got[1][1] != "Coty"


def test_a_sentence_opening_with_a_comma_keeps_the_previous_source():
    # the likeliest untagged source there is "," alone: no source, and no crash
    claims = claims_of(
        "The editorial board of the Daily Herald published its endorsement on Sunday, saying the "
        "race was close.",
        ", concludes that the mayor is too \"dangerous and reckless\" to be re-elected.",
    )
    # the source a sentence takes from the previous paragraph keeps no "anonymous" verdict
    assert (claims[-1].attribution, claims[-1].attributed_to) == (
        "unclear", "The editorial board of the Daily Herald",
    )


def test_an_unsure_class_is_no_verdict_not_anonymous():
    # Precision before recall: where the class model is not sure of "anonymous" (below
    # attribution.ANONYMOUS_MIN) the claim stays attributed but gets no class.
    assert who("Another ranking said the plan would fail.") == [("unclear", "Another ranking")]
    assert attribution.classify("Two-thirds") == "unclear"
    assert attribution.classify("Two-thirds", sure=0.0) == "anonymous"
    # sure ones keep their verdict
    assert who("Trump aides said the plan would fail.") == [("anonymous", "Trump aides")]
    assert attribution.classify("Some critics") == "anonymous"


def test_a_description_resolving_to_no_one_is_no_verdict():
    # "The city council" stands for no earlier source: on held-out PolNeAR such descriptions
    # were anonymous in the gold 1 time in 5, so they get no class rather than "anonymous".
    claims = claims_of(
        "The city council met on Monday to discuss the budget.",
        "The official said the city would pay for the new wing.",
    )
    assert [c.attribution for c in claims if c.attributed_to == "The city council"] in (
        [], ["unclear"],
    )


@pytest.mark.parametrize(
    "span",
    ["Democrats -- including Clinton --", "A longtime JNF official, Howard Ingram",
     "Trump and other Republicans", "Others who", "for terrorist groups"],
)
def test_a_span_that_names_someone_or_is_cut_short_is_not_anonymous(span):
    assert attribution.unsure_anonymous(span)
    assert attribution.classify(span) != "anonymous"


@pytest.mark.parametrize(
    "span",
    ["researchers from the Hoover Institution and Stanford University", "U.S. officials",
     "Democrats and Republicans", "A spokeswoman for Hillary Clinton", "Morgan Stanley analysts"],
)
def test_groups_with_capitals_stay_sure(span):
    assert not attribution.unsure_anonymous(span)


def test_unattributed_reporting_stays_unattributed():
    assert who("The company reported revenue of 4 billion dollars for the second quarter.") in (
        [("none", None)], [("named", "The company")],
    )
    assert who("Prices rose by 3 percent in March, the highest increase in two years.") == [
        ("none", None)
    ]


# ------------------------------------------------------------------------ Chinese


@pytest.mark.parametrize(
    "text, expected",
    [
        ('智库塞尔登战略创始人迈克尔·弗兰克表示:"中国显然正在强化其人工智能和计算生态系统方面取得进展。"',
         ("named", "智库塞尔登战略创始人迈克尔·弗兰克", "表示")),
        ('知情人士称,中国证券监管部门基本暂停批准与半导体和人工智能等"硬科技"领域无关的企业进行首次公开募股。',
         ("anonymous", "知情人士", "称")),
        ("消息人士透露，该项目将于明年启动并投入十亿元。", ("anonymous", "消息人士", "透露")),
        ("据了解，该公司今年的营收增长了百分之二十。", ("anonymous", None, "据了解")),
        ("据新华社报道，全国共有三千家企业参与了这一计划。", ("named", "新华社", "据…报道")),
        ("外交部发言人汪文斌说，中方对此表示坚决反对并将采取措施。", ("named", "外交部发言人汪文斌", "说")),
        ("分析人士认为，这一政策将推动经济增长约两个百分点。", ("anonymous", "分析人士", "认为")),
        ("一位官员指出，政府将在下个月出台新的补贴政策。", ("anonymous", "一位官员", "指出")),
    ],
)
def test_chinese_sources(text, expected):
    (claim,) = claims_of(text, lang="zh")
    assert (claim.attribution, claim.attributed_to, claim.cue) == expected


def test_bilingual_seed_chinese_claims_of_the_issue():
    path = next(SEEDS.glob("001_*.txt"))
    lines = [x.strip() for x in path.read_text("utf-8").splitlines()]
    frank = next(x for x in lines if x.startswith("智库塞尔登战略创始人迈克尔·弗兰克表示"))
    insiders = next(x for x in lines if x.startswith("知情人士称"))
    assert who(frank, lang="zh")[0] == ("named", "智库塞尔登战略创始人迈克尔·弗兰克")
    assert who(insiders, lang="zh")[0] == ("anonymous", "知情人士")


# ------------------------------------------------------------------------ the model


def test_model_ships_in_the_package_small_with_its_card():
    card = attribution.model_card()
    assert attribution.available()
    assert card["version"] and card["articles"] >= 800
    assert sum(card["size_bytes"].values()) <= 20 * 1024 * 1024
    assert "dev" in card and card["dev"]["f1"] > 0.5


def _sentence_crf_and_detector(*paragraphs: str) -> list[tuple[bool, bool]]:
    """(sentence CRF says attributed, detector says attributed) per sentence."""
    infos = attribution.sentence_infos([split_sentences(p, "en") for p in paragraphs])
    fs = attribution.sentence_features(infos)
    tagger = attribution._taggers()["sentence"]
    tagger.set(fs)
    tagger.tag()
    marginals = [tagger.marginal("A", i) for i in range(len(infos))]
    by_det = attribution.detect(fs, marginals, attribution._detector())
    return [(m >= attribution.THRESHOLD, d) for m, d in zip(marginals, by_det, strict=True)]


def test_second_stage_detector_ships_on_with_its_card(monkeypatch):
    """detector.json: version, held-out and dev figures (the system beside the CRF alone, same
    run); on as shipped, and it, not the CRF's 0.5, picks the sentences."""
    det = attribution._detector()
    assert det is not None and det["version"] and det["lexicon"] and det["weights"]
    assert {"said", "told", "according"} <= det["lexicon"]
    assert det["dev"]["precision"] >= 0.9 and det["dev"]["f1"] > det["dev_crf_only"]["f1"]
    assert attribution.DETECTOR
    case = json.loads((REPO / "tests" / "fixtures" / "claims_seeds.json").read_text("utf-8"))[1]
    segments = [tuple(x) for x in case["segments"]]
    on = [(c.attribution, c.attributed_to) for c in extract_claims(segments)]
    paras = [text for _, text, lang in segments if lang == "en"]
    assert any(crf != d for crf, d in _sentence_crf_and_detector(*paras))
    monkeypatch.setattr(attribution, "DETECTOR", False)
    off = [(c.attribution, c.attributed_to) for c in extract_claims(segments)]
    assert on != off


def test_a_sentence_only_the_detector_attributes_must_mark_what_was_said_or_name_its_source():
    """Precision first: where the sentence CRF says no and the detector yes, the sentence is a
    claim only with a source of its own and a mark of what was said ("that", a quotation), or a
    source that stands alone: a frame's, a people word's, a person pronoun, or a name (the class
    model's "named", ending in a capitalised word; issue 18, twelfth round)."""
    text = ("The governor conceded that the rollout had been slow. The senator has long "
            "criticized the agency for its spending. Jones recounted a meeting she had with the "
            "board in 2019.")
    assert _sentence_crf_and_detector(text) == [(False, True)] * 3
    assert who(text) == [(attribution.UNCLEAR, "The governor"), ("none", None), ("named", "Jones")]


def test_a_person_pronoun_a_detector_only_sentence_stands_on_resolves_to_its_person():
    """A sentence only the detector attributes, with no mark of what was said, keeps its own
    "he" / "she" (issue 18, twelfth round): resolved like any pronoun, it is the person's."""
    text = (
        "Hillary Clinton spoke in Des Moines on Monday.",
        "She criticized what she called the angry, divisive rhetoric from the Republican front-runner.",
    )
    assert _sentence_crf_and_detector(*text)[-1] == (False, True)
    assert who(*text)[-1] == ("named", "Hillary Clinton")


def test_a_name_a_detector_only_sentence_stands_on_is_no_neighbours_source(monkeypatch):
    """The WSJ seed: "China made a bold statement ..." (only the detector attributes it) is
    China's, but the next sentence, a plain statement, does not take China from it."""
    case = json.loads((REPO / "tests" / "fixtures" / "claims_seeds.json").read_text("utf-8"))[4]
    segments = [tuple(x) for x in case["segments"]]

    def claims():
        return {c.sentence[:30]: (c.attribution, c.attributed_to) for c in extract_claims(segments)}

    got = claims()
    assert got["At the recent World AI Confere"] == ("named", "China")
    assert got["The event highlighted how the "] == ("none", None)
    monkeypatch.setattr(attribution, "NAMED_ALONE_NO_CARRY", False)
    # (the sentence's own subject, "The event", refuses China too: OWN_SUBJECT_NO_CARRY, attr14)
    assert claims()["The event highlighted how the "] == ("unclear", None)
    monkeypatch.setattr(attribution, "OWN_SUBJECT_NO_CARRY", False)
    assert claims()["The event highlighted how the "] == ("named", "China")


def test_a_sentence_only_the_detector_attributes_takes_no_neighbours_source():
    """A statement of fact after a forecast: the detector calls it attributed, but it names no
    source, and the previous paragraph's analysts are not its source."""
    forecast = ("It will spend $50 billion on new roads in the five years up to 2030, Morgan "
                "Stanley analysts forecast.")
    fact = ("The country already has twice as many miles of highway as its neighbour, a gap that "
            "is projected to grow larger in the next decade.")
    paras = (forecast, fact)
    assert _sentence_crf_and_detector(*paras)[1] == (False, True)
    assert who(*paras) == [("anonymous", "Morgan Stanley analysts"), ("none", None)]



_NEWS = "“We will not raise taxes,” the governor said on Tuesday."


def test_a_name_opening_a_sentence_as_subject_of_a_cue_verb_is_its_source(monkeypatch):
    """A sentence that ends with no source (none tagged, none to take) but opens with a name as
    the subject of a cue verb in -s / -ed is the name's (issue 18, attr8: "Mayor Bill de Blasio
    rejected criticism ...", "Hassan touts her history ..."; held-out fifth of train F1 0.8819
    -> 0.8839, class accuracy 0.7859 -> 0.7884)."""
    text = "Senator Maria Lopez laments the slow pace of the recovery in the region."
    assert who(_NEWS, text)[-1] == ("named", "Senator Maria Lopez")
    monkeypatch.setattr(attribution, "OPENING_NAME", False)
    assert who(_NEWS, text)[-1] == ("none", None)


def test_a_name_opening_a_sentence_is_a_source_only_on_a_page_that_reports(monkeypatch):
    # a page with no said-type verb nor quotation mark (a product page, a guide) reports no one:
    # "IBM focuses on ...", "Klinger recommends ..." stay the page's own words
    text = "Senator Maria Lopez laments the slow pace of the recovery in the region."
    page = "The region has forty parks and two lakes."
    assert who(page, text)[-1] == ("none", None)
    monkeypatch.setattr(attribution, "OPENING_NAME_SAID", 0.0)
    assert who(page, text)[-1] == ("named", "Senator Maria Lopez")


def test_a_name_opening_a_sentence_with_a_stance_adverb_is_the_writers_inference(monkeypatch):
    # the WSJ seed's "China also clearly wants U.S. technologies.": the writer's, not China's
    text = "Senator Maria Lopez clearly laments the slow pace of the recovery in the region."
    assert who(_NEWS, text)[-1] == ("none", None)
    monkeypatch.setattr(attribution, "_STANCE", frozenset())
    assert who(_NEWS, text)[-1] == ("named", "Senator Maria Lopez")


def test_a_lone_opening_word_is_a_name_only_where_the_article_writes_it_so_mid_sentence():
    text = "Lopez laments the slow pace of the recovery in the region."
    assert who(_NEWS, text)[-1] == ("none", None)
    assert who(_NEWS, "The race between Smith and Lopez is close.", text)[-1] == ("named", "Lopez")


def test_the_cue_verbs_of_an_opening_name_are_finite_forms_of_the_lexicons_verbs():
    forms = attribution._cue_forms(frozenset({"touted", "focused", "named", "aware"}))
    assert {"touts", "touted", "tout"} <= forms  # "Hassan touts ...": a form of "touted"
    # an action or a product's feature, not a statement; no verb ending: no verb
    assert not {"focuses", "names", "named", "aware"} & forms
    infos = attribution.sentence_infos([[
        "Google Cloud Partners want better tools for their clients.",
        "Deep Learning Weekly learning to count.",
        "In Ohio, Senator Maria Lopez repeatedly talks about growing up in Buffalo.",
    ]])
    # "want", "learning": no finite verb of a singular subject (on pages that are not news,
    # "Brands want ...", "Machine learning ...")
    assert [attribution._opening_name_cue(infos, i) for i in range(3)] == [
        None, None, ("Senator Maria Lopez", "repeatedly talks"),
    ]



def test_a_sentence_the_detector_barely_attributes_takes_no_source_from_the_paragraph_before(
    monkeypatch,
):
    """A source-less sentence whose detector margin is below `CARRY_PARA_MIN` takes no source
    from the previous paragraph (issue 18, attr8: on the held-out fifth of train such carried
    sources were right 9 times in 27; the seeds' "At the WAIC, China aimed to present itself as
    a responsible global actor." was OpenAI's)."""
    paras = ("“We will build it,” Sam Altman, the chief executive of OpenAI, said on Monday.",
             "At the summit, China aimed to present itself as a responsible global actor.")
    assert who(*paras)[-1] == ("none", None)
    monkeypatch.setattr(attribution, "CARRY_PARA_MIN", None)
    # (China, its own subject, refuses the carried source too: OWN_SUBJECT_NO_CARRY, attr14)
    monkeypatch.setattr(attribution, "OWN_SUBJECT_NO_CARRY", False)
    monkeypatch.setattr(attribution, "CARRY_PARA_SAYS_NOTHING", False)
    assert who(*paras)[-1] == ("named", "Sam Altman, the chief executive of OpenAI")



def test_a_sure_sentence_in_an_article_that_reports_is_attributed_from_a_lower_margin(
    monkeypatch,
):
    """A sentence with no source found is attributed (`unclear`, no source) from a detector
    margin of SURE_MARGIN_REPORTS (not SURE_MARGIN) where the article reports what people say
    (at least SURE_REPORTS_SAID sentences in 100 with a said-type verb or quotation mark)."""
    monkeypatch.setattr(attribution, "detector_margins", lambda fs, marginals, model: [1.5] * len(fs))
    plain = "The weather was cold and the hall was full long before the doors opened."
    reports = ("“We will win this state,” Senator Maria Lopez said on Tuesday.", plain)
    assert who(*reports)[-1] == (attribution.UNCLEAR, None)
    # a page that reports no one: from SURE_MARGIN only
    page = ("The venue has a garden and a large hall.", "Parking is free on weekdays.", plain)
    assert who(*page)[-1] == ("none", None)
    monkeypatch.setattr(attribution, "SURE_MARGIN_REPORTS", None)
    assert who(*reports)[-1] == ("none", None)


# ------------------------------------------------------------------------ dev floors


def test_the_benchmark_ceilings_keep_detection_errors_and_drop_unmatchable_sources():
    """The ceilings say how far labels and sources alone could go: a detected sentence counts
    as if its class and source were right, a missed or wrongly detected one stays wrong, and a
    gold source with no content word (a pronoun the gold resolved to nothing) never matches."""
    bench = _bench_module()

    def gold(sent, attributed, source=None, cls="none", raw=None, resolved=None):
        return {"article": "a", "sent": sent, "start": sent * 10, "end": sent * 10 + 9,
                "attributed": attributed, "cue_in": attributed, "source_in": attributed,
                "source": source, "cue": "said" if attributed else None,
                "raw_class": raw or cls, "source_class": cls, "resolved_text": resolved}

    golds = [
        gold(0, True, "Mr. Smith", "named"),  # detected, wrong class and source
        gold(1, True, "officials", "anonymous"),  # detected and right
        gold(2, True, "he", "anonymous", raw="pronoun", resolved="a negotiator"),  # detected
        gold(3, True, "she", "pronoun", raw="pronoun"),  # resolves to nothing: unmatchable
        gold(4, True, "Ms. Lee", "named"),  # missed
        gold(5, False),  # wrongly detected
        gold(6, False),  # right: not attributed
    ]
    said = [("anonymous", "Jones"), ("anonymous", "officials"), ("named", "Trump"),
            ("named", "Clinton"), ("none", None), ("named", "Jones"), ("none", None)]
    preds = {"a": [bench.Pred(g["start"], g["end"], c, who) for g, (c, who) in zip(golds, said)]}
    out = bench.score(golds, preds)
    # class: sentences 0, 1, 2, 4, 5, 6 have a known gold class; 1 and 6 are right
    assert out["class_accuracy"] == pytest.approx(2 / 6)
    # ceiling: only the miss (4) and the false alarm (5) stay wrong
    assert out["ceiling:class_accuracy"] == pytest.approx(4 / 6)
    # source match over the 5 gold-attributed: only "officials" matches; ceiling: 0, 1, 2
    assert out["source_match"] == pytest.approx(1 / 5)
    assert out["ceiling:source_match"] == pytest.approx(3 / 5)
    # anonymous found, split by how the gold source is written
    assert out["anonymous_found"] == pytest.approx(1 / 2)
    assert out["anonymous_found[as written]"] == 1.0
    assert (out["anonymous_found[pronoun]"], out["n[anonymous pronoun]"]) == (0.0, 1)
    # fragments among the shown sources: none of these ...
    assert out["sources_fragments"] == 0.0
    # ... which the word match cannot see: "D)" matches "state Sen. Jason Holsman (D)"
    assert [bench.fragment(x) for x in ("D)", "Kate McKinnon on", "and", "F.A.A", "Ms. Lee")] == [
        True, True, True, False, False]


@pytest.mark.slow
def test_dev_figures_stay_above_floors():
    """(a) detection, (b) class, (c) source match on PolNeAR dev never drop below the floors."""
    bench = _bench_module()
    if not (bench.bench_dir() / "gold_dev.jsonl").exists():
        pytest.skip(f"attribution bench not found at {bench.bench_dir()} (set MONITOR_BENCH_DIR)")
    floors = json.loads((REPO / "benchmarks" / "floors_attribution.json").read_text("utf-8"))
    floors = floors["attribution_dev"]
    res = bench.run("dev")
    mine, regex = res["figures"]["monitor"], res["figures"]["regex+quotes"]
    keys = ("f1", "precision", "class_accuracy", "anonymous_found", "source_match",
            "anonymous_precision", "named_precision")
    for key in keys:
        assert mine[key] >= floors[key], f"{key} {mine[key]:.3f} < floor {floors[key]}"
    # a ceiling: the shown sources that are fragments ("FBI)", "Kate McKinnon on"), which the
    # word match of (c) cannot see
    assert mine["sources_fragments"] <= floors["sources_fragments_max"]
    assert mine["f1"] > regex["f1"] and mine["source_match"] > regex["source_match"]


@pytest.mark.parametrize(
    "place, name",
    [("Guangdong Province", "Guangdong Province"), ("Zhejiang Province", "Zhejiang Province"),
     ("the drought-ravaged Aral Sea", "Aral Sea"), ("the Korean Peninsula", None),
     ("Hainan Island", None), ("the Taiwan Strait", None)],
)
def test_he_or_she_never_stands_for_a_sea_a_province_or_an_island(monkeypatch, place, name):
    """A place is never a speaker: with no person before it, "she said" after "Guangdong
    Province" is attributed with no verdict, not named after the province (`name`: what the
    resolver took without GEOGRAPHY_NOT_PERSONS)."""
    text = f"The chips were made near {place} last year. “Demand is falling,” she said."
    assert who(text)[-1] == (attribution.UNCLEAR, None)
    if name:
        monkeypatch.setattr(attribution, "GEOGRAPHY_NOT_PERSONS", False)
        attribution._person_name.cache_clear()  # it caches what _personish said
        try:
            assert who(text)[-1] == ("named", name)
        finally:
            attribution._person_name.cache_clear()


@pytest.mark.parametrize(
    "text, source",
    [
        ("Caixin, citing a draft of the rules, said companies would need licences.", "Caixin"),
        ("Citing company filings, the newspaper said revenue fell 20%.", "the newspaper"),
    ],
)
def test_what_a_source_cites_is_no_part_of_its_name(monkeypatch, text, source):
    """Wire copy's "X, citing Y, said": the source is X (the scorecard's table of what a
    source's claims cite would list "Caixin, citing a draft of the rules" as a source)."""
    assert who(text)[0][1] == source
    monkeypatch.setattr(attribution, "CITING_CUT", False)
    assert who(text)[0][1] != source


def test_the_cue_of_a_source_that_cites_is_its_own_verb():
    (claim,) = claims_of("The Financial Times, citing unnamed officials, said Beijing would "
                         "retaliate.")
    assert (claim.attributed_to, claim.cue) == ("The Financial Times", "said")


@pytest.mark.parametrize(
    "text, source",
    [
        ("The Federal Bureau of Investigation (FBI) said it had opened an inquiry.",
         "The Federal Bureau of Investigation (FBI)"),
        ("The National Development and Reform Commission (NDRC) said prices would rise.",
         "The National Development and Reform Commission (NDRC)"),
        ("State Rep. Wendy Nanney (R), a leader of the coalition, said she backed Cruz.",
         "State Rep. Wendy Nanney (R), a leader of the coalition"),
    ],
)
def test_a_short_form_or_party_in_brackets_is_part_of_the_source(monkeypatch, text, source):
    """The subject of "said" ran from the bracket: "FBI)", "R), a leader of the coalition"."""
    assert who(text) == [("named", source)]
    monkeypatch.setattr(claims, "PAREN_TAG_SUBJECT", False)
    assert who(text)[0][1] != source


def test_a_source_cut_inside_its_description_is_shown_by_its_name(monkeypatch):
    """A span that stops on "of" or inside a title ("Joe Scarborough, host of MSNBC’s “Morning
    Joe") is shown as the name before its description."""
    assert claims._shown("James B. Cunningham, then ambassador to") == "James B. Cunningham"
    assert claims._shown("Joe Scarborough, host of MSNBC’s “Morning Joe") == "Joe Scarborough"
    # a finished description stays as it is
    assert claims._shown("Tom Nunlist, associate director") == "Tom Nunlist, associate director"
    # no name before a comma: the words the span stopped on go, and a bracket left alone
    assert claims._shown("some of the people who") == "some of the people"
    assert claims._shown("Kate McKinnon on") == "Kate McKinnon"
    assert claims._shown("Harvard Business Review Press)") == "Harvard Business Review Press"
    assert claims._shown("Murphy (who") == "Murphy"
    # initials and capitals are no function words
    assert claims._shown("F.A.A") == "F.A.A" and claims._shown("Section A") == "Section A"
    text = ("William A. Birdthistle, author of ''Empire of the Fund,'' a lively new book, first "
            "pointed out the interest.")
    shown = who(text)[0][1]
    monkeypatch.setattr(claims, "DANGLING_CUT", False)
    assert (shown, who(text)[0][1]) == (
        "William A. Birdthistle", "William A. Birdthistle, author of")


def test_a_dateline_or_a_time_is_no_part_of_the_source_shown(monkeypatch):
    assert claims._shown("WASHINGTON -- President Obama") == "President Obama"
    assert claims._shown("FARGO, N.D. — Ted Cruz’s") == "Ted Cruz’s"
    assert claims._shown("Comey at the time") == "Comey"
    assert claims._shown("The Atlantic first") == "The Atlantic"
    assert claims._shown("House Speaker Paul Ryan on Thursday") == "House Speaker Paul Ryan"
    assert claims._shown("Perhaps") is None and claims._shown("and") is None
    assert claims._shown("she’s") is None and claims._shown("That's") is None
    assert claims._shown("Moody’s") == "Moody’s"
    assert claims._shown("And more than a half-dozen Democrats") == "more than a half-dozen Democrats"
    assert claims._shown("than some other Republicans") == "some other Republicans"
    assert claims._shown("Mr. Smith -- a lawyer") == "Mr. Smith -- a lawyer"
    assert claims._shown("Like Corker, Menendez") == "Menendez"
    assert claims._shown("In exit polls, voters in both parties") == (
        "In exit polls, voters in both parties")  # the poll is the source: kept as written
    assert claims._shown("In-Q-Tel, the CIA's fund") == "In-Q-Tel, the CIA's fund"
    # a claim whose source is nothing of the kind keeps no "named" verdict without a name
    for c in claims_of("And said the company would appeal the ruling on Monday.",
                       "Perhaps told reporters that the vote would be close."):
        assert c.attributed_to is not None or c.attribution in ("unclear", "none")
    # a name that ends like a time word is kept whole
    assert claims._shown("Mr. Now") == "Mr. Now"
    text = "Twitter at the time said it was an algorithmic glitch that has since been fixed."
    assert who(text) == [("named", "Twitter")]
    monkeypatch.setattr(claims, "SHOWN_TRIM", False)
    assert who(text) == [("named", "Twitter at the time")]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Companies find the most success with video by integrating it with SEO.", ("none", None)),
        ("In turn, Fox News found itself playing host to those candidates night after night.",
         ("none", None)),
        # a finding: what was found out, a thing found by research, or a record's finding
        ("Researchers at Stanford found that the model cut costs by 40%.",
         ("anonymous", "Researchers at Stanford")),
        ("In reading, the researchers found different patterns.", ("anonymous", "the researchers")),
        ("A Quinnipiac poll found Clinton leading by 5 points.", ("named", "A Quinnipiac poll")),
    ],
)
def test_a_thing_found_is_no_finding(monkeypatch, text, found):
    """FOUND_OBJECT: "found itself", "find the most success" report no one's finding."""
    assert who(text) == [found]
    if found[0] == "none":
        monkeypatch.setattr(attribution, "FOUND_OBJECT", False)
        assert who(text)[0][0] != "none"


def test_surname_gender_is_unsaid_where_two_people_share_it():
    known = attribution.SurnameGenders("Hillary Clinton met Bill Clinton and Mr. Trump in Ohio.")
    assert (known.get("Trump"), known.get("Clinton"), known.get("Obama")) == ("m", "", "")
    assert attribution._gender("Hillary Clinton") == "f"
    assert attribution._gender("President Barack Obama") == "m"
    assert attribution._gender("Clinton", known) == ""
    # a place's name says nothing ("Virginia Gov. Terry McAuliffe" is no woman)
    assert attribution._gender("Virginia Gov. Terry McAuliffe") == ""


@pytest.mark.parametrize(
    "text, source",
    [
        ("Police say the man posed a deadly threat and refused to drop the gun.", "Police"),
        ("Demonstrators said they want justice for the family of the man.", "Demonstrators"),
    ],
)
def test_a_group_of_people_named_by_a_role_is_anonymous(text, source):
    assert who(text) == [("anonymous", source)]


def test_a_group_that_names_an_organisation_is_no_verdict():
    # "including the United States Conference of Mayors": someone is named
    span = "Proponents, including the United States Conference of Mayors"
    assert attribution.unsure_anonymous(span)
    assert attribution.classify(span) != "anonymous"


def test_it_never_stands_for_a_group_of_people():
    # after a group of people, "it" is attributed, but with no "anonymous" verdict
    history = [("The city council", "named"), ("police", "anonymous")]
    assert attribution._resolve("it", "pronoun", history) == ("police", attribution.UNCLEAR)
    assert attribution._resolve("it", "pronoun", history[:1]) == ("The city council", "named")


def test_a_group_opening_a_sentence_without_a_tagged_source_is_anonymous():
    # the span CRF tags no source; the likeliest one opens the sentence and is a group of people
    text = ("Senator Ted Cruz said on Monday that he would vote for Donald Trump in November. "
            "Republicans weren’t too concerned about this shift in strategy.")
    assert who(text) == [("named", "Senator Ted Cruz"), ("anonymous", "Republicans")]


@pytest.mark.parametrize(
    "span, source, kind",
    [
        ("At Monday’s presidential debate, Clinton", "Clinton", "named"),
        ("Mr. Burman (a", "Mr. Burman", "named"),
        ("The Republican nominee and his aides haven't", "The Republican nominee and his aides",
         "anonymous"),
        ("In Washington, D.C.", "In Washington, D.C.", None),  # no name after the comma
    ],
)
def test_what_the_span_crf_sweeps_in_around_a_source_is_cut(span, source, kind):
    assert attribution._strip_opener(span) == source
    if kind:
        assert attribution.classify(source) == kind


@pytest.mark.parametrize(
    "span",
    [
        # a relative clause stays on the source: cutting it ("some economists") made wrong
        # "anonymous" labels on the held-out fifth of train ("a Republican who" of "Gov. John
        # Kasich of Ohio, a Republican who ...")
        "some economists who",
        "One of the docs who sent the letter",
        "A 2014 study that appeared in the British Medical Journal",
    ],
)
def test_a_relative_clause_is_not_cut_off_a_source(span):
    assert attribution._strip_opener(span) == span


def test_the_poll_resolves_to_the_named_poll_before_it():
    assert who("A CNN/ORC poll found Clinton ahead by six points. The poll also showed Trump "
               "gaining among independents.") == [("named", "A CNN/ORC poll")] * 2


def test_a_name_with_a_role_in_apposition_is_named():
    text = ("Michael Tanner, an analyst at the libertarian Cato Institute, said the plan "
            "would cost more than it saves.")
    assert who(text) == [
        ("named", "Michael Tanner, an analyst at the libertarian Cato Institute")
    ]


@pytest.mark.parametrize(
    "text, source",
    [
        # a name with a long apposition: the name, not the previous paragraph's speaker
        (("Rep. Gregory W. Meeks (D-N.Y.), chairman of the Congressional Black Caucus PAC, said "
         "members will help him raise money."), "Rep. Gregory W. Meeks"),
        (("The Tax Policy Center at the Urban Institute and Brookings Institution estimates that "
         "the plan would raise taxes by $1 trillion."), "The Tax Policy Center at the Urban Institute"),
        # an opening phrase up to a comma is no part of the source
        (("In a panel discussion this weekend in Washington, Marc H. Morial, the chief executive "
         "of the National Urban League, forcefully told a young woman that not voting is not a "
         "viable strategy."), "Marc H. Morial"),
    ],
)
def test_a_subject_too_long_to_read_as_a_source_is_cut_to_its_name(text, source):
    earlier = "Scott said on Monday that he would run for the seat again next year."
    assert who(earlier, text)[1] == ("named", source)


def test_a_long_object_the_span_crf_sweeps_in_is_not_cut_into_a_source():
    text = ("They were backed by Mr. Kerry and Mr. Obama, who sent Mr. Xi a letter with a "
            "proposal in which the United States would cut its emissions.")
    assert attribution._shorten(
        "Mr. Xi a letter with a proposal in which the United States", "proposal", text
    ) == ""


def test_two_apostrophes_quote_like_a_quotation_mark():
    """''...'' (116 of PolNeAR train's 840 articles quote so) opens and closes a quotation: its
    sentences are the speaker's, and a quotation with its own speaker is not the previous one's."""
    got = who(
        "Mrs. Clinton's plan would raise taxes on the wealthiest households by about $1 trillion "
        "over ten years.",
        "''It's anti-reform. It makes the tax code more complicated for everyone who files a "
        "return,'' said Douglas Holtz-Eakin, an economist.",
        "''We're America,'' the president said at the museum on Saturday. ''We can do this "
        "together.''",
    )
    holtz = ("named", "Douglas Holtz-Eakin, an economist")
    assert got == [("none", None), holtz, holtz, ("unclear", "the president"),
                   ("unclear", "the president")]


@pytest.mark.parametrize(
    "sentence, cue_words, subject",
    [
        ("Chicago residents have accused Emanuel of covering up the facts.", ["accused"],
         "Chicago residents"),
        ("In a brief interview, Ms. Conway rejected the idea that the changes were a shake-up.",
         ["Conway", "rejected"], "Ms. Conway"),  # a name the CRF calls a cue is no cue
        ("“The Clintons will find a way to corrupt it,” wrote one commenter.", ["wrote"],
         "one commenter"),
        ("Trump’s comments about her stamina mirror those he made in Raleigh.", ["mirror"],
         "Trump’s comments about her stamina"),
        ("Sen. Bernie Sanders on Saturday criticized the accord.", ["criticized"],
         "Sen. Bernie Sanders"),
        # the name before an aside: a parenthesis, an apposition, a dateline's dash left out
        ("Tuesday in Berea, after winning Ohio, Gov. John Kasich (R-OH), said, “I’m ready.”",
         ["said"], "Gov. John Kasich"),
        ("Florida delegate John Archer, wearing a Canova T-Shirt, said he’s proud.", ["said"],
         "Florida delegate John Archer"),
        ("Sen. Bernie Sanders (I-Vt.) on Saturday criticized the accord.", ["criticized"],
         "Sen. Bernie Sanders"),
        ("WASHINGTON -- President Obama, dedicating the museum, said it would.", ["said"],
         "President Obama"),
        # no subject: a determiner alone, a day, a clause
        ("The event highlighted how the country is positioning itself.", ["event", "highlighted"],
         None),
        ("China, though, has shown a willingness to spend whatever it takes.", ["has", "shown"],
         None),  # a word of discourse is no aside
        ("Here in Columbia, Sanders stepped up his emphasis on justice, saying it matters.",
         ["saying"], None),  # a clause of its own is no aside
        ("On Saturday criticized the accord.", ["criticized"], None),
        (("As America prepares for what the former speaker of the House called a long race, "
         "voters wait."), ["called"], None),
        # after the quotation, a title or an initial ends no name ("Rep" alone before)
        ("“We must do the same,” said Rep. Patrick J. Tiberi (R-Ohio), a senior member.",
         ["said"], "Rep. Patrick J. Tiberi"),
        ("“It will take weeks,” said Gov. Phil Bryant, a former backer of Sen. Ted Cruz.",
         ["said"], "Gov. Phil Bryant"),
    ],
)
def test_the_subject_of_a_cue_the_span_crf_left_without_a_source(sentence, cue_words, subject):
    info = attribution.sentence_infos([[sentence]])[0]
    labs = ["C" if w in cue_words else "O" for w in info.words]
    assert attribution._subject_of_cue(info, labs, cue_words[-1]) == subject


def test_an_article_alone_is_no_source():
    """"The" of "The event highlighted ..." (the span CRF's cut) names no one; "Some" may."""
    text = "The event highlighted how the country is positioning itself."
    assert not attribution._plausible("The", "highlighted", text)
    assert attribution._plausible("Some", "say", "Some say the plan will fail.")


def test_a_relative_clause_running_to_the_verb_leaves_its_antecedent_the_source():
    text = ("Sandy Phillips, who lost her daughter Jessica Ghawi during the mass shooting in "
            "Aurora, Colorado, said the law must change before the next election.")
    assert who(text) == [("named", "Sandy Phillips")]


# ------------------------------------------------ pages that are not news (WCXB, issue: other pages)


@pytest.mark.parametrize(
    "paragraphs",
    [
        # the narrator's "I" resolved to the last named source
        ("In a statement, Gartner warns that generative AI tools pose data risks.",
         "I found that all of the scientific studies were specifically on orange nasturtium."),
        # the reader's "you"
        ("Levin said the cells behave like transistors.",
         "If you were to run the test right now, you might wonder where the branch went."),
        # "we" (the outlet) does not take the previous sentence's source
        ("The Stanford researchers also found that tutoring is most effective in small groups.",
         "We hope that after reading this guide you now feel more confident."),
    ],
)
def test_the_page_s_own_voice_is_no_source(paragraphs):
    """PAGE_VOICE: outside a quotation "I" / "we" / "you" is the page itself or its reader."""
    assert who(*paragraphs)[1] == ("none", None)
    assert who(*paragraphs)[0][0] in ("named", "anonymous")


@pytest.mark.parametrize(
    "sentence",
    [
        "Many smart thermostat apps even offer recommendations on how to reduce energy usage.",
        "One massive, implied subsystem here is tale-telling, which gets a section with lots of detail.",
        "Some browsers have the ability to accept hints about whether they should send cookies.",
        "Both vulnerabilities were reported to Microsoft in December 2024.",
    ],
)
def test_an_anonymous_source_is_headed_by_people_or_a_record(sentence):
    """SOURCE_HEAD: apps, browsers, vulnerabilities are no unnamed source: no verdict."""
    assert who(sentence)[0][0] == "unclear"


@pytest.mark.parametrize(
    "span",
    ["Many users", "Most of the comments", "one tester", "75% of employees", "A recent survey",
     "officials familiar with the matter", "Some", "Nearly half", "most of them", "Trump aides"],
)
def test_people_and_records_stay_anonymous_sources(span):
    assert attribution.source_head_ok(span)


@pytest.mark.parametrize(
    "sentence",
    [
        "Use this calculator to find out how much money you might need in retirement.",
        ("For more information, including links to example binding code that you can refer to, "
         "see Add bindings to a function."),
        "Emotional distress claims are complex and depend on several factors.",
        "It is optional, but most React projects use JSX for its convenience.",
        "Multiple calls to getLogger() with the same name will return the same logger object.",
    ],
)
def test_instructions_and_noun_cues_are_no_source(sentence):
    """NOT_A_SOURCE: a span opening with "Use" / "For" names no one; "claims", "projects",
    "calls" before a verb or a preposition are nouns, not reporting verbs."""
    assert who(sentence) == [("none", None)]


def test_a_reporting_verb_before_to_be_stays_a_cue():
    assert who("Maybe he is not as charitable as Trump claims to be.") == [("named", "Trump")]


@pytest.mark.parametrize(
    "sentence",
    [
        "Recent Statista figures show that the platform ranks last among social channels.",
        ("Nearly three-quarters (73%) of users expect a response within 24 hours, according to "
         "data from the 2025 Index."),
    ],
)
def test_a_record_that_names_its_maker_is_not_anonymous(sentence):
    """NAMED_RECORD: figures, data, surveys with a name in them get no verdict."""
    assert who(sentence)[0][0] == "unclear"


def test_people_of_a_named_body_stay_anonymous():
    assert who("Morgan Stanley analysts forecast that prices will fall.")[0][0] == "anonymous"


def test_you_speaks_in_no_quotation():
    """PAGE_VOICE: a quotation's source written "you" resolves to no one (no verdict)."""
    text = ("Levin said the cells behave like transistors.",
            "“Keep it simple, you smart person,” you will say.")
    assert who(*text)[1] == ("unclear", None)


def test_they_is_not_one_named_person():
    """THEY_NOT_ONE: "they" resolved to one person gets no verdict."""
    text = ("Jeb Bush said the crowd was hostile.", "They have consistently booed his answers.")
    assert who(*text)[1][0] == "unclear"


# ------------------------------------------- pages that are not news, second round (WCXB tune)


def test_a_named_source_whose_capitals_are_common_words_gets_no_verdict():
    """NO_NAME_WORD: "Locals" is capitalised only as the sentence's first word (the page
    writes "locals" elsewhere); a name the page capitalises mid-sentence stays named.
    ("Customers", a head of unnamed people, is anonymous since UNNAMED_HEAD: customers who
    mention something are an unnamed source, judged right on WCXB tune.)"""
    text = ("The movers got good reviews from locals in 2024.",
            "Locals frequently mention that the team operates with impressive efficiency.")
    assert who(*text)[1] == ("unclear", "Locals")
    text = ("The movers got good reviews from customers in 2024.",
            "Customers frequently mention that the team operates with impressive efficiency.")
    assert who(*text)[1] == ("anonymous", "Customers")
    text = ("Price said the bill would pass.", "The price of the bill is high, according to Price.")
    assert who(*text)[0] == ("named", "Price")


@pytest.mark.parametrize(
    "sentence",
    [
        ("Most team leaders ignore these innate drivers and instead prioritize strict guidelines "
         "to ensure the team delivers consistent results."),
        "Many companies are looking for photographs in which people are happily interacting with one another.",
        "Some people like to have everything on their phones while others enjoy having everything printed out.",
    ],
)
def test_an_everyday_group_doing_something_is_no_source(sentence):
    """GROUP_ACTING: companies, people, team leaders acting (no word of saying): no verdict."""
    assert who(sentence)[0][0] == "unclear"


@pytest.mark.parametrize(
    "sentence",
    [
        "Ask these questions upfront to avoid surprises on moving day.",
        "Having said that, you should never submit MPN in the GTIN attribute.",
        "According to detailed technical analysis, the vulnerability manifests in how LDAP referrals are processed.",
    ],
)
def test_imperatives_and_openers_name_no_one(sentence):
    """NOT_OPENERS2: "Ask these", "Having", "According" open no name: the page's own (none)."""
    assert who(sentence) == [("none", None)]


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("In the survey, 85% of CPAs said that Drake Tax's pricing was their most liked feature.",
         "85% of CPAs"),
        ("Nearly 59% said they trust products backed by research.", "Nearly 59%"),
        ("And 78% of surveyed exercisers say they work out primarily for mental well-being.",
         "78% of surveyed exercisers"),
    ],
)
def test_a_share_of_any_group_that_says_is_anonymous(sentence, source):
    """SHARE_ANY: a share of any group (or a bare share) with a saying cue: unnamed people."""
    assert who(sentence) == [("anonymous", source)]


@pytest.mark.parametrize(
    "sentence",
    [
        "At the bottom of the playbook execution, Ansible provides a summary of the nodes that were targeted.",
        "GEICO writes property and casualty policies, primarily private passenger auto, in all 50 states.",
        ("Bluetooth 5.4 keeps you connected to your phone and watch, while the Nothing X app adds "
         "Adaptive Bass Enhancement."),
    ],
)
def test_a_product_making_or_adding_a_thing_reports_nothing(sentence):
    """THING_VERB: "provides a summary", "writes ... policies", "adds Adaptive ...": no verdict."""
    assert who(sentence)[0][0] == "unclear"


@pytest.mark.parametrize(
    "sentence",
    [
        "Many tasks that you manually complete can be converted to a GitHub Actions workflow.",
        "Many earbuds slowly work their way out of the ear over time, especially if you have small ears.",
    ],
)
def test_a_quantifier_before_its_noun_is_no_source(sentence):
    """QUANTIFIER_NOUN: "Many tasks", "Many earbuds": the cue the models took is the noun."""
    assert who(sentence) == [("unclear", "Many")]


@pytest.mark.parametrize(
    "sentence",
    [
        ("Patient and doctors should always discuss the potential risks and potential benefits "
         "as they relate to that patient's unique situation."),
        "Team members should understand why what they do is important so that they'll feel a sense of progress.",
    ],
)
def test_advice_to_a_group_is_no_attribution(sentence):
    """MODAL_ADVICE: a group followed by "should" / "can" is advised, not cited: no verdict."""
    assert who(sentence)[0][0] == "unclear"


def test_a_group_mentioned_with_no_cue_is_no_source():
    """NO_CUE_ANONYMOUS: no cue and no word of saying in the sentence: no verdict."""
    sentence = ("Beyond IT and business experts, leading organizations increasingly bring HR into "
                "these CoEs, not just as advisors.")
    assert who(sentence)[0][0] == "unclear"


# -------------------------------------------- pages that are not news, third round (WCXB tune)


@pytest.mark.parametrize(
    "sentence",
    [
        ("- Babbel focuses mostly on grammar and doesn't have many speaking drills, which might "
         "not suit everyone."),
        "Blockchain and Web3 projects face unique challenges: complex technology and market volatility.",
        "In 2024, Travelers' personal lines portfolio wrote about $14.2 billion dollars of gross premiums.",
    ],
)
def test_a_named_body_acting_is_no_source(sentence):
    """NAMED_ACTING: "focuses on", "projects" as a noun, "wrote $14.2 billion": a name doing
    something, no verdict."""
    assert who(sentence)[0][0] == "unclear"


@pytest.mark.parametrize(
    "sentence, source",
    [
        (("Statista projects that global cybercrime costs will surge by 6.4 trillion dollars "
         "between 2024 and 2029."), "Statista"),
        ("After growing revenue by 23% in 2024, Zoom projects free cash flow of $1.7 billion for 2026.",
         "Zoom"),
    ],
)
def test_a_forecast_projected_stays_named(sentence, source):
    assert who(sentence) == [("named", source)]


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("The plugin writes a log file.",
         "The report consists of one table that says which rows were dropped."),
        ("Some readers tell us the guide helps.", 'Others grab their umbrellas and say, "No way."'),
    ],
)
def test_a_piece_of_a_clause_is_no_name(paragraphs):
    """CLAUSE_SPAN: a span ending on "that" / "and" with words in lower case and no name."""
    assert who(*paragraphs)[1][0] == "unclear"


def test_a_gerund_opens_no_name():
    text = ("The tool is fast.", "Clustering models group past data to find hidden segments, commonly used for marketing.")
    assert who(*text)[-1][0] == "unclear"


def test_a_label_for_an_aside_names_no_one():
    """ADMONITION: "WARNING:" is the page's label for an aside, not a source."""
    assert who("WARNING: Only use this flag if you plan on fixing the files by hand.") == [("none", None)]


def test_a_name_cut_before_its_last_word_stays_named():
    assert who("Joe Hannouch that said the estimate was wrong.") == [("named", "Joe Hannouch")]  # shown without "that"


def test_the_narrator_outside_a_quotation_is_no_one_cited():
    """VOICE_OUTSIDE_QUOTE: "we" outside the sentence's quotation marks is the page's voice."""
    text = ("Dana Whitfield wrote about agents last year.",
            'The choice between scripts and agents lies on a spectrum, which we can call the "control dial."')
    assert who(*text)[1] == ("none", None)


@pytest.mark.parametrize(
    "paragraphs, source",
    [
        ((("In a one-exabyte deployment, Seagate estimates Mozaic could improve efficiency by 47%, "
          "the company writes."),
          "HAMR uses a tiny laser to heat the disk surface during writes, allowing higher recording density."),
         "Seagate"),
        (("- Wine: In the Healthy Wine Survey, 48% of respondents said they seek energy benefits in wine products.",
          "Each use case shows that health isn't just in the health aisle anymore, it's everywhere."),
         "48% of respondents"),
    ],
)
def test_a_source_carried_into_a_present_tense_statement_gets_no_verdict(paragraphs, source, monkeypatch):
    """CARRY_NO_SAYING: a neighbour's source carried by a present-tense cue that says nothing
    (and, since attr14, where the sentence opens with a subject of its own, no source at all:
    OWN_SUBJECT_NO_CARRY, off here to read the older rule alone)."""
    assert who(*paragraphs)[1] == ("unclear", None)
    monkeypatch.setattr(attribution, "OWN_SUBJECT_NO_CARRY", False)
    assert who(*paragraphs)[1] == ("unclear", source)


@pytest.mark.parametrize(
    "sentence",
    [
        ("They work at a variety of media organizations, including The New York Times, Reuters, "
         "The Texas Tribune, CNN and the BBC."),
        "Some examples of countries that block VPNs include China, Russia, and Turkey.",
    ],
)
def test_a_name_mentioned_with_no_cue_is_no_source(sentence):
    """NO_CUE_NAMED: no cue, no word of saying or of a record: a name mentioned, no verdict."""
    assert who(sentence)[0][0] == "unclear"


@pytest.mark.parametrize(
    "paragraphs",
    [
        ("Most 75% mechanical keyboards are compatible with both Windows and Mac operating systems.",
         ("Some even offer a switchable layout for easy use on both platforms, so you don't have to "
         "worry about compatibility issues.")),
        ("Traditional CRM fields are supported.",
         "LEADer also offers AI-driven insights, turning call history into suggestions."),
    ],
)
def test_an_unnamed_thing_offering_a_thing_reports_nothing(paragraphs):
    """THING_VERB_ANONYMOUS: "Some even offer a switchable layout": no verdict."""
    assert who(*paragraphs)[-1][0] == "unclear"


def test_a_span_closing_a_bracket_it_does_not_open_is_no_source():
    """UNBALANCED_SPAN: "(some from Google)" is an aside of a named team, not an unnamed source."""
    sentence = "Back in May, Chen and her team (some from Google) found a pattern they called drift."
    assert who(sentence)[0][0] == "unclear"


def test_a_heading_before_a_colon_is_no_source():
    """HEADING_COLON: "Instagram Insights: This analytics feature ..." is a heading."""
    sentence = "Instagram Insights: This analytics feature shows your page's reach, which can guide your posting schedule."
    assert who(sentence)[0][0] == "unclear"


def test_that_said_is_no_cue():
    """THAT_SAID: the "said" of "That said," opens the page's own turn of argument."""
    text = ("The older plans cover fewer countries.",
            "That said, Blue Cross offers peace of mind and solid plans for older travelers.")
    assert who(*text)[1][0] == "unclear"


def test_a_record_whose_maker_follows_it_is_not_anonymous():
    """NAMED_RECORD_BY: "Recent data reported by IBISWorld" names the record's maker."""
    sentence = "Recent data reported by IBISWorld shows the tutoring sector has been growing at 7.6 percent a year."
    assert who(sentence)[0][0] == "unclear"


@pytest.mark.parametrize(
    "sentence",
    [
        'Some people look for the term "full scan" in fear, not considering other ways to read the data.',
        'Some organizations have a PTO buy-out option that allows employees to "sell" a portion of their days off.',
    ],
)
def test_a_term_in_quotation_marks_does_not_keep_a_group_acting(sentence, monkeypatch):
    """SCARE_QUOTES (off by default): a word or three in quotation marks is no quotation for
    GROUP_ACTING."""
    monkeypatch.setattr(attribution, "SCARE_QUOTES", True)
    assert who(sentence)[0][0] == "unclear"
    monkeypatch.setattr(attribution, "SCARE_QUOTES", False)
    assert who(sentence)[0][0] == "anonymous"


# A guide of 20 sentences written to "you", with no verb of saying and no quotation mark.
_GUIDE = (
    "Before you start, make a list of the rooms you want to clean.",
    "You will need a vacuum, a mop and two buckets.",
    "Fill the first bucket with warm water and a little soap.",
    "Start with the highest shelves so that dust falls onto the floor.",
    "Wipe each shelf from the back to the front.",
    "Move the small furniture out of the room if you can.",
    "Vacuum the floor along the walls first.",
    "Then vacuum the middle of the room in slow, straight lines.",
    "Mop the floor with the soapy water.",
    "Rinse the mop in the second bucket often.",
    "Open the windows while the floor dries.",
    "Put the furniture back once the floor is dry.",
    "Clean the windows with a soft cloth.",
    "Dust the lamps and the picture frames.",
    "Wash the curtains every few months.",
    "Empty the vacuum bag after each room.",
    "Your home will feel fresh for days.",
    "Repeat the routine every week.",
    "Keep a spare cloth in each room.",
    "Store the buckets in a dry place.",
)


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("ClickUp projects drove $3.9M in revenue gains by streamlining work.", "ClickUp"),
        ("Stanford wanted to give private equity professionals a reason to prefer Stanford over Harvard.",
         "Stanford"),
    ],
)
def test_a_page_that_reports_nothing_names_no_source_without_a_frame(sentence, source, monkeypatch):
    """PAGE_REPORTS_NOTHING: on a page with no said-type verb, no quotation mark and written to
    the reader, a "named" label with no reporting frame in its sentence gets no verdict."""
    monkeypatch.setattr(attribution, "PAGE_REPORTS_NOTHING", False)
    assert who(*_GUIDE, sentence)[-1] == ("named", source)
    monkeypatch.setattr(attribution, "PAGE_REPORTS_NOTHING", True)
    assert who(*_GUIDE, sentence)[-1] == ("unclear", source)


def test_a_page_that_reports_nothing_keeps_a_sentence_that_reports():
    """A verb of saying in the sentence keeps its name; a page that reports is not gated."""
    said = "Google said that products with GTINs are given priority."
    assert who(*_GUIDE, said)[-1] == ("named", "Google")
    sentence = "ClickUp projects drove $3.9M in revenue gains by streamlining work."
    reporting = tuple(f"{s[:-1]}, the company said." for s in _GUIDE[:4]) + _GUIDE[4:]
    assert who(*reporting, sentence)[-1] == ("named", "ClickUp")
    assert attribution.page_reports_nothing([[s] for s in _GUIDE])
    assert not attribution.page_reports_nothing([[s] for s in _GUIDE[:10]])


@pytest.mark.parametrize(
    "text, subject",
    [
        ("Schilling, through a spokeswoman, declined to comment.", "Schilling"),
        (("Dashing into a closed-door luncheon, Senator Shelley Moore Capito, Republican of West "
          "Virginia, called over her shoulder, “His comments are not helping.”"),
         "Senator Shelley Moore Capito"),
        ("Cruz on Friday denied that he had struck a deal with Kasich.", "Cruz"),
        ("Schilling, which is far from Earth, appears to be rich in dark matter.", None),
    ],
    ids=["aside", "intro-and-aside", "day", "not-which"],
)
def test_a_name_before_an_aside_or_a_day_and_a_cue_verb_opens_the_sentence(text, subject):
    # OPENING_ASIDE, attr9: where the sentence would take a neighbour's source, the name it
    # opens with is its own even with an aside or a day before the cue verb (held-out fifth of
    # train: 2 sentences more matched, none fewer; other four fifths 1 more)
    infos = attribution.sentence_infos([["ESPN said it fired Schilling, a critic of Cruz."], [text]])
    assert attribution._opening_subject(infos, 1) == subject


@pytest.mark.parametrize(
    "name",
    ["HuffPost Live", "Social Security", "Silicon Valley", "Dominican Republic",
     "Nashua Community College", "Der Spiegel", "Marc Fisher Footwear", "Sandy Hook"],
)
def test_a_programme_an_outlet_a_place_or_a_firm_is_no_person(name):
    # NOT_PERSON_HEADS, attr9: "he" took "HuffPost Live", "Nashua Community College", ... for
    # the nearest person named (held-out fifth of train: 4 sentences more matched, other four
    # fifths 24, none fewer)
    assert not attribution._personish(name)
    assert attribution._personish("Sen. Chris Murphy")


def test_he_stands_for_the_person_not_the_college_named_after_him():
    claims = claims_of(
        "Bill Clinton spoke on Monday about his wife's record.",
        "Nashua Community College was packed with students.",
        "“I thought she was the most amazing person,” he said.",
    )
    assert (claims[-1].attribution, claims[-1].attributed_to) == ("named", "Bill Clinton")


_KASICH = ("Ohio Gov. John Kasich suspended his presidential campaign Wednesday evening, telling "
           'supporters in Columbus that he had "renewed faith" in the party.')


def test_a_name_opening_a_sentence_whose_verb_a_participle_of_saying_follows_is_its_subject():
    # PARTICIPLE_CUE, attr9: "suspended" is no cue, but ", telling ..." reports what he said
    infos = attribution.sentence_infos([[_KASICH]])
    assert attribution._opening_subject(infos, 0) == "Ohio Gov. John Kasich"
    plain = attribution.sentence_infos([["Ohio Gov. John Kasich suspended his campaign on Wednesday."]])
    assert attribution._opening_subject(plain, 0) is None


def test_a_sure_sentence_without_a_tagged_source_takes_the_name_it_opens_with(monkeypatch):
    # SURE_OWN_SUBJECT, attr9: the detector is sure, the span CRF tags a cue and no source, no
    # neighbour to carry: the opening name as subject of the cue, not "unclear" without a source
    # (held-out fifth of train: 1 sentence more matched, none fewer)
    monkeypatch.setattr(attribution, "_cue_and_sources", lambda labels, toks, s: (["telling"], []))
    monkeypatch.setattr(attribution, "_likely_source", lambda *a, **k: [])
    found = attribution.attribute_article([[_KASICH]])
    assert [(f.kind, f.source) for f in found] == [("named", "Ohio Gov. John Kasich")]


def test_a_names_article_opening_the_sentence_with_a_cue_verb_is_its_subject():
    # OPENING_POSSESSIVE, attr9: "Tuttle’s article also attacked ..." took the previous
    # paragraph's Christie (held-out fifth of train: 1 sentence more matched, none fewer)
    infos = attribution.sentence_infos([["Christie said he backed Trump."], [
        "Tuttle’s article also attacked Christie by accusing him of endorsing Trump."]])
    assert attribution._opening_subject(infos, 1) == "Tuttle’s article"
    infos = attribution.sentence_infos([["Christie said he backed Trump."], [
        "Tuttle’s proposals also attacked Christie's record."]])
    assert attribution._opening_subject(infos, 1) is None


# ------------------------------------------------ layout speakers (transcripts, signatures)

_TRANSCRIPT = [
    ("On Sunday’s broadcast of “Meet the Press,” Sen. Jane Holloway (D-OR) said the farm bill"
    " would pass before the recess."),
    "Partial transcript as follows:",
    "\"TODD: Senator, will the farm bill pass this week?",
    "\"HOLLOWAY: Well, look, the votes are there. The leadership has counted them twice.",
    ("\"And the governors are behind it. The growers in my state have waited three years for"
    " this."),
    "\"(CROSSTALK.)",
    "\"TODD: And if it fails on Thursday, what happens to the dairy subsidies?",
    "\"HOLLOWAY: It will not fail. We have the support of both caucuses on the committee.",
]


def _assert_flag_decides(got: dict, want: dict, on: bool) -> None:
    """With the layout rule on, the sentences of `want` have its labels; off, not all of them."""
    hits = {s: got.get(s) for s in want}
    if on:
        assert hits == want
    else:
        assert hits != want


@pytest.mark.parametrize("on", [True, False])
def test_a_transcript_turn_is_its_speakers_every_sentence(monkeypatch, on):
    # TRANSCRIPT_TURNS, attr13: "\"HOLLOWAY: ..." and the paragraphs going on with its quotation
    # are Holloway's (dev: the Pence transcript, 1 -> 31 of 32 sentences matched)
    from monitor import claims

    monkeypatch.setattr(claims, "TRANSCRIPT_TURNS", on)
    got = {c.sentence: (c.attribution, c.attributed_to) for c in claims_of(*_TRANSCRIPT)}
    want = {
        "The leadership has counted them twice.": ("named", "HOLLOWAY"),
        "\"And the governors are behind it.": ("named", "HOLLOWAY"),
        "The growers in my state have waited three years for this.": ("named", "HOLLOWAY"),
        "We have the support of both caucuses on the committee.": ("named", "HOLLOWAY"),
    }
    _assert_flag_decides(got, want, on)
    if on:
        assert "\"(CROSSTALK.)" not in got  # a stage direction is no one's claim


def test_a_kicker_is_no_speaker():
    # "UPDATE:" alone, no transcript, and a word the article writes in lower case
    got = who(
        "The county said on Monday that the bridge would reopen in March after repairs.",
        "UPDATE: The county now expects the bridge to reopen in April, after a second update"
        " from the engineers found more corrosion.",
    )
    assert all(src != "UPDATE" for _, src in got)


@pytest.mark.parametrize("on", [True, False])
def test_a_quotation_signed_after_a_dash_is_the_signers(monkeypatch, on):
    # SIGNED_QUOTATIONS, attr13: `“...” ― Name` signs the quotation before it, every sentence;
    # the signature glued to the next quotation splits off (dev: readers' voices, 5 -> 73 of
    # 73 sentences matched)
    from monitor import claims

    monkeypatch.setattr(claims, "SIGNED_QUOTATIONS", on)
    paragraph = (
        "“The plant closing scares me. We have nowhere else to work in this valley. My kids"
        " need this town to survive.” ― Maria Delgado\n“Nobody asked us before they decided."
        " It was done behind closed doors by people who never lived here.” ― Tom O. Becker"
    )
    got = {c.sentence: (c.attribution, c.attributed_to) for c in claims_of(
        "Readers told us what the closing means to them.", paragraph)}
    want = {
        "We have nowhere else to work in this valley.": ("named", "Maria Delgado"),
        "My kids need this town to survive.”": ("named", "Maria Delgado"),
        "“Nobody asked us before they decided.": ("named", "Tom O. Becker"),
        "It was done behind closed doors by people who never lived here.”": ("named", "Tom O. Becker"),
    }
    _assert_flag_decides(got, want, on)
    if on:
        assert not any(s.startswith("―") for s in got)  # the signature is no claim


# ------------------------------------------------ carried sources refused (issue 18, attr14)

_OPENAI = ("OpenAI warned that the goal is to lock Chinese systems and standards into emerging "
           "markets before rivals arrive. In response, Washington has taken steps to protect its "
           "lead in AI by restricting the export of advanced chips to China.")
_LI_QIANG = (("Premier Li Qiang highlighted the risks of AI and pledged to share technology with "
              "other nations."),
             ("This stance contrasted sharply with US President Donald Trump's aggressive \"AI Action "
              "Plan,\" which aimed to cement US dominance in the field."))


def test_a_sentence_opening_with_its_own_subject_takes_no_neighbours_source(monkeypatch):
    """OWN_SUBJECT_NO_CARRY: "Washington has taken steps ..." is not OpenAI's warning, and the
    Li Qiang paragraph's "This stance contrasted ..." (a term in quotation marks, a cue "aimed
    to" whose subject is a plan) is not the premier's. The first says nothing: none (the
    writer's own); the second holds a word of saying ("sharply": the stems are crude): no
    verdict, no source."""
    assert who(_OPENAI)[1] == ("none", None)
    assert who(*_LI_QIANG)[1] == ("unclear", None)
    monkeypatch.setattr(attribution, "OWN_SUBJECT_NO_CARRY", False)
    assert who(_OPENAI)[1] == ("named", "OpenAI")
    assert who(*_LI_QIANG)[1] == ("named", "Premier Li Qiang")


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("In response, Washington has taken steps to protect its lead.", "Washington"),
        ("Through the end of September, O’Malley had raised $3.2 million.", "O’Malley"),
        ("The friendly audience cheered Clinton’s attacks on Trump.", "The friendly audience"),
        ("Senator Maria Lopez, a Democrat, voted against the bill.", "Senator Maria Lopez , a Democrat ,"),
        ("If they continue to back Clinton, Sanders would have to win the rest.", "Sanders"),
        ("Palestinians want East Jerusalem for their future state.", "Palestinians"),
        ("This stance contrasted sharply with the plan.", "This stance"),
        # a pronoun, a subordinate clause, a question, a fragment: none of the sentence's own
        ("He has held the seat since 2001.", None),
        ("This marked a shift for the party.", None),
        ("His successor, Jay Carney, now smears reporters.", None),  # an aside only after a name
        ("Whatever liabilities she has, those happen to be her strengths.", None),
        ("Would it make ISIL less committed to kill Americans?", None),
        ("Total, absolute control.", None),
        ("Having the policy directed out of Washington is not the way.", None),
    ],
)
def test_the_subject_a_sentence_opens_with(sentence, subject):
    assert attribution._own_subject(sentence) == subject


def _refused(paragraphs, found):
    """`_refuse_carries` over the paragraphs' sentences, `found` one Found per sentence."""
    infos = attribution.sentence_infos([split_sentences(p, "en") for p in paragraphs])
    para_of, p = [], -1
    for info in infos:
        p += info.para_start
        para_of.append(p)
    assert len(infos) == len(found)
    return [(f.kind, f.source) for f in attribution._refuse_carries(found, infos, para_of)]


def test_a_carried_source_stays_where_the_source_goes_on():
    """OWN_SUBJECT_NO_CARRY keeps the carry where the subject is the carried source itself
    ("Trump was still publicly miffed ..."), and in a paragraph that speaks in the first person
    outside quotation marks (a speech given without them)."""
    Found = attribution.Found
    trump = Found("named", "Trump", "Trump", "said", "rule")
    carried = Found("named", "Trump", "Trump", "said", "carry:rule")
    assert _refused(
        ("Trump said Ryan had let the party down.",
         "On Friday, Trump was still publicly miffed over Ryan’s lack of support."),
        [trump, carried],
    )[1] == ("named", "Trump")
    speech = ("Trump told the crowd about the debate. I was met with nice applause. Bush got up "
              "and stumbled through an answer and the place went crazy.")
    assert _refused((speech,), [trump, carried, carried])[1:] == [("named", "Trump")] * 2
    writer = ("Trump told the crowd about the debate. Bush got up and stumbled through an answer "
              "and the place went crazy.")
    assert _refused((writer,), [trump, carried])[1] == ("none", None)


def test_a_source_from_the_paragraph_before_is_refused_where_the_sentence_says_nothing(monkeypatch):
    """CARRY_PARA_SAYS_NOTHING: a poll's source carried from the previous paragraph onto a
    sentence with no word of saying and no cue of its own is none; with a word of saying it stays."""
    Found = attribution.Found
    poll = Found("named", "a Reuters/Ipsos poll", "a Reuters/Ipsos poll", "according to", "rule")
    carried = Found("named", "a Reuters/Ipsos poll", "a Reuters/Ipsos poll", "according to",
                    "carry-para:rule")
    monkeypatch.setattr(attribution, "OWN_SUBJECT_NO_CARRY", False)
    paras = ("Clinton leads Sanders among Democrats nationally, according to a Reuters/Ipsos poll.",
             "It is the first time since January that the gap has narrowed to less than two percent.")
    assert _refused(paras, [poll, carried])[1] == ("none", None)
    said = ("Clinton leads Sanders among Democrats nationally, according to a Reuters/Ipsos poll.",
            "It found that most of her voters were certain of their choice.")
    assert _refused(said, [poll, carried])[1] == ("named", "a Reuters/Ipsos poll")
    monkeypatch.setattr(attribution, "CARRY_PARA_SAYS_NOTHING", False)
    assert _refused(paras, [poll, carried])[1] == ("named", "a Reuters/Ipsos poll")


def test_a_seed_sentence_takes_no_source_from_the_paragraph_before(monkeypatch):
    """CARRY_PARA_SAYS_NOTHING on the WSJ seed: "Increasingly, the company has been able to
    bundle together the best chips ..." is the paper's reporting, not the previous paragraph's
    "people familiar with the meeting"."""
    case = json.loads((REPO / "tests" / "fixtures" / "claims_seeds.json").read_text("utf-8"))[2]
    segments = [tuple(x) for x in case["segments"]]

    def claim():
        return next((c.attribution, c.attributed_to) for c in extract_claims(segments)
                    if c.sentence.startswith("Increasingly, the company has been able"))

    assert claim() == ("none", None)
    monkeypatch.setattr(attribution, "CARRY_PARA_SAYS_NOTHING", False)
    assert claim() == ("anonymous", "people familiar with the meeting")


@pytest.mark.parametrize(
    "tag, source",
    [
        (("“Nobody in this town believes that for a second,” snapped Odalys Whitcombe, a county "
          "commissioner."), "Odalys Whitcombe"),
        (("“Nobody in this town believes that for a second,” quipped a retired teacher from "
          "Dayton."), "a retired teacher from Dayton"),
        ("“Nobody believes that,” countered Priya Venkataraman, “and nobody should.”",
         "Priya Venkataraman"),
        ("''Nobody believes that,'' retorted Ms. Venkataraman.", "Ms. Venkataraman"),
        ("“Nobody believes that,” wondered one longtime resident aloud.", "one longtime resident"),
    ],
)
def test_a_quotations_own_speech_tag_names_its_speaker_not_the_paragraph_before(tag, source):
    # SPEECH_TAG: the span CRF tags no source here and the sentence took the previous
    # paragraph's senator
    before = "Senator Mark Halvorsen said on Tuesday that the bill would pass the chamber easily."
    claims = claims_of(before, tag)
    assert claims[-1].attributed_to == source
    assert claims[-1].attribution != "none"


def test_a_speech_tag_of_a_pronoun_keeps_the_source_carried():
    before = "Senator Mark Halvorsen said on Tuesday that the bill would pass the chamber easily."
    assert who(before, "“Nobody believes that,” he quipped.")[-1] == (
        "named", "Senator Mark Halvorsen"
    )
    assert who(before, "“Nobody believes that,” quipped Halvorsen.")[-1] == ("named", "Halvorsen")


def test_a_quotation_whose_speech_tag_names_its_speaker_is_the_speakers_to_its_end():
    # SPEECH_TAG_OWN: the tag is the sentence's own source, which the rest of the quotation
    # takes (it took the previous paragraph's senator)
    before = "Senator Mark Halvorsen said on Tuesday that the bill would pass the chamber easily."
    tag = ("“Nobody in this town believes that for a second,” snapped Odalys Whitcombe. “Not one "
           "person. They have heard it all before.”")
    assert [c.attributed_to for c in claims_of(before, tag)][1:] == ["Odalys Whitcombe"] * 3


def test_an_according_to_source_running_into_a_clause_is_cut_to_its_head_not_dropped():
    # FRAME_HEAD: "court documents reported previously by ..." reads as no noun phrase; the
    # frame was dropped and the span CRF gave the sentence's subject, what the documents are about
    text = ("Mayor Dan Ruiz gave his blessing to the deal, according to court documents reported "
            "previously by The Herald, becoming the main owner of the new company.")
    assert claims_of(text)[-1].attributed_to == "court documents"


@pytest.mark.parametrize(
    "source, head",
    [
        ("a New York Times/CBS News survey released on Thursday", "a New York Times/CBS News survey"),
        ("a new poll that shows more voters view Clinton unfavorably", "a new poll"),
        ("the budget document he released", "the budget document"),
        ("figures her campaign released Friday", "figures"),
        ("the survey", ""),
    ],
)
def test_the_head_of_an_according_to_source(source, head):
    assert attribution._frame_head(source) == head


def test_a_cut_according_to_source_must_read_as_a_source_or_a_record():
    assert attribution._frame_source_ok("the average of recent polls")
    assert attribution._frame_source_ok("a Marist College survey")
    assert not attribution._frame_source_ok("the processing rules")  # "evaluated according to"


@pytest.mark.parametrize(
    "text",
    [
        "Republicans now control both legislative chambers in 30 states.",
        "Coastal states swing toward Democrats, 12 of them since 1992.",
    ],
)
def test_states_the_noun_is_no_reporting_verb(text):
    # STATES_NOUN (claims): "in 30 states" gave the words before it as a source
    assert who(text) == [("none", None)]


def test_states_before_that_or_a_colon_still_reports():
    from monitor import claims

    assert claims._attribute_en("The Census Bureau states that 12 million people moved.").cue == "states"


@pytest.mark.parametrize(
    "text, source",
    [
        (("Polls missed the turnout in Iowa - Lorna Whitcombe: “Pollsters are taking a lot of heat "
          "from the public. But some critics in the media share the blame for 2016.”"),
         "Lorna Whitcombe"),
        (("Continued Whitcombe: “So I think it’s a very real problem. The single best thing they "
          "can do is to register a million new voters.”"), "Whitcombe"),
    ],
)
def test_a_name_introducing_a_quotation_with_a_colon_is_its_speaker(text, source):
    # COLON_TAG: after a dash (a digest's "headline - Name: “...”") or a verb of saying; the
    # quotation took the previous paragraph's senator (or "Continued Whitcombe")
    before = "Senator Mark Halvorsen said on Tuesday that the bill would pass the chamber easily."
    assert [c.attributed_to for c in claims_of(before, text)][1:] == [source, source]


def test_a_heading_with_a_colon_before_a_quotation_names_no_speaker():
    assert attribution._tag_subject("Wantable Style Edit: “Overall, my experience is a treat.”") is None


def test_they_after_a_section_heading_is_not_the_last_sections_group():
    """A new section's "They ..." does not stand for the group of people a source of the
    section before named (the WSJ seed's "They compared notes ..." took "people familiar with
    the matter" from across the heading "Open-source advantage")."""
    from monitor.claims import extract_claims

    FIRST = ("Some companies ordered expensive servers before they had a use for them, "
             "according to people familiar with the matter.")
    NEXT = ("At the Shanghai conference, organized by the government, Chinese researchers "
            "played down the impact of export controls. They compared notes on how they were "
            "focusing on overcoming bottlenecks through better model designs.")
    segments = [
        (0, FIRST, "en"),
        (1, "Open-source advantage", "en"),
        (2, NEXT, "en"),
    ]
    claims = {c.sentence: c for c in extract_claims(segments)}
    first = claims[segments[0][1]]
    assert first.attributed_to == "people familiar with the matter"
    they = claims["They compared notes on how they were focusing on overcoming bottlenecks "
                  "through better model designs."]
    assert they.attributed_to != "people familiar with the matter"


@pytest.mark.parametrize(
    "sentence",
    [
        ("If the AI writes code that doesn't pass our linter, I'll copy the linter errors into the "
         "chat and say “please address these issues.”"),
        "“I don't understand my audience” (but what if the data already shows you who they are?)",
    ],
    ids=["if", "what-if"],
)
def test_a_source_of_a_supposition_says_nothing(sentence, monkeypatch):
    """HYPOTHETICAL_SOURCE (fifth round on WCXB pages that are not news): a source in an "if" /
    "what if" clause gets no verdict."""
    assert who(sentence)[0][0] == "unclear"
    monkeypatch.setattr(attribution, "HYPOTHETICAL_SOURCE", False)
    assert who(sentence)[0][0] in ("named", "anonymous")


def test_a_past_when_clause_still_reports():
    """ "when Discord announced ..." is an event reported, not a supposition."""
    sentence = ("My story begins on Friday, November 7, 2025, when Discord announced a brand new "
                "update to their developer documentation platform.")
    assert who(sentence)[0] == ("named", "Discord")


@pytest.mark.parametrize(
    "sentence",
    [
        "But AI won’t find it unless you hand it the map.",
        ("Because the patent office didn’t find the specific prior art during the patent "
         "examination, the patent was granted."),
    ],
)
def test_a_span_ending_on_a_negated_verb_is_no_source(sentence, monkeypatch):
    """NEGATED_SPAN (fifth round): "AI won't" (find it) is a clause, and what it did not find is
    no one's statement."""
    assert who(sentence)[0][0] == "unclear"
    monkeypatch.setattr(attribution, "NEGATED_SPAN", False)
    assert who(sentence)[0][0] == "named"


def test_he_or_she_stands_for_no_thing_with_a_name(monkeypatch):
    """PRONOUN_THING (fifth round): "she" resolved to "Alice McCall Mysteria Ruffled Midi Dress"
    (a dress: the page writes "dress" in lower case) gets no verdict."""
    text = (("Christen received a chic Alice McCall Mysteria Ruffled Midi Dress that she wore to a "
             "wedding back in 2022."),
            "She shared, \"I was really happy with my wedding guest dress try-on extravaganza.\"")
    assert who(*text)[-1][0] == "unclear"
    monkeypatch.setattr(attribution, "PRONOUN_THING", False)
    assert who(*text)[-1] == ("named", "Alice McCall Mysteria Ruffled Midi Dress")
    # a person's name stays: one word may be a surname, two capitalised words end on no common word
    assert not attribution._name_end("Price") and not attribution._name_end("Murphy (who")


def test_a_verb_of_saying_is_no_part_of_the_source_shown(monkeypatch):
    """VERB_TRIM (fifth round): the span of an inverted tag "..., recalls UX Designer Miche
    Alvarez" is shown without its verb."""
    assert claims._shown("recalls UX Designer Miche Alvarez") == "UX Designer Miche Alvarez"
    assert claims._shown("explains Dave Crossland, the Lead UX Program Manager for Google") == (
        "Dave Crossland, the Lead UX Program Manager for Google")
    assert claims._shown("says it all") == "says it all"  # no name after the verb: left
    monkeypatch.setattr(claims, "VERB_TRIM", False)
    assert claims._shown("recalls UX Designer Miche Alvarez") == "recalls UX Designer Miche Alvarez"
