"""Boilerplate patterns as data: every word list and regex the cleaner uses, in one place.

Each entry maps a removal *reason* (the short vocabulary stored in ``removed_blocks.reason``)
to regexes matched against one stripped line. Review and extend these here; the code in
``clean.py`` only decides where to apply them.
"""

from __future__ import annotations

import re

_I = re.IGNORECASE

# Social networks and share verbs; a line made only of these is share-button text.
SOCIAL_WORDS = (
    "share|shares|tweet|email|e-mail|print|facebook|twitter|x|linkedin|whatsapp|pinterest|"
    "reddit|telegram|messenger|flipboard|tumblr|copy link|copy|link|sms|pocket|save|"
    "comment|comments|weibo|wechat|微博|微信|分享到|分享|朋友圈|QQ空间"
)

# Whole-line patterns: the line *is* boilerplate whatever its neighbours are.
LINE_PATTERNS: dict[str, list[str]] = {
    "advertisement": [
        r"(advertisement|advertising|advertisment|sponsored( content)?|ad|ads|广告|廣告)\W*",
        r"(story|article) continues (below|after)( (the )?(advertisement|ad))?\W*",
        r"scroll (down )?to continue( reading)?\W*",
        r"this (deal|content) is (brought to you|sponsored) by .{0,60}",
    ],
    "navigation": [
        (
            r"[•·\-*]?\s*(what to read next|most popular( news| opinion| articles| stories)?|"
            r"recommended videos|trending( now| stories)?|top stories|latest news|"
            r"skip to (main )?content|back to top|main menu|menu|home|search|sections)\W*"
        ),
    ],
    "related_links": [
        (
            r"(related|related (articles?|stories|content|coverage|reading|posts|topics|news)|"
            r"read more|more on (this|these) (story|topics?)|see also|read next|up next|"
            r"don'?t miss|most read( in .{1,40})?|you may (also )?like|you might (also )?like|"
            r"recommended( for you| stories| reading)?|further reading|more stories|"
            r"also read|read also|more from .{1,40}|go deeper|common questions?|"
            r"people also (ask|read)|more (news|articles) like this|相关(文章|阅读|新闻)|"
            r"延伸阅读|推荐阅读|猜你喜欢)\W*"
        ),
        (
            r"(related|see more|read more|read also|also read|more|watch|listen|recommended|"
            r"read|see|also see|相关|推荐阅读)\s*:\s*.{3,200}"
        ),
        r".{3,200}\[(insight|video|reaction|pics|pictures|poll|latest|analysis|photos|live)\]\W*",
        r"(follow|see|read) (our|the|\w+'s) (full|complete|latest|live) coverage .{0,200}",
    ],
    "widget": [
        r".{0,300}\[/[a-z_-]{2,20}\].{0,100}",
        # a template's placeholder paragraph, left in a block nobody filled
        r"lorem ipsum dolor sit amet\b.{0,3000}",
    ],
    "teaser": [
        (
            r".{0,200}\b(click (here )?to (explore|read|find out|learn|see|watch)|find out now|"
            r"click here for more|read the full (story|article)|continue reading)\b.{0,40}"
        ),
    ],
    "comment_prompt": [
        r"(post|leave|add|write) a (comment|reply)( for .{0,200})?\W*",
        r"\d*\s*comments?\W*",
        r"tell us what (you|YOU) think.{0,40}",
        r"join the (conversation|discussion|debate)\W*.{0,80}",
        r"(comments are closed|show comments|view comments|hide comments)\W*",
        r"be the first to comment.{0,40}",
        r"(what do you think|have your say)\?.{0,80}",
        r"please express your opinion by clicking.{0,120}",
    ],
    "newsletter": [
        (
            r"(subscribe|sign up|sign-up|register) (to|for|now).{0,80}(newsletter|updates|"
            r"inbox|email|alerts).{0,80}"
        ),
        r"(get|receive|want) .{0,80}(delivered )?(to|in|right in) your inbox.{0,120}",
        r".{0,80}\bnewsletters?\W*",
        (
            r"(enter your e-?mail|never miss a story|stay (up to date|informed)|"
            r"get the latest).{0,120}(newsletter|inbox|subscribe|sign up|e-?mail).{0,80}"
        ),
        r"if you (enjoyed|liked|value) this (article|story|journalism).{0,400}",
        r"(get|unlock|try) (unlimited |full |digital )?access to .{0,400}",
        (
            r"(already a subscriber|subscribe now|subscribe today|become a (member|subscriber))"
            r".{0,120}"
        ),
    ],
    "share": [
        r".{0,400}click to tweet\W*",
        (
            rf"((share|follow)( (this|the) (article|story|page|post))?( on| via| with)?\W*)?"
            rf"(({SOCIAL_WORDS})\W*){{0,10}}"
        ),
    ],
    "cookie": [
        r".{0,120}\b(we|this (web)?site|our (web)?site|this page) uses? cookies\b.{0,300}",
        r".{0,80}\b(accept|allow|reject|manage) (all )?cookies\b.{0,120}",
        r".{0,40}\bcookie (policy|settings|preferences|notice|consent|choices)\b.{0,80}",
        r"by (continuing to (use|browse)|using) (this|our) (web)?site.{0,200}",
    ],
    "footer": [
        r"(copyright|©|\(c\))\s*.{0,160}",
        r".{0,120}\ball rights reserved\b.{0,80}",
        r"appeared in the .{0,60} print edition.{0,200}",
        r"a version of this (article|story) (appears|appeared) in print.{0,200}",
        r".{0,40}印刷版.{0,120}",
        r"(filed under|tags|topics|categories|posted in)\s*:.{0,200}",
        r"issn\s*:?\s*[\dx-]+.{0,40}",
    ],
    "byline": [
        (
            r"(by|written by|reporting by|additional reporting by|edited by|story by)\s+"
            r"[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}"
            r"((,| and|&)\s*[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}){0,3}\W*"
        ),
        r"write to .{0,160}@.{0,160}",
        r".{0,120}(may be|can be) reached at .{0,200}",
        r"have a tip\?.{0,200}",
        (
            r"(follow|like) (us|him|her|them|[A-Z][\w]+( [A-Z][\w]+)?) on (twitter|facebook|"
            r"instagram|x|linkedin|youtube|tiktok).{0,120}"
        ),
        r"请发送邮件至.{0,160}",
        r"(责任编辑|编辑|记者|作者|撰文|撰稿)\s*[:：|｜].{1,40}",
    ],
    "dateline": [
        (
            r"(updated|published|posted|last updated|last modified|first published)"
            r"( at| on)?\s*:?\s*(?=[^\n]{0,50}$)(?=\D*\d).{0,50}"
        ),
        r"(ET|EST|EDT|GMT|UTC|BST|PT|PST|CET|CEST)\W*",
        r"[^.!?]{0,40}\b\d{4}\b[^.!?]{0,20}\b\d{1,2}[:h]\d{2}\b.{0,20}",
        (
            r"\d{1,2}:\d{2}\s*(am|pm|a\.m\.|p\.m\.)?\s*(ET|EST|EDT|GMT|UTC|BST|PT|PST)?"
            r"(\s*[,|·-]?\s*(\w{3,9}\.? \d{1,2},? \d{4}|\d{1,2}/\d{1,2}/\d{2,4}))?"
            r"(\s+by\s+.{0,40})?\W*"
        ),
        (
            r"(\d+\s*(min|mins|minute|minutes)\s*(read|de lectura|de leitura|lesezeit)|"
            r"reading time\s*:?.{0,20}|tempo de leitura\s*:?.{0,20}|lesezeit\s*:?.{0,20}|"
            r"阅读时间.{0,20})\W*"
        ),
    ],
    "contact": [
        r".{0,80}\b[\w.+-]+@[\w-]+\.[\w.-]+\b.{0,80}",
    ],
    "caption_credit": [
        r"(image|photo|picture|video|graphic)s? (caption|credit|source)s?\s*[:：]?\s*",
        (
            r".{0,300}\b(photo|photograph|image|picture|credit|foto)s?\s*(credit)?\s*[:：]\s*"
            r"[^.!?]{1,80}"
        ),
        r".{0,200}\b(photos?|images?) ©.{0,80}",
        r".{0,300}(图片来源|摄影|图源|图片|照片来源|圖片來源)\s*[:：].{0,80}",
        (
            r"\(?(ap|reuters|afp|getty images|epa|shutterstock|xinhua|新华社)( photo)?"
            r"(/[\w .-]+)?\)?\W*"
        ),
    ],
    "source_credit": [
        r"(source|sources|来源|來源)\s*[:：]\s*.{1,80}",
    ],
    "save_page_header": [
        r"这是用户在.{0,200}保存的.{0,40}(快照|页面).{0,200}",
        r"(saved|archived|captured) (from|on|at) .{0,80}https?://.{0,400}",
        r"this (page|snapshot) (was|is) (saved|archived|captured).{0,300}",
    ],
    "statement": [
        r"(statement|disclaimer|声明|免责声明)\s*[:：].{0,400}",
        r"the (article|views) (represents?|expressed) (the )?(views|opinions?) .{0,300}",
    ],
    "original_link": [
        (
            r"(original|original link|original article|原文|原文链接|原文地址|转载自)\s*[:：]\s*"
            r"\S{4,400}"
        ),
    ],
    "separator": [
        r"[-–—=*•·~#|\s]{1,80}",
    ],
}

# Headings that open a block of non-article material running to the next body paragraph.
BLOCK_STARTERS: dict[str, list[str]] = {
    "teaser": [
        (
            r"(you may (also )?like|you might (also )?like|recommended( for you)?|"
            r"more (stories|articles) (you may like|for you)|猜你喜欢)\W*"
        ),
    ],
    "related_links": [
        (
            r"(related|related (articles?|stories|content|coverage|reading|posts|topics|news)|"
            r"read more|more on (this|these) (story|topics?)|see also|read next|up next|"
            r"don'?t miss|most read( in .{1,40})?|further reading|more stories|also read|"
            r"go deeper|common questions?|people also (ask|read)|more from .{1,40}|"
            r"相关(文章|阅读|新闻)|延伸阅读|推荐阅读)\W*"
        ),
    ],
    "navigation": [
        (
            r"(most popular( news| opinion| articles| stories)?|trending( now| stories)?|"
            r"top stories|latest news|what to read next)\W*"
        ),
    ],
    "comment_prompt": [r"(\d+\s+)?comments?\W*", r"leave a (comment|reply)\W*"],
}

# A line that introduces a caption: the following short line is the caption itself.
CAPTION_LABEL = r"(image|photo|picture|video)s? (caption|credit)s?\s*[:：]?\s*"

# Extract where a text comes from.
PROVENANCE_PATTERNS: dict[str, str] = {
    "saved_from": r"(?:保存|saved|archived|captured)[^\n]{0,80}?(https?://[^\s,，。]+)"
    r"|(https?://[^\s,，。]+)[^\n]{0,20}保存",
    "original_title": r"original title\s*[:：]\s*([^\n]{3,200}?)(?:[.。]\s|[.。]?$)",
    "original_url": r"^(?:original|original link|original article|原文|原文链接|原文地址|"
    r"转载自)\s*[:：]\s*(https?://\S+)",
}

# Outlets named as the origin of a text ("The Wall Street Journal, July 29 article").
KNOWN_OUTLETS = (
    "The Wall Street Journal",
    "Wall Street Journal",
    "The New York Times",
    "The Washington Post",
    "Financial Times",
    "Bloomberg",
    "Reuters",
    "Associated Press",
    "The Economist",
    "The Guardian",
    "BBC",
    "CNN",
    "South China Morning Post",
    "Nikkei Asia",
    "Xinhua",
    "Caixin",
    "新华社",
)
CREDIT_CUES = (
    (
        r"(?P<outlet>{outlets}),?\s+(?:[A-Z][a-z]+\.? \d{{1,2}}(?:, \d{{4}})?\s+)?"
        r"(?:article|report|story)\b"
    ),
    r"(?:originally|first) (?:published|appeared) (?:in|on|by) (?P<outlet>{outlets})",
    r"(?:source|来源)\s*[:：]\s*(?P<outlet>{outlets})",
    r"(?:according to|reported by) (?P<outlet>{outlets})",
)

# Reasons whose patterns are built to match long lines too (others only match short lines).
LONG_LINE_REASONS = ("cookie", "save_page_header", "statement", "newsletter", "share", "widget")

# In extracted HTML these stay: publishers' disclaimers belong to the article they qualify.
HTML_KEEP_REASONS = ("statement", "contact")

# Trailing short lines in HTML output that are only kept when trafilatura is sure.
MAX_BOILERPLATE_WORDS = 40


def _compile(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), _I)


LINE_RULES: list[tuple[str, re.Pattern[str]]] = [
    (reason, _compile(pats)) for reason, pats in LINE_PATTERNS.items()
]
BLOCK_RULES: list[tuple[str, re.Pattern[str]]] = [
    (reason, _compile(pats)) for reason, pats in BLOCK_STARTERS.items()
]
CAPTION_LABEL_RE = re.compile(CAPTION_LABEL, _I)
PROVENANCE_RES = {k: re.compile(v, _I | re.MULTILINE) for k, v in PROVENANCE_PATTERNS.items()}
_OUTLETS = "|".join(re.escape(o) for o in KNOWN_OUTLETS)
CREDIT_RES = [re.compile(c.format(outlets=_OUTLETS), _I) for c in CREDIT_CUES]
