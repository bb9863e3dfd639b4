-- The run history: one row per execution and one per target of it. Executions page newest
-- first on (created_at, seq); every index below serves one access path of the read API, so
-- a page costs the same however long the history is.
CREATE TABLE association_execution (
    seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id          TEXT    NOT NULL,
    region              TEXT    NOT NULL,
    association_id      TEXT    NOT NULL REFERENCES association (association_id) ON DELETE CASCADE,
    association_version INTEGER NOT NULL,
    execution_id        TEXT    NOT NULL UNIQUE,
    status              TEXT    NOT NULL,
    detailed_status     TEXT    NOT NULL,
    created_at          BIGINT  NOT NULL,
    last_execution_at   BIGINT,
    resource_counts     TEXT    NOT NULL,
    alarm_configuration TEXT,
    triggered_alarms    TEXT
);
CREATE INDEX execution_by_time ON association_execution (association_id, created_at, seq);
CREATE INDEX execution_by_status ON association_execution (association_id, status, created_at, seq);
CREATE INDEX execution_in_flight ON association_execution (status) WHERE status IN ('Pending', 'InProgress');

CREATE TABLE association_execution_target (
    execution_id      TEXT   NOT NULL REFERENCES association_execution (execution_id) ON DELETE CASCADE,
    resource_id       TEXT   NOT NULL,
    resource_type     TEXT   NOT NULL,
    status            TEXT   NOT NULL,
    detailed_status   TEXT   NOT NULL,
    last_execution_at BIGINT,
    output_source_id  TEXT   NOT NULL,
    PRIMARY KEY (execution_id, resource_id)
);

-- The latest result of each association on each node, for DescribeInstanceAssociationsStatus.
CREATE TABLE instance_association_status (
    account_id          TEXT    NOT NULL,
    region              TEXT    NOT NULL,
    instance_id         TEXT    NOT NULL,
    association_id      TEXT    NOT NULL REFERENCES association (association_id) ON DELETE CASCADE,
    association_version INTEGER NOT NULL,
    execution_id        TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    detailed_status     TEXT    NOT NULL,
    execution_at        BIGINT  NOT NULL,
    PRIMARY KEY (account_id, region, instance_id, association_id)
);

-- The legacy per-instance status that UpdateAssociationStatus sets.
ALTER TABLE association ADD COLUMN instance_status TEXT;
