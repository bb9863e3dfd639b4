-- Documents users write: one row per document, one per version, and the accounts each is shared
-- with ('all' for public). Amazon's documents live in the jar, not here. Timestamps are epoch
-- milliseconds; every row is keyed by the owner's tenant (account_id, region).
CREATE TABLE document (
    account_id      TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    document_type   TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    latest_version  INTEGER NOT NULL,
    default_version INTEGER NOT NULL,
    PRIMARY KEY (account_id, region, name)
);

CREATE TABLE document_version (
    account_id      TEXT    NOT NULL,
    region          TEXT    NOT NULL,
    name            TEXT    NOT NULL,
    version         INTEGER NOT NULL,
    version_name    TEXT,
    display_name    TEXT,
    document_format TEXT    NOT NULL,
    target_type     TEXT,
    content         TEXT    NOT NULL,
    hash            TEXT    NOT NULL,
    requires        TEXT,
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (account_id, region, name, version),
    FOREIGN KEY (account_id, region, name) REFERENCES document (account_id, region, name) ON DELETE CASCADE
);
CREATE UNIQUE INDEX document_version_by_name ON document_version (account_id, region, name, version_name);

CREATE TABLE document_permission (
    account_id     TEXT NOT NULL,
    region         TEXT NOT NULL,
    name           TEXT NOT NULL,
    shared_with    TEXT NOT NULL,
    shared_version TEXT NOT NULL,
    PRIMARY KEY (account_id, region, name, shared_with),
    FOREIGN KEY (account_id, region, name) REFERENCES document (account_id, region, name) ON DELETE CASCADE
);
CREATE INDEX document_permission_by_account ON document_permission (shared_with, region);
