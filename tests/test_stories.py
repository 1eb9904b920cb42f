"""Stories: articles reporting one event grouped across sources and languages, in the warehouse."""

from __future__ import annotations

import json
from dataclasses import replace

import duckdb
from typer.testing import CliRunner

from monitor import glossary, stories
from monitor.cli import app
from monitor.stories import StoryArticle, group_stories, story_rows

STORM = (
    "Storm Arwen brought winds of 98 mph to Brizlee Wood in Northumberland on Friday, the Met "
    "Office said, as Northern Powergrid reported 240,000 homes without power.\n"
    "Engineers from Northern Powergrid and Electricity North West worked through the weekend; "
    "Scottish and Southern Electricity Networks said 16,000 homes in Aberdeenshire were still "
    "cut off on Sunday.\nThe Met Office issued a rare red warning for Aberdeen and Dundee."
)
STORM_2 = (
    "Around 240,000 homes lost power when Storm Arwen hit Northumberland and Aberdeenshire, "
    "Northern Powergrid said, after the Met Office recorded gusts of 98 mph at Brizlee Wood.\n"
    "Scottish and Southern Electricity Networks crews restored supplies to most homes, but "
    "16,000 in Aberdeenshire remained without electricity, and Electricity North West said "
    "repairs would take days.\nA red warning covered Aberdeen and Dundee."
)
ELECTION = (
    "Chile's presidential run-off pits Gabriel Boric against José Antonio Kast, after Kast won "
    "27.9% of the first-round vote in Santiago and Valparaíso.\n"
    "Boric, a former student leader from Punta Arenas, promised pension reform; Kast campaigned "
    "on crime and migration in Antofagasta and the Araucanía region."
)
MARKETS = (
    "The Nikkei 225 fell 1.6% in Tokyo and the Hang Seng dropped 2.1% as investors weighed the "
    "Omicron variant; Brent crude slid below $73 a barrel.\n"
    "In Sydney the ASX 200 lost 0.5%, while Samsung Electronics led losses on the Kospi in Seoul."
)


# One company, two events of one week: the layoffs and a regulator's inquiry share every name
# (company, founder, investor, city, product) and each mentions the other in a closing line
LAYOFFS = (
    "Fernhill Robotics will cut 400 of its 1,100 jobs, most of them at its Leeds plant, chief "
    "executive Marta Oyelaran told staff in a memo on Monday.\n"
    "Sales and support teams go first; engineers on the Kestrel arm are spared. Orders have "
    "fallen by a third since the summer, Oyelaran wrote, and two of three sites will close.\n"
    "Castlegate Capital, the largest shareholder, put in £60 million in September.\n"
    "Fernhill also faces questions from the Financial Conduct Authority."
)
INQUIRY = (
    "The Financial Conduct Authority has opened an inquiry into the accounts of Fernhill "
    "Robotics, asking whether revenue from Kestrel machines was booked before delivery.\n"
    "The regulator wrote to the auditors of the Leeds company last week, two people familiar "
    "with the matter said; founder Marta Oyelaran is expected to be interviewed.\n"
    "Fernhill said it was cooperating and had hired a law firm to review its reporting. "
    "Castlegate Capital declined to comment. The company is also cutting jobs."
)
INQUIRY_2 = (
    "Britain's financial watchdog is investigating Fernhill Robotics over whether it booked "
    "revenue from Kestrel machines before delivering them, the Leeds firm confirmed.\n"
    "The Financial Conduct Authority inquiry has reached the company's auditors, and founder "
    "Marta Oyelaran will be interviewed, people familiar with the matter said.\n"
    "Fernhill said it was cooperating and had hired a law firm to review its reporting. Its "
    "backer Castlegate Capital declined to comment."
)


def art(aid: str, source: str, title: str, text: str, **kw) -> StoryArticle:
    return StoryArticle(article_id=aid, source_id=source, title=title, text=text, **kw)


def corpus() -> list[StoryArticle]:
    return [
        art("a1", "bbc.co.uk", "Storm Arwen: 240,000 homes without power", STORM,
            first_seen_at="2021-11-27 09:00:00"),
        art("a2", "theguardian.com", "Storm Arwen leaves thousands without power", STORM_2,
            first_seen_at="2021-11-27 10:00:00"),
        art("b1", "bbc.co.uk", "Chile run-off: Boric v Kast", ELECTION,
            first_seen_at="2021-11-27 11:00:00"),
        art("c1", "bbc.co.uk", "Asian markets fall on Omicron fears", MARKETS,
            first_seen_at="2021-11-27 12:00:00"),
    ]


def groups(assignment: dict[str, str]) -> set[frozenset[str]]:
    out: dict[str, set[str]] = {}
    for aid, sid in assignment.items():
        out.setdefault(sid, set()).add(aid)
    return {frozenset(v) for v in out.values()}


def test_two_outlets_on_one_event_are_one_story_other_events_are_not() -> None:
    found = groups(group_stories(corpus()))
    assert frozenset({"a1", "a2"}) in found
    # one outlet, one day, three events: never one story
    assert frozenset({"b1"}) in found and frozenset({"c1"}) in found


def test_copies_of_one_article_are_one_story_even_with_a_line_of_their_own() -> None:
    long = STORM + "\n" + STORM_2  # a wire story long enough to open with 60 words
    arts = corpus() + [
        art(f"copy{k}", f"site{k}.com", "Storm", long + f"\nRead more on site {k}.") for k in range(5)
    ]
    found = group_stories(arts)
    assert len({found[f"copy{k}"] for k in range(5)}) == 1
    assert found["copy0"] not in {found["b1"], found["c1"]}


def test_a_republication_joins_its_original_whatever_its_words() -> None:
    arts = corpus() + [
        art("r1", "toutiao.com", "风暴", "风暴造成大面积停电。", derived_from="https://bbc.co.uk/storm"),
    ]
    arts[0] = replace(arts[0], url="https://bbc.co.uk/storm")
    assert group_stories(arts)["r1"] == group_stories(arts)["a1"]


def test_a_chinese_report_meets_the_english_one_through_the_glossary_and_figures() -> None:
    zh = (
        "摩根士丹利研究人员预测，中国将在截至 2030 年的五年内投入 5640 亿美元用于电网建设项目，"
        "较前五年增长逾 40%。摩根士丹利认为，国家电网与南方电网将承担大部分投资。"
    )
    en = (
        "Morgan Stanley researchers forecast that China will spend $564 billion on grid "
        "construction in the five years to 2030, up more than 40% on the previous five years. "
        "State Grid and China Southern Power Grid will carry most of the spending."
    )
    arts = corpus() + [
        art("zh", "caixin.com", "中国电网投资", zh, language="zh"),
        art("en", "wsj.com", "China grid spending", en, language="en"),
    ]
    found = group_stories(arts)
    assert found["zh"] == found["en"]
    assert found["zh"] not in {found["a1"], found["b1"], found["c1"]}


# Only names bridge these two: none is in the news glossary of numbers.toml and no figure is
# shared, so they meet through CC-CEDICT's glosses (data/zh_en_glossary.tsv.gz) or not at all
MEETING_ZH = (
    "拜登周三在巴黎会见马克龙，两人讨论了乌克兰局势、北约东扩以及对俄罗斯的新一轮制裁。\n"
    "爱丽舍宫表示，双方同意在明年春季之前向基辅追加防空系统援助。"
)
MEETING_EN = (
    "Biden met Macron in Paris on Wednesday; the two discussed Ukraine, NATO enlargement and "
    "a new round of sanctions on Russia.\n"
    "The Elysee said both agreed to send Kyiv more air defence systems before next spring."
)
MASS_ZH = (
    "教皇方济各周日在梵蒂冈主持弥撒，呼吁苏丹和也门停火，并为地震灾民祈祷。\n"
    "数万名信徒聚集在圣彼得广场。"
)


def test_the_dictionary_reads_names_and_words_a_glossary_of_news_terms_lacks() -> None:
    # (offset, term, whether it names someone or something)
    assert stories.dictionary_terms("拜登周三在巴黎会见马克龙") == [
        (0, "biden", True), (5, "paris", True), (7, "meet", False),
        (9, "emmanuel", True), (9, "macron", True),
    ]
    # longest word first: 人工智能 is one word, not 人工 ('manual') + 智能
    assert stories.dictionary_terms("人工智能芯片") == [
        (0, "artificial", False), (0, "intelligence", False), (4, "computer", False),
        (4, "chip", False),
    ]


def test_a_chinese_report_meets_the_english_one_through_the_dictionary(monkeypatch) -> None:
    arts = corpus() + [
        art("zh", "caixin.com", None, MEETING_ZH, language="zh"),
        art("en", "wsj.com", None, MEETING_EN, language="en"),
        art("mass", "people.cn", None, MASS_ZH, language="zh"),
    ]
    found = group_stories(arts)
    assert found["zh"] == found["en"]
    others = {found[k] for k in ("a1", "b1", "c1", "mass")}
    assert found["zh"] not in others and found["mass"] != found["en"]
    # without the dictionary nothing bridges them
    monkeypatch.setattr(glossary, "DICTIONARY", False)
    glossary._dictionary.cache_clear()
    try:
        found = group_stories(arts)
    finally:
        monkeypatch.undo()
        glossary._dictionary.cache_clear()
    assert found["zh"] != found["en"]


def company_week() -> list[StoryArticle]:
    return [
        art("lay", "thisismoney.co.uk", None, LAYOFFS, first_seen_at="2021-11-29 08:00:00"),
        art("fca", "ft.com", None, INQUIRY, first_seen_at="2021-11-29 09:00:00"),
        art("fca2", "reuters.com", None, INQUIRY_2, first_seen_at="2021-11-29 10:00:00"),
    ]


def test_two_articles_sharing_only_names_are_two_stories() -> None:
    lay, fca, fca2 = company_week()
    found = group_stories(corpus() + [lay, fca])
    # nine rare names in common and a cosine of 0.53, but jobs cut vs accounts questioned
    assert found["lay"] != found["fca"]
    found = group_stories(corpus() + [fca, fca2])
    assert found["fca"] == found["fca2"]  # the same names and the same inquiry: one story


def test_an_article_sharing_only_names_does_not_join_a_story_of_several() -> None:
    found = group_stories(corpus() + company_week())
    assert found["fca"] == found["fca2"]
    assert found["lay"] not in {found["fca"], found["a1"], found["b1"], found["c1"]}


def test_publication_dates_far_apart_are_different_events() -> None:
    arts = corpus()
    arts[1] = replace(arts[1], url="https://www.theguardian.com/uk-news/2020/11/27/storm")
    arts[0] = replace(arts[0], published_at="2021-11-27")
    found = group_stories(arts)
    assert found["a1"] != found["a2"]  # a year apart: the same words, another storm


def test_a_december_url_and_an_early_january_date_can_report_one_event() -> None:
    # a URL that carries only its month ('/2021/12/') spans all of December: an article dated
    # 3 January is 3 days after its last day, the same storm; one of 3 February is not
    arts = corpus()
    arts[1] = replace(arts[1], url="https://www.theguardian.com/uk-news/2021/12/storm")
    arts[0] = replace(arts[0], published_at="2022-01-03")
    found = group_stories(arts)
    assert found["a1"] == found["a2"]
    arts[0] = replace(arts[0], published_at="2022-02-03")
    found = group_stories(arts)
    assert found["a1"] != found["a2"]


def test_story_ids_are_stable_across_runs_and_as_articles_arrive() -> None:
    first = group_stories(corpus()[:1] + corpus()[2:])
    again = group_stories(list(reversed(corpus()[:1] + corpus()[2:])))
    assert first == again
    later = group_stories(corpus())  # the Guardian's write-up arrives later
    assert later["a2"] == later["a1"] == first["a1"]  # it joins the story under its old id
    assert later["b1"] == first["b1"] and later["c1"] == first["c1"]


def test_story_rows_count_articles_sources_and_languages() -> None:
    arts = [replace(a, languages=("en",)) for a in corpus()]
    arts.append(art("a3", "bbc.co.uk", "风暴 Arwen", STORM + "\n" + STORM_2, languages=("en", "zh"),
                    first_seen_at="2021-11-28 08:00:00"))
    assignment = group_stories(arts)
    assert assignment["a3"] == assignment["a1"]
    rows = {r.story_id: r for r in story_rows(arts, assignment)}
    storm = rows[assignment["a1"]]
    assert (storm.n_articles, storm.n_sources, storm.n_languages) == (3, 2, 2)
    assert storm.first_seen_at == "2021-11-27 09:00:00"
    assert storm.last_seen_at == "2021-11-28 08:00:00"
    assert storm.title == "Storm Arwen: 240,000 homes without power"  # the earliest article's


# ------------------------------------------------------------------------ in the warehouse


def test_stories_of_the_seeds_in_the_warehouse_and_the_query_command(seed_run) -> None:
    _, wh, _ = seed_run
    result = CliRunner().invoke(
        app, ["query", "SELECT * FROM stories", "--warehouse", str(wh), "--format", "json"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert sum(r["n_articles"] for r in rows) == 5
    con = duckdb.connect(str(wh), read_only=True)
    try:
        story = dict(con.execute(
            "SELECT substr(origin, 7, 3), story_id FROM articles ORDER BY origin"
        ).fetchall())
        assert all(story.values())
        # the WSJ page and its republished translation are one story; the blog, the aggregator
        # and the content farm write about China's AI push in general, each its own story
        assert story["000"] == story["001"]
        assert len({story["000"], story["002"], story["003"], story["004"]}) == 4
        wsj = con.execute(
            "SELECT n_articles, n_sources, n_languages, list_sort(languages) FROM stories "
            "WHERE story_id = ?", [story["001"]]
        ).fetchone()
        assert wsj == (2, 2, 2, ["en", "zh"])
        # the report's Stories section shows it with its figures side by side
        html = (wh.parent / "reports" / "index.html").read_text("utf-8")
        section = html[html.index('<section id="stories">') :]
        section = section[: section.index("</section>")]
        assert "How China Is Girding" in section and "4 stories in all" in section
        first_row = section[section.index("<tbody>") : section.index("</tr>", section.index("<tbody>"))]
        assert "conflict" in first_row and "$56.4 billion" in first_row and "$564 billion" in first_row
    finally:
        con.close()


def test_across_scripts_one_shared_name_is_not_enough_two_terms_are() -> None:
    # the dictionary's everyday glosses ('player', 'share', 'online') are no second term: any
    # Wordle story has them
    zh = "Wordle 游戏本周在网上走红，许多玩家每天分享自己的 Wordle 成绩。"
    en = ("Wordle fans share their daily Wordle grids online; one player says she has not "
          "missed a Wordle since the winter.")
    arts = corpus() + [
        art("zh", "weibo.com", "Wordle 走红", zh, language="zh"),
        art("en", "nytimes.com", "The Wordle streak", en, language="en"),
    ]
    found = group_stories(arts)
    assert found["zh"] != found["en"]  # 'Wordle' alone could be any Wordle story
    arts[-2] = replace(arts[-2], text=zh.replace("成绩。", "成绩，有人连续猜中 412 天。"))
    arts[-1] = replace(arts[-1], text=en.replace("since the winter", "in 412 days"))
    found = group_stories(arts)
    assert found["zh"] == found["en"]  # the name and the 412-day streak: one story


# A translation whose Chinese side holds one glossary name and two figures with a magnitude word
# ('1.2 billion yuan' = '12亿元', '30 million' = '3000万'); the English one has far more rare
# words than the Chinese can meet, as most translations do
TRANSLATED_EN = (
    "Huawei will spend 1.2 billion yuan on a battery plant in Pingshan, the telecoms giant "
    "said on Tuesday, its first factory for cells rather than handsets or base stations.\n"
    "The plant will make lithium iron phosphate cells for delivery vans and grid storage; "
    "Huawei expects it to turn out 30 million cells a year once a second hall opens.\n"
    "Pingshan officials called it the district's largest investment in a decade. Land was "
    "granted at a discount because the factory recycles its own wastewater, a condition "
    "Shenzhen now attaches to every industrial lease.\n"
    "Construction crews began levelling the hillside site last month. Residents of nearby "
    "Longtian village worry about lorries on narrow lanes, dust and noise; a petition with "
    "several hundred signatures asks for a bypass road, a buffer of trees and night curfews.\n"
    "Analysts at Guotai Junan reckon cheaper cells could lower Huawei's costs for its "
    "charging cabinets, solar inverters and rooftop kits, which compete with Sungrow, Deye "
    "and Growatt across Europe, Australia and Latin America.\n"
    "Suppliers of separators, electrolyte and copper foil are expected to follow; three of them, "
    "Senior Technology Material, Tinci Materials and Capchem, already run warehouses along the Danshui river."
)
TRANSLATED_ZH = (
    "华为周二表示，将拿出12亿元在坪山兴建电池工厂，这是该公司首座不生产手机或基站、而生产电芯的工厂。\n"
    "该工厂将为送货车和储能生产磷酸铁锂电芯；华为预计，第二座厂房投产后，年产量将达到3000万颗。\n"
    "坪山官员称，这是该区十年来最大的一笔项目。由于工厂自行回收废水，土地以优惠价格出让，"
    "市里目前对所有工业用地都提出这一条件。\n"
    "施工队上个月开始平整山坡场地。附近龙田村的居民担心狭窄道路上的卡车、扬尘和噪音；一份有数百人签名的请愿书"
    "要求修建绕行道路、种植隔离林带并实行夜间禁行。\n"
    "国泰君安的分析师认为，更便宜的电芯可以降低该公司充电柜、光伏逆变器和屋顶套件的成本，"
    "这些产品在欧洲、澳大利亚和拉丁美洲与阳光电源、德业和古瑞瓦特竞争。\n"
    "预计隔膜、电解液和铜箔供应商也将跟进；其中星源材质、天赐材料和新宙邦三家已在淡水河沿岸设有仓库。"
)
OTHER_ZH = (
    "腾讯周四公布，第三季度游戏收入达到430亿元，同比增长7%，海外游戏收入增长尤为明显。\n"
    "公司表示，将在深圳总部新增800名员工，主要从事人工智能研究。"
)
OTHER_EN = (
    "A typhoon forced Shenzhen's airport to cancel 412 flights on Sunday, stranding travellers "
    "bound for Beijing and Shanghai, as ferries to Hong Kong stayed in port.\n"
    "Forecasters expect winds to ease by Monday; schools in the city will stay closed."
)


def test_a_chinese_translation_meets_its_english_original_an_unrelated_pair_stays_apart() -> None:
    arts = corpus() + [
        art("en", "reuters.com", "Huawei to build battery plant in Shenzhen", TRANSLATED_EN, language="en"),
        art("zh", "sina.com.cn", "华为将在坪山建电池厂", TRANSLATED_ZH, language="zh"),
        art("zh2", "qq.com", "腾讯游戏收入增长", OTHER_ZH, language="zh"),
        art("en2", "bbc.co.uk", "Typhoon shuts Shenzhen airport", OTHER_EN, language="en"),
    ]
    found = group_stories(arts)
    assert found["en"] == found["zh"]  # the name and the two figures: one story
    others = {found[k] for k in ("a1", "b1", "c1", "zh2", "en2")}
    assert found["en"] not in others
    # Shenzhen and a figure each, on two events: two stories
    assert found["zh2"] != found["en2"]


def test_features_worked_out_as_articles_land_give_the_same_stories_without_redoing_them(
    monkeypatch,
) -> None:
    """A run computes each article's features as it lands (stories.remember_features); the
    grouping after the last document then uses them, and finds the same stories."""
    from monitor import stories

    arts = corpus() + [art("l1", "ft.com", "Fernhill to cut 400 jobs", LAYOFFS),
                       art("i1", "reuters.com", "FCA looks into Fernhill", INQUIRY),
                       art("i2", "bbc.co.uk", "Watchdog investigates Fernhill", INQUIRY_2)]
    expected = group_stories(arts)
    cache: stories.FeatureCache = {}
    for a in arts:
        stories.remember_features(cache, a.title, a.text)

    def not_again(*args):
        raise AssertionError("features computed again")

    monkeypatch.setattr(stories, "features", not_again)
    assert group_stories(arts, cache) == expected


def test_features_remembered_for_an_article_that_changed_since_are_not_used() -> None:
    """An article whose text changed after its features were remembered (or another article
    under its id) is grouped by what it says now."""
    from monitor import stories

    arts = corpus()
    cache: stories.FeatureCache = {}
    stories.remember_features(cache, arts[1].title, ELECTION)  # what a2 said before
    assert group_stories(arts, cache) == group_stories(arts)
    assert groups(group_stories(arts, cache)) >= {frozenset({"a1", "a2"})}
