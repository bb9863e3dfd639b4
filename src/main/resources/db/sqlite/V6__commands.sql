-- Run Command. A command is a SendCommand, or one target of an association run (origin
-- 'Association', whose command id is the target's OutputSourceId), so GetCommandInvocation
-- opens both; ListCommands shows only origin 'RunCommand'. Timestamps are epoch milliseconds.
CREATE TABLE command (
    seq                      INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id               TEXT    NOT NULL,
    region                   TEXT    NOT NULL,
    command_id               TEXT    NOT NULL UNIQUE,
    origin                   TEXT    NOT NULL,
    association_id           TEXT,
    document_name            TEXT    NOT NULL,
    document_version         TEXT,
    requested_at             BIGINT  NOT NULL,
    expires_after            BIGINT,
    status                   TEXT    NOT NULL,
    status_details           TEXT    NOT NULL,
    target_count             INTEGER NOT NULL,
    completed_count          INTEGER NOT NULL,
    error_count              INTEGER NOT NULL,
    delivery_timed_out_count INTEGER NOT NULL,
    -- The request's other members as JSON (Comment, Parameters, InstanceIds, Targets, outputs,
    -- rate controls, TimeoutSeconds, AlarmConfiguration...): echoed, never queried.
    definition               TEXT    NOT NULL,
    triggered_alarms         TEXT,
    ended_at                 BIGINT
);
-- ListCommands: newest first within a tenant, optionally one document or status.
CREATE INDEX command_by_seq ON command (account_id, region, origin, seq);
CREATE INDEX command_in_flight ON command (status) WHERE status IN ('Pending', 'InProgress', 'Cancelling');
-- Retention prunes by end time in small batches.
CREATE INDEX command_by_end ON command (ended_at) WHERE ended_at IS NOT NULL;

CREATE TABLE command_invocation (
    command_id      TEXT    NOT NULL REFERENCES command (command_id) ON DELETE CASCADE,
    instance_id     TEXT    NOT NULL,
    account_id      TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    command_seq     INTEGER NOT NULL,
    origin          TEXT    NOT NULL,
    instance_name   TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    status_details  TEXT    NOT NULL,
    requested_at    BIGINT  NOT NULL,
    response_code   INTEGER NOT NULL,
    started_at      BIGINT,
    ended_at        BIGINT,
    standard_output TEXT    NOT NULL,
    standard_error  TEXT    NOT NULL,
    -- [{Name, Status, StatusDetails, ResponseCode, Output, StartedAt, FinishedAt}] as JSON.
    plugins         TEXT    NOT NULL,
    PRIMARY KEY (command_id, instance_id)
);
-- ListCommandInvocations and ListCommands by InstanceId: newest command first, then instance id.
CREATE INDEX invocation_by_instance ON command_invocation (account_id, region, instance_id, command_seq);
CREATE INDEX invocation_by_seq ON command_invocation (account_id, region, origin, command_seq, instance_id);

-- What a simulated node's runs print and exit with, and whether it is offline.
ALTER TABLE managed_node ADD COLUMN behavior_exit_code INTEGER;
ALTER TABLE managed_node ADD COLUMN behavior_stdout TEXT;
ALTER TABLE managed_node ADD COLUMN behavior_stderr TEXT;
ALTER TABLE managed_node ADD COLUMN behavior_offline INTEGER;
