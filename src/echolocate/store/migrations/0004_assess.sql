-- Claim groups (one claim across reports) and their assessment, rebuilt as a whole by each
-- assess run. Lists of origins, carriers, variants and reasoning are JSON documents: they are
-- read whole by `echolocate claims`, the briefing and the web app.
CREATE TABLE claim_groups (
    id VARCHAR PRIMARY KEY,
    representative VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    grade VARCHAR NOT NULL,
    independent_origins INTEGER NOT NULL,
    credible_origins INTEGER,
    carriers INTEGER NOT NULL,
    reports INTEGER NOT NULL,
    cohesion DOUBLE,
    origins_json VARCHAR NOT NULL,
    carriers_json VARCHAR NOT NULL,
    variants_json VARCHAR NOT NULL,
    reasoning_json VARCHAR NOT NULL,
    contested_by_json VARCHAR NOT NULL
);

CREATE TABLE claim_group_members (
    group_id VARCHAR NOT NULL,
    claim_id VARCHAR NOT NULL,
    PRIMARY KEY (claim_id)
);

CREATE TABLE contradictions (
    a_group VARCHAR NOT NULL,
    b_group VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    explanation VARCHAR,
    PRIMARY KEY (a_group, b_group)
);
