-- Reports, where they came from, pages they were split from, rejected inputs,
-- inputs already read (for resuming), and runs.
CREATE TABLE pages (
    id VARCHAR PRIMARY KEY,
    source_key VARCHAR NOT NULL,
    title VARCHAR,
    story_count INTEGER NOT NULL,
    first_seen TIMESTAMP NOT NULL
);

CREATE TABLE reports (
    id VARCHAR PRIMARY KEY,
    text VARCHAR NOT NULL,
    words INTEGER NOT NULL,
    title VARCHAR,
    outlet VARCHAR,
    outlet_evidence VARCHAR,
    author VARCHAR,
    url VARCHAR,
    published DATE,
    date_evidence VARCHAR,
    language VARCHAR,
    fmt VARCHAR NOT NULL,
    page_id VARCHAR,
    story_index INTEGER,
    source_key VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL
);

CREATE TABLE report_sources (
    report_id VARCHAR NOT NULL,
    source_key VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL,
    locator VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL,
    PRIMARY KEY (report_id, source_key)
);

CREATE TABLE rejections (
    id VARCHAR PRIMARY KEY,
    input_key VARCHAR NOT NULL,
    source_key VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    detail VARCHAR,
    hint VARCHAR,
    first_seen TIMESTAMP NOT NULL
);

CREATE TABLE inputs (
    source_key VARCHAR PRIMARY KEY,
    fingerprint VARCHAR NOT NULL,
    digest VARCHAR,
    reports INTEGER NOT NULL,
    rejections INTEGER NOT NULL,
    done_at TIMESTAMP NOT NULL
);

CREATE TABLE runs (
    id VARCHAR PRIMARY KEY,
    command VARCHAR NOT NULL,
    started TIMESTAMP NOT NULL,
    finished TIMESTAMP,
    settings_json VARCHAR,
    counts_json VARCHAR,
    stage_versions VARCHAR
);
