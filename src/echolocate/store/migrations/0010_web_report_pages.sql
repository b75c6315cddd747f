-- What the report reader shows of each report beyond its text, one row per report: its header, the claims with
-- their spans, cited sources, hedges and claim group (grade and counts), the spans of its mentions, resolved
-- places and times, its entities and its re-used passages, as compact JSON. A reader request is then one
-- indexed row plus the text, instead of a dozen look-ups scattered over the store (60-300 ms when cold).
-- Derived data only: filled by web_queries.refresh_web_index as the optional part 'report_pages' (web_index_parts
-- says which state of the store it was built from; a store migrated to this version has it empty).
CREATE TABLE web_report_pages (
    report_id VARCHAR NOT NULL,
    page_json VARCHAR NOT NULL
);

CREATE INDEX web_report_pages_report ON web_report_pages (report_id);

-- The optional part 'event_groups' has no table of its own: when current, each web_event_rows object also holds
-- 'first_group', the claim group of its first passage's claim (what the timeline links an event to), so the
-- views need no look-up per event.
