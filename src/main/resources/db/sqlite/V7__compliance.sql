-- Compliance: the items PutComplianceItems and association runs leave on managed nodes.
-- Items belong to their node (and Association items to their association when one of that id
-- exists), so deleting either removes them in the same transaction, through the foreign keys.
-- Summaries are computed from the items when read, so nothing can drift out of step with them.
CREATE TABLE compliance_item (
    seq              INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id       TEXT    NOT NULL,
    region           TEXT    NOT NULL,
    resource_type    TEXT    NOT NULL,
    resource_id      TEXT    NOT NULL,
    compliance_type  TEXT    NOT NULL,
    item_id          TEXT,
    title            TEXT,
    status           TEXT    NOT NULL,
    severity         TEXT    NOT NULL,
    -- CRITICAL 5 .. UNSPECIFIED 0: severities compare and summarise by rank.
    severity_rank    INTEGER NOT NULL,
    details          TEXT,
    execution_time   BIGINT  NOT NULL,
    execution_id     TEXT,
    execution_type   TEXT,
    -- UTF-8 bytes of the item's id, title and details: what the size quotas count.
    content_bytes    INTEGER NOT NULL,
    association_id   TEXT REFERENCES association (association_id) ON DELETE CASCADE,
    FOREIGN KEY (account_id, region, resource_id) REFERENCES managed_node (account_id, region, instance_id)
        ON DELETE CASCADE
);
-- Doubles as the keyset index of ListComplianceItems and the grouping of the summaries.
CREATE INDEX compliance_item_by_resource ON compliance_item (account_id, region, resource_type, resource_id,
    compliance_type, seq);
CREATE INDEX compliance_item_by_type ON compliance_item (account_id, region, compliance_type);
CREATE INDEX compliance_item_by_association ON compliance_item (association_id) WHERE association_id IS NOT NULL;

-- The last upload of each compliance type to each resource: its ItemContentHash (an upload
-- with the same hash is ignored) and its ExecutionSummary (the resource summary's).
CREATE TABLE compliance_upload (
    account_id      TEXT   NOT NULL,
    region          TEXT   NOT NULL,
    resource_type   TEXT   NOT NULL,
    resource_id     TEXT   NOT NULL,
    compliance_type TEXT   NOT NULL,
    content_hash    TEXT,
    execution_time  BIGINT NOT NULL,
    execution_id    TEXT,
    execution_type  TEXT,
    PRIMARY KEY (account_id, region, resource_type, resource_id, compliance_type),
    FOREIGN KEY (account_id, region, resource_id) REFERENCES managed_node (account_id, region, instance_id)
        ON DELETE CASCADE
);
