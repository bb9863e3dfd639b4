-- Real machines: hybrid activations, the agents registered through them, the temporary
-- credentials Steward issues to agents, and the ec2messages queue. Timestamps are epoch
-- milliseconds.

-- An activation is looked up without a tenant when an agent registers (the call is unsigned),
-- so its id is unique across tenants. The code itself is never stored: only a salted SHA-256.
CREATE TABLE activation (
    activation_id         TEXT    NOT NULL PRIMARY KEY,
    account_id            TEXT    NOT NULL,
    region                TEXT    NOT NULL,
    code_salt             TEXT    NOT NULL,
    code_hash             TEXT    NOT NULL,
    description           TEXT,
    default_instance_name TEXT,
    iam_role              TEXT    NOT NULL,
    registration_limit    INTEGER NOT NULL,
    registrations_count   INTEGER NOT NULL,
    expiration_at         BIGINT  NOT NULL,
    created_at            BIGINT  NOT NULL,
    registration_metadata TEXT    NOT NULL,
    tags                  TEXT    NOT NULL,
    seq                   INTEGER NOT NULL
);
CREATE INDEX activation_by_tenant ON activation (account_id, region, seq);

-- The identity of a node an agent registered: its RSA public key and machine fingerprint.
-- Instance ids are unique across tenants, because RSA-signed calls name only the instance.
CREATE TABLE agent_identity (
    instance_id     TEXT   NOT NULL PRIMARY KEY,
    account_id      TEXT   NOT NULL,
    region          TEXT   NOT NULL,
    activation_id   TEXT   NOT NULL,
    iam_role        TEXT   NOT NULL,
    node_name       TEXT,
    public_key      TEXT   NOT NULL,
    public_key_type TEXT   NOT NULL,
    fingerprint     TEXT   NOT NULL,
    registered_at   BIGINT NOT NULL
);

-- Temporary credentials issued by RequestManagedInstanceRoleToken. The secret has to be kept
-- as it is: SigV4 verification recomputes the HMAC with it. Revoked ones (their node was
-- deregistered) and expired ones are kept for a day, so they are refused as such rather than
-- passed on to the server's own keys.
CREATE TABLE instance_credential (
    access_key_id TEXT   NOT NULL PRIMARY KEY,
    secret        TEXT   NOT NULL,
    session_token TEXT   NOT NULL,
    instance_id   TEXT   NOT NULL,
    account_id    TEXT   NOT NULL,
    region        TEXT   NOT NULL,
    expires_at    BIGINT NOT NULL,
    revoked       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX instance_credential_by_instance ON instance_credential (instance_id);

-- ec2messages: one row per message to an agent. state: Queued, Delivered, Acknowledged,
-- Completed (a terminal reply arrived), Failed (FailMessage), Deleted.
CREATE TABLE agent_message (
    seq          INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id   TEXT    NOT NULL UNIQUE,
    account_id   TEXT    NOT NULL,
    region       TEXT    NOT NULL,
    instance_id  TEXT    NOT NULL,
    command_id   TEXT    NOT NULL,
    topic        TEXT    NOT NULL,
    payload      TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    state        TEXT    NOT NULL,
    visible_at   BIGINT  NOT NULL,
    deliveries   INTEGER NOT NULL,
    acked_at     BIGINT
);
CREATE INDEX agent_message_due ON agent_message (instance_id, state, visible_at, seq);

-- What the agent reported for one command on one node, built from its SendReply payloads.
CREATE TABLE agent_invocation (
    message_id      TEXT   NOT NULL PRIMARY KEY,
    account_id      TEXT   NOT NULL,
    region          TEXT   NOT NULL,
    instance_id     TEXT   NOT NULL,
    command_id      TEXT   NOT NULL,
    status          TEXT   NOT NULL,
    detailed_status TEXT   NOT NULL,
    plugins         TEXT   NOT NULL,
    updated_at      BIGINT NOT NULL,
    delivery_deadline  BIGINT NOT NULL,
    execution_deadline BIGINT,
    finished_at     BIGINT
);
CREATE INDEX agent_invocation_open ON agent_invocation (finished_at);

-- ReplyIds already applied: the agent resends failed replies for two hours with the same id.
CREATE TABLE agent_reply (
    reply_id    TEXT   NOT NULL PRIMARY KEY,
    message_id  TEXT   NOT NULL,
    received_at BIGINT NOT NULL
);
