-- Summaries the web app reads instead of scanning claim JSON, mentions and report texts on
-- every request. Derived data only: rebuilt as a whole by Store.refresh_web_index() after an
-- assess run; web_index_state says which state of the store they were built from, and the web
-- app falls back to computing the same rows on the fly when they are missing or stale.
-- Claim groups are referred to by their board rank (an integer: joins and filters on it are cheap).

-- One row per claim group in board order (rank 0 = most carried), with what the board filters on.
CREATE TABLE web_board (
    rank INTEGER NOT NULL,
    group_id VARCHAR NOT NULL,
    grade VARCHAR NOT NULL,
    independent_origins INTEGER NOT NULL,
    carriers INTEGER NOT NULL,
    reports INTEGER NOT NULL
);

-- Who, where and when each claim group is about (see echolocate.web.query.claim_facets), and the
-- outlets and origins of its carriers (kind 'name', lower-cased); sorted by kind and name.
CREATE TABLE web_facets (
    rank INTEGER NOT NULL,
    kind VARCHAR NOT NULL,  -- actor, place, about (a date named in it), reported (a carrier's date), name
    name VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    precision VARCHAR,
    country_code VARCHAR,
    day_start VARCHAR,
    day_end VARCHAR
);

-- Reports in list order (by source), so a search pages by an integer.
CREATE TABLE web_reports (
    rank INTEGER NOT NULL,
    id VARCHAR NOT NULL
);

-- Lower-cased word tokens of claim groups (kind 'g', n = board rank: statement, carrier wordings,
-- outlets, origins) and of reports (kind 'r', n = web_reports.rank: title, outlet, source, text),
-- sorted by term so a prefix look-up reads a few row groups only.
CREATE TABLE web_terms (
    term VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    n INTEGER NOT NULL
);

CREATE TABLE web_index_state (
    built_from VARCHAR NOT NULL,
    built_at TIMESTAMP NOT NULL
);

-- Look-ups by report and by claim that the report reader and the claim page make on every request.
CREATE INDEX web_claims_report ON claims (report_id);
CREATE INDEX web_mentions_report ON mentions (report_id);
CREATE INDEX web_mention_entities_report ON mention_entities (report_id);
CREATE INDEX web_places_report ON places (report_id);
CREATE INDEX web_times_report ON times (report_id);
CREATE INDEX web_quotes_report ON quotes (report_id);
CREATE INDEX web_report_sources_report ON report_sources (report_id);
CREATE INDEX web_claim_sources_claim ON claim_sources (claim_id);
CREATE INDEX web_claim_hedges_claim ON claim_hedges (claim_id);
CREATE INDEX web_reuse_a ON reuse_links (a_report);
CREATE INDEX web_reuse_b ON reuse_links (b_report);
CREATE INDEX web_reuse_mutations_link ON reuse_mutations (link_id);
CREATE INDEX web_members_group ON claim_group_members (group_id);
CREATE INDEX web_facets_rank ON web_facets (rank);
CREATE INDEX web_board_group ON web_board (group_id);
