-- Associations, their versions, the target index that ListAssociations filters on, and tags.
-- Timestamps are epoch milliseconds. Every lookup is keyed by tenant (account_id, region).
CREATE TABLE association (
    seq               INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id        TEXT    NOT NULL,
    region            TEXT    NOT NULL,
    association_id    TEXT    NOT NULL UNIQUE,
    latest_version    INTEGER NOT NULL,
    document_name     TEXT    NOT NULL,
    association_name  TEXT,
    instance_id       TEXT,
    status_name       TEXT    NOT NULL,
    overview          TEXT    NOT NULL,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    last_execution_at BIGINT,
    last_success_at   BIGINT,
    definition        TEXT    NOT NULL
);
CREATE INDEX association_by_tenant ON association (account_id, region, seq);
CREATE UNIQUE INDEX association_by_instance ON association (account_id, region, document_name, instance_id)
    WHERE instance_id IS NOT NULL;

CREATE TABLE association_version (
    association_id TEXT    NOT NULL REFERENCES association (association_id) ON DELETE CASCADE,
    version        INTEGER NOT NULL,
    created_at     BIGINT  NOT NULL,
    definition     TEXT    NOT NULL,
    PRIMARY KEY (association_id, version)
);

CREATE TABLE association_target (
    association_id TEXT NOT NULL REFERENCES association (association_id) ON DELETE CASCADE,
    target_key     TEXT NOT NULL,
    target_value   TEXT NOT NULL
);
CREATE INDEX association_target_by_value ON association_target (target_key, target_value);
CREATE INDEX association_target_by_owner ON association_target (association_id);

CREATE TABLE resource_tag (
    account_id    TEXT NOT NULL,
    region        TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id   TEXT NOT NULL,
    tag_key       TEXT NOT NULL,
    tag_value     TEXT NOT NULL,
    PRIMARY KEY (account_id, region, resource_type, resource_id, tag_key)
);
