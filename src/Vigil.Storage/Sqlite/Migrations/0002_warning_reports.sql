-- What a warning means and where it stands for the people handling it: the latest report's headline fields (event
-- type, probability, confidence, title, closest historical crisis) and the report itself as JSON, the effective status
-- (active, monitoring, resolved) and who set it when, and the manual status changes as an audit trail.
--
-- status is the effective status. engine_status is what the latest engine event said. manual_status is an admin's
-- override, with manual_after_event_id the latest engine event the store held when it was set: an engine event after
-- that which escalates (or re-opens) the warning re-activates it and clears the override; a de-escalation never undoes
-- it; the engine closing the episode resolves it and clears the override.
ALTER TABLE warnings ADD COLUMN event_type TEXT NOT NULL DEFAULT 'unclassified';
ALTER TABLE warnings ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE warnings ADD COLUMN engine_status TEXT NOT NULL DEFAULT 'active';
ALTER TABLE warnings ADD COLUMN manual_status TEXT;
ALTER TABLE warnings ADD COLUMN manual_after_event_id INTEGER;
ALTER TABLE warnings ADD COLUMN probability REAL;
ALTER TABLE warnings ADD COLUMN confidence REAL;
ALTER TABLE warnings ADD COLUMN title TEXT;
ALTER TABLE warnings ADD COLUMN analogue_id TEXT;
ALTER TABLE warnings ADD COLUMN analogue_similarity REAL;
ALTER TABLE warnings ADD COLUMN report TEXT;
ALTER TABLE warnings ADD COLUMN status_changed_at_ns INTEGER;
ALTER TABLE warnings ADD COLUMN status_changed_by TEXT;

-- Warnings written before this migration: closed episodes are resolved, open ones active.
UPDATE warnings SET status = 'resolved', engine_status = 'resolved' WHERE closed_at_ns IS NOT NULL;

CREATE INDEX ix_warnings_status ON warnings (status, opened_at_ns);
CREATE INDEX ix_warnings_event_type ON warnings (event_type, opened_at_ns);

-- Every manual status change, in the order made.
CREATE TABLE warning_status_changes (
    change_id       INTEGER PRIMARY KEY,
    warning_id      TEXT NOT NULL,
    status          TEXT NOT NULL,
    previous_status TEXT NOT NULL,
    actor           TEXT NOT NULL,
    note            TEXT,
    at_ns           INTEGER NOT NULL
);
CREATE INDEX ix_warning_status_changes_warning ON warning_status_changes (warning_id, change_id);
