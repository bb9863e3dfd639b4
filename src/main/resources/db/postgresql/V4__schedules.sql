-- Schedules live in the store so that any server process sharing it can fire them, and a
-- due time fires at most once: the run it creates carries it, and a unique index on
-- (association, due time) makes a second run for the same due time impossible.
ALTER TABLE association ADD COLUMN next_due_at BIGINT;
CREATE INDEX association_by_due ON association (next_due_at) WHERE next_due_at IS NOT NULL;

ALTER TABLE association_execution ADD COLUMN scheduled_for BIGINT;
CREATE UNIQUE INDEX execution_once_per_due_time ON association_execution (association_id, scheduled_for)
    WHERE scheduled_for IS NOT NULL;
