"""Sentences, claims and attribution, in English and Chinese.

Pure: paragraphs in, `Claim`s out. Every cue word, phrase and threshold is data in
`data/attribution_patterns.toml`; this module only knows how to apply them.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any

from monitor import attribution, glossary, speakers
from monitor.models import Claim

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9][\w'’.\-&]*")


@lru_cache(maxsize=1)
def patterns() -> dict[str, Any]:
    """The attribution and sentence patterns, loaded once from the packaged TOML."""
    text = resources.files("monitor").joinpath("data/attribution_patterns.toml").read_text("utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class _Compiled:
    """Regexes built once from the pattern data."""

    abbrev_tail: re.Pattern[str]
    abbrev_reach: int  # how many characters before a "." abbrev_tail can match
    zh_split: re.Pattern[str]
    en_split: re.Pattern[str]
    not_claim: re.Pattern[str]  # any of the not_claims patterns, in one search
    number: re.Pattern[str]
    number_zh: re.Pattern[str]
    according_to: re.Pattern[str]
    as_by: re.Pattern[str]
    any_frame: re.Pattern[str]  # according_to or as_by, in one scan: most sentences have neither
    inverted: re.Pattern[str]
    summary: list[re.Pattern[str]]
    cue_en: re.Pattern[str]
    anonymous_phrases: list[re.Pattern[str]]
    source_trailers: re.Pattern[str]
    subject_boundary: re.Pattern[str]
    zh_according: re.Pattern[str]
    zh_according_data: re.Pattern[str]
    zh_as_said: re.Pattern[str]
    zh_learnt_from: re.Pattern[str]
    zh_reporter_learnt: re.Pattern[str]
    zh_cue: re.Pattern[str]
    zh_quantifiers: re.Pattern[str]
    zh_named: re.Pattern[str]
    zh_named_end: re.Pattern[str]  # a phrase ending in one of them ("欧盟委员会")
    quote_marks: re.Pattern[str]
    zh_colon_quote: re.Pattern[str]
    zh_full_name: re.Pattern[str]  # "叶海亚·谢里夫": transliterated parts joined by "·"
    quoted: re.Pattern[str]  # a quotation's words, from its opening mark to its closing one or the end


def _alternation(words: list[str]) -> str:
    """A regex alternation that tries longer words first."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _compiled() -> _Compiled:
    p = patterns()
    s, en, zh, f = p["sentences"], p["english"], p["chinese"], p["filters"]
    abbrevs = _alternation(s["abbreviations"])
    closing = re.escape(s["closing"])
    prefix = _alternation(en["verb_prefix"])
    # Every cue_en match starts with a prefix word or a cue verb: looking ahead for their first
    # three letters spares re the long alternation at most word starts (same matches).
    cue_gate = _alternation(sorted({w[:3] for w in en["verb_prefix"] + en["cue_verbs"]}))
    cues = _alternation(en["cue_verbs"])
    quotes = s["open_quotes"] + s["close_quotes"] + '"'
    return _Compiled(
        abbrev_tail=re.compile(rf"(?:^|[\s(“\"])(?:{abbrevs})$|(?:^|\s)[A-Z]$"),
        # a delimiter, the longest abbreviation, and a newline that "$" may stand before
        abbrev_reach=1 + max(map(len, s["abbreviations"])) + 1,
        zh_split=re.compile(
            (
                # a full-width terminator keeps a closing mark after a space ("……两周 。 ”")
                rf"[{re.escape(''.join(ch for ch in s['zh_terminators'] if ord(ch) > 127))}]"
                rf"(?:[{closing}]|\s+(?=[{re.escape(s['zh_spaced_closing'])}]))*|"
                if ZH_SPACED_CLOSE
                else ""
            )
            + rf"[{re.escape(s['zh_terminators'])}][{closing}]*"
        ),
        en_split=re.compile(rf"[.!?…][{closing}]*(?=\s+[\"“‘'(\[A-Z0-9]|\s*[\u4e00-\u9fff])"),
        not_claim=re.compile(
            r"^\W*(?:" + "|".join(f"(?:{x})" for x in f["not_claims"]) + ")", re.IGNORECASE
        ),
        number=re.compile(f["number"], re.IGNORECASE),
        number_zh=re.compile(f["number_zh"]),
        according_to=re.compile(en["according_to"], re.IGNORECASE),
        as_by=re.compile(en["as_by"], re.IGNORECASE),
        any_frame=re.compile(f"(?:{en['according_to']})|(?:{en['as_by']})", re.IGNORECASE),
        inverted=re.compile(en["inverted"]),
        summary=[re.compile(r"\b" + x) for x in en["summary_cues"]],
        cue_en=re.compile(
            rf"(?<![\w-])(?={cue_gate})(?P<pre>(?:(?:{prefix})\s+)*)(?P<cue>{cues})\b"
        ),
        anonymous_phrases=[re.compile(x, re.IGNORECASE) for x in en["anonymous_phrases"]],
        source_trailers=re.compile(en["source_trailers"], re.IGNORECASE),
        subject_boundary=re.compile(en["subject_boundaries"], re.IGNORECASE),
        zh_according=re.compile(zh["according"]),
        zh_according_data=re.compile(zh["according_data"]),
        zh_as_said=re.compile(zh["as_said"]),
        zh_learnt_from=re.compile(zh["learnt_from"]),
        zh_reporter_learnt=re.compile(zh["reporter_learnt"]),
        zh_cue=re.compile(
            rf"(?<!{zh['passive']})"
            rf"(?P<cue>{_alternation([w for w in zh['cue_verbs'] if len(w) > 1])}"
            rf"|(?<![{zh['not_before_cue']}])(?:{_alternation([w for w in zh['cue_verbs'] if len(w) == 1])})"
            rf"(?![{zh['not_after_cue']}])"
            # "市教委要求，规范……": a requirement stated, not "要求退款"
            + (rf"|(?:{_alternation(zh['cue_verbs_before_comma'])})(?=\s*[，,：:])" if zh["cue_verbs_before_comma"] else "")
            + ")"
        ),
        zh_quantifiers=re.compile(zh["quantifiers"]),
        zh_named=re.compile(zh["named_markers"]),
        zh_named_end=re.compile(f"(?:{zh['named_markers']})$"),
        quote_marks=re.compile(f"[{re.escape(quotes)}]"),
        zh_colon_quote=re.compile(zh["colon_quote"]),
        zh_full_name=re.compile(f"[{zh['transliteration']}]+(?:[·•][{zh['transliteration']}]+)+"),
        quoted=re.compile(
            f"[{re.escape(s['open_quotes'])}\"][^{re.escape(s['close_quotes'])}\"]*"
            f"(?:[{re.escape(s['close_quotes'])}\"]|$)"
        ),
    )


@lru_cache(maxsize=1)
def _word_sets() -> dict[str, frozenset[str]]:
    """The English word lists of the pattern data asked for membership, as sets (the rules
    ask per phrase; a list is searched word by word, and `set(...)` of one per call was built
    again each time)."""
    en = patterns()["english"]
    names = ("generic_words", "person_pronouns", "document_pronouns", "anonymous_heads",
             "people_heads", "document_heads", "subject_stopwords")
    return {name: frozenset(en[name]) for name in names}


@lru_cache(maxsize=1)
def _institution_head() -> re.Pattern[str]:
    """Any of the pattern data's institution heads as a whole word (one search for what was
    one search per head: the same answer, whether any matches)."""
    heads = "|".join(f"(?:{re.escape(h)})" for h in patterns()["english"]["institution_heads"])
    return re.compile(rf"\b(?:{heads})\b")


def _is_chinese(text: str, lang: str | None) -> bool:
    """Chinese rules for 'zh' text, or for untagged text that is mostly Han characters."""
    if lang:
        return lang.lower().startswith("zh")
    han = len(_CJK.findall(text))
    return han > 0 and han >= 0.3 * len(re.sub(r"\s", "", text))


# ---------------------------------------------------------------------------------------------
# Sentences
# ---------------------------------------------------------------------------------------------


def split_sentences(text: str, lang: str | None = None) -> list[str]:
    """Sentences of one paragraph; abbreviations, initials and decimals never end one."""
    c = _compiled()
    text = text.strip()
    if not text:
        return []
    pieces: list[str] = []
    for chunk in _split_keep(text, c.zh_split):
        pieces.extend(_split_english(chunk, c))
    return [p.strip() for p in pieces if p.strip()]


def _split_keep(text: str, pattern: re.Pattern[str]) -> list[str]:
    """Split after each match of `pattern`, keeping the matched terminator."""
    out, start = [], 0
    for m in pattern.finditer(text):
        out.append(text[start : m.end()])
        start = m.end()
    out.append(text[start:])
    return [x for x in out if x.strip()]


def _split_english(text: str, c: _Compiled) -> list[str]:
    """English splitting: a terminator, then space and a capital, unless after an abbreviation."""
    out, start = [], 0
    for m in c.en_split.finditer(text):
        # Only the end of the text before the "." can match, and a text longer than an
        # abbreviation never matches at "^": its last abbrev_reach characters answer for it all.
        before = text[max(start, m.start() - c.abbrev_reach) : m.start()]
        if text[m.start()] == "." and c.abbrev_tail.search(before):
            continue
        out.append(text[start : m.end()])
        start = m.end()
    out.append(text[start:])
    return out


# ---------------------------------------------------------------------------------------------
# Claim selection
# ---------------------------------------------------------------------------------------------


def _is_claim(sentence: str, zh: bool, attributed: bool, quoted: bool = False) -> bool:
    """Keep assertions; drop headings, questions, calls to action and page furniture.

    `quoted`: the sentence belongs to a quotation the attribution model gives a source
    (someone's words: "What are we doing?", "Absolutely."): kept even as a question or a
    fragment."""
    c, f = _compiled(), patterns()["filters"]
    s = sentence.strip().strip("-•*· ")
    if not s:
        return False
    question = s.rstrip("”’\"'」』)） ").endswith(("?", "？"))
    if quoted and (not zh or re.search(r"\w", s)) and not c.not_claim.search(s) and (
        question or len(_WORD.findall(s)) < f["min_words_en"]
    ):
        return True
    if question:
        return False
    if c.not_claim.search(s):
        return False
    terminated = s.rstrip("”’\"'」』)）》 ").endswith((".", "!", "。", "！", "；", ";", "…"))
    if zh:
        if len(re.sub(r"\s", "", s)) < f["min_chars_zh"]:
            return False
        return terminated or len(s) > f["heading_max_chars_zh"]
    words = _WORD.findall(s)
    if len(words) < f["min_words_en"]:
        return False
    if not terminated and len(words) < f["heading_max_words"]:
        return False
    if _title_case(words) and not (
        TITLE_CASE_ATTRIBUTED and attributed and terminated and _lower_words(words) >= TITLE_CASE_LOWER
    ):
        return False
    # The number search (a slow scan) only decides the shortest sentences.
    return attributed or len(words) >= f["min_words_en"] + 1 or bool(c.number.search(s))


# A sentence the attribution model attributes, ended by a full stop and holding at least
# TITLE_CASE_LOWER words of four letters or more in lower case, is a claim even where most of
# its longer words are capitalised: names and quoted titles, not a heading ("“Everybody's
# looking at Nevada,” said Democratic Rep. Dina Titus.", "Former Texas Gov. Rick Perry announced
# his endorsement of Sen. Ted Cruz for president on Sunday."; `_title_case` drops them). Written
# and OFF (issue 18, attr18): five folds of PolNeAR train with fold detectors, R 0.8372 ->
# 0.8393 but P 0.9143 -> 0.9139 (50 sentences gained, 38 gold-attributed; docs/scoring.md,
# twenty-first round).
TITLE_CASE_ATTRIBUTED = False
TITLE_CASE_LOWER = 2


def _lower_words(words: list[str]) -> int:
    return sum(1 for w in words if len(w) > 3 and w[0].islower())


def _title_case(words: list[str]) -> bool:
    """Headline Case Like This: most longer words capitalised."""
    initials = [w[0] for w in words if len(w) > 3]
    return bool(initials) and sum(map(str.isupper, initials)) >= 0.7 * len(initials)


# ---------------------------------------------------------------------------------------------
# English attribution
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Attr:
    """One attribution found in a sentence."""

    kind: str  # 'named', 'anonymous', 'pronoun', 'document', 'described' (Chinese "这名官员")
    source: str | None
    cue: str
    summary: bool = False  # found by a publication-summary cue (aggregators)
    span: str | None = None  # the source as written, when `source` is resolved from it


def _tidy_source(src: str) -> str:
    """The source as written, without trailing punctuation, time phrases or relative clauses."""
    c = _compiled()
    src = re.split(r",\s*(?:who|which|where|whose)\b|\s+(?:who|which)\s", src)[0]
    src = src.strip().rstrip(".,;:!”’\"' ").lstrip("“‘’\"' ")  # "'' Mr. McKinley"
    src = c.source_trailers.sub("", src).strip().rstrip(",")
    return _AGE.sub("", re.sub(r"\s+(?:also|too)$", "", src))


_AGE = re.compile(r",\s*\d{1,3}$")  # "Taylor Hirth, 31": the age is no part of the name

def _proper_tokens(phrase: str) -> list[str]:
    """Capitalised tokens that are names, not titles, demonyms or sentence-initial words."""
    generic = _word_sets()["generic_words"]
    tokens = re.findall(r"[A-Za-z][\w’'.&-]*", phrase)
    # "The Independent", "The Guardian": a capitalised word after "The" that ends the phrase.
    if len(tokens) == 2 and tokens[0] == "The" and tokens[1][0].isupper():
        return [tokens[1]]
    out = []
    for tok in tokens:
        base = re.sub(r"(?:['’]s|['’])$", "", tok).rstrip(".")
        if not base or not (base[0].isupper() or any(ch.isupper() for ch in base[1:])):
            continue
        if base.lower() in generic or base.lower() + "." in generic:
            continue
        out.append(base)
    return out


# A name of two capitalised words or more (a title or an initial between), then a comma.
_NAME_APPOSITION = re.compile(r"(?:[A-Z][a-z][\w’'-]*\.?\s+|[A-Z]\.\s*){1,3}[A-Z][a-z][\w’'-]*,")


_DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their", "his", "her"})


def classify_source_en(phrase: str) -> str | None:
    """'named', 'anonymous', 'pronoun', 'document' or None (not a source) for an English phrase."""
    sets = _word_sets()
    low = re.sub(r"\s+", " ", phrase.strip().lower())
    if low in sets["person_pronouns"]:
        return "pronoun"
    if low in sets["document_pronouns"]:
        return "document"
    c = _compiled()
    if "," in phrase and _NAME_APPOSITION.match(phrase.strip()) and _proper_tokens(phrase.split(",", 1)[0]):
        return "named"  # "Michael Tanner, an analyst at ...": the apposition describes him
    if any(p.search(low) for p in c.anonymous_phrases):
        return "anonymous"
    if _proper_tokens(phrase):
        return "named"
    words = re.findall(r"[a-z][\w-]*", low)
    if words and re.match(r"^(?:the|its|their|[a-z]+['’]s)\b", low):
        head_text = " ".join(words)
        if _institution_head().search(head_text):
            return "named"
    head = re.split(r"\b(?:of|from|at|in|with|for|on)\b", low)[0].split()
    if not head:
        return None
    # "a campaign aide", "advisers", "a lawyer for the family": a role or group of people only
    last = head[-1]
    single = last[:-1] if last.endswith("s") and not last.endswith("ss") else last
    if last in sets["anonymous_heads"] or last in sets["people_heads"] or single in sets["people_heads"]:
        return "anonymous"
    if last in sets["document_heads"] and head[0] not in _DEFINITE:
        return "anonymous"
    return None


_RELATIVE = re.compile(r"(?:where|who|which|whose|when)\b", re.IGNORECASE)
_INTRO = re.compile(
    r"(?:in|on|at|after|before|during|since|by|for|earlier|last|this)\b", re.IGNORECASE
)


RELATIVE_TO_VERB = True
# "The Federal Bureau of Investigation (FBI) said", "Rep. Gregory W. Meeks (D-N.Y.) said": a
# name's short form or party in brackets is part of the subject, no boundary (the subject was
# "FBI)")
PAREN_TAG_SUBJECT = True
_PAREN_TAG = re.compile(r"\s\([A-Z][\w.&'’-]{0,14}\)")


def _subject_before(sentence: str, end: int) -> str:
    """The subject phrase that ends just before a reporting verb (appositives included)."""
    c = _compiled()
    pre = sentence[:end].rstrip()
    masked = pre
    if PAREN_TAG_SUBJECT and "(" in pre:
        masked = _PAREN_TAG.sub(lambda m: " " + "x" * (len(m.group(0)) - 1), pre)
    cut = 0
    for m in c.subject_boundary.finditer(masked):
        cut = m.end()
    pre = pre[cut:]
    parts = [p.strip() for p in pre.split(",")]
    trailing = bool(parts) and parts[-1] == ""
    if trailing:
        parts.pop()
    if not parts or (not trailing and _RELATIVE.match(parts[-1])):
        return ""  # "the conference, which called for ...": the verb is the clause's own
    # "the local government in Shenzhen, where Huawei is based, said": skip the relative clause.
    while len(parts) > 1 and _RELATIVE.match(parts[-1]):
        parts.pop()
    # "Sandy Phillips, who lost her daughter ... in Aurora, Colorado, said": the relative clause
    # (commas and all) runs to the verb, its antecedent is the subject
    rel = [i for i in range(1, len(parts)) if _RELATIVE.match(parts[i])] if RELATIVE_TO_VERB else []
    if rel and trailing:
        parts = parts[: rel[-1]]
    # "Trump, speaking at a rally in Wilmington, N.C., warned": an aside between commas (and
    # any place in it) runs to the verb; the subject stands before it
    aside = [i for i in range(1, len(parts)) if _ASIDE.match(parts[i])] if trailing else []
    if aside:
        parts = parts[: aside[0]]
    subject = parts[-1]
    en = patterns()["english"]
    # "Tom Nunlist, associate director at Trivium China, emphasized", "Mitch McConnell, R-Ky.,
    # said": join the appositive (or keep the name alone where the two are too long).
    if len(parts) >= 2 and trailing and not _INTRO.match(parts[-2]) and (
        subject[:1].islower() or _PARTY.fullmatch(subject)
    ):
        joined = parts[-2] + ", " + subject
        name = parts[-2].split()
        subject = joined if len(joined.split()) <= en["max_subject_words"] or not (
            1 < len(name) <= 5 and all(w[:1].isupper() for w in name)
        ) else parts[-2]
    elif APPOSITIVE_TITLE and len(parts) >= 2 and trailing and _appositive_title(
        name := parts[-2].lstrip(" '\"“”‘’"), subject
    ):
        subject = name + ", " + subject
    words = subject.lower().split()
    # a capitalised word after the first is part of a name ("Theresa May"), not a modal verb
    raw = subject.split()
    plain = [w for i, w in enumerate(words) if i == 0 or not raw[i].istitle()]
    if len(words) > en["max_subject_words"] or not _word_sets()["subject_stopwords"].isdisjoint(plain):
        return ""
    # "Trump agreed but said", "The minister agreed and said": the verb is the second of two,
    # and what stands before it ends in the first; its subject is not a phrase ending here
    if words and words[-1] in _CONJUNCTIONS:
        return ""
    return subject


_CONJUNCTIONS = frozenset({"and", "but", "or", "yet", "nor"})


# A capitalised title in apposition to a name is that person's, not an unnamed source:
# "Jeff Weaver, Sanders’ campaign manager, said", "Senator Lindsey Graham, Republican of South
# Carolina, said", "Benjamin J. Rhodes, Mr. Obama's deputy national security adviser, said"
# (the subject was the title alone, and the class model called it anonymous). Issue 18,
# attr6: the name and its title are the subject where the name is two to five capitalised
# words that open their clause and the title alone reads as a role or group of people.
APPOSITIVE_TITLE = True
_NAME_WORDS = re.compile(r"(?:(?:[A-Z][\w’'.-]*|[a-z]{1,3}|de|van|von)\s+){1,4}[A-Z][\w’'-]*[a-z]")


def _appositive_title(name: str, title: str) -> bool:
    """Whether `name` (the comma-bounded part before `title`) is a person's name whose
    appositive `title` (capitalised: "Sanders’ campaign manager", "Democrat of Tennessee")
    the frames would call anonymous."""
    if _INTRO.match(name) or not _NAME_WORDS.fullmatch(name) or not name.split()[-1][:1].isupper():
        return False
    generic = _word_sets()["generic_words"]
    if any(w.lower() in generic for w in name.split()[:1]):
        return False  # "The Republicans, ...", "Several officials, ..."
    if classify_source_en(name) != "named":
        return False
    people = _word_sets()["people_heads"]
    head = re.split(r"\b(?:of|from|at|in|with|for|on)\b", title.lower())[0].split()
    last = head[-1] if head else ""
    single = last[:-1] if last.endswith("s") and not last.endswith("ss") else last
    return last in people or single in people


_ASIDE = re.compile(
    r"(?:speaking|writing|appearing|addressing|during|in an? (?:interview|statement|speech|"
    r"letter|op-ed|email|post|tweet|radio|television|TV)|at an? )\b", re.IGNORECASE
)
_PARTY = re.compile(r"[RDI]-[A-Z][\w.]*")  # "R-Ky.": a party and state label


# What the inverted frame ("..., said X") caught that is no source: a time or place phrase
# ("said at a Washington event", "said Tuesday", "said on Twitter") or a clause ("said Ivanka
# Trump's statement didn't clarify the matter").
_NOT_INVERTED = re.compile(
    r"(?:at|on|in|of|during|after|before|to|with|for|from|about|by|via|last|this|earlier|later|"
    r"yesterday|today|tonight|recently|previously|Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)\b|[^,(]*\b(?:is|are|was|were|did|does|do|has|have|had|would|will|could|"
    r"should|can|didn['’]t|doesn['’]t|won['’]t|wasn['’]t|isn['’]t)\b",
)
# Subjects that are no source: an introductory phrase ("Following initial reports", "In the
# wake of ...", "Having said that"), a place abbreviation left of a relative clause ("Ashton,
# Md., who watched ..., said") or a party label ("D-Mass.)").
_NOT_SUBJECT = re.compile(
    r"(?:In|On|At|After|Before|During|Since|By|For|With|Without|From|Amid|Despite|Under|Over|"
    r"As|Following|Having|Asked|Speaking)\b|[RDI]-[A-Z]"
)
_ABBREVIATION = re.compile(r"(?:^|[\s,])[A-Z][a-z]{0,4}\.,?$")  # "Ashton, Md.,": a place
_LEAD_SUBORDINATE = {"while", "when", "what", "although", "though", "because", "once", "and", "but"}


# Straight quotation marks ('"', and "''" as some papers write them) read by their side: a mark
# after a space, a bracket or a dash (or opening the sentence) opens a quotation, one after a
# word or punctuation closes it. Counting them took a sentence that opens inside a quotation
# begun in the sentence before for the reverse ("I don't think that ... ought to sway the
# election," Warren, who has not endorsed a candidate, told reporters: "told" read as inside
# the quotation), and never saw "''" ("''Donald Trump said he has made a lot of sacrifices,''
# Ms. Khan said.": the source "Donald Trump", the quotation's own words).
STRAIGHT_QUOTE_SIDES = True


def _in_quotation(sentence: str, at: int) -> bool:
    """Whether position `at` lies inside a quotation opened earlier in the sentence."""
    before = sentence[:at]
    curly = before.count("“") - before.count("”")
    if not STRAIGHT_QUOTE_SIDES:
        return curly > 0 or before.count('"') % 2 == 1
    if curly > 0:
        return True
    inside = OPENS_INSIDE and _opens_inside(sentence)
    for m in _QUOTE_MARK.finditer(before):
        i = m.start()
        if m.group() in "“”":
            inside = m.group() == "“"
        else:
            inside = i == 0 or before[i - 1].isspace() or before[i - 1] in "([{—–-"
    return inside


# A sentence whose first quotation mark closes a quotation opened in the sentence before is
# inside it up to that mark ("People make all these claims,'' Mrs. Clinton said.", "Let’s say
# they’re at 54, 56, wherever we were before,” Manchin said": the source was "People make all
# these", "Let’s"; "Comey cannot say that “from his perspective,” Lewandowski added" opens with
# an opening mark and is not).
OPENS_INSIDE = True
_QUOTE_MARK = re.compile(r"''|[\"“”]")


def _opens_inside(sentence: str) -> bool:
    """Whether the first quotation mark of the sentence closes one (by its side, as
    `_in_quotation` reads straight marks)."""
    m = _QUOTE_MARK.search(sentence)
    if m is None:
        return False
    if m.group() in "“”":
        return m.group() == "”"
    i = m.start()
    return not (i == 0 or sentence[i - 1].isspace() or sentence[i - 1] in "([{—–-")


# The source after "according to" ends at a comma, a semicolon or a full stop, not at the stop
# of an abbreviation ("according to Sen. Bob Corker", "according to Mr. Rhodes", "according to
# the U.S. Census Bureau": the source was "Sen", nothing, "the U").
FRAME_ABBREVIATIONS = True
_FRAME_END = re.compile(r"[,;]|\.\s|\.$")


def _frame_source(rest: str) -> str:
    """The words after a frame ("according to") up to the end of its source phrase."""
    if not FRAME_ABBREVIATIONS:
        return _FRAME_END.split(rest)[0]
    c = _compiled()
    for m in _FRAME_END.finditer(rest):
        if m.group().startswith(".") and c.abbrev_tail.search(rest, max(0, m.start() - c.abbrev_reach), m.start()):
            continue  # "Sen.", "U.S.", an initial
        return rest[: m.start()]
    return rest


# A sentence that ends with "..., <source> <cue>." ("..., the Times reported.", "..., Jolly
# said.", "..., Blackwell maintains.") is that source's, though an earlier cue stands in what it
# reports ("Carter discussed how ...", "The Trump campaign said ..."): PolNeAR credits a
# sentence holding several attributions to the one whose content covers most of it, here the
# closing frame's (the rule took the first cue's subject).
CLOSING_FRAME = True


def _closing_frame(sentence: str, matches: list[re.Match[str]]) -> bool:
    """Whether the last cue match closes the sentence as "..., <subject> <cue>[ a few words]."
    with a verb of saying, its subject (no clause) right after a comma or a
    quotation's closing mark, and no earlier cue closing a clause the same way ("..., KING-TV
    reported, while ...": two reports side by side)."""
    m = matches[-1]
    if m.group("cue").lower() not in _CLOSING_CUES or _in_quotation(sentence, m.start()):
        return False
    tail = sentence[m.end():]
    if not _CLOSING_TAIL.fullmatch(tail) or len(tail.split()) > 4:
        return False
    if any(sentence[x.end():].lstrip().startswith(",") for x in matches[:-1]):
        return False
    subject = _subject_before(sentence, m.start())
    pre = sentence[: m.start()].rstrip()
    if not subject or not pre.endswith(subject) or _tidy_source(subject) != subject.strip():
        return False
    if _COMMON_THEN_NAME.match(subject) or _DESCRIPTION.match(subject):
        return False  # "..., the company writes.": the earlier subject named (Seagate)
    before = pre[: len(pre) - len(subject)].rstrip()
    if len(before) < matches[-2].end():
        return False  # "20% reported ... and 14% reported ...": the subject runs over a cue
    return before.endswith((",", ",”", ",’", ",\"", ",''", "”", "''"))


_CLOSING_CUES = frozenset(re.findall(r"\S+", """
said says reported reports wrote writes told tells added adds noted notes maintains maintained
acknowledged explained argued warned concluded stated recalled insisted tweeted confirmed
"""))
# what may follow the closing cue: a few words and the sentence's end ("..., Jolly said on
# Tuesday.", read with fullmatch)
_CLOSING_TAIL = re.compile(r"[^,;:“”\"]{0,40}?[.!]?[”’\"]?\s*")
# "a point Feinstein": a common noun before the name, a clause about the content, no source
# "the company", "the Florida senator": a description, mostly of the sentence's earlier subject
_DESCRIPTION = re.compile(r"(?:[Tt]he|[Tt]his|[Tt]hat|[Tt]hese|[Tt]hose)\s+(?:[A-Z][\w’'.-]*\s+)*[a-z]")
_COMMON_THEN_NAME = re.compile(r"(?:a|an|one)\s+[a-z][\w-]*\s+[A-Z]")


# A sentence opening with "As X reported," / "Of course, as X observed," is X's: what follows
# is what X reported (PolNeAR's content covers it, an "according to ..." inside it included:
# "As this reporter revealed, Halbritter is ..., according to genealogical documents" was the
# documents', "as Joel Pollak of Breitbart California observed" no one's).
AS_OPENER = True
_AS_OPENER = re.compile(
    r"\W*(?:(?:Of course|But|And|Indeed|Still|Yet|Now|So)\s*,?\s+)?[Aa]s\s+"
    r"(?P<src>[^,—–;:“”\"]{2,60}?)\s+(?:has\s+|have\s+|had\s+|first\s+|also\s+|recently\s+)?"
    r"(?P<cue>reported|reports|noted|notes|observed|observes|wrote|writes|said|says|revealed|"
    r"pointed out|explained|argued|put it|documented|detailed|found|suggested|warned)\s*,"
)


def _attribute_en(sentence: str) -> _Attr | None:
    """The sentence's source: 'according to X', '..., said X', 'X said', '<Paper> offers ...'."""
    c = _compiled()
    if AS_OPENER and (m := _AS_OPENER.match(sentence)):
        src = _tidy_source(m["src"])
        kind = classify_source_en(src) if src else None
        if kind in ("named", "anonymous"):
            return _Attr(kind, src, m["cue"])
    for frame in (c.according_to, c.as_by) if c.any_frame.search(sentence) else ():
        for m in frame.finditer(sentence):
            src = _tidy_source(_frame_source(sentence[m.end() :]))
            kind = classify_source_en(src) if src else None
            if kind in ("named", "anonymous"):
                cue = m.group(0).strip()
                return _Attr(kind, src, cue)
    m = c.inverted.search(sentence)
    if m and not _NOT_INVERTED.match(m.group("src")):
        src = _tidy_source(m.group("src"))
        kind = classify_source_en(src.split(",")[0]) if src else None
        if kind in ("named", "anonymous"):
            return _Attr(kind, src, m.group("cue"))
    for pattern in c.summary:
        m = pattern.search(sentence)
        if m:
            subject = _subject_before(sentence, m.start())
            kind = classify_source_en(subject) if subject else None
            if kind in ("named", "document"):
                # "It offers ...": the document as written, resolved to the publication later
                return _Attr(kind, subject, m.group("cue"), True)
    matches = list(c.cue_en.finditer(sentence))
    if CLOSING_FRAME and len(matches) > 1 and _closing_frame(sentence, matches):
        # "Manafort acknowledged that ..., The Washington Post reported in 1991.": the frame
        # that closes the sentence reports all before it, the earlier cue included
        found = _cue_attribution(sentence, matches[-1])
        if found is not None and found.kind in ("named", "anonymous"):
            return found  # not "..., she said": the pronoun may stand for the earlier subject
    for m in matches:
        found = _cue_attribution(sentence, m)
        if found is not None:
            if POLL_OPENER and (poll := _POLL_OPENER.match(sentence)) and _SHARE_SUBJECT.match(
                found.source or ""
            ) and re.search(r"\s[A-Z]", poll["poll"]):
                # "a national CNN/ORC poll [released Monday]": the participle's tail cut
                return _Attr("named", _POLL_TAIL.sub("", poll["poll"]), found.cue)
            return found
    return None


# "In a national CNN/ORC poll released Monday, 31% of Republicans ... said ...": PolNeAR's
# source is the poll (its content covers the whole sentence, the share's only what they said),
# named; the rule took the share of respondents, anonymous. Only a poll with a name in it,
# before a share of people ("31% of", "79 percent of", "just 8 percent of").
POLL_OPENER = True
_POLL_OPENER = re.compile(r"\s*In (?P<poll>(?:a|an|the) [^,]{0,80}?\b(?:poll|survey|Poll|Survey)\b[^,]{0,60}),\s")
_POLL_TAIL = re.compile(r"\s+(?:released|conducted|published|taken|issued|out)\b.*$")
_SHARE_SUBJECT = re.compile(
    r"(?:just |only |some |nearly |about |almost |roughly |more than |fewer than |less than )?"
    r"(?:\d|[Hh]alf\b|[Mm]ost\b|[Aa] majority\b|(?:[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our) in\b)"
)


# "states" is mostly the noun in news ("in all five states voting Tuesday", "Coastal states
# swing toward Democrats", "Republicans now control both chambers in 30 states"): of the rule's
# "states" cues on the five held-out fifths of PolNeAR train, 20 stood in sentences no one is
# quoted in and 12 gave a wrong source, 6 a right one. It reads as the reporting verb only
# before "that", a colon or a quotation ("The law states that", "Article 33 states: “...”").
STATES_NOUN = True
_STATES_VERB = re.compile(r"\s*(?:that\b|:|,?\s*[“\"'])")


def _cue_attribution(sentence: str, m: re.Match[str]) -> _Attr | None:
    """The attribution of cue match `m` ("X said"): its subject, where that reads as a source."""
    if _in_quotation(sentence, m.start()):
        return None  # "“Every time you say that,” Tester said": the quotation's own verb
    if STATES_NOUN and m.group("cue").lower() == "states" and not _STATES_VERB.match(sentence, m.end()):
        return None  # "in all five states voting Tuesday", "Rust Belt states": the noun
    subject = _subject_before(sentence, m.start())
    if _ABBREVIATION.search(subject):
        return None
    subject = _tidy_source(subject)
    lead = subject.split(maxsplit=1)
    if lead and lead[0].lower() in _LEAD_SUBORDINATE and len(lead) > 1:
        subject = lead[1]  # "While Obama said": the subject is Obama
    if not subject or _NOT_SUBJECT.match(subject):
        return None
    en = patterns()["english"]
    cue = m.group("cue").lower()
    if (cue in en["evidence_verbs"] or attribution.finds_a_thing(cue, sentence, m.end())) and not any(
        re.search(rf"\b{n}\b", subject, re.IGNORECASE) for n in en["evidence_nouns"]
    ):
        # a verb that reports only a record's finding ("A company called DeepSeek showed"), or a
        # finder that found itself ("Fox News found itself playing host"): no one's, unless the
        # subject is a record
        return None
    kind = classify_source_en(subject)
    if kind is None:
        return None
    return _Attr(kind, subject, (m.group("pre") + m.group("cue")).strip())


# ---------------------------------------------------------------------------------------------
# Chinese attribution
# ---------------------------------------------------------------------------------------------

# Switches of the third round of Chinese frames (issue 18, zhattr3; benchmarks/attribution_zh.py,
# tune half), each off restoring the earlier behaviour:
# a pronoun, a description or a document with no source before it is attributed with no verdict
# (unclear), as the English model leaves them, rather than not attributed;
ZH_UNRESOLVED_UNCLEAR = True
# a name then its title ("习近平总书记") is named;
ZH_NAME_THEN_TITLE = True
# a paragraph whose first quotation mark closes a quotation opened before is one quotation up
# to that mark, taking its own speaker or the open quotation's;
ZH_QUOTE_GOES_ON = True
QUOTE_GOES_ON = 10**6  # the group id of those sentences
# a quotation standing alone, then a sentence opening with its speaker, is the speaker's.
ZH_SPEAKER_AFTER = True

# Switches of the fourth round (issue 18, zh4; benchmarks/attribution_zh.py, tune half), each
# off restoring the earlier behaviour:
# a closing quotation mark after a space and a full-width terminator ("……只有两周 。 ”") ends
# that sentence, not opens the next ("”与此同时，……" read as inside a quotation);
ZH_SPACED_CLOSE = True
# a quotation standing alone goes on the speech of the sentence before only where that sentence
# quotes speech (opens or ends with a quotation, or quotes after a colon), not a phrase quoted
# inside it ("有网友认为，此举系“博眼球的乞讨行为”，……。");
ZH_CARRY_SPEECH_ONLY = True
# a quotation standing alone, then its speaker after a time ("“……。”昨晚，杭州市公安局下城分局
# 宣传负责人告诉记者，……"), is the speaker's.
ZH_SPEAKER_AFTER_TIME = True
# a source citing another ("哈内科姆引用国家传染病研究所的数据说"): the one citing says it, or,
# citing someone's words ("路透社援引一名官员的话说"), the one cited.
ZH_CITING = True
# a quotation standing alone that no rule gives a source is attributed with no verdict (unclear):
# someone's words, not the outlet's assertion.
ZH_QUOTE_UNCLEAR = True
# "他说", "她表示" resolve to a person, not to an organisation or a country attributed before
# ("七国集团警告……。……他说"): else to a person named since, or no verdict.
ZH_PRONOUN_PERSON = True
# a person named before by a title then a transliterated name ("德国新任外交部长贝尔博克") is one a
# pronoun with no source before it resolves to, as a bare transliterated name is.
ZH_MENTION_TITLED = True
# a quotation left open at the paragraph's end shares its source only up to a sentence with a
# source of its own.
ZH_OPEN_QUOTE_STOPS = True


# A Chinese source no pattern knows that the dictionary's first sense calls a name ("华为" Huawei,
# "新华社" Xinhua News Agency, "五角大楼" Pentagon) is named: companies and agencies carry no
# organisation suffix ("华为表示" was no claim's source at all)
ZH_DICTIONARY_NAMES = True


def classify_source_zh(phrase: str) -> str | None:
    """'named', 'anonymous', 'pronoun' or None for a Chinese source phrase."""
    zh, c = patterns()["chinese"], _compiled()
    s = re.sub(r"\s+", "", phrase)
    if not s:
        return None
    if s in zh["pronouns"]:
        return "pronoun"
    if any(ch in s for ch in zh["not_in_source"]):
        return None  # "……普京成为了七国集团的关注点教皇": a clause, not a source
    if s in zh["capitals"]:
        return "named"  # "华盛顿一再表示": a capital for its government
    if len(s) > 2 and s.endswith(zh["plural"]):
        s = s[: -len(zh["plural"])]  # "官员们": the role noun's plural
    if any(marker in s for marker in zh["anonymous_markers"]) or re.match(zh["indefinite_people"], s):
        # "活动人士罗冠聪": a name after the people's word names them
        return "named" if _zh_titled_name(s, zh) else "anonymous"
    if _zh_person_named(s, zh):
        return "named"
    if re.match(zh["described"], s):
        # "这位外交大臣": the person named before, as a pronoun resolves; "这名官员" may be one
        # never named (an official quoted anonymously): the source attributed before, named or
        # anonymous (extract_claims resolves it)
        return "described" if any(s.endswith(r) for r in zh["role_nouns"]) else "pronoun"
    if re.match(zh["described_group"], s):
        return "named"  # "该组织", "这家公司": the organisation named before
    for role in sorted(zh["role_nouns"], key=len, reverse=True):
        if s.endswith(role):
            # People named by their role only, with or without an organisation, are not named
            # (as in English: "Morgan Stanley analysts", "a Coca-Cola spokesman").
            prefix = s[: -len(role)]
            return "named" if "·" in prefix else "anonymous"
    if c.zh_named.search(phrase):
        return "named"
    if ZH_DICTIONARY_NAMES and 1 < len(s) <= 8 and glossary.proper_name(s):
        return "named"  # "华为表示", "新华社称": a company's or an agency's name
    return None


_LATIN_NAME = re.compile(r"[A-Z][A-Za-z.'’-]+(?: [A-Z][A-Za-z.'’-]+){0,3}")


def _zh_name(s: str, zh: dict[str, Any]) -> bool:
    """Whether `s` reads as a person's name: with "·", Latin, a surname and two characters, or
    all transliteration characters."""
    if not s or any(ch in zh["not_in_name"] for ch in s):
        return False
    if "·" in s or "•" in s or re.fullmatch(r"[A-Za-z][A-Za-z .'-]+", s):
        return True
    if not _CJK.fullmatch(s[0]) or len(s) > 6:
        return False
    if len(s) in (2, 3) and s[0] in zh["surnames"] and all(_CJK.fullmatch(ch) for ch in s):
        return True
    return len(s) >= 2 and all(ch in zh["transliteration"] for ch in s)


def _zh_person_named(s: str, zh: dict[str, Any]) -> bool:
    """Named people: a title then a name ("外交部发言人汪文斌"), a name then an honorific
    ("特拉斯女士"), a bare name ("罗冠聪", "德贝里"), a country or its side ("德国", "俄方")."""
    if re.match(zh["country_side"], s) or re.match(zh["country"], s):
        return not re.match(zh["quantifiers"].rstrip("$").rstrip("*") + "+", s)
    if _zh_titled_name(s, zh):
        return True
    for h in zh["honorifics"]:
        if s.endswith(h) and 1 <= len(s) - len(h) <= 5 and _zh_name_or_surname(s[: -len(h)], zh):
            return True
    return _zh_name(s, zh)


@lru_cache(maxsize=1)
def _zh_titles() -> tuple[tuple[str, ...], re.Pattern[str]]:
    """The title nouns, longest first, and a pattern of a phrase ending in one that is no role."""
    zh = patterns()["chinese"]
    titles = tuple(sorted(zh["title_nouns"], key=len, reverse=True))
    ending = [re.escape(t) for t in titles if t not in zh["role_nouns"]]
    return titles, re.compile(f"(?:{'|'.join(ending)})$")


def _zh_titled_name(s: str, zh: dict[str, Any]) -> bool:
    """A title then a name ("外交部发言人汪文斌", "香港民主人权活动人士罗冠聪"), or a name then
    its title ("习近平总书记")."""
    titles, ending = _zh_titles()
    for title in titles:
        at = s.rfind(title)
        rest = s[at + len(title) :].strip()
        # a name of 2-5 characters, or a Latin one ("Samujjal Kumar Bhattacharya")
        if at >= 0 and (2 <= len(rest) <= 5 or _LATIN_NAME.fullmatch(rest)) and _zh_name(rest, zh):
            return True
    # a name then its title ("习近平总书记", "范明正总理"), as Chinese often writes it (not a
    # role: "伊朗官员" is Iran's officials)
    if ZH_NAME_THEN_TITLE:
        m = ending.search(s)
        if m and 2 <= m.start() <= 4 and _zh_name(s[: m.start()], zh):
            return True
    return False


def _zh_name_or_surname(s: str, zh: dict[str, Any]) -> bool:
    return (len(s) == 1 and s in zh["surnames"]) or _zh_name(s, zh)


def _subject_before_zh(sentence: str, end: int) -> str:
    """The run of text before a Chinese cue, back to the last punctuation mark."""
    zh = patterns()["chinese"]
    pre = re.sub(zh["subject_brackets"], "", sentence[:end])  # "达伦·莫斯 (Darren Moss) 说"
    # a short quoted name inside the source or its aside ("在“六一”儿童节媒体通气会上") is
    # no boundary
    pre = re.sub(zh["quoted_name"], r"\1", pre)
    cut = max((pre.rfind(ch) for ch in zh["boundaries"]), default=-1)
    subject = pre[cut + 1 :].strip()
    subject = re.sub(zh["subject_openers"], "", subject)
    subject = re.sub(zh["subject_adverbs"], "", subject)
    # "古特雷斯在当天的开场讲话中也表示": where or when it was said is no part of the source
    trimmed = re.sub(zh["subject_addressees"], "", re.sub(zh["subject_asides"], "", subject))
    # where, then to whom ("阿尔·泽尤迪于周六在论坛上对 RIA 通讯社如是说")
    trimmed = re.sub(zh["subject_asides"], "", trimmed)
    if trimmed != subject and trimmed:
        subject = re.sub(zh["subject_adverbs"], "", trimmed)
    if len(subject) > zh["max_subject_chars"]:
        # "网络安全公司 Crowdstrike 高级情报副总裁亚当·迈耶斯": a long description before a title and
        # a name; the title and the name are the source
        titles = [t for t in zh["title_nouns"] if t in subject]
        at = max((subject.rfind(t) for t in titles), default=-1)
        tail = subject[at:] if at >= 0 else ""
        return tail if tail and _zh_person_named(tail, zh) else ""
    return subject


def _leading_source(clause: str) -> str:
    """The source opening a clause ("欧盟委员会" of "欧盟委员会拒绝向波兰提供资金", "她" of
    "此前她发起了一份请愿书"), or "": a pronoun, a named person, or the longest opening run that
    ends in an organisation's or a role's word (not a run merely holding one)."""
    zh, c = patterns()["chinese"], _compiled()
    clause = re.sub(zh["serial_openers"], "", re.sub(zh["subject_openers"], "", clause.strip()))
    if re.search(zh["serial_not_lead"], clause):
        return ""
    for p in sorted(zh["pronouns"], key=len, reverse=True):
        if clause.startswith(p) and p != "其":
            return p
    person = _leading_person(clause)
    for end in range(min(len(clause), zh["max_subject_chars"]), 1, -1):
        head = clause[:end]
        if len(person) >= end:
            return person
        if "的" in head:
            continue
        if (
            (c.zh_named_end.search(head) and len(head) > 2)  # not "总部位于……"
            or re.match(zh["country"], head)
            or any(head.endswith(r) for r in zh["role_nouns"])
        ):
            return head if classify_source_zh(head) in ("named", "anonymous") else ""
    return person


def _leading_person(clause: str) -> str:
    """The named person opening a clause ("克韦西奇" of "克韦西奇积极评价波中关系并"), or ""."""
    zh = patterns()["chinese"]
    for end in range(min(len(clause), zh["max_subject_chars"]), 1, -1):
        if _zh_person_named(clause[:end], zh) and not re.match(zh["country"], clause[:end]):
            if "·" in clause[:end] or "•" in clause[:end]:
                # "作家希夫·拉姆达斯": a title's name is 2-5 characters, a "·" name runs on
                while end < len(clause) and clause[end] in zh["transliteration"]:
                    end += 1
            return clause[:end]
    return ""


def _zh_is_person(source: str) -> bool:
    """Whether a named Chinese source is a person ("外交部发言人汪文斌", "罗杰斯", "特拉斯女士"),
    not an organisation, a country or a capital ("七国集团", "德国", "华盛顿")."""
    zh = patterns()["chinese"]
    s = re.sub(r"\s+", "", source)
    if s in zh["capitals"] or re.match(zh["country_side"], s) or re.match(zh["country"], s):
        return False
    if _zh_titled_name(s, zh) or "·" in s or "•" in s or _LATIN_NAME.fullmatch(source.strip()):
        return True
    if any(s.endswith(h) and len(s) > len(h) for h in zh["honorifics"]):
        return True
    if s.endswith((*zh["title_nouns"], "教皇", "国王", "女王")):
        return True  # "总统", "伊朗总统": a person by title
    return _zh_name(s, zh) and not _compiled().zh_named.search(s)


def _zh_singular(source: str) -> bool:
    """One person referred back to: "他", "她", "这位艺术家" (not "他们", not "其")."""
    zh = patterns()["chinese"]
    return source in zh["singular_pronouns"] or bool(re.match(zh["described"], source))


def _zh_mention(text: str) -> str:
    """The last person named in a Chinese text ("罗杰斯" of "罗杰斯没有就…进行解释"): a
    transliterated full name ("叶海亚·谢里夫"), or a transliterated name opening a clause; ""
    if none."""
    zh, c = patterns()["chinese"], _compiled()
    found = ""
    for clause in re.split(f"[{re.escape(zh['boundaries'])}]", text):
        clause = re.sub(zh["subject_openers"], "", clause.strip())
        lead = _leading_person(clause) if len(clause) > 2 else ""
        if ZH_MENTION_TITLED and lead and not all(ch in zh["transliteration"] for ch in lead):
            # "德国新任外交部长贝尔博克": a title, then a transliterated name, which surely ends
            # where it is cut
            titles, _ = _zh_titles()
            at = max((lead.rfind(t) + len(t) for t in titles if t in lead), default=-1)
            tail = lead[at:].strip() if at > 0 else ""
            if len(tail) >= 2 and all(ch in zh["transliteration"] for ch in tail):
                lead = tail
        if not all(ch in zh["transliteration"] for ch in lead):
            # a surname and two characters ("纪念衬衫"), a title and a name ("外交部长王毅访问"):
            # where the name ends is unsure
            lead = ""
        full = c.zh_full_name.findall(clause)
        found = full[-1] if full else lead or found
    return found


def _cited_source(sentence: str, end: int) -> tuple[str, str] | None:
    """(source, kind) of a source citing another before a cue at `end`: the one citing
    ("哈内科姆引用国家传染病研究所的数据说" -> 哈内科姆), or the one whose words are cited
    ("路透社援引一名美国官员的话说" -> 一名美国官员); None if no citing or no source."""
    zh = patterns()["chinese"]
    pre = sentence[:end]
    cut = max((pre.rfind(ch) for ch in zh["clause_boundaries"]), default=-1)
    found = None
    for found in re.finditer(zh["citing"], pre[cut + 1 :]):
        pass
    if found is None:
        return None
    at = cut + 1 + found.start()
    if pre.rstrip().endswith(zh["cited_words"]):
        source = re.sub(r"\s+", "", pre[cut + 1 + found.end() :].rstrip()[: -len(zh["cited_words"])])
    else:
        source = _subject_before_zh(sentence, at)
    kind = classify_source_zh(source)
    return (source, kind) if kind in ("named", "anonymous", "pronoun") else None


def _attribute_zh(sentence: str) -> _Attr | None:
    """Chinese frames: 据…报道, 根据…数据, X表示, 知情人士称, 据悉."""
    c, zh = _compiled(), patterns()["chinese"]
    for m in c.zh_according_data.finditer(sentence):
        src = m.group("src").strip()
        kind = classify_source_zh(src)
        if kind in ("named", "anonymous"):
            return _Attr(kind, src, "根据…" + m.group("cue"))
    for m in c.zh_learnt_from.finditer(sentence):
        src = m.group("src").strip()
        kind = classify_source_zh(src)
        if kind in ("named", "anonymous"):
            return _Attr(kind, src, "从…" + m.group(0)[-2:])
    for m in c.zh_as_said.finditer(sentence):
        # "正如有教师所言，……": as someone said
        src = m.group("src").strip()
        kind = classify_source_zh(src)
        if kind in ("named", "anonymous"):
            return _Attr(kind, src, "所" + m.group("cue"))
    m = c.zh_reporter_learnt.match(sentence)
    if m and "从" not in m.group(0):
        return _Attr("anonymous", None, "记者" + m.group("cue"))
    for m in c.zh_according.finditer(sentence):
        src = m.group("src").strip()
        cue = "据" + (m.group("cue") if not src else "…" + m.group("cue"))
        if not src:
            return _Attr("anonymous", None, cue if m.group("cue") != "悉" else "据悉")
        kind = classify_source_zh(src)
        if kind in ("named", "anonymous"):
            return _Attr(kind, src.strip("《》"), cue)
    for m in c.zh_cue.finditer(sentence):
        subject = _subject_before_zh(sentence, m.start())
        if re.search(patterns()["chinese"]["not_subject"], subject):
            continue
        kind = classify_source_zh(subject)
        if ZH_CITING and (cited := _cited_source(sentence, m.start())):
            subject, kind = cited
        # "他也不能肯定，就说": adverbs between the comma and the verb
        before = re.sub(zh["subject_adverbs"], "", sentence[: m.start()]).rstrip()
        if (
            not subject
            and before
            and before[-1] in zh["serial_commas"]
            and m.group("cue") in zh["serial_cues"]
        ):
            # "欧盟委员会拒绝向波兰提供资金，称……": the source opening the clause before
            clause = re.split(f"[{re.escape(zh['clause_boundaries'])}]", before[:-1])[-1]
            subject = _leading_source(clause)
            kind = classify_source_zh(subject) if subject else None
        if kind is None and re.search(patterns()["chinese"]["clause_before_cue"], subject):
            # "克韦西奇积极评价波中关系并表示", "院长须成忠宣读赞辞时表示": the verb's subject is the
            # person opening the clause before "并" or "…时"
            subject = _leading_person(subject)
            kind = "named" if subject else None
        if (
            kind is None
            and m.group("cue") in zh["unnamed_source_cues"]
            and re.match(zh["unnamed_sources"], re.sub(r"\s+", "", subject))
        ):
            # "草案说", "代表其家人发表的一份声明称": a document no one is named in:
            # attributed, with no verdict
            return _Attr(attribution.UNCLEAR, subject, m.group("cue"))
        if kind is None:
            continue
        # a pronoun keeps itself as written ("他"): extract_claims resolves it to the earlier
        # person and shows the pronoun beside the name, as it does "He" in English
        return _Attr(kind, subject, m.group("cue"))
    m = c.zh_colon_quote.search(sentence)
    if m:
        # "作家希夫·拉姆达斯也用自己的话谴责了这条推文：“……”": words quoted after a colon are
        # the clause's subject's, with no reporting verb
        subject = _subject_before_zh(sentence, m.start())
        lead = _leading_person(subject)
        if lead:
            return _Attr("named", lead, "：“")
        # no person opening it: a short source of its own ("人民日报评论员：“")
        kind = classify_source_zh(subject) if len(subject) <= zh["colon_subject_chars"] else None
        if kind is not None:
            return _Attr(kind, subject, "：“")
    return None


# ---------------------------------------------------------------------------------------------
# Claims of one article
# ---------------------------------------------------------------------------------------------


def _quote_groups(sentences: list[str], closed_only: bool = False) -> list[int]:
    """Group id per sentence: sentences of one multi-sentence quotation share an id.

    `closed_only`: a quotation still open at the paragraph's end (a mark left unclosed, as a
    translation may, or a quotation going on in the next paragraph) gets a negative id: only
    its opening sentence's source is the quotation's ("他说：“……"), not one named inside it."""
    s = patterns()["sentences"]
    opens, closes = set(s["open_quotes"]), set(s["close_quotes"])
    marks = _compiled().quote_marks  # only quotation marks change the depth
    groups, gid, depth = [], 0, 0
    orphan, seen_mark = -1, False  # a closing mark before any opening one: its sentence
    for i, sent in enumerate(sentences):
        if depth == 0:
            gid += 1
        groups.append(gid)
        for ch in marks.findall(sent):
            if ch in opens:
                depth += 1
            elif ch in closes:
                if not seen_mark:
                    orphan = i
                depth = max(0, depth - 1)
            elif ch == '"':
                depth = 0 if depth else 1
            seen_mark = True
    if closed_only and orphan >= 0 and ZH_QUOTE_GOES_ON:
        # "……。我们不会让死者白白牺牲。”": a quotation going on from the paragraph before
        # (its opening mark there); the sentences up to its closing mark are one quotation
        groups[: orphan + 1] = [QUOTE_GOES_ON] * (orphan + 1)
    if closed_only and depth:
        groups = [-g if g == gid else g for g in groups]
    return groups


def _join_speaker_tags(sentences: list[str], groups: list[int], found: list[_Attr | None]) -> None:
    """Chinese: a quotation closed at a sentence's end, then its speaker alone ("……”这位参议员
    7 月份在推特上写道。" splits after "”"): the speaker's sentence joins the quotation."""
    zh = patterns()["chinese"]
    closes = tuple(patterns()["sentences"]["close_quotes"] + '"')
    marks = _compiled().quote_marks
    for i in range(1, len(sentences)):
        tag = sentences[i]
        if (
            found[i] is not None
            and len(tag) <= zh["speaker_tag_chars"]
            and not marks.search(tag)
            and sentences[i - 1].rstrip().endswith(closes)
        ):
            groups[i] = groups[i - 1]


def _carry_quotations(
    sentences: list[str],
    groups: list[int],
    resolved: list[_Attr | None],
    tail: tuple[str, _Attr | None] | None = None,
) -> None:
    """Chinese: a quotation of its own with no source (“……。”) continues the speaker of the
    sentence just before it, when that sentence is attributed and quotes ("他说：“……”" or
    "“……，”他说。"): the source is carried, as English carries a quotation's speaker. `tail`:
    the previous Chinese paragraph's last sentence and its source, which a paragraph opening
    with a quotation continues the same way."""
    opens = tuple(patterns()["sentences"]["open_quotes"] + '"')
    c = _compiled()
    marks = c.quote_marks
    for i in range(len(sentences)):
        if resolved[i] is not None or (i and groups[i] == groups[i - 1]):
            continue
        prev, before = (sentences[i - 1], resolved[i - 1]) if i else tail or ("", None)
        if before is None or not marks.search(prev):
            continue
        if ZH_CARRY_SPEECH_ONLY and not _quotes_speech(prev):
            # "有网友认为，此举系“博眼球的乞讨行为”，……。": a phrase quoted inside a sentence
            # is no speech that a quotation after it goes on
            continue
        if not sentences[i].lstrip().startswith(opens):
            continue
        group = [j for j in range(i, len(sentences)) if groups[j] == groups[i]]
        # "“……，”草案说。": a speaker of its own, though no source we classify: none carried
        if any(c.zh_cue.search(c.quoted.sub("", sentences[j])) for j in group):
            continue
        for j in group:
            resolved[j] = before




def _quotes_speech(sentence: str) -> bool:
    """Whether a Chinese sentence quotes someone's speech: a quotation opening it ("“……，”他说。"),
    ending it ("他说：“……。”") or opened after a colon, not a phrase quoted inside it."""
    s, c = patterns()["sentences"], _compiled()
    opens, closes = s["open_quotes"] + '"', s["close_quotes"] + '"'
    text = sentence.strip().rstrip(" 。.!！?？；;…")
    last = max(text.rfind(ch) for ch in closes)
    tag = text[last + 1 :].strip() if last >= 0 else ""
    return (
        text[:1] in opens
        or text[-1:] in closes
        or bool(c.zh_colon_quote.search(sentence))
        # "……，”他说。": its speaker right after the closing mark (not "……” ， 也有网友表示……")
        or (
            bool(tag)
            and len(tag) <= patterns()["chinese"]["speaker_tag_chars"]
            and tag[0] not in patterns()["chinese"]["boundaries"]
            and bool(c.zh_cue.search(tag))
        )
    )


def _quotations_before_speaker(
    sentences: list[str],
    groups: list[int],
    resolved: list[_Attr | None],
    following: Callable[[], str],
) -> None:
    """Chinese: a quotation standing alone (“……。”) with no source, then a sentence opening
    with its speaker ("“……。”申俊飞说，……", "“……！”李先生告诉记者，……"): the quotation is the
    speaker's, as English gives a quotation the source named after it. `following()`: the next
    Chinese paragraph's first sentence, which may be that speaker's."""
    zh = patterns()["chinese"]
    opens = tuple(patterns()["sentences"]["open_quotes"] + '"')
    closes = tuple(patterns()["sentences"]["close_quotes"] + '"')
    for i in range(len(sentences)):
        if resolved[i] is not None or groups[i] <= 0 or (i and groups[i] == groups[i - 1]):
            continue
        if not sentences[i].lstrip().startswith(opens):
            continue
        group = [j for j in range(i, len(sentences)) if groups[j] == groups[i]]
        last = sentences[group[-1]].rstrip(" 。.!！?？")
        if not last.endswith(closes) or any(resolved[j] is not None for j in group):
            continue
        after = group[-1] + 1
        speaker = sentences[after] if after < len(sentences) else following()
        attr = _attribute_zh(speaker) if speaker else None
        opening = re.sub(r"\s+", "", speaker)
        if ZH_SPEAKER_AFTER_TIME:
            # "“……。”昨晚，杭州市公安局下城分局宣传负责人告诉记者，……": when, then the speaker
            opening = re.sub(zh["time_opener"], "", opening)
        if (
            attr is None
            or attr.kind not in ("named", "anonymous")
            or not attr.source
            or not opening.startswith(re.sub(r"\s+", "", attr.source))
        ):
            continue
        for j in group:
            resolved[j] = attr


def _unsourced_quotations(sentences: list[str], groups: list[int], resolved: list[_Attr | None]) -> None:
    """Chinese: a quotation standing alone (“……。”) that no rule gives a source is someone's
    words, whose is not known: attributed, with no verdict (unclear), not the outlet's own
    assertion."""
    s = patterns()["sentences"]
    opens, closes = tuple(s["open_quotes"] + '"'), tuple(s["close_quotes"] + '"')
    done: set[int] = set()
    for i, gid in enumerate(groups):
        if gid in done:
            continue
        done.add(gid)
        group = [j for j in range(i, len(sentences)) if groups[j] == gid]
        if any(resolved[j] is not None for j in group):
            continue
        first = sentences[group[0]].lstrip()
        last = sentences[group[-1]].rstrip(" 。.!！?？；;…")
        # (not one only closed here, "……。”": a stray mark may be no quotation's)
        if first.startswith(opens) and last.endswith(closes):
            for j in group:
                resolved[j] = _Attr(attribution.UNCLEAR, None, "“…”")


# Transcript speaker labels (`speakers.transcript_speakers`): in a transcript, every sentence of
# a turn opening with its speaker's label ("\"PENCE: Well, look, ...", "JAKE TAPPER: Donald
# Trump released ...") is the speaker's, named, whatever the model found in it.
TRANSCRIPT_TURNS = True
# Quotations signed after a dash (`speakers.signed_quotations`): `“Donald Trump scares me. ...”
# ― Krystal Correa` is Krystal Correa's, every sentence of it, named; a sentence running on
# over the signature's line end splits there (`speakers.split_signatures`).
SIGNED_QUOTATIONS = True


def _layout_speakers(
    texts: list[str], paras: list[list[str]], found: list[attribution.Found]
) -> list[attribution.Found]:
    """`found` with the sentences whose speaker the layout names given to that speaker."""
    for on, names, cue, via in (
        (TRANSCRIPT_TURNS, speakers.transcript_speakers, ":", "turn"),
        (SIGNED_QUOTATIONS, speakers.signed_quotations, "―", "signed"),
    ):
        if not on:
            continue
        for k, name in enumerate(names(texts, paras)):
            if name:
                found[k] = attribution.Found("named", name, name, cue, via, quoted=True)
            elif name == "":
                found[k] = attribution.Found("none")
    return found


def reads_attribution(lang: str | None) -> bool:
    """Whether attribution is read in this language: English (the trained model) and Chinese
    (the frames); a paragraph of unknown language is read as its script says."""
    return lang is None or lang.lower()[:2] in ("en", "zh")


@dataclass(frozen=True)
class Reading:
    """What the claims stage reads of one article: its claims, and whether the page reports
    nothing (`attribution.page_reports_nothing`: no said-type verbs or quotation marks, written
    to the reader or in lists; a guide, a listing). Such a page's figures are of many cases,
    not one event's: the number checks give its conflicts no verdict."""

    claims: list[Claim]
    reports_nothing: bool


# A source cut inside its description ("James B. Cunningham, then ambassador to", "Joe
# Scarborough, host of MSNBC’s “Morning Joe"): the name before the description is the source
# shown (where the span ends on a word that cannot end a noun phrase, or opens a quotation it
# does not close)
DANGLING_CUT = True
_DANGLING = re.compile(
    r"(?<![.\w])(?:of|to|and|or|the|a|an|for|in|on|at|with|by|from|that|who|which|whose)$"
)  # lower case only ("F.A.A", "Section A" end on no function word)
_NAME_FIRST = re.compile(r"^(?:[A-Z][\w.’'-]*\s+){0,5}[A-Z][\w.’'-]*$")


# ... and the words around a source that are no part of it: a dateline or a conjunction before
# it ("WASHINGTON -- The U.S. Department of the Treasury", "And more than a half-dozen House
# and Senate Democrats", "than some other Republicans"), a time after it ("Mr. Sestak first",
# "Comey at the time"); a source that is only a conjunction or an adverb ("and", "Perhaps") is
# none at all
SHOWN_TRIM = True
_DATELINE = re.compile(r"^[A-Z][A-Z.,' ]{2,40}?\s*(?:--|—|–)\s*(?=\S)")
_CONJUNCTION = re.compile(r"^(?:and|but|or|than)\s+(?=\S)", re.IGNORECASE)
# ... and a sentence's opening phrase before its comma ("On March 25, Platte River", "Like
# Corker, Menendez", "Speaking to reporters, Sen. Cruz"), unless it names a poll or a study,
# which is then the source ("In exit polls, voters in both parties ...")
INTRO_TRIM = True
_INTRO_PHRASE = re.compile(
    r"^(?:In|On|At|After|Before|During|Since|Like|Unlike|Speaking|Asked)\s"
    r"(?![^,]*\b(?:polls?|polling|surveys?|stud(?:y|ies)|reports?)\b)[^,]{1,60},\s+(?=\S)"
)
_TIME_AFTER = re.compile(
    r"\s+(?:first|at the time|at that time|this (?:morning|week|month|year)|last (?:week|month|"
    r"year)|on (?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|earlier|later|again|then|now|recently|"
    r"previously)$"
)
# "she’s", "That’s": a pronoun and "is", no source ("Moody’s", "Trump’s" are kept)
_CONTRACTION = re.compile(r"(?:she|he|it|that|there|what|this|here|who)[’']s", re.IGNORECASE)
# ... and a verb of saying the span took from an inverted tag ("“...,” recalls UX Designer Miche
# Alvarez", "explains Dave Crossland, the Lead UX Program Manager for Google": WCXB pages that
# are not news, fifth round): the name after it is the source shown
VERB_TRIM = True
_VERB_OPENING = re.compile(
    r"^(?:says|said|recalls|recalled|explains|explained|adds|added|notes|noted|writes|wrote|"
    r"continues|continued|tells|told|shares|shared|reveals|revealed|admits|admitted|"
    r"observes|observed|concludes|concluded|insists|insisted|argues|argued|asks|asked)\s+(?=[A-Z])"
)
_NO_SOURCE = frozenset({"and", "or", "but", "perhaps", "also", "then", "so", "yet", "however",
                        "still", "instead", "meanwhile", "indeed", "earlier", "later", "now",
                        "recently", "previously", "first", "again", "despite", "although",
                        "though", "while", "because", "since", "if", "unless", "when", "as"})


def _shown(source: str | None) -> str | None:
    """The source as a reader is shown it: a name cut from a description left unfinished, without
    a dateline before it or a time after it (None where nothing is left of a source)."""
    if not source:
        return source
    if SHOWN_TRIM:
        bare = _CONJUNCTION.sub("", _DATELINE.sub("", source))
        if INTRO_TRIM:
            bare = _INTRO_PHRASE.sub("", bare)
        if VERB_TRIM:
            bare = _VERB_OPENING.sub("", bare)
        source = _TIME_AFTER.sub("", bare).strip() or source
        if source.lower() in _NO_SOURCE or _CONTRACTION.fullmatch(source):
            return None
    if not DANGLING_CUT:
        return source
    if "," in source and (_DANGLING.search(source) or source.count("“") > source.count("”")):
        name = source.split(",", 1)[0].strip()
        if _NAME_FIRST.match(name):
            return name
    # no name before a comma: the words it stopped on go ("A dozen Republicans who" -> "A dozen
    # Republicans", "Kate McKinnon on" -> "Kate McKinnon"), and a bracket left open or closed
    # alone at its end
    cut = source.rstrip(" ,;:(")
    while _DANGLING.search(cut):
        cut = _DANGLING.sub("", cut).rstrip(" ,;:(")
    if cut.endswith(")") and cut.count(")") > cut.count("("):
        cut = cut[:-1].rstrip()  # "Harvard Business Review Press)": a bracket closed alone
    return cut or source


def extract_claims(segments: list[tuple[int, str, str | None]]) -> list[Claim]:
    """Checkable sentences of one article, each with who it is attributed to (`read_article`'s
    claims)."""
    return read_article(segments).claims


def read_article(segments: list[tuple[int, str, str | None]]) -> Reading:
    """Checkable sentences of one article, each with who it is attributed to.

    `segments` are (seq, paragraph, lang) in order. English sentences go through the trained
    attribution model of `monitor.attribution` over the whole article (pronouns and
    descriptions resolve to earlier sources, a quotation's sentences share its source);
    Chinese sentences through the frames of the pattern data. Without a packaged model the
    English rules below apply.
    """
    split = [(seq, text, lang, split_sentences(text, lang)) for seq, text, lang in segments]
    if SIGNED_QUOTATIONS:
        split = [
            (seq, text, lang, speakers.split_signatures(text, ss) if not _is_chinese(text, lang) else ss)
            for seq, text, lang, ss in split
        ]
    english: dict[tuple[int, int], attribution.Found] = {}
    paras, keys, texts = [], [], []
    for index, (_, text, lang, sentences) in enumerate(split):
        if not reads_attribution(lang):
            continue  # no German sentence among the English model's
        en = [(i, s) for i, s in enumerate(sentences) if not _is_chinese(s, lang)]
        if en:
            paras.append([s for _, s in en])
            keys.extend((index, i) for i, _ in en)
            texts.append(text)
    reports_nothing = attribution.page_reports_nothing(paras)
    if attribution.available():
        rules = []
        for sentences in paras:
            for s in sentences:
                a = _attribute_en(s)
                rules.append((a.kind, a.source, a.cue, a.summary) if a else None)
        found = attribution.attribute_article(paras, rules, reports_nothing=reports_nothing)
        if TRANSCRIPT_TURNS or SIGNED_QUOTATIONS:
            found = _layout_speakers(texts, paras, found)
        english = dict(zip(keys, found, strict=True))
    claims: list[Claim] = []
    last_person: tuple[int, _Attr] | None = None  # (paragraph index, named attribution)
    last_source: tuple[int, _Attr] | None = None  # (paragraph index, named or anonymous)
    zh_seen: list[tuple[int, str]] = []  # Chinese sentences since the last named source
    zh_tail: tuple[str, _Attr | None] | None = None  # last Chinese paragraph's last sentence
    zh_open: _Attr | None = None  # its quotation left open's source
    window = patterns()["english"]["pronoun_window"]
    for index, (seq, text, lang, sentences) in enumerate(split):
        zh = _is_chinese(text, lang)
        found_rules: list[_Attr | None] = []
        for i, s in enumerate(sentences):
            if (index, i) in english:
                f = english[(index, i)]
                found_rules.append(
                    _Attr(f.kind, f.source, f.cue or "", span=f.span) if f.kind != "none" else None
                )
            elif not reads_attribution(lang):
                found_rules.append(None)
            else:
                found_rules.append(_attribute_zh(s) if _is_chinese(s, lang) else _attribute_en(s))
        groups = _quote_groups(sentences, closed_only=zh)
        if zh:
            _join_speaker_tags(sentences, groups, found_rules)
        last_doc: _Attr | None = None
        resolved: list[_Attr | None] = []
        for i, attr in enumerate(found_rules):
            if (index, i) in english:
                resolved.append(attr)
                continue
            if attr and attr.kind == "pronoun":
                ok = last_person and last_person[0] >= index - window
                if ok and zh and ZH_PRONOUN_PERSON and _zh_singular(attr.source or ""):
                    # "他说" is a person's, not the organisation or the country named before
                    ok = _zh_is_person(last_person[1].source or "")
                mention = ""
                if not ok and zh and _zh_singular(attr.source or ""):
                    # "罗杰斯没有……。她称……": no earlier source, but a person named before (as
                    # English resolves "he" to the nearest person)
                    here = sentences[i][: max(0, sentences[i].find(attr.source or attr.cue))]
                    earlier = [t for k, t in zh_seen if k >= index - window] + [here]
                    mention = next(filter(None, map(_zh_mention, reversed(earlier))), "")
                attr = (
                    _Attr("named", last_person[1].source, attr.cue, span=attr.source or attr.cue)
                    if ok
                    else _Attr("named", mention, attr.cue, span=attr.source or attr.cue)
                    if mention
                    else _Attr(attribution.UNCLEAR, None, attr.cue, span=attr.source)
                    if zh and ZH_UNRESOLVED_UNCLEAR
                    else None
                )
            elif attr and attr.kind == "described":
                # "这名官员补充说": the source attributed before, named or anonymous
                ok = last_source and last_source[0] >= index - window
                attr = (
                    _Attr(last_source[1].kind, last_source[1].source, attr.cue, span=attr.source)
                    if ok
                    # no source before it: someone said it, but who is not known; attributed,
                    # with no verdict (as the English model's description resolving to nothing)
                    else _Attr(attribution.UNCLEAR, None, attr.cue, span=attr.source)
                    if ZH_UNRESOLVED_UNCLEAR
                    else None
                )
            elif attr and attr.kind == "document":
                attr = _Attr("named", last_doc.source, attr.cue, True) if last_doc else None
            if attr and attr.kind in ("named", "anonymous"):
                last_source = (index, attr)
            if attr and attr.kind == "named":
                last_person = (index, attr)
                zh_seen.clear()
                if attr.summary:
                    last_doc = attr
            elif zh:
                zh_seen.append((index, sentences[i]))
            resolved.append(attr)
        # A quotation's sentences take the first attribution found anywhere in the quotation.
        first: dict[int, _Attr] = {}
        seen: set[int] = set()
        for gid, attr in zip(groups, resolved, strict=True):
            if attr is not None and (gid > 0 or gid not in seen):
                first.setdefault(gid, attr)
            seen.add(gid)
        stopped: set[int] = set()
        if zh and ZH_OPEN_QUOTE_STOPS:
            # a quotation left open at the paragraph's end (a mark a translation left unclosed)
            # runs only up to a sentence attributed to a source of its own ("……其家人称，“年轻、
            # 精力充沛……。西米德兰兹郡警方称，……。救护车叫来了警察。")
            for i, (gid, attr) in enumerate(zip(groups, resolved, strict=True)):
                if gid < 0 and attr is not None and i and groups[i - 1] == gid:
                    stopped.update(j for j in range(i + 1, len(groups)) if groups[j] == gid)
        resolved = [
            attr if attr is not None or (index, i) in english or i in stopped else first.get(gid)
            for i, (gid, attr) in enumerate(zip(groups, resolved, strict=True))
        ]
        if zh:
            if zh_open and groups and groups[0] == QUOTE_GOES_ON:
                # ... which takes the source of the quotation left open before, if it has none
                span = [j for j, g in enumerate(groups) if g == QUOTE_GOES_ON]
                if all(resolved[j] is None for j in span):
                    for j in span:
                        resolved[j] = zh_open
            _carry_quotations(sentences, groups, resolved, zh_tail)
            if ZH_SPEAKER_AFTER:
                # the next Chinese paragraph's first sentence (a translation's English paragraph
                # may come between), read only where a quotation ends this paragraph
                def following(after: int = index) -> str:
                    return next(
                        (ss[0] for _, t, lg, ss in split[after + 1 : after + 3] if ss and _is_chinese(t, lg)),
                        "",
                    )

                _quotations_before_speaker(sentences, groups, resolved, following)
            if ZH_QUOTE_UNCLEAR:
                _unsourced_quotations(sentences, groups, resolved)
            if sentences:
                zh_tail = (sentences[-1], resolved[-1])
                # the source of a quotation still open at the paragraph's end
                zh_open = first.get(groups[-1]) if groups[-1] < 0 else None
        for i, (sentence, attr) in enumerate(zip(sentences, resolved, strict=True)):
            s_zh = _is_chinese(sentence, lang) if lang is None else zh
            # a sentence of a quotation (as the attribution model reads quotation marks, across
            # sentences and paragraphs) the model attributes
            quoted = attr is not None and (index, i) in english and english[(index, i)].quoted
            if zh and attr is not None and (index, i) not in english:
                # a Chinese sentence quoting its source's words ("另一位用户问道：“……不是吗？”")
                quoted = bool(_compiled().quote_marks.search(sentence))
            if not _is_claim(sentence, s_zh, attr is not None, quoted):
                continue
            if not reads_attribution(lang):
                # a language whose attribution is not read: no verdict, never "none" (the
                # outlet's own assertion), which would count against it
                attr = _Attr(attribution.UNCLEAR, None, "")
            shown = _shown(attr.source) if attr else None
            if attr and attr.source and shown is None:
                # nothing of the source is left to show ("And said"): attributed, no verdict
                attr = replace(attr, kind=attribution.UNCLEAR)
            claims.append(
                Claim(
                    seq=seq,
                    sentence=sentence,
                    lang=lang or ("zh" if s_zh else "en"),
                    attribution=attr.kind if attr else "none",
                    attributed_to=shown,
                    cue=(attr.cue or None) if attr else None,
                    source_span=(attr.span or attr.source) if attr else None,
                )
            )
    return Reading(claims, reports_nothing)
