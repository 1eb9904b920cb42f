"""Who published a document, and which article it is: what users group and count by."""

from __future__ import annotations

from monitor import pipeline
from monitor.sources import InputItem, article_id_for

BODY = (
    "China is intensifying efforts to build an independent artificial intelligence ecosystem, "
    "the newspaper said on Tuesday, as officials in Beijing met chip makers.\n"
    "Huawei has been improving its chips, analysts at Bernstein said in a note to clients this "
    "week.\n"
)


def snapshot(saved_from: str, original: str) -> dict:
    text = (
        f"这是用户在 2025-7-30 19:56 为 {saved_from} 保存的双语快照页面。\n"
        f"原文链接: {original}\n" + BODY
    )
    out = pipeline.process_bytes(InputItem("copy.txt", "text"), text.encode(), "text")
    assert out.reject is None
    return {"article": out.rows["articles"][0], "source": out.rows["sources"][0]}


def test_a_saved_copy_is_its_sites_and_points_at_the_original_on_another_site() -> None:
    got = snapshot(
        "https://www.toutiao.com/article/7532?utm_source=weixin",
        "https://www.WSJ.com/tech/ai/china-ai-5b23af51?mod=e2tw#comments",
    )
    assert got["source"]["source_id"] == got["source"]["name"] == "toutiao.com"
    assert got["article"]["url"] == "https://www.toutiao.com/article/7532"
    # the original's canonical URL, so that it meets the original's row when that lands
    assert got["article"]["derived_from"] == "https://www.wsj.com/tech/ai/china-ai-5b23af51"


def test_a_copy_whose_original_is_on_its_own_site_is_no_republication() -> None:
    got = snapshot(
        "https://www.wsj.com/tech/ai/china-ai-5b23af51?mod=e2tw",
        "https://www.wsj.com/tech/ai/china-ai-5b23af51",
    )
    assert got["source"]["source_id"] == "wsj.com"
    assert got["article"]["derived_from"] is None


def test_one_page_under_several_addresses_is_one_article() -> None:
    # no canonical link on the page: the fetched address decides, without what only tracks the
    # reader (utm_*, fbclid, mod ... in any case), the fragment and the host's case
    same = [
        "https://news.example.com/port-traffic",
        "https://News.Example.com/port-traffic?utm_source=feed&UTM_Medium=rss#comments",
        "https://news.example.com/port-traffic?fbclid=IwAR0abc&mod=e2tw",
    ]
    ids = {article_id_for(InputItem(u, "url", url=u), u) for u in same}
    assert len(ids) == 1
    other = "https://news.example.com/port-traffic?page=2"  # a real parameter: another page
    assert article_id_for(InputItem(other, "url", url=other), other) not in ids
