"""A list of links in the body: teasers for the site's own stories go, a list of the body's own
(links that lead off the site: pull requests, sources) between its paragraphs stays."""

from __future__ import annotations

import pytest

from monitor import clean
from monitor.clean import clean_html

ITEMS = [
    "Fix volatile loads and stores",
    "Add support for packed structs",
    "Allow casts between integers and pointers",
]


def _para(i: int) -> str:
    return (
        f"Paragraph {i} of the progress report says the compiler now builds more crates than "
        f"last month, and that {i} more tests pass on the new targets this week."
    )


def _page(href: str, where: str = "between") -> str:
    items = "".join(f"<li><a href='{href}/{n}'>{t}</a></li>" for n, t in enumerate(ITEMS))
    body = "".join(f"<p>{_para(i)}</p>" for i in range(1, 4))
    after = "".join(f"<p>{_para(i)}</p>" for i in range(4, 6))
    listed = f"<ul>{items}</ul>"
    inner = body + listed + after if where == "between" else body + after + listed
    return f"<html><head><title>Progress report</title></head><body><article>{inner}</article></body></html>"


URL = "https://blog.example.org/progress-report"


def test_a_list_of_links_off_the_site_between_body_paragraphs_stays():
    c = clean_html(_page("https://forge.example.com/pulls"), URL)
    assert [p for p in c.paragraphs if "Paragraph" not in p] == [f"- {t}" for t in ITEMS]
    assert not [r for r in c.removed if r.reason == "related_links"]


@pytest.mark.parametrize(
    ("href", "where", "url"),
    [
        ("/stories", "between", URL),  # the site's own pages: teasers
        ("https://www.blog.example.org/s", "between", URL),  # the same site, its www. name
        ("https://news.blog.example.org/s", "between", URL),  # a subdomain of the site
        ("https://forge.example.com/pulls", "between", None),  # no address: no site to leave
    ],
    ids=["relative", "www", "subdomain", "no-url"],
)
def test_teaser_links_still_go_as_related_links(href, where, url):
    c = clean_html(_page(href, where), url)
    assert all("Paragraph" in p for p in c.paragraphs)
    assert [r.text for r in c.removed if r.reason == "related_links"] == [f"- {t}" for t in ITEMS]


@pytest.mark.parametrize("where", ["before", "after"])
def test_a_run_of_offsite_links_before_or_after_the_body_goes(where):
    """Before the first sentence paragraph or after the last, a run of link headlines is a
    teaser list wherever its links lead."""
    offsite = {" ".join(t.casefold().split()) for t in ITEMS}
    body = [_para(1), _para(2)]
    lines = [*ITEMS, *body] if where == "before" else [*body, *ITEMS]
    kept, removed = clean._filter_html_lines(lines, None, offsite, offsite)
    assert kept == body
    assert [(r.reason, r.text) for r in removed] == [("related_links", t) for t in ITEMS]


def test_a_link_text_also_linked_on_the_site_is_a_teaser():
    page = _page("https://forge.example.com/pulls").replace(
        "</article>", f"</article><aside><a href='/s/1'>{ITEMS[0]}</a></aside>"
    )
    c = clean_html(page, URL)
    assert f"- {ITEMS[0]}" not in c.paragraphs


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.a.example/x", "a.example"),
        ("//cdn.a.example/x", "cdn.a.example"),
        ("/relative", ""),
        ("mailto:x@a.example", ""),
        ("http://[bad", ""),
        (None, ""),
    ],
)
def test_the_host_of_a_link(url, host):
    assert clean._host(url) == host
