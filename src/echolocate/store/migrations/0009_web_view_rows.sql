-- What one row of the claim board shows, in board order (rank 0 = most carried), so a page of the board reads
-- one contiguous range of rows instead of 50 claim groups' JSON scattered over the store, and the map, timeline
-- and network read the statement, grade and facets of the claims they draw from one narrow row each.
-- Derived data only: filled by web_queries.refresh_web_index as the optional part 'board_rows'
-- (web_index_parts says which state of the store it was built from; a store migrated to this version has it empty).
CREATE TABLE web_board_rows (
    rank INTEGER NOT NULL,
    group_id VARCHAR NOT NULL,
    text VARCHAR NOT NULL,
    grade VARCHAR NOT NULL,
    independent_origins INTEGER NOT NULL,
    carriers INTEGER NOT NULL,
    reports INTEGER NOT NULL,
    origins VARCHAR[] NOT NULL,      -- the names of its origins, in the order of origins_json
    contradicts VARCHAR[] NOT NULL,  -- the claim groups it contradicts, sorted (as web_queries.groups gives them)
    facets_json VARCHAR NOT NULL     -- its web_claim_facets list as JSON text ('[]' when it has none)
);

-- A few dozen scattered ranks (the heads of a filtered view) are index look-ups, not a scan.
CREATE INDEX web_board_rows_rank ON web_board_rows (rank);

-- What the map, timeline and network draw of each event, in list order (ord as in web_events): one JSON
-- object per event with its scalar columns and its first passage (what an event links to), instead of every
-- passage's JSON; one column, because fetching a row by index costs a look-up per column.
-- Optional part 'event_rows', filled by web_queries.refresh_web_index.
CREATE TABLE web_event_rows (
    ord INTEGER NOT NULL,
    row_json VARCHAR NOT NULL
);

CREATE INDEX web_event_rows_ord ON web_event_rows (ord);
