-- Passages shared between reports (text re-use), rebuilt as a whole by each link run.
-- a_report < b_report; direction "a->b" means b copied a. Offsets into reports.text.
CREATE TABLE reuse_links (
    id VARCHAR PRIMARY KEY,
    a_report VARCHAR NOT NULL,
    a_start INTEGER NOT NULL,
    a_end INTEGER NOT NULL,
    b_report VARCHAR NOT NULL,
    b_start INTEGER NOT NULL,
    b_end INTEGER NOT NULL,
    similarity DOUBLE NOT NULL,
    direction VARCHAR NOT NULL,
    direction_evidence VARCHAR,
    a_coverage DOUBLE,
    b_coverage DOUBLE
);

CREATE TABLE reuse_mutations (
    link_id VARCHAR NOT NULL,
    idx INTEGER NOT NULL,
    kind VARCHAR NOT NULL,
    a_text VARCHAR,
    b_text VARCHAR,
    PRIMARY KEY (link_id, idx)
);

-- What each corpus-level stage last ran on, so an unchanged corpus is not relinked.
CREATE TABLE stage_state (
    stage VARCHAR PRIMARY KEY,
    version VARCHAR NOT NULL,
    corpus_digest VARCHAR NOT NULL,
    params VARCHAR,
    done_at TIMESTAMP NOT NULL
);
