-- What the read stage found in each report. Rows are keyed by (report_id, idx):
-- re-reading a report replaces its rows, so re-runs never duplicate.
-- Offsets are character offsets into reports.text.
CREATE TABLE readings (
    report_id VARCHAR PRIMARY KEY,
    stage_version VARCHAR NOT NULL,
    anchor DATE,
    words INTEGER NOT NULL,
    problems VARCHAR[],
    read_at TIMESTAMP NOT NULL
);

CREATE TABLE sentences (
    report_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (report_id, idx)
);

CREATE TABLE mentions (
    report_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    label VARCHAR,
    normalised VARCHAR,
    PRIMARY KEY (report_id, idx)
);

-- Canonical entities across reports; rebuilt as a whole after each read run.
CREATE TABLE entities (
    id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    aliases VARCHAR[],
    mentions INTEGER NOT NULL
);

CREATE TABLE mention_entities (
    report_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    entity_id VARCHAR NOT NULL,
    PRIMARY KEY (report_id, idx)
);

CREATE TABLE places (
    report_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    gazetteer_id VARCHAR,
    name VARCHAR,
    lat DOUBLE,
    lon DOUBLE,
    country_code VARCHAR,
    feature VARCHAR,
    precision VARCHAR,
    confidence DOUBLE,
    PRIMARY KEY (report_id, idx)
);

CREATE TABLE times (
    report_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    value VARCHAR,
    earliest DATE,
    latest DATE,
    precision VARCHAR,
    relative VARCHAR,
    approximate BOOLEAN,
    flags VARCHAR[],
    PRIMARY KEY (report_id, idx)
);

CREATE TABLE quotes (
    report_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    speaker VARCHAR,
    speaker_start INTEGER,
    speaker_end INTEGER,
    cue VARCHAR,
    PRIMARY KEY (report_id, idx)
);

CREATE TABLE claims (
    id VARCHAR PRIMARY KEY,
    report_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    stance VARCHAR NOT NULL,
    inherited BOOLEAN NOT NULL,
    negated BOOLEAN NOT NULL,
    quote_idx INTEGER
);

-- The attribution chain of a claim, outermost (depth 0) first; the reporting
-- outlet itself is reports.outlet and is not repeated here.
CREATE TABLE claim_sources (
    claim_id VARCHAR NOT NULL,
    depth INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    "start" INTEGER,
    "end" INTEGER,
    kind VARCHAR NOT NULL,
    cue VARCHAR,
    resolved VARCHAR,
    cue_start INTEGER,
    cue_end INTEGER,
    PRIMARY KEY (claim_id, depth)
);

CREATE TABLE claim_hedges (
    claim_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    "start" INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    PRIMARY KEY (claim_id, idx)
);
