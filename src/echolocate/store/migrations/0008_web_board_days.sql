-- Dates of each claim group on its board row, as integers (days since 1970-01-01), so a period filter
-- reads the board in rank order (integer compares, first matches first) instead of every date facet:
-- the hull (earliest first day, latest last day) rules most rows in or out, the list of periods decides
-- the rest exactly. Filled by web_queries.refresh_web_index; web_index_parts records which state of the
-- store each such optional part was built from (a store migrated to this version has them empty).
DROP INDEX IF EXISTS web_board_group;
ALTER TABLE web_board ADD COLUMN day_min INTEGER;
ALTER TABLE web_board ADD COLUMN day_max INTEGER;
ALTER TABLE web_board ADD COLUMN periods STRUCT(s INTEGER, e INTEGER)[];
CREATE INDEX web_board_group ON web_board (group_id);

CREATE TABLE web_index_parts (
    part VARCHAR PRIMARY KEY,
    built_from VARCHAR NOT NULL
);

-- The facets of each claim group (web_facets rows but 'name') as one list per board rank, sorted by rank:
-- the map, timeline and network read the facets of the claims they draw by rank without scanning web_facets.
CREATE TABLE web_claim_facets (
    rank INTEGER NOT NULL,
    facets STRUCT(kind VARCHAR, name VARCHAR, lat DOUBLE, lon DOUBLE, precision VARCHAR, country_code VARCHAR,
                  day_start VARCHAR, day_end VARCHAR)[] NOT NULL
);

-- Events in list order (ord: time order, undated last, as web_queries._EVENT_ORDER) with what the events
-- list filters on: dates as day numbers (day_end: the last day, date_start when there is no date_end) and
-- the lower-cased outlets of the passages carrying it.
CREATE TABLE web_events (
    ord INTEGER NOT NULL,
    id VARCHAR NOT NULL,
    category VARCHAR NOT NULL,
    actor VARCHAR,
    target VARCHAR,
    place_name VARCHAR,
    day_start INTEGER,
    day_end INTEGER,
    outlets VARCHAR[] NOT NULL
);
