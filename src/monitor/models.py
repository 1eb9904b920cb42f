"""Plain data passed between the pipeline's stages.

Stages are pure: they take and return these dataclasses (or lists of them), never a
database connection or a Prefect object, so each can be tested with literals and run in a
process pool.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class RemovedBlock:
    """A block the cleaner took out of a document, and why (e.g. 'advertisement')."""

    text: str
    reason: str


@dataclass
class Cleaned:
    """What the cleaning stage returns for one document."""

    paragraphs: list[str]
    removed: list[RemovedBlock] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published_at: str | None = None  # ISO 8601 date or datetime, as found
    sitename: str | None = None
    url: str | None = None  # canonical URL when the page declares one
    # Provenance found in the text itself (saved-page header, "Original:" line), used for
    # source identity: e.g. {"saved_from": "https://www.wsj.com/...", "original_url": ...}
    provenance: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LanguageResult:
    """Per-paragraph languages of one document, and its translation pairs."""

    segment_langs: list[str | None]  # one per paragraph, ISO 639-1 or None
    translation_of: list[int | None]  # index of the original paragraph, or None
    primary: str | None
    languages: list[str]  # every language present, primary first
    # Paragraphs that mix scripts get every language they hold, e.g. ['en', 'zh'].
    segment_languages: list[list[str]] = field(default_factory=list)


@dataclass(frozen=True)
class NumberMention:
    """A quantity found in text. `value` is in base units ("5640 亿美元" -> 5.64e11)."""

    text: str
    start: int
    end: int
    value: float
    unit: str | None  # 'USD','CNY','EUR','GBP','JPY','%','pp','x', or None for counts
    qualifier: str = "exact"  # exact, approx, more_than, less_than, range_low, range_high


@dataclass(frozen=True)
class Claim:
    """A sentence that asserts something checkable, and whom it is attributed to."""

    seq: int  # the segment (paragraph) it came from
    sentence: str
    lang: str | None
    attribution: str  # 'named', 'anonymous', 'unclear' (no verdict), 'none'
    attributed_to: str | None = None  # resolved: the name a pronoun or description stands for
    cue: str | None = None
    source_span: str | None = None  # the source as written ("he", "the official")


@dataclass(frozen=True)
class MentionRecord:
    """A landed number mention with the context the cross-checks need."""

    mention_id: str
    article_id: str
    source_id: str
    seq: int
    text: str
    value: float
    unit: str | None
    qualifier: str
    lang: str | None
    context: str  # the sentence (or paragraph) around the mention
    translation_of: int | None = None  # seq of the original paragraph, if a translation
    derived_from: str | None = None  # article_id this article republishes, if known
    start: int | None = None  # offset of `text` in `context`
    story_id: str | None = None  # the article's story; None: not grouped (compare freely)
    # the article reports nothing (`claims.Reading`): a guide's or a listing's figures, of many
    # cases (False for an article landed before the column existed)
    reports_nothing: bool = False


# A conflict counts (in scores, and first in the report) from this confidence on; below it
# the check is shown as unsure ("no verdict") and moves no score.
SURE_CONFIDENCE = 0.8


@dataclass(frozen=True)
class NumberCheck:
    """One comparison of two mentions that state the same fact."""

    kind: str  # 'translation', 'cross_source', 'same_source', 'internal'
    article_id: str
    mention_id: str
    other_article_id: str | None
    other_mention_id: str | None
    value: float
    other_value: float | None
    verdict: str  # 'consistent', 'conflict'
    explanation: str
    confidence: float = 1.0  # how sure the verdict is; only sure conflicts count in scores
    reason: str = ""  # why it is (un)sure: 'same fact', 'part of a whole', 'unsure pair' ...


@dataclass(frozen=True)
class SourceScore:
    """A source's scores for one run; every score in [0, 1]."""

    source_id: str
    attribution_score: float
    number_consistency_score: float
    quality_score: float
    n_articles: int
    n_claims: int
    n_numbers: int
    n_named: int = 0
    n_anonymous: int = 0
    n_unattributed: int = 0
    n_checks: int = 0
    n_conflicts: int = 0
    explanation: str = ""
