-- Several servers on one store: every run and command in flight belongs to one server at a
-- time through a lease (the owning server's random id, and until when, in wall-clock epoch
-- milliseconds). The owner renews its leases every few seconds; any server takes over one
-- whose lease ran out (its server died) with one conditional UPDATE, so exactly one wins.
-- A row with no owner (written before leases existed) counts as expired.
ALTER TABLE association_execution ADD COLUMN owner TEXT;
ALTER TABLE association_execution ADD COLUMN lease_until BIGINT;
ALTER TABLE command ADD COLUMN owner TEXT;
ALTER TABLE command ADD COLUMN lease_until BIGINT;

-- CancelCommand reaching a server that does not run the command: the owner acts on it.
-- instance_id is '' for the whole command.
CREATE TABLE command_cancel_request (
    command_id   TEXT   NOT NULL REFERENCES command (command_id) ON DELETE CASCADE,
    instance_id  TEXT   NOT NULL,
    requested_at BIGINT NOT NULL,
    PRIMARY KEY (command_id, instance_id)
);
