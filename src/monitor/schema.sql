-- The whole warehouse schema. Applied on every connection that writes; idempotent.
-- Tables and required columns follow docs/architecture.md; extra columns are marked.

CREATE TABLE IF NOT EXISTS sources (
    source_id   VARCHAR PRIMARY KEY,   -- registered domain ('wsj.com'), or 'local:<name>' when unknown
    name        VARCHAR NOT NULL,
    domain      VARCHAR,
    url         VARCHAR,
    kind        VARCHAR                -- extra: newspaper, republisher, blog, aggregator, content_farm ...
);

CREATE TABLE IF NOT EXISTS articles (
    article_id    VARCHAR PRIMARY KEY, -- stable: hash of the canonical URL, or of the origin
    source_id     VARCHAR NOT NULL,
    origin        VARCHAR NOT NULL,    -- the input as given (relative path or URL)
    url           VARCHAR,
    title         VARCHAR,
    author        VARCHAR,
    published_at  VARCHAR,
    language      VARCHAR,             -- primary language (the original's, for a bilingual page)
    languages     VARCHAR[],           -- every language present, primary first
    clean_text    VARCHAR NOT NULL,    -- one paragraph per line
    content_hash  VARCHAR NOT NULL,    -- sha256 of clean_text
    raw_hash      VARCHAR,             -- extra: sha256 of the input bytes (decides "unchanged")
    first_seen_at TIMESTAMP NOT NULL,
    last_seen_at  TIMESTAMP NOT NULL,
    run_id        VARCHAR NOT NULL,    -- the run that last changed it
    derived_from  VARCHAR,             -- article_id or URL of the story this one republishes
    sitename      VARCHAR,             -- extra
    story_id      VARCHAR              -- extra: the story it belongs to (stories.story_id)
);

CREATE TABLE IF NOT EXISTS article_versions (
    article_id   VARCHAR NOT NULL,
    version      INTEGER NOT NULL,
    content_hash VARCHAR NOT NULL,
    clean_text   VARCHAR NOT NULL,
    fetched_at   TIMESTAMP NOT NULL,
    run_id       VARCHAR,              -- extra
    PRIMARY KEY (article_id, version)
);

CREATE TABLE IF NOT EXISTS segments (
    article_id     VARCHAR NOT NULL,
    seq            INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    lang           VARCHAR,
    translation_of INTEGER,            -- seq of the original when this segment is its translation
    langs          VARCHAR[],          -- extra: every language in a mixed-script line
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE IF NOT EXISTS removed_blocks (
    article_id VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    reason     VARCHAR NOT NULL,
    PRIMARY KEY (article_id, seq)
);

CREATE TABLE IF NOT EXISTS claims (
    claim_id      VARCHAR PRIMARY KEY,
    article_id    VARCHAR NOT NULL,
    seq           INTEGER NOT NULL,
    sentence      VARCHAR NOT NULL,
    lang          VARCHAR,
    attribution   VARCHAR NOT NULL,    -- 'named', 'anonymous', 'unclear', 'none'
    attributed_to VARCHAR,             -- resolved: the name a pronoun or description stands for
    cue           VARCHAR
);
-- Warehouses from before these columns: add them (idempotent).
ALTER TABLE claims ADD COLUMN IF NOT EXISTS source_span VARCHAR;     -- the source as written ("he")
ALTER TABLE claims ADD COLUMN IF NOT EXISTS translation_of INTEGER;  -- seq of the original: not scored

CREATE TABLE IF NOT EXISTS numbers (
    mention_id VARCHAR PRIMARY KEY,
    article_id VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,
    text       VARCHAR NOT NULL,
    value      DOUBLE NOT NULL,
    unit       VARCHAR,
    qualifier  VARCHAR,
    lang       VARCHAR,
    context    VARCHAR,
    start_pos  INTEGER,                -- extra: offsets in the segment text
    end_pos    INTEGER
);

CREATE TABLE IF NOT EXISTS number_checks (
    check_id         VARCHAR NOT NULL,
    run_id           VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL, -- 'translation', 'cross_source', 'same_source', 'internal'
    article_id       VARCHAR NOT NULL,
    mention_id       VARCHAR NOT NULL,
    other_article_id VARCHAR,
    other_mention_id VARCHAR,
    value            DOUBLE,
    other_value      DOUBLE,
    verdict          VARCHAR NOT NULL, -- 'consistent', 'conflict'
    explanation      VARCHAR,
    confidence       DOUBLE,           -- extra: how sure the verdict is, in [0, 1]
    reason           VARCHAR,          -- extra: why it is (un)sure ('same fact', 'part of a whole' ...)
    PRIMARY KEY (run_id, check_id)
);

CREATE TABLE IF NOT EXISTS source_scores (
    source_id                VARCHAR NOT NULL,
    run_id                   VARCHAR NOT NULL,
    attribution_score        DOUBLE NOT NULL,
    number_consistency_score DOUBLE NOT NULL,
    quality_score            DOUBLE NOT NULL,
    n_articles               INTEGER NOT NULL,
    n_claims                 INTEGER NOT NULL,
    n_numbers                INTEGER NOT NULL,
    scored_at                TIMESTAMP NOT NULL,
    n_named                  INTEGER,  -- extra: the evidence behind the scores
    n_anonymous              INTEGER,
    n_unattributed           INTEGER,
    n_checks                 INTEGER,
    n_conflicts              INTEGER,
    explanation              VARCHAR,
    PRIMARY KEY (source_id, run_id)
);

CREATE TABLE IF NOT EXISTS runs (
    run_id      VARCHAR PRIMARY KEY,
    flow_run_id VARCHAR,
    started_at  TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,
    status      VARCHAR NOT NULL,      -- 'running', 'completed', 'failed' (a critical data-quality check failed), 'aborted' (crashed or killed)
    n_inputs    INTEGER,
    n_new       INTEGER,
    n_changed   INTEGER,
    n_unchanged INTEGER,
    n_rejected  INTEGER
);

CREATE TABLE IF NOT EXISTS rejects (
    run_id      VARCHAR NOT NULL,
    origin      VARCHAR NOT NULL,
    reason      VARCHAR NOT NULL,
    rejected_at TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS dq_results (
    run_id      VARCHAR NOT NULL,
    suite       VARCHAR NOT NULL,
    expectation VARCHAR NOT NULL,
    column_name VARCHAR,
    success     BOOLEAN NOT NULL,
    observed    VARCHAR,
    severity    VARCHAR NOT NULL,      -- 'critical', 'warning'
    checked_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS quarantine (
    run_id         VARCHAR NOT NULL,
    table_name     VARCHAR NOT NULL,
    "row"          VARCHAR NOT NULL,   -- the row as JSON
    reason         VARCHAR NOT NULL,
    quarantined_at TIMESTAMP NOT NULL
);

-- Stories: the articles that report one event, across sources and languages.
CREATE TABLE IF NOT EXISTS stories (
    story_id      VARCHAR PRIMARY KEY, -- stable: from the story's earliest article
    title         VARCHAR,
    first_seen_at TIMESTAMP,
    last_seen_at  TIMESTAMP,
    n_articles    INTEGER NOT NULL,
    n_sources     INTEGER NOT NULL,
    n_languages   INTEGER NOT NULL,
    sources       VARCHAR[],
    languages     VARCHAR[]
);

-- Upgrades of warehouses made before a column existed (idempotent).
ALTER TABLE articles ADD COLUMN IF NOT EXISTS story_id VARCHAR;
-- the page reports nothing (no said-type verbs or quotation marks; written to the reader or in
-- lists: a guide, a listing): its figures are of many cases, its conflicts get no verdict
ALTER TABLE articles ADD COLUMN IF NOT EXISTS reports_nothing BOOLEAN;
-- what read the article (pipeline.processing_fingerprint: this package's files and the
-- versions of the libraries it reads pages with); another one, or NULL, reads it again
ALTER TABLE articles ADD COLUMN IF NOT EXISTS processed_by VARCHAR;
ALTER TABLE number_checks ADD COLUMN IF NOT EXISTS confidence DOUBLE;
ALTER TABLE number_checks ADD COLUMN IF NOT EXISTS reason VARCHAR;

-- HTTP validators of the last fetch of each URL, for conditional requests.
CREATE TABLE IF NOT EXISTS fetch_state (
    url           VARCHAR PRIMARY KEY,
    etag          VARCHAR,
    last_modified VARCHAR,
    fetched_at    TIMESTAMP
);
-- The article the URL's page landed as: an alias (an AMP copy declaring its canonical page)
-- is asked only for changes on the next run, as the article's own address is.
ALTER TABLE fetch_state ADD COLUMN IF NOT EXISTS article_id VARCHAR;
