-- Event mentions dated by their report (tense, no time expression of their own), and the
-- trigger's lemma, which groups mentions across reports ("visited" / "visit").
ALTER TABLE event_mentions ADD COLUMN time_from_report BOOLEAN DEFAULT false;
ALTER TABLE event_mentions ADD COLUMN trigger_lemma VARCHAR;
