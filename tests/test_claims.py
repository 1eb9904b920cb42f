"""Sentences, claim selection and attribution, in English and Chinese, on fixtures and seeds."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from monitor.claims import extract_claims, split_sentences

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
_CJK = re.compile(r"[\u4e00-\u9fff]")
# Page furniture in the seed snapshots (the cleaning stage removes it in the real pipeline).
_FURNITURE = re.compile(
    r"Photo:|^Advertisement$|^\s*•|^ET\s*$|保存的双语快照|^Copyright|^Appeared in|^Write to|"
    r"^Image caption|^Original:|^Statement:|^Post a Comment"
)
_END = ("Go deeper", "You May Also Like")  # related-links sections start here


def seed_paragraphs(prefix: str) -> list[tuple[int, str, str | None]]:
    """Non-boilerplate lines of a seed as (seq, paragraph, lang); English lines only for 001."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    lines = path.read_text("utf-8").splitlines()
    out = []
    for i, line in enumerate(lines):
        text = line.strip()
        if text in _END:
            break
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if not text or _FURNITURE.search(text) or "Photo:" in nxt:  # caption or its alt text
            continue
        if prefix == "000" and text.startswith("Robot boxing"):  # the image caption's text
            continue
        if prefix == "001" and _CJK.search(text):
            continue
        out.append((i, text, None))
    return out


def only(text: str, lang: str | None = None):
    """The single claim extracted from one paragraph."""
    claims = extract_claims([(0, text, lang)])
    assert len(claims) == 1, claims
    return claims[0]


# --------------------------------------------------------------------------------- sentences


def test_english_split_keeps_abbreviations_decimals_and_initials():
    text = (
        "The U.S. economy grew 2.5% in the third quarter, Dr. Smith of Acme Inc. said on Monday. "
        "Prices rose. “It is working,” she said. J. Doe disagreed!"
    )
    assert split_sentences(text, "en") == [
        "The U.S. economy grew 2.5% in the third quarter, Dr. Smith of Acme Inc. said on Monday.",
        "Prices rose.",
        "“It is working,” she said.",
        "J. Doe disagreed!",
    ]


def test_chinese_split_on_terminators_and_closing_quotes():
    text = "他说：“价格上涨了。”我们同意！真的吗？是的；明年再看"
    assert split_sentences(text, "zh") == [
        "他说：“价格上涨了。”",
        "我们同意！",
        "真的吗？",
        "是的；",
        "明年再看",
    ]


def test_mixed_paragraph_splits_both_scripts():
    assert split_sentences("Prices rose 5%. 价格上涨了 5%。") == [
        "Prices rose 5%.",
        "价格上涨了 5%。",
    ]


# ------------------------------------------------------------------------- claim selection


@pytest.mark.parametrize(
    "text",
    [
        "How China Is Girding for an AI Battle With the U.S.",  # headline
        "Open-source advantage",  # section heading
        "Why Is the Global AI Race Accelerating So Fast?",  # question
        "Will China overtake the US in chips by 2030?",
        "Dive into Motorola’s Razr 2025 lineup with jaw-dropping AI power!",  # call to action
        "Click here to subscribe to our newsletter today.",
        'Post a Comment for "China Races to Outpace U.S. in AI Leadership"',
        "点击这里订阅我们的新闻通讯，了解更多内容。",
        "中国会在芯片领域超越美国吗？",
        "* * *",  # a section break: nothing left once the bullets are stripped
        "Officials in Lyon counted more than four thousand cyclists on Sunday",  # 11 words, no stop
    ],
)
def test_headings_questions_and_calls_to_action_are_not_claims(text):
    assert extract_claims([(0, text, None)]) == []


def test_an_unpunctuated_line_of_twelve_words_is_a_claim_not_a_heading():
    text = "Officials in the city of Lyon counted more than four thousand cyclists"
    assert only(text).sentence == text


def test_assertions_with_numbers_events_and_trends_are_claims():
    claims = extract_claims(
        [
            (0, "China will invest $564 billion in its grid by 2030.", "en"),
            (1, "Huawei unveiled a new cluster of Ascend chips this week.", "en"),
            (2, "Chinese models are steadily gaining market share worldwide.", "en"),
            (3, "中国将在 2030 年前投入 5640 亿美元建设电网。", "zh"),
        ]
    )
    assert [c.seq for c in claims] == [0, 1, 2, 3]
    assert all(c.attribution == "none" and c.attributed_to is None for c in claims)
    assert [c.lang for c in claims] == ["en", "en", "en", "zh"]


# ------------------------------------------------------------------- English attribution


@pytest.mark.parametrize(
    ("text", "source", "cue"),
    [
        (
            (
                "“China is obviously making progress,” said Michael Frank, founder of think tank "
                "Seldon Strategies."
            ),
            "Michael Frank, founder of think tank Seldon Strategies",
            "said",
        ),
        (
            (
                "China has approved more than 600 colleges to set up AI programs, according to data "
                "released by the Ministry of Education in April."
            ),
            "data released by the Ministry of Education",
            "according to",
        ),
        (
            (
                "Access to advanced chips has been a priority for Chinese negotiators, The Wall Street "
                "Journal has reported."
            ),
            "The Wall Street Journal",
            "has reported",
        ),
        (
            (
                "According to Epoch AI, a non-profit research institute, the US and China dominate "
                "the AI sector."
            ),
            "Epoch AI",
            "According to",
        ),
        (
            (
                "Tom Nunlist, associate director at Trivium China, emphasized that the race is more "
                "relevant than ever."
            ),
            "Tom Nunlist, associate director at Trivium China",
            "emphasized",
        ),
        (
            (
                "South China Morning Post provides a comprehensive overview of China’s strategic AI "
                "initiatives."
            ),
            "South China Morning Post",
            "provides",
        ),
        (
            "TechCrunch offers insight into the US startup ecosystem and its open models.",
            "TechCrunch",
            "offers",
        ),
        (
            "The Independent features perspectives from AI pioneer Yoshua Bengio on the risks.",
            "The Independent",
            "features",
        ),
        (
            (
                "Data from benchmark testing provider Artificial Analysis shows that Chinese models "
                "lead."
            ),
            "Data from benchmark testing provider Artificial Analysis",
            "shows",
        ),
    ],
)
def test_english_named_sources(text, source, cue):
    claim = only(text, "en")
    assert (claim.attribution, claim.attributed_to, claim.cue) == ("named", source, cue)


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            (
                "Some companies ordered expensive AI servers, according to people familiar with the "
                "matter."
            ),
            "people familiar with the matter",
        ),
        (
            (
                "The regulator has refrained from approving IPOs of such companies, people involved "
                "in the process said."
            ),
            "people involved in the process",
        ),
        (
            "Several foreign delegates said they were not briefed on the announcement.",
            "Several foreign delegates",
        ),
        ("Officials said the plan would cost about $2 billion.", "Officials"),
        (
            "Industry participants say it showed China’s ambition to set global standards.",
            "Industry participants",
        ),
        (
            "The talks will resume next week, a person familiar with the negotiations said.",
            "a person familiar with the negotiations",
        ),
        # People of an organisation are still anonymous people (issue 18): no one is named.
        (
            (
                "Morgan Stanley analysts forecast that China will have 82% of AI chips from domestic "
                "makers by 2027."
            ),
            "Morgan Stanley analysts",
        ),
        (
            (
                "It is spending $564 billion on grid projects in the five years up to 2030, Morgan "
                "Stanley researchers forecast."
            ),
            "Morgan Stanley researchers",
        ),
        (
            "Some former employees in Wells Fargo's branches said they were pressured to open accounts.",
            "Some former employees in Wells Fargo's branches",
        ),
        ("A Coca-Cola spokesman said the company would review the report.", "A Coca-Cola spokesman"),
        ("Trump aides said the candidate would not release his tax returns.", "Trump aides"),
        ("FBI officials said the investigation into the emails had been closed.", "FBI officials"),
        ("Clinton plans to visit Charlotte on Sunday, according to a campaign aide.", "a campaign aide"),
        # "show" needs evidence for a subject ("A company called DeepSeek showed" is none):
        # polls and surveys are evidence as much as a poll or a survey
        ("Polls show a close contest in the state, where 18 electoral votes are up for grabs.", "Polls"),
        ("Recent surveys show that most voters want the program to continue.", "Recent surveys"),
    ],
)
def test_english_anonymous_sources(text, source):
    claim = only(text, "en")
    assert (claim.attribution, claim.attributed_to) == ("anonymous", source)


def test_event_verbs_with_a_vague_subject_are_not_attribution():
    claim = only("The event highlighted how the country is positioning itself as a leader.", "en")
    assert claim.attribution == "none"
    claim = only("A company called DeepSeek showed this is possible with a model in 2025.", "en")
    assert claim.attribution == "none"


@pytest.mark.parametrize(
    "text",
    [
        "As Sherlock would say, the answer was elementary to everyone in the room.",
        "Price and gas mileage were not announced at the launch event in Detroit.",
        "That’s smaller than what McKinley said, but the estimate is reasonable enough.",
        "Vietnam is one of the most vocal critics of China’s sweeping territorial claims.",
        "China released a plan at the conference, which called for an open-source community.",
    ],
)
def test_clauses_are_not_sources(text):
    assert only(text, "en").attribution == "none"


def test_relative_clause_between_source_and_verb_is_skipped():
    claim = only(
        "In July, the local government in Shenzhen, where Huawei is based, said it was raising "
        "around $700 million.",
        "en",
    )
    assert (claim.attribution, claim.attributed_to) == ("named", "the local government in Shenzhen")


def test_pronoun_resolves_to_the_named_source_before_it():
    claims = extract_claims(
        [
            (
                0,
                (
                    "Analyst Grace Shao noted that AI is still in its infancy stage. "
                    "She concluded that there is no clear winner yet."
                ),
                "en",
            ),
            (1, "He questioned whether Beijing's vision would gain traction abroad.", "en"),
        ]
    )
    assert [(c.attribution, c.attributed_to) for c in claims] == [
        ("named", "Analyst Grace Shao")
    ] * 3
    assert [c.cue for c in claims] == ["noted", "concluded", "questioned"]


def test_pronoun_without_antecedent_stays_unattributed():
    claim = only("She concluded that there is no clear winner in the race yet.", "en")
    assert claim.attribution == "none"


def test_it_resolves_only_to_a_publication_summary_in_the_same_paragraph():
    claims = extract_claims(
        [
            (
                0,
                (
                    "TechCrunch offers insight into the US startup ecosystem. It underscores the "
                    "importance of accessible AI tools."
                ),
                "en",
            ),
            (
                1,
                "It recently announced an AI action plan to slash red tape for data centers.",
                "en",
            ),
        ]
    )
    assert [(c.attribution, c.attributed_to) for c in claims] == [
        ("named", "TechCrunch"),
        ("named", "TechCrunch"),
        ("none", None),
    ]


def test_quotation_spanning_sentences_takes_its_attribution():
    claims = extract_claims(
        [
            (
                0,
                (
                    "“Chip output will double by 2027. Prices will fall sharply,” said Jane Doe, an "
                    "analyst at Acme Research."
                ),
                "en",
            )
        ]
    )
    assert len(claims) == 2
    assert {(c.attribution, c.attributed_to) for c in claims} == {
        ("named", "Jane Doe, an analyst at Acme Research")
    }


# ------------------------------------------------------------------- Chinese attribution


@pytest.mark.parametrize(
    ("text", "kind", "source", "cue"),
    [
        (  # people named by role only are anonymous (issue 18), as "Morgan Stanley analysts"
            "摩根士丹利分析师预测，到 2027 年中国国产 AI 芯片占比将提升至 82%。",
            "anonymous",
            "摩根士丹利分析师",
            "预测",
        ),
        (
            "据《华尔街日报》报道，在贸易谈判中获取先进芯片一直是中国谈判代表的首要任务。",
            "named",
            "华尔街日报",
            "据…报道",
        ),
        (
            "智库塞尔登战略创始人迈克尔·弗兰克表示，中国正在取得进展。",
            "named",
            "智库塞尔登战略创始人迈克尔·弗兰克",
            "表示",
        ),
        ("迈克尔·弗兰克表示：“中国显然正在取得进展。”", "named", "迈克尔·弗兰克", "表示"),
        (
            "根据中国教育部 4 月公布的数据，全国已有 600 多所高校获批设立人工智能专业。",
            "named",
            "中国教育部",
            "根据…数据",
        ),
        (
            "知情人士称，中国证券监管部门基本暂停批准此类企业的首次公开募股。",
            "anonymous",
            "知情人士",
            "称",
        ),
        ("据知情人士透露，部分企业已订购昂贵的 AI 服务器。", "anonymous", "知情人士", "据…透露"),
        ("一位消息人士说，谈判将于下周恢复。", "anonymous", "一位消息人士", "说"),
        ("据悉，该公司计划明年上市并筹集 10 亿美元。", "anonymous", None, "据悉"),
        ("多位分析师认为，芯片价格将在明年下降。", "anonymous", "多位分析师", "认为"),
    ],
)
def test_chinese_attribution(text, kind, source, cue):
    claim = only(text, "zh")
    assert (claim.attribution, claim.attributed_to, claim.cue) == (kind, source, cue)


def test_chinese_lookalike_cues_are_not_attribution():
    assert only("许多人也称赞中国企业让用户免费修改和部署其 AI 模型。", "zh").attribution == "none"
    assert only("基准测试数据表明中国模型的性能正在快速提升。", "zh").attribution == "none"


def test_chinese_pronoun_and_quotation_resolve_to_named_source():
    claims = extract_claims(
        [
            (
                0,
                "迈克尔·弗兰克表示：“中国正在取得进展。芯片产量将翻倍。”他还说这一计划将耗资 5 亿元。",
                "zh",
            )
        ]
    )
    assert [(c.attribution, c.attributed_to) for c in claims] == [("named", "迈克尔·弗兰克")] * 3


# ----------------------------------------------------------------------------------- seeds


def seed_counts(prefix: str) -> Counter:
    """Attribution kinds of one seed's claims."""
    return Counter(c.attribution for c in extract_claims(seed_paragraphs(prefix)))


def test_seeds_wsj_attributes_more_than_content_farm():
    wsj, farm, blog = seed_counts("001"), seed_counts("004"), seed_counts("002")
    share = {
        k: (c["named"] + c["anonymous"]) / sum(c.values())
        for k, c in {"wsj": wsj, "farm": farm, "blog": blog}.items()
    }
    # 1.5, not 2: the farm's six claims are Xi's speech paraphrased, and the WSJ seed no longer
    # credits narration to a neighbour's source ("people familiar with the meeting", "Many also",
    # "The Wall Street Journal" on plain statements of fact: issue 18, seventh round)
    assert share["wsj"] > 1.5 * share["farm"]
    assert share["blog"] > 2 * share["farm"]
    assert wsj["named"] >= 8 and wsj["anonymous"] >= 3  # 9: "Sales of Nvidia's H20 AI chips ..."
    # followed "The Wall Street Journal has reported" but is no part of that report; 8 (attr8):
    # "China also released an AI global governance plan at the event, ..." no longer takes the
    # previous paragraph's StepFun (`attribution.CARRY_PARA_MIN`)


def test_seed_wsj_finds_its_named_and_anonymous_sources():
    claims = extract_claims(seed_paragraphs("001"))
    sources = {(c.attribution, c.attributed_to) for c in claims}
    for expected in [
        ("named", "Michael Frank, founder of think tank Seldon Strategies"),
        ("anonymous", "Morgan Stanley analysts"),
        ("named", "The Wall Street Journal"),
        ("named", "data released by the country’s Ministry of Education"),
        ("anonymous", "people familiar with the matter"),
        ("anonymous", "people involved in the process"),
        ("anonymous", "Industry participants"),
    ]:
        assert expected in sources


def test_seed_aggregator_gets_credit_for_naming_the_papers():
    claims = extract_claims(seed_paragraphs("003"))
    named = {c.attributed_to for c in claims if c.attribution == "named"}
    assert {"South China Morning Post", "TechCrunch", "The Independent"} <= named
    # the follow-up sentences ("The article highlights", "It underscores") are credited too
    assert sum(c.attributed_to == "TechCrunch" for c in claims) >= 2


def test_seed_blog_resolves_pronouns():
    claims = extract_claims(seed_paragraphs("002"))
    she = next(c for c in claims if c.sentence.startswith("She concluded"))
    he = next(c for c in claims if c.sentence.startswith("He questioned"))
    assert she.attributed_to == "Analyst Grace Shao"
    assert he.attributed_to.startswith("Tom Nunlist")


def test_seed_boilerplate_is_not_claimed():
    claims = extract_claims(
        seed_paragraphs("004")
        + [(99, "Dive into Gemini 2.5’s groundbreaking AI prowess! Find out now!", None)]
    )
    assert not any("Dive into" in c.sentence or "Find out" in c.sentence for c in claims)


# ------------------------------------------------------- quotations and claim boundaries


def attributions(text: str, lang: str | None = "zh") -> list[tuple[str, str | None]]:
    return [(c.attribution, c.attributed_to) for c in extract_claims([(0, text, lang)])]


FRANK = ("named", "迈克尔·弗兰克")


@pytest.mark.parametrize("quote", ["“”", "「」", '""'])
def test_a_quotation_shares_its_source_and_ends_with_its_closing_mark(quote):
    o, c = quote
    text = f"迈克尔·弗兰克表示：{o}中国正在取得进展。芯片产量将翻倍。{c}此外，公司的利润下降了五个百分点。"
    assert attributions(text) == [FRANK, FRANK, ("none", None)]
    assert attributions(text, None) == [FRANK, FRANK, ("none", None)]


def test_nested_quotes_and_the_sentences_around_a_quotation_keep_their_own_source():
    nested = "迈克尔·弗兰克表示：“中国正在取得『进展』。芯片产量将翻倍。”此外，公司的利润下降了五个百分点。"
    assert attributions(nested) == [FRANK, FRANK, ("none", None)]
    before = "公司的利润下降了五个百分点。迈克尔·弗兰克表示：“中国正在取得进展。芯片产量将翻倍。”"
    assert attributions(before) == [("none", None), FRANK, FRANK]
    # a stray closing mark does not open a quotation that swallows what follows
    stray = "公司的利润下降了五个百分点。”迈克尔·弗兰克表示：“中国正在取得进展。芯片产量将翻倍。”"
    assert attributions(stray) == [("none", None), FRANK, FRANK]
    two = (
        "迈克尔·弗兰克表示：“中国正在取得进展。芯片产量将翻倍。”"
        "一位消息人士说，谈判将于下周恢复。双方还会讨论关税。"
    )
    assert attributions(two) == [FRANK, FRANK, ("anonymous", "一位消息人士"), ("none", None)]


LONG_QUESTION = "Will the central bank raise interest rates again next year, as many analysts expect"


@pytest.mark.parametrize(
    ("sentence", "lang", "kept"),
    [
        ("He asked: “Will prices rise again next year?”", "en", False),
        # questions long enough not to pass for headings, bare or quoted
        (f"{LONG_QUESTION}?", "en", False),
        (f"“{LONG_QUESTION}?”", "en", False),
        ("央行明年是否会像许多分析人士目前预期的那样再次提高利率并继续收紧货币政策？", "zh", False),
        ("央行明年是否会像许多分析人士目前预期的那样再次提高利率并继续收紧货币政策", "zh", True),
        # an attributed five-word sentence is a claim without a figure
        ("Officials said prices rose sharply.", "en", True),
        ("他问：“价格明年还会上涨吗？”", "zh", False),
        # short unpunctuated lines are headings; any sentence terminator makes them claims
        ("Prices rose by ten percent in March", "en", False),
        ("Prices rose by ten percent in March!", "en", True),
        ("Prices rose by ten percent in March;", "en", True),
        ("Prices rose by ten percent in March…", "en", True),
        ("价格在三月份上涨了百分之十！", "zh", True),
        ("价格在三月份上涨了百分之十；", "zh", True),
        # Chinese: at least 8 characters; unterminated lines longer than 25 are not headings
        ("价格上涨了一成。", "zh", True),
        ("价格上涨一成。", "zh", False),
        ("价" * 25, "zh", False),
        ("价" * 26, "zh", True),
        # English: five words make a claim only with a figure in them
        ("Sales rose 5 percent yesterday.", "en", True),
        ("Sales rose sharply again yesterday.", "en", False),
    ],
)
def test_what_counts_as_a_claim_at_the_boundaries(sentence, lang, kept):
    assert bool(extract_claims([(0, sentence, lang)])) is kept


def test_a_quoted_question_or_fragment_is_its_speakers_claim_a_bare_one_is_not():
    """A question or a short sentence inside an attributed quotation is the speaker's words
    (PolNeAR annotates them as attributed); outside a quotation it is still no claim."""
    claims = extract_claims(
        [
            (0, "Donald Trump spoke to supporters in Ohio on Tuesday night.", "en"),
            (1, "“Our inner cities are a disaster,” Trump said. “What are we doing? Think of that.”", "en"),
            (2, "What are we doing? Nobody knows.", "en"),
        ]
    )
    assert [(c.seq, c.sentence, c.attribution, c.attributed_to) for c in claims[1:]] == [
        (1, "“Our inner cities are a disaster,” Trump said.", "named", "Trump"),
        (1, "“What are we doing?", "named", "Trump"),
        (1, "Think of that.”", "named", "Trump"),
    ]


def test_without_a_language_each_claim_says_which_it_is_and_what_was_written():
    zh = "迈克尔·弗兰克表示：“中国正在取得进展。芯片产量将翻倍。”他还说这一计划将耗资 5 亿元。"
    en = "Michael Frank said the plan would cost 500 million yuan over five years."
    claims = extract_claims([(0, zh, None), (1, en, None)])
    assert [(c.lang, c.attribution, c.attributed_to) for c in claims] == [
        ("zh", *FRANK),
        ("zh", *FRANK),
        ("zh", *FRANK),
        ("en", "named", "Michael Frank"),
    ]
    assert [c.source_span for c in claims[:2]] == ["迈克尔·弗兰克"] * 2
    # "he said": the source is resolved, what the sentence itself says stays visible
    assert claims[2].source_span != "迈克尔·弗兰克" and claims[2].source_span in claims[2].sentence
    assert claims[3].source_span == "Michael Frank" and claims[3].cue == "said"


def test_a_pronoun_resolves_only_to_a_person_named_within_the_window():
    said = "他还说这一计划将耗资 5 亿元。"
    # nobody named before: someone said it, no verdict (unclear), as in English
    assert attributions(said) == [("unclear", None)]
    window = 3  # attribution_patterns.toml [english] pronoun_window, in paragraphs
    for gap, expected in ((window, FRANK), (window + 1, ("unclear", None))):
        filler = [(i, "公司的利润下降了五个百分点。", "zh") for i in range(1, gap)]
        segments = [
            (0, "迈克尔·弗兰克表示：“中国正在取得进展。”", "zh"),
            *filler,
            (gap, said, "zh"),
        ]
        claims = extract_claims(segments)
        assert (claims[-1].attribution, claims[-1].attributed_to) == expected, gap


def test_an_english_pronoun_keeps_what_was_written_beside_the_resolved_source():
    claims = extract_claims(
        [
            (0, "Michael Frank, the founder of Seldon, said China is making progress in chips.", "en"),
            (1, "He said chip output would double by 2027, according to the plan.", "en"),
        ]
    )
    assert claims[1].attribution == "named" and claims[1].attributed_to.startswith("Michael Frank")
    assert claims[1].source_span == "He"


# ------------------------------------------------- which source a sentence gets, case by case


@pytest.fixture
def fresh_claim_patterns():
    """claims' compiled patterns built afresh for the test, not taken from the process's cache.
    Behaviour is the same (they are built from attribution_patterns.toml alone); the point is
    mutation testing: mutmut forks its workers after the first build, so a planted bug in the
    building (`_alternation`) is only seen by tests that build again (docs/mutation.md)."""
    from monitor import claims

    claims._compiled.cache_clear()
    yield
    claims._compiled.cache_clear()


def found(segments) -> list[tuple]:
    return [(c.lang, c.attribution, c.attributed_to, c.cue) for c in extract_claims(segments)]


def test_a_mixed_paragraph_without_a_language_gives_each_sentence_its_own(fresh_claim_patterns):
    text = (
        "Huawei’s revenue rose 22 percent to 862 billion yuan in 2024, the company said. "
        "华为公司表示，其2024年收入增长了百分之二十二。"
    )
    assert found([(0, text, None)]) == [
        ("en", "named", "the company", "said"),
        ("zh", "named", "华为公司", "表示"),
    ]
    # a Chinese name inside an English sentence leaves it English
    named = "Huawei, known in China as 华为, said its revenue rose 22 percent to 862 billion yuan."
    assert [c.lang for c in extract_claims([(0, named, None)])] == ["en"]


def test_a_sentence_naming_its_own_source_inside_a_quotation_keeps_it():
    text = "迈克尔·弗兰克表示：“中国正在取得进展。知情人士称芯片产量将翻倍。”"
    assert attributions(text) == [FRANK, ("anonymous", "知情人士")]


@pytest.mark.parametrize(
    "text",
    [
        "“The ministry said the plan would fail,” Tester said on Monday.",
        '"The ministry said the plan would fail," Tester said on Monday.',
    ],
)
def test_a_verb_inside_the_quotation_is_not_the_speakers(text, fresh_claim_patterns):
    assert found([(0, text, "en")]) == [("en", "named", "Tester", "said")]


@pytest.mark.parametrize(
    ("text", "kind", "source"),
    [
        # the first verb has no subject of its own (an opening phrase), the second has
        (
            (
                "In a statement released on Monday that said prices would rise, the ministry said "
                "the plan would cost $2 billion."
            ),
            "named",
            "the ministry",
        ),
        # "showed" with no evidence for a subject is no attribution; the later "said" is
        (
            "A company called DeepSeek showed this is possible, the ministry said on Monday.",
            "named",
            "the ministry",
        ),
        # "While Obama said": the subject is Obama, not the subordinating word
        ("While Obama said the deal was fair, Republicans rejected it in a vote on Tuesday.", "named", "Obama"),
        # an inverted frame with an anonymous source
        (
            "The talks will resume next week, said a person familiar with the negotiations.",
            "anonymous",
            "a person familiar with the negotiations",
        ),
    ],
)
def test_english_source_found_past_what_is_not_one(text, kind, source, fresh_claim_patterns):
    claim = only(text, "en")
    assert (claim.attribution, claim.attributed_to) == (kind, source)


def test_it_after_a_publication_is_written_it_and_credited_to_the_publication():
    claims = extract_claims(
        [
            (
                0,
                (
                    "TechCrunch offers insight into the US startup ecosystem. It underscores the "
                    "importance of accessible AI tools."
                ),
                "en",
            )
        ]
    )
    assert [(c.attributed_to, c.source_span, c.cue) for c in claims] == [
        ("TechCrunch", "TechCrunch", "offers"),
        ("TechCrunch", "It", "underscores"),
    ]


@pytest.mark.parametrize(
    ("text", "kind", "source", "cue"),
    [
        ("据报道，该公司计划明年上市并筹集 10 亿美元。", "anonymous", None, "据报道"),
        ("中国企业被称为领先者，知情人士称芯片价格将下降。", "anonymous", "知情人士", "称"),
        ("根据知情人士的数据，该公司去年的销售额增长了两成。", "anonymous", "知情人士", "根据…数据"),
    ],
)
def test_chinese_frames_and_their_cues(text, kind, source, cue, fresh_claim_patterns):
    claim = only(text, "zh")
    assert (claim.attribution, claim.attributed_to, claim.cue) == (kind, source, cue)


def test_a_chinese_pronoun_keeps_the_pronoun_as_written_and_its_cue():
    claims = extract_claims(
        [(0, "迈克尔·弗兰克表示：“中国正在取得进展。”他还说这一计划将耗资 5 亿元。", "zh")]
    )
    assert [(c.attributed_to, c.source_span, c.cue) for c in claims] == [
        ("迈克尔·弗兰克", "迈克尔·弗兰克", "表示"),
        ("迈克尔·弗兰克", "他", "说"),  # as written: "he", not the verb
    ]


@pytest.mark.parametrize(
    ("phrase", "kind"),
    [
        # a name then its description: named, whatever the description says
        ("Jane Smith, a source close to the talks", "named"),
        # a description that mentions a name: still nobody named
        ("a source close to Jane Smith", "anonymous"),
        ("people familiar with the matter, including a diplomat", "anonymous"),
        # an institution is named; its people, by role, are not
        ("the ministry", "named"),
        ("the central bank", "named"),
        ("ministry officials", "anonymous"),
        ("a lawyer for the family", "anonymous"),
        ("campaign advisers", "anonymous"),
        ("internal documents", "anonymous"),
        ("U.K. officials", "anonymous"),  # a country is no name
        ("Industry's lobbyists", "anonymous"),  # nor the possessive of a generic word
        ("eBay", "named"),  # a capital inside the word
        ("she  also", "pronoun"),  # spacing as in a text pulled from a page
        ("the  report", "document"),
    ],
)
def test_english_source_phrases_are_classed(phrase, kind):
    from monitor.claims import classify_source_en

    assert classify_source_en(phrase) == kind


# ------------------------------------- what a planted bug in the source rules would show users


@pytest.mark.parametrize(
    ("text", "kind", "source", "cue"),
    [
        # a name written with "·" before a role noun is a named source, however far in the "·" is
        (
            "包括约瑟夫·斯蒂格利茨在内的多位经济学家认为，美国经济明年可能陷入衰退。",
            "named",
            "包括约瑟夫·斯蒂格利茨在内的多位经济学家",
            "认为",
        ),
        # the source runs back to the last comma, not the first
        ("去年，该公司的收入增长了两成，分析人士表示这一趋势将持续。", "anonymous", "分析人士", "表示"),
        # a conjunction before the source is no part of it
        ("该公司的收入增长了两成，但分析师认为这一趋势难以持续。", "anonymous", "分析师", "认为"),
        # a Latin name ending in a capital X keeps it
        ("据SpaceX透露，星舰将于下个月进行第五次试飞。", "named", "SpaceX", "据…透露"),
        # a cue word with no source before it ("这篇报道") does not stop the search
        ("这篇报道发表后，知情人士称该公司将在年底前裁员一成。", "anonymous", "知情人士", "称"),
        # a source of 30 characters is still read as one
        (
            (
                "今年的降息幅度可能超出市场预期，一位不愿意具名的接近中国人民银行货币政策委员会的资深知情人士称，"
                "央行将在下月降息。"
            ),
            "anonymous",
            "一位不愿意具名的接近中国人民银行货币政策委员会的资深知情人士",
            "称",
        ),
        # one of 31 is not: no verdict
        (
            (
                "今年的降息幅度可能超出市场预期，一位不愿具名的长期接近中国人民银行货币政策委员会的资深知情人士称，"
                "央行将在下月降息。"
            ),
            "none",
            None,
            None,
        ),
    ],
    ids=["name-before-role", "last-comma", "opener", "latin-x", "cue-without-source", "30-chars", "31-chars"],
)
def test_chinese_sources_as_written(text, kind, source, cue):
    claim = only(text, "zh")
    assert (claim.attribution, claim.attributed_to, claim.cue) == (kind, source, cue)


def test_a_chinese_pronoun_spaced_from_its_adverb_still_resolves():
    """Text pulled from a page keeps stray spaces ("她 还表示"): the pronoun is still one."""
    claims = extract_claims(
        [
            (0, "迈克尔·弗兰克表示：“中国正在取得进展。”", "zh"),
            (1, "她 还表示，这一计划将耗资 5 亿元。", "zh"),
        ]
    )
    assert [(c.attribution, c.attributed_to) for c in claims] == [FRANK, FRANK]


@pytest.mark.parametrize(
    ("text", "kind", "source", "cue"),
    [
        # a relative clause without commas is no part of the source
        (
            "A lawyer who represents the family said the city would appeal the ruling.",
            "anonymous",
            "A lawyer",
            "said",
        ),
        # two apostrophes close a quotation; they are no part of the speaker's name
        ("''The plan is dead,'' Mr. McKinley said after the vote.", "named", "Mr. McKinley", "said"),
        # a name ending in a capital X keeps it, before the verb or after it
        ("SpaceX said the rocket would fly again next month.", "named", "SpaceX", "said"),
        ("The rocket will fly again next month, said SpaceX on Monday.", "named", "SpaceX", "said"),
        # the comma before a time phrase is no part of the source
        ("The rocket will fly again next month, said the company, on Monday.", "named", "the company", "said"),
        # an age after the name is no part of it
        (
            "She would vote for Hillary Clinton in November, said Taylor Hirth, 31.",
            "named",
            "Taylor Hirth",
            "said",
        ),
        # "too" after the subject is no part of it
        (
            "The central bank too warned that inflation would stay high next year.",
            "named",
            "The central bank",
            "warned",
        ),
        # quoted words before the verb leave the verb outside the quotation (two pairs of quotes)
        (
            'The "new deal" and the "old deal" differ in cost, the ministry said on Monday.',
            "named",
            "the ministry",
            "said",
        ),
        # an aside opening the sentence, then the name and its description
        (
            "Speaking at a rally in Ohio, Trump, the Republican nominee, warned that trade deals had cost jobs.",
            "named",
            "Trump, the Republican nominee",
            "warned",
        ),
        # a description starting with a lower-case letter and a capital ("xAI") joins the name
        (
            "Elon Musk, xAI’s founder, said the company would release a new model next month.",
            "named",
            "Elon Musk, xAI’s founder",
            "said",
        ),
        # a surname that is also a modal verb
        (
            "Theresa May told reporters that Britain would leave the European Union in March.",
            "named",
            "Theresa May",
            "told reporters",
        ),
    ],
    ids=[
        "relative-no-comma", "two-apostrophes", "spacex-before", "spacex-after", "comma-time",
        "age", "too", "two-quotes", "aside-first", "xai", "modal-surname",
    ],
)
def test_english_sources_as_written(text, kind, source, cue, fresh_claim_patterns):
    claim = only(text, "en")
    assert (claim.attribution, claim.attributed_to, claim.cue) == (kind, source, cue)


def test_a_multi_word_cue_is_read_whole(fresh_claim_patterns):
    """"told reporters" is the cue, not "told" (longer cue words are tried first)."""
    claim = only("Smith told reporters the plan would cost $2 billion over five years.", "en")
    assert (claim.attributed_to, claim.cue) == ("Smith", "told reporters")


def test_a_relative_clause_opening_an_inverted_frame_is_no_source():
    """"Where the money went, said the report, ...": the sentence is kept and credited to no one
    by name (no publication was named for "the report")."""
    claim = only("Where the money went, said the report, is still unknown.", "en")
    assert claim.attribution != "named"


def test_a_title_and_name_then_a_description_is_named():
    from monitor.claims import classify_source_en

    assert classify_source_en("Chief Economist Ann Lee, an expert on Chinese trade") == "named"


def test_a_sentence_opening_with_and_credits_the_name_after_it(fresh_claim_patterns):
    claim = only("And Michael Frank said the company would appeal the ruling.", "en")
    assert (claim.attribution, claim.attributed_to, claim.cue) == ("named", "Michael Frank", "said")


def test_it_opening_a_publication_summary_is_credited_to_the_publication():
    claims = extract_claims(
        [
            (
                0,
                (
                    "TechCrunch offers insight into the US startup ecosystem. "
                    "It offers a look at how AI tools are funded."
                ),
                "en",
            )
        ]
    )
    assert [(c.attribution, c.attributed_to, c.cue) for c in claims] == [
        ("named", "TechCrunch", "offers"),
        ("named", "TechCrunch", "offers"),
    ]
    # what the sentence itself says stays visible beside the publication, as for "It underscores"
    assert [c.source_span for c in claims] == ["TechCrunch", "It"]


@pytest.mark.parametrize("conjunction", ["and", "but"])
def test_the_second_of_two_verbs_is_not_credited_to_the_first(conjunction, fresh_claim_patterns):
    """"Trump agreed and said": the source is Trump, not "Trump agreed and"."""
    claim = only(f"Trump agreed {conjunction} said the deal would have to wait until after the election.", "en")
    assert (claim.attribution, claim.attributed_to, claim.source_span) == ("named", "Trump", "Trump")


def test_a_line_ending_in_a_one_letter_name_keeps_its_words():
    """"on X" (the platform): twelve words without a full stop are a claim, not a heading."""
    text = "Elon Musk announced the change to users in a post on X"
    assert only(text, "en").sentence == text


@pytest.mark.parametrize("text", ["• 价格上涨一成。", "• " + "价" * 25], ids=["short", "heading"])
def test_a_bullet_is_no_part_of_a_chinese_line(text):
    """Seven characters after a bullet are too short for a claim; 25 unpunctuated ones are a
    heading: the bullet does not count."""
    assert extract_claims([(0, text, "zh")]) == []


def test_a_quotation_opened_with_a_straight_mark_ends_at_a_curly_one():
    """Pages mix them ('"' to open, '”' to close): the sentence after it is no longer quoted."""
    text = '迈克尔·弗兰克表示："中国正在取得进展。芯片产量将翻倍。”公司的利润下降了五个百分点。'
    assert attributions(text) == [FRANK, FRANK, ("none", None)]


def test_an_attributed_question_outside_a_quotation_is_no_claim():
    assert extract_claims([(0, "分析人士表示，央行明年还会加息吗？", "zh")]) == []


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # a description too long to keep beside a two-word name: the name alone
        (
            (
                "Jane Smith, the director of the research institute for technology and trade policy at "
                "the university in Beijing, warned that the deal would fail."
            ),
            "Jane Smith",
        ),
        # fourteen words with the description are still too many to read as the source
        (
            (
                "Jane Smith, director of the institute for technology and trade policy at the university, "
                "warned that the deal would fail."
            ),
            "Jane Smith",
        ),
    ],
    ids=["long-description", "fourteen-words"],
)
def test_a_name_with_a_long_description_is_credited_to_the_name(text, source, fresh_claim_patterns):
    claim = only(text, "en")
    assert (claim.attribution, claim.attributed_to, claim.cue) == ("named", source, "warned")


def test_a_sentence_with_three_han_characters_in_ten_is_chinese():
    """Given without a language, "Mate 70 Pro 在中国售价 5499 元。" (6 Han characters of 20) is
    read as Chinese, where it is a claim; as English it would be four words, no claim."""
    claim = only("Mate 70 Pro 在中国售价 5499 元。")
    assert claim.lang == "zh"


@pytest.mark.parametrize(
    ("text", "kind", "source", "cue"),
    [
        # a verb whose subject is no source ("The figures reported") does not end the search
        (
            "The figures reported last month were wrong, the regulator said on Monday.",
            "named",
            "the regulator",
            "said",
        ),
        # nor does a verb inside the quotation
        ("“We will not say more today,” the spokesman added.", "anonymous", "the spokesman", "added"),
        ("“They told us to wait,” Smith told reporters on Monday.", "named", "Smith", "told reporters"),
    ],
    ids=["figures-reported", "quoted-say", "quoted-told"],
)
def test_the_speakers_verb_is_found_past_one_that_is_not(text, kind, source, cue, fresh_claim_patterns):
    claim = only(text, "en")
    assert (claim.attribution, claim.attributed_to, claim.cue) == (kind, source, cue)


# ------------------------------- Chinese frames measured on aligned translations (issue 18)
# benchmarks/attribution_zh.py; each case fails with its rule switched off.


@pytest.mark.parametrize(
    ("text", "kind", "source", "cue"),
    [
        # a Latin name in brackets between the name and the verb
        ("皮尔斯县警长达伦·莫斯 (Darren Moss) 说，雪崩发生在上午十点左右。", "named", "皮尔斯县警长达伦·莫斯", "说"),
        # where it was said is no part of the source
        ("联合国秘书长古特雷斯在当天的开场讲话中也表示，民主事业面临挑战。", "named", "联合国秘书长古特雷斯", "表示"),
        ("天水派出所民警接受当地媒体采访时称，摆摊的女孩共有两名。", "anonymous", "天水派出所民警", "称"),
        # ... nor the place ("在白宫", "在伊朗首都德黑兰"); "现在", "所在地", "潜在" are no place
        ("OpenAI 和日本软银在白宫宣布了一项新计划。", "named", "OpenAI 和日本软银", "宣布"),
        ("伊朗总统莱希11日在伊朗首都德黑兰说，伊朗愿意谈判。", "named", "伊朗总统莱希", "说"),
        ("潜在投资者表示，他们会等待。", "anonymous", "潜在投资者", "表示"),
        # a plural role noun
        ("官员们表示，资金不会直接交给塔利班。", "anonymous", "官员们", "表示"),
        # a title then a name, a name then an honorific, bare names
        ("克里姆林宫发言人佩斯科夫表示，两国存在非常严重的分歧。", "named", "克里姆林宫发言人佩斯科夫", "表示"),
        ("特拉斯女士说，英国将向阿富汗提供人道主义援助。", "named", "特拉斯女士", "说"),
        ("申俊飞说，医生如果不能及时看清肿瘤组织，癌细胞还会扩散。", "named", "申俊飞", "说"),
        ("王成指出，举办人才峰会是一项重要举措。", "named", "王成", "指出"),
        ("“他们最后又回到了发生雪崩的地方，”德贝里表示。", "named", "德贝里", "表示"),
        # a country or its side
        ("德国表示，留给恢复伊朗核协议的时间不多了。", "named", "德国", "表示"),
        ("俄方表示，愿与各方保持沟通。", "named", "俄方", "表示"),
        # organisations: 宫; the authorities are nobody named
        ("克里姆林宫今天表示，俄罗斯军队不会造成威胁。", "named", "克里姆林宫", "表示"),
        ("但当局表示，他被从雪中拉出来后就没有了呼吸。", "anonymous", "当局", "表示"),
        # role nouns
        ("该负责人表示，不提倡采取这种募捐方式。", "anonymous", "该负责人", "表示"),
        ("有网友认为，此举系博眼球的乞讨行为。", "anonymous", "有网友", "认为"),
        # more cues
        ("马歇尔告诉下议院外交事务委员会，一些人被留在了喀布尔。", "named", "马歇尔", "告诉"),
        ("克里姆林宫否认计划入侵乌克兰。", "named", "克里姆林宫", "否认"),
        ("所以，张忠谋觉得英特尔进入晶圆代工很讽刺。", "named", "张忠谋", "觉得"),
        # to whom it was said is no part of the source; 一再 before the verb is trimmed
        ("马歇尔向约 200 名与会者表示，边境局势已经稳定。", "named", "马歇尔", "表示"),
        ("伊朗一再否认该项目将被用于发展武器。", "named", "伊朗", "否认"),
        # indefinite people are anonymous, as "someone" is in English
        ("其中一人回复道：“请给出你对共产主义的定义。”", "anonymous", "其中一人", "回复道"),
        ("有些人认为，他应该辞职。", "anonymous", "有些人", "认为"),
        # any "…长" title then a name; a provincial department (厅) is an organisation
        ("青海省农业农村厅副厅长杨林介绍，青海湖裸鲤已累计放流近1.8亿尾。", "named", "青海省农业农村厅副厅长杨林", "介绍"),
        ("记者从江西省教育厅获悉，江西将招聘一批乡村教师。", "named", "江西省教育厅", "从…获悉"),
        ("天文科普专家修立鹏介绍说，双子座流星雨一般在岁末出现。", "named", "天文科普专家修立鹏", "介绍"),
        # a short quoted name inside the aside is no boundary
        (
            "中国儿童中心副主任李忠明在“六一”儿童节媒体通气会上介绍说，嘉年华是今年的重点活动。",
            "named",
            "中国儿童中心副主任李忠明",
            "介绍",
        ),
        # a Latin name after a long description and a title
        (
            "FoodBev Media高级市场营销总监Laura Nettle表示：我们很高兴庆祝世界饮料创新奖的第18年。",
            "named",
            "总监Laura Nettle",
            "表示",
        ),
        # a speech verb before 说 ("抱怨说", "解释说")
        ("马歇尔抱怨说加热的板凳出现了故障。", "named", "马歇尔", "说"),
        # what the reporter learnt from no one named
        ("记者了解到，北京市将搭建实践平台，加大岗位供给。", "anonymous", None, "记者了解到"),
        # a title alone, as "the Prime Minister" is in English
        ("首相称这种说法“完全是无稽之谈”。", "named", "首相", "称"),
        # a source too long to read keeps its title and name
        (
            "网络安全公司 Crowdstrike 高级情报副总裁亚当·迈耶斯 (Adam Meyers) 说，每个人都在忙着修补漏洞。",
            "named",
            "总裁亚当·迈耶斯",
            "说",
        ),
        # what the reporter learnt from a source
        ("记者从市教委获悉，今年起我市将在60所中职学校试点现代学徒制。", "named", "市教委", "从…获悉"),
        ("根据世界银行的预测，明年全球经济增长将放缓。", "named", "世界银行", "根据…预测"),
        # an added verb, a month before it
        ("审计结果很快就会出来，”罗杰斯 9 月份在推特上写道。", "named", "罗杰斯", "写道"),
        # no source before it: attributed, no verdict
        ("这名官员补充说，美国将采取措施。", "unclear", None, "说"),
        # a second verb after 并, a verb after a clause ending in 时: the person opening it
        ("会见时，克韦西奇积极评价波中关系并表示，他曾于2008年访华。", "named", "克韦西奇", "表示"),
        ("澳大科技学院院长须成忠宣读赞辞时表示，她的发明使用广泛。", "named", "澳大科技学院院长须成忠", "表示"),
        # an organisation described
        ("该组织表示，其成员对这一消息感到愤怒。", "named", "该组织", "表示"),
        # the police, as "police said" in English
        ("西米德兰兹郡警方称，叶海亚在考文垂路被发现受了重伤。", "anonymous", "西米德兰兹郡警方", "称"),
        # words quoted after a colon, with no reporting verb
        ("作家希夫·拉姆达斯 (Shiv Ramdas) 也用自己的话谴责了这条推文：“工作就是共产主义。”", "named", "作家希夫·拉姆达斯", "：“"),
        # an attributed quotation asking a question is a claim
        ("另一位社交媒体用户问道：“你这样只会让它更有吸引力，不是吗？”", "anonymous", "另一位社交媒体用户", "问道"),
        # a date in brackets and 发表谈话 between the source and its verb
        ("中国外交部发言人周六（12月11日）发表谈话表示，峰会是假民主之名。", "anonymous", "中国外交部发言人", "表示"),
    ],
)
def test_chinese_frames_from_the_aligned_benchmark(text, kind, source, cue):
    claim = only(text, "zh")
    assert (claim.attribution, claim.attributed_to, claim.cue) == (kind, source, cue)


@pytest.mark.parametrize(
    "text",
    [
        "好好，谢谢，因为餐厅说已经准备好的人民日报评论员：“实现良好开局”",  # a clause before ：“
        "尽管医护人员尽了最大努力，来自 Nechells 的叶海亚还是被证实当场死亡。",  # passive
        "《四海》对观众来说就像是峨眉山上的猴子。",  # 对…来说
        "手机上的健康报告显示，他的血糖偏高。",  # 报告 is no newspaper
        "按住电源按钮，直到屏幕顶部显示“关机”。",  # 顶部 is no ministry
        "餐厅表示已经煮好食物半个多小时了。",  # 餐厅 is no department (厅)
        "反对首相的议员们对他的说法感到愤怒。",  # 说法 is a noun
        "各国认为，气候变化需要共同应对。",  # 各国 is no one country
        "其中，“树我邦国”强调的是家国情怀。",  # a quoted motto, no country
        "请把您的 #PRS_ORG# 型号告诉我。",  # a request
        "许多人认为，价格还会上涨。",  # 许 is a surname, 许多人 no name
        "记者整理了 Google 地图的解说。",  # 解说
    ],
)
def test_chinese_lookalikes_from_the_aligned_benchmark_are_not_attribution(text):
    assert only(text, "zh").attribution == "none"


def test_a_chinese_description_of_a_person_resolves_to_the_name_before():
    claims = extract_claims(
        [(0, "迈克尔·弗兰克表示：“中国正在取得进展。”这位创始人还说，这一计划将耗资 5 亿元。", "zh")]
    )
    assert [(c.attribution, c.attributed_to) for c in claims] == [FRANK, FRANK]


def zh_sources(*paragraphs: str) -> list[tuple[str, str | None]]:
    claims = extract_claims([(i, p, "zh") for i, p in enumerate(paragraphs)])
    return [(c.attribution, c.attributed_to) for c in claims]


def test_a_chinese_description_of_a_role_takes_the_source_attributed_before():
    assert zh_sources("美国国务院一名高级官员表示，七国立场一致。这名官员补充说，特使正在返回维也纳。") == [
        ("anonymous", "美国国务院一名高级官员"),
        ("anonymous", "美国国务院一名高级官员"),
    ]


def test_a_chinese_quotation_of_its_own_continues_the_speaker_just_before():
    assert zh_sources("比斯利说：“形势一周比一周可怕。”“妇女和儿童首当其冲，每天都有人陷入饥饿。”") == [
        ("named", "比斯利"),
        ("named", "比斯利"),
    ]
    # across a paragraph break
    assert zh_sources("比斯利说：“形势一周比一周可怕。”", "“妇女和儿童首当其冲，每天都有人陷入饥饿。”") == [
        ("named", "比斯利"),
        ("named", "比斯利"),
    ]
    # not into a quotation with a speaker of its own (a document: no verdict)
    assert zh_sources("比斯利说：“形势一周比一周可怕。”“我们重申对乌克兰的承诺，”草案说。")[1] == ("unclear", "草案")
    # nor after a sentence that quotes no one (someone's words still: no verdict, ZH_QUOTE_UNCLEAR)
    assert zh_sources("比斯利说，形势一周比一周可怕。“妇女和儿童首当其冲，每天都有人陷入饥饿。”")[1] == ("unclear", None)


def test_a_chinese_speaker_after_the_quotation_it_closes_gives_it_its_source():
    claims = zh_sources("“我呼吁重新举行选举。选民不应该遭到欺骗……”这位参议员 7 月份在推特上写道。罗杰斯表示，她会继续。")
    # 这位参议员: no source before it: attributed, no verdict
    assert claims[:2] == [("unclear", None), ("unclear", None)]
    claims = zh_sources("罗杰斯表示，她会继续。“我呼吁重新举行选举。选民不应该遭到欺骗……”这位参议员 7 月份在推特上写道。")
    assert claims[1:3] == [("named", "罗杰斯"), ("named", "罗杰斯")]


def test_an_unclosed_chinese_quotation_spreads_only_its_opening_source():
    claims = zh_sources("其家人称赞他“年轻、精力充沛。西米德兰兹郡警方称，他在考文垂路被发现受了重伤。")
    assert claims[0] == ("none", None)
    assert claims[1] == ("anonymous", "西米德兰兹郡警方")
    # an open quotation's opening source still carries ("他说：“……" going on in the next paragraph)
    assert zh_sources("唐凤说：“我们始终站在最前线。于疫情期间，全球民主呈现倒退的迹象。") == [
        ("named", "唐凤"),
        ("named", "唐凤"),
    ]


def test_a_chinese_pronoun_with_no_source_before_it_is_the_person_last_named():
    assert zh_sources("罗杰斯没有就她在推特上的批评进行解释。她表示，劳动节是“共产主义节日”。")[-1] == (
        "named",
        "罗杰斯",
    )
    # "他们" is a group, not the person last named: attributed, no verdict
    assert zh_sources("肖尔茨抵达华沙，与波兰总理会谈。波兰政府执政期间，他们说德国应支付战时赔偿。")[-1] == (
        "unclear",
        None,
    )


def test_a_language_whose_attribution_is_not_read_gets_no_verdict() -> None:
    """A German paragraph's claims are unclear with no source: read by the English model they
    were all "none", the outlet's own assertions, and counted against a German outlet that
    attributes every one ("sagte ein Sprecher der Polizei")."""
    claims = extract_claims([
        (0, ("Bei dem Hochwasser im Tal starben viele Menschen, sagte ein Sprecher der Polizei "
             "am Montag."), "de"),
        (1, "The mayor, Hans Mueller, said the bridge had been destroyed by the water.", "en"),
    ])  # fmt: skip
    assert [(c.lang, c.attribution, c.attributed_to) for c in claims] == [
        ("de", "unclear", None),
        ("en", "named", "Hans Mueller"),
    ]


# ------------------------------------- Chinese frames, third round (issue 18, zhattr3)
# benchmarks/attribution_zh.py, tune half; each case fails with its rule switched off.


@pytest.mark.parametrize(
    ("text", "kind", "source", "cue"),
    [
        # a sentence opening with 声明 (a statement) is a claim; only "声明：" is page furniture
        ("“声明还将强调伊朗回到谈判桌的重要性，”美国国务院一名官员说。", "anonymous", "美国国务院一名官员", "说"),
        # other cues of saying
        ("罗杰斯暗示，特朗普赢得了 2020 年总统大选。", "named", "罗杰斯", "暗示"),
        ("美国方面承诺，在本次民主峰会后将展开为期一年的行动。", "named", "美国方面", "承诺"),
        # adverbs and modals between the source and the verb
        ("龙卷风逼近时，气象专家通常会说“马上找掩体”。", "anonymous", "气象专家", "说"),
        # more people named by a group word: media, families, countries, everyone
        ("据英国媒体报道，数千人急于购买这款灰色 T 恤。", "anonymous", "英国媒体", "据…报道"),
        ("伯明翰一名少年被刺死，其家人称他才 18 岁。", "anonymous", "其家人", "称"),
        ("各海湾国家认为，不解决伊朗导弹问题是有缺陷的。", "anonymous", "各海湾国家", "认为"),
        ("只是大家认为贵的就是好的。", "anonymous", "大家", "认为"),
        # a union is an organisation; a country's side
        ("波兰和欧盟表示，白俄罗斯正试图破坏欧盟的稳定。", "named", "波兰和欧盟", "表示"),
        # a document no one is named in: attributed, no verdict
        ("草案说：“我们重申支持法国和德国所作的努力。”", "unclear", "草案", "说"),
        ("代表其家人发表的一份声明称：“我们不敢相信他已经离开了。”", "unclear", "代表其家人发表的一份声明", "称"),
        # a pronoun with no one before it: attributed, no verdict
        ("他说，全过程中未发现有人射箭。", "unclear", None, "说"),
        # a verb right after a comma: the source opening the clause before
        ("华沙政府卷入争端，欧盟委员会拒绝向波兰提供资金，称政府的政策侵蚀了司法独立。", "named", "欧盟委员会", "称"),
        ("峰会前夕，中国和俄罗斯就此抨击美国，称美国没有资格主持召开这样的峰会。", "named", "中国", "称"),
        ("他也不能肯定，就说：“好吧，也有可能在 8 号。”", "unclear", None, "说"),
        # 据…总结
        ("据南非国家传染病研究所总结：只有30%的住院患者是严重病症。", "named", "南非国家传染病研究所", "据…总结"),
        # where, then to whom, then 如是
        (
            "“我们正在加强合作，”阿尔·泽尤迪于周六在由于新冠疫情而推迟的 2020 年阿联酋国际论坛上对 RIA 通讯社如是说。",
            "named",
            "阿尔·泽尤迪",
            "说",
        ),
        # a speech given; a name after 人士 names the person; 通过… is an aside
        (
            "香港民主人权活动人士罗冠聪通过预先录制的视频对峰会发表讲话，提醒与会者关注人权状况。",
            "named",
            "香港民主人权活动人士罗冠聪",
            "发表讲话",
        ),
        # a stance expressed
        ("罗杰斯此前曾在社交媒体上公开表达过她反对共产主义的立场。", "named", "罗杰斯", "表达"),
        # a name then its title
        ("习近平总书记在会上发表重要讲话，深刻总结2021年经济工作。", "named", "习近平总书记", "发表重要讲话"),
        # ... but not a place then a role
        ("伊朗官员此前曾表示，他们将坚持自己的强硬立场。", "anonymous", "伊朗官员", "表示"),
    ],
)
def test_chinese_frames_third_round(text, kind, source, cue):
    claim = only(text, "zh")
    assert (claim.attribution, claim.attributed_to, claim.cue) == (kind, source, cue)


@pytest.mark.parametrize(
    "text",
    [
        "参议员罗杰斯周日称呼新西兰总理为“留着头发的列宁”。",  # 称呼: to call someone something
        "总部位于上海的初创企业阶跃星辰展示了一款新型 AI 模型，宣称其所需算力更低。",  # 总部位于: no source
        "唐凤在圆桌讨论中，通过视频发布《国家声明》，强调台湾站在最前线。",  # 通过…: no source opens it
        "手机上的健康数据显示，他的血糖偏高。",  # 数据显示: a document, but no verb of saying
    ],
)
def test_chinese_lookalikes_third_round(text):
    assert only(text, "zh").attribution == "none"


def test_a_chinese_quotation_before_its_speaker_takes_the_speaker():
    # “……”, then a sentence opening with its speaker, in the same paragraph or the next
    assert zh_sources("“在带电的水里泡脚，实在太危险了吧！”李先生告诉记者，他买了一个足浴盆。") == [
        ("named", "李先生"),
        ("named", "李先生"),
    ]
    assert zh_sources("“很多疾病早期检测不到位，跟手术室用的灯有关。”", "申俊飞说，癌细胞还会扩散。") == [
        ("named", "申俊飞"),
        ("named", "申俊飞"),
    ]
    # not a sentence naming someone inside it (someone's words still: no verdict, ZH_QUOTE_UNCLEAR)
    assert zh_sources("“很多疾病早期检测不到位，跟手术室用的灯有关。”", "据申俊飞介绍，癌细胞还会扩散。")[0] == (
        "unclear",
        None,
    )


def test_a_chinese_quotation_going_on_from_the_paragraph_before_keeps_its_source():
    # the previous paragraph ends inside a quotation; this one closes it with no opening mark
    claims = zh_sources(
        "特拉斯女士说：“今年冬天，英国将向阿富汗提供人道主义援助。",
        "今天宣布的援助资金将拯救生命。我们决心尽我们所能帮助阿富汗人民。”英国今年的承诺达到 2.86 亿英镑。",
    )
    assert claims == [("named", "特拉斯女士")] * 3 + [("none", None)]
    # a closing mark with its speaker: the sentences before it take that speaker
    claims = zh_sources("我们会扛过去的。我们将一起度过难关，联邦政府不会袖手旁观，”拜登说。")
    assert claims == [("named", "拜登"), ("named", "拜登")]


@pytest.mark.parametrize(
    "text",
    [
        # after a comma, only a verb of saying takes the clause's source
        "非保险从业人员往往会添加自己的主观意识，觉得自己健康或者符合条件。",
        # a service reporting for the reader
        "最终获奖名单将于11月11日公布，FBIF将持续为您报道，敬请期待！",
    ],
)
def test_chinese_lookalikes_third_round_quotations(text):
    assert only(text, "zh").attribution == "none"


def test_a_chinese_pronoun_takes_the_whole_transliterated_name_before():
    # 鲍, 翰, 逊 are transliteration characters: "鲍里斯·约翰逊", not "里斯·约"
    assert zh_sources("鲍里斯·约翰逊一直被认为是复出之王。他一再否认违反了任何规定。")[-1] == (
        "named",
        "鲍里斯·约翰逊",
    )


# ------------------------------------ Chinese frames, fourth round (issue 18, zh4)
# benchmarks/attribution_zh.py, tune half; each case fails with its switch off or its data line
# removed.


@pytest.mark.parametrize(
    ("text", "kind", "source", "cue"),
    [
        # cue_verbs: 确认 (confirmed)
        ("法国和希腊国防部都确认，美国的竞争性报价将不会影响已经签署的协议。", "named", "法国和希腊国防部", "确认"),
        # cue_verbs_before_comma: a requirement stated
        ("市教委要求，规范中职学校招生录取和企业用工程序。", "named", "市教委", "要求"),
        # capitals: a capital for its government
        ("华盛顿一再表示，任何国家对乌克兰加入北约都没有否决权。", "named", "华盛顿", "表示"),
        # as_said, and 教师 a role
        ("就像有教师所言，“20年前学大学数学的基本知识，现在还在学，还是重点。”", "anonymous", "有教师", "所言"),
        # the source as written: "经审理" an aside, "评估" a verb before 称
        ("法院经审理认为，双方最终未能签订正式合同，不能仅归责于被告。", "named", "法院", "认为"),
        ("美国情报机构评估称，俄罗斯可能计划最早于明年对乌克兰发起多线进攻。", "named", "美国情报机构", "称"),
    ],
)
def test_chinese_frames_fourth_round(text, kind, source, cue, fresh_claim_patterns):
    claim = only(text, "zh")
    assert (claim.attribution, claim.attributed_to, claim.cue) == (kind, source, cue)


@pytest.mark.parametrize(
    "text",
    [
        "我们将要求您支付邮费，将商品退回给您。",  # 要求 with no comma after it: a request made
        "单击确认屏幕上的“确定”，然后重新启动设备。",  # not_subject: an instruction, "单击" no name
        "以我的理解，题主所说的传统电视应该指的就是液晶电视。",  # 所说的: what was said, as a noun
        "周六，华盛顿州一处滑雪胜地发生雪崩，造成一人死亡。",  # a capital's name in a place's
    ],
)
def test_chinese_lookalikes_fourth_round(text, fresh_claim_patterns):
    assert only(text, "zh").attribution == "none"


def test_a_chinese_source_holding_a_clause_is_no_source(fresh_claim_patterns):
    # not_in_source: a heading with no full stop running into the sentence is no source
    claims = zh_sources("中国主席习近平和俄罗斯总统普京成为了七国集团的关注点教皇表示要进行“严肃的国际对话”。")
    assert claims == [("none", None)]


def test_chinese_split_keeps_a_closing_mark_after_a_space(monkeypatch, fresh_claim_patterns):
    from monitor import claims as module

    text = "他说：“我们进入这一波疫情的时间只有两周 。 ”与此同时，科学家正在观察。"
    assert split_sentences(text, "zh") == ["他说：“我们进入这一波疫情的时间只有两周 。 ”", "与此同时，科学家正在观察。"]
    monkeypatch.setattr(module, "ZH_SPACED_CLOSE", False)
    module._compiled.cache_clear()
    assert split_sentences(text, "zh")[1].startswith("”")


def test_a_chinese_quotation_goes_on_speech_not_a_phrase_quoted_before_it(monkeypatch):
    from monitor import claims as module

    text = (
        "有网友认为，此举系“博眼球的乞讨行为 ” ， 也有不少网友对此表示同情。“我们是23日上午10点左右巡逻到广场旁的时候发现的"
        "情况。”事发地附近的天水派出所民警接受当地媒体采访时称，摆摊的女孩子共有两名。"
    )
    police = ("anonymous", "事发地附近的天水派出所民警")
    assert zh_sources(text)[1] == police
    monkeypatch.setattr(module, "ZH_CARRY_SPEECH_ONLY", False)
    assert zh_sources(text)[1] == ("anonymous", "有网友")
    # speech is carried still: "……，”他说。" ends with its speaker
    monkeypatch.setattr(module, "ZH_CARRY_SPEECH_ONLY", True)
    carried = zh_sources("我们将一起度过难关，联邦政府不会袖手旁观，”拜登说。“现在不应该是区分民主党人或共和党人的时候。”")
    assert carried == [("named", "拜登"), ("named", "拜登")]


def test_a_chinese_quotation_then_its_speaker_after_a_time(monkeypatch):
    from monitor import claims as module

    text = "“我们与贵州当地警方取得联系，了解到该女孩是在为姐姐治疗募捐。”昨晚，杭州市公安局下城分局宣传负责人告诉新京报记者，这名女孩名为吉佳丽。"
    assert zh_sources(text)[0] == ("anonymous", "杭州市公安局下城分局宣传负责人")
    monkeypatch.setattr(module, "ZH_SPEAKER_AFTER_TIME", False)
    assert zh_sources(text)[0] == ("unclear", None)


def test_a_chinese_source_citing_another(monkeypatch):
    from monitor import claims as module

    citing = (
        "非洲健康研究所所长威廉·哈内科姆（Willem Hanekom）引用国家传染病研究所的数据和其他报告说：“目前，几乎所有的迹象都"
        "表明，这是一种较温和的疾病。”"
    )
    texts = (citing, "路透社援引一名美国官员的话说，谈判已经破裂。")
    on = [("named", "非洲健康研究所所长威廉·哈内科姆"), ("anonymous", "一名美国官员")]
    assert zh_sources(*texts) == on
    monkeypatch.setattr(module, "ZH_CITING", False)
    assert zh_sources(*texts) == [("none", None), ("named", "路透社援引一名美国官员的话")]


def test_a_chinese_quotation_with_no_source_is_unclear(monkeypatch):
    from monitor import claims as module

    text = "“我们不会接受 CAA，这是肯定的。政府试图迷惑我们，但我们不会允许他们强迫我们接受。”"
    assert zh_sources(text) == [("unclear", None)] * 2
    # ... a phrase quoted in a sentence is no quotation standing alone
    assert zh_sources("“十四五”实现良好开局，一个重要方面体现在构建新发展格局迈出新步伐。") == [("none", None)]
    monkeypatch.setattr(module, "ZH_QUOTE_UNCLEAR", False)
    assert zh_sources(text) == [("none", None)] * 2


def test_a_chinese_pronoun_is_a_person_not_an_organisation(monkeypatch):
    from monitor import claims as module

    texts = ("七国集团警告俄罗斯，入侵乌克兰将面临严重代价。他说，他为所有的乌克兰人民祈祷。",
             "拜登总统表示，联邦政府会提供帮助。他说，我们会扛过去的。")
    assert zh_sources(*texts) == [("named", "七国集团"), ("unclear", None), ("named", "拜登总统"), ("named", "拜登总统")]
    monkeypatch.setattr(module, "ZH_PRONOUN_PERSON", False)
    assert zh_sources(*texts)[1] == ("named", "七国集团")


def test_a_chinese_pronoun_takes_a_titled_transliterated_name(monkeypatch):
    from monitor import claims as module

    text = (
        "研究所副所长希望肖尔茨政府继续与波兰进行对话，波兰是欧盟东翼的重要成员。德国新任外交部长贝尔博克周五在华沙。"
        "她表达了德国对波兰的支持。"
    )
    assert zh_sources(text)[-1] == ("named", "贝尔博克")
    monkeypatch.setattr(module, "ZH_MENTION_TITLED", False)
    assert zh_sources(text)[-1] == ("named", "波兰")


def test_a_chinese_quotation_left_open_stops_at_a_source_of_its_own(monkeypatch):
    from monitor import claims as module

    text = (
        "伯明翰一名少年被刺死，其家人称他才 18 岁，“年轻、精力充沛，他的梦想是成为一名数字营销专家。西米德兰兹郡警方称，"
        "叶海亚被发现受了重伤。救护车叫来了警察。"
    )
    assert zh_sources(text)[-1] == ("none", None)
    monkeypatch.setattr(module, "ZH_OPEN_QUOTE_STOPS", False)
    assert zh_sources(text)[-1] == ("anonymous", "其家人")


# ------------------------- whose the speaker tag is when a quotation stands before it (issue 18)
# attr7: held-out fifth of train, source match 0.6634 -> 0.6697 (quote continuation 0.689 ->
# 0.704, said-type cue 0.880 -> 0.889), detection unchanged; a sentence opening inside a
# quotation (OPENS_INSIDE): 0.6697 -> 0.6727. Dev, read once at the end: source match 0.6395 ->
# 0.6405 (quote continuation 0.627 -> 0.629, said-type cue 0.858 -> 0.859), named precision
# 0.8811 -> 0.8807 and class accuracy 0.7725 -> 0.7705: one article's "“He has said ...”"
# inside a quotation was its narrator's, and "he" was Beck Pimentel for three other people's
# quotations (7 named labels, wrong person, now no verdict).


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        # after "..., told" stands the hearer: the speaker is the subject before the verb
        ("“The plan will fail,” Jane Smith, a city councillor, told reporters in Boston.",
         "Jane Smith, a city councillor"),
        ("''The president has no strategy,'' Jeb Bush, the former governor, told CNN.",
         "Jeb Bush, the former governor"),
        # a sentence that opens inside a quotation begun before it: its closing mark is no opening
        ('I don\'t think that ought to happen," Warren, who has not endorsed anyone, told reporters.',
         "Warren"),
        # "''" quotes: a verb inside them is the quotation's own
        ("''Donald Trump said he has made a lot of sacrifices,'' Ms. Khan said.", "Ms. Khan"),
        # a quotation inside a quotation closes with three marks
        ("''Sometimes they say, 'Go back to your country,''' said Mr. Regalado.", "Mr. Regalado"),
        # its first mark closing a quotation, the sentence is inside it up to that mark
        ("Let’s say they’re at 54 seats, wherever we were before,” Manchin said.", "Manchin"),
        ("People make all these claims,'' Mrs. Clinton said.", "Mrs. Clinton"),
    ],
    ids=["told-hearer", "told-hearer-qq", "opens-inside", "double-apostrophe", "three-marks",
         "first-mark-closes", "first-mark-closes-qq"],
)
def test_the_speaker_tag_after_a_quotation_is_the_source(sentence, source, fresh_claim_patterns):
    from monitor.claims import _attribute_en

    found = _attribute_en(sentence)
    assert found is not None and found.source == source


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        ("The deal was signed last week, according to Sen. Bob Corker of Tennessee.",
         "Sen. Bob Corker of Tennessee"),
        ("Incomes rose by 2 percent, according to the U.S. Census Bureau.", "the U.S. Census Bureau"),
        ("The talks failed, according to Dennis B. Ross, a former envoy.", "Dennis B. Ross"),
    ],
    ids=["title", "country", "initial"],
)
def test_a_frame_source_runs_past_an_abbreviation(sentence, source, fresh_claim_patterns):
    """"according to Sen. Bob Corker": the source ends at no abbreviation's stop (was "Sen");
    FRAME_ABBREVIATIONS, attr7: held-out fifth of train unchanged, 12 sources of the other four
    fifths whole again ("Rep" -> "Rep. Trey Gowdy")."""
    from monitor.claims import _attribute_en

    found = _attribute_en(sentence)
    assert found is not None and found.source == source


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (("In one such email, Carter discussed how he had placed a note card in a “burn bag,” "
         "the Times reported."), "the Times"),
        (("The Trump campaign said the candidate will be attending events in Kansas on Saturday, "
         "CNN reported."), "CNN"),
        (("Some records that Linick questioned are already stored in a records center, and there "
         "is no need to move them, Kennedy wrote Linick."), "Kennedy"),
        # not: a pronoun closing the sentence, a noun before the name, two reports side by side
        ("Asked about Sullivan, Feinstein said “I don't know anything about the emails,” she said.",
         "Feinstein"),
        (("Sources told POLITICO, however, that she did chime in, a point Feinstein also "
         "acknowledged to Bloomberg."), "Sources"),
        (("In Seattle, marchers honored the victims, KING-TV reported, while in Chicago the parade "
         "began with a moment of silence, the Chicago Sun-Times reported."), "KING-TV"),
        (("In 2021, 20% of adolescents reported receiving therapy and 14% reported taking "
          "medication."), "20% of adolescents"),
        (("In a one-exabyte deployment, Seagate estimates Mozaic could improve efficiency by 47%, "
          "the company writes."), "Seagate"),
    ],
    ids=["times", "cnn", "object-after", "pronoun", "noun-before-name", "side-by-side",
         "subject-over-a-cue", "description"],
)
def test_a_frame_closing_the_sentence_reports_it_all(sentence, source, fresh_claim_patterns):
    """"Carter discussed ..., the Times reported.": the closing frame's source, not the first
    cue's subject (CLOSING_FRAME, attr9: PolNeAR credits the attribution covering most of the
    sentence; held-out fifth of train 1 sentence more matched, other four fifths 11, none fewer)."""
    from monitor.claims import _attribute_en

    found = _attribute_en(sentence)
    assert found is not None and found.source == source


@pytest.mark.parametrize(
    ("sentence", "source", "kind"),
    [
        (("In a national CNN/ORC poll released Monday, 31% of Republicans said they were "
          "extremely enthusiastic about voting."), "a national CNN/ORC poll", "named"),
        (("In a Washington Post/ABC News poll released Sunday, just 8 percent of Democrats said "
          "they would vote for Trump."), "a Washington Post/ABC News poll", "named"),
        # not: a poll with no name, a subject that is no share of respondents
        (("In an online poll of 800 likely voters, 31% of Republicans said they were "
          "enthusiastic."), "31% of Republicans", "anonymous"),
        (("In an online poll of 800 likely Republican primary voters, Democracy Corp found "
          "that many voters agree."), "Democracy Corp", "named"),
    ],
    ids=["cnn-orc", "post-abc", "no-name", "not-a-share"],
)
def test_a_named_poll_opening_the_sentence_is_the_source_of_its_shares(
    sentence, source, kind, fresh_claim_patterns
):
    """POLL_OPENER, attr9: "In a national CNN/ORC poll ..., 31% of Republicans said ...": the
    poll, as PolNeAR credits it (held-out fifth of train: 3 sentences more matched, none fewer,
    3 anonymous labels of named gold now named; other four fifths 2 more)."""
    from monitor.claims import _attribute_en

    found = _attribute_en(sentence)
    assert found is not None and (found.source, found.kind) == (source, kind)


@pytest.mark.parametrize(
    ("sentence", "source"),
    [
        (("Of course, as Joel Pollak of Breitbart California observed, the biggest victor was not "
          "on the stage."), "Joel Pollak of Breitbart California"),
        (("As POLITICO revealed, the RNC agreed to allow Trump to use the voter file, according "
          "to sources."), "POLITICO"),
    ],
    ids=["observed", "over-according-to"],
)
def test_as_x_reported_opening_the_sentence_is_its_source(sentence, source, fresh_claim_patterns):
    """AS_OPENER, attr9: "As X reported, ..." is X's (held-out fifth of train: 2 sentences more
    matched, other four fifths 2, none fewer)."""
    from monitor.claims import _attribute_en

    found = _attribute_en(sentence)
    assert found is not None and found.source == source
    assert _attribute_en("As expected, the deal fell apart.") is None


def test_an_attributed_sentence_full_of_names_is_a_claim_not_a_heading(monkeypatch):
    """TITLE_CASE_ATTRIBUTED (written, shipped off): most of the longer words of '“Everybody's
    looking at Nevada,” said Democratic Rep. Dina Titus.' are capitalised, so the heading test
    dropped it; attributed, with a full stop and words in lower case, it is a claim. A heading
    stays none."""
    from monitor import claims

    paras = [
        (0, "\"Everybody's looking at Nevada,\" said Democratic Rep. Dina Titus. \"We are a swing state.\"", "en"),
        (1, "Best Practices For Your Home Office Setup.", "en"),
    ]
    titus = "\"Everybody's looking at Nevada,\" said Democratic Rep. Dina Titus."
    monkeypatch.setattr(claims, "TITLE_CASE_ATTRIBUTED", True)
    found = {c.sentence: c for c in extract_claims(paras)}
    assert found[titus].attribution == "named"
    assert found[titus].attributed_to == "Democratic Rep. Dina Titus"
    assert not any("Best Practices" in s for s in found)
    monkeypatch.setattr(claims, "TITLE_CASE_ATTRIBUTED", False)
    assert titus not in {c.sentence for c in extract_claims(paras)}


@pytest.mark.parametrize(
    "text, source",
    [("华为表示，公司将继续加大研发投入。", "华为"),
     ("英伟达在一份声明中称，需求依然强劲。", "英伟达"),
     ("五角大楼表示，演习将按计划进行。", "五角大楼")],
)
def test_a_chinese_company_or_agency_the_dictionary_names_is_a_named_source(
    monkeypatch, text, source
):
    """Companies and agencies carry no organisation suffix: "华为表示" had no source at all."""
    (claim,) = extract_claims([(0, text, "zh")])
    assert (claim.attribution, claim.attributed_to) == ("named", source)
    from monitor import claims as module

    monkeypatch.setattr(module, "ZH_DICTIONARY_NAMES", False)
    (claim,) = extract_claims([(0, text, "zh")])
    assert claim.attributed_to != source


def test_a_day_a_festival_or_a_language_is_no_chinese_source():
    from monitor import glossary

    assert glossary.proper_name("华为") and glossary.proper_name("五角大楼")
    assert not any(map(glossary.proper_name, ("周一", "春节", "英语", "苹果")))

