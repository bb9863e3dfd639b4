-- Documents users write: one row per document, one per version, and the accounts each is shared
-- with ('all' for public). Amazon's documents live in the jar, not here. Timestamps are epoch
-- milliseconds; every row is keyed by the owner's tenant (account_id, region).
CREATE TABLE document (
    account_id      TEXT COLLATE "C"    NOT NULL,
    region          TEXT COLLATE "C"    NOT NULL,
    name            TEXT COLLATE "C"    NOT NULL,
    document_type   TEXT COLLATE "C"    NOT NULL,
    created_at      BIGINT  NOT NULL,
    latest_version  BIGINT NOT NULL,
    default_version BIGINT NOT NULL,
    PRIMARY KEY (account_id, region, name)
);

CREATE TABLE document_version (
    account_id      TEXT COLLATE "C"    NOT NULL,
    region          TEXT COLLATE "C"    NOT NULL,
    name            TEXT COLLATE "C"    NOT NULL,
    version         BIGINT NOT NULL,
    version_name    TEXT COLLATE "C",
    display_name    TEXT COLLATE "C",
    document_format TEXT COLLATE "C"    NOT NULL,
    target_type     TEXT COLLATE "C",
    content         TEXT COLLATE "C"    NOT NULL,
    hash            TEXT COLLATE "C"    NOT NULL,
    requires        TEXT COLLATE "C",
    created_at      BIGINT  NOT NULL,
    PRIMARY KEY (account_id, region, name, version),
    FOREIGN KEY (account_id, region, name) REFERENCES document (account_id, region, name) ON DELETE CASCADE
);
CREATE UNIQUE INDEX document_version_by_name ON document_version (account_id, region, name, version_name);

CREATE TABLE document_permission (
    account_id     TEXT COLLATE "C" NOT NULL,
    region         TEXT COLLATE "C" NOT NULL,
    name           TEXT COLLATE "C" NOT NULL,
    shared_with    TEXT COLLATE "C" NOT NULL,
    shared_version TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (account_id, region, name, shared_with),
    FOREIGN KEY (account_id, region, name) REFERENCES document (account_id, region, name) ON DELETE CASCADE
);
CREATE INDEX document_permission_by_account ON document_permission (shared_with, region);
