-- Managed nodes (simulated today, real agents later) and the CloudWatch alarm states that
-- associations consult. Timestamps are epoch milliseconds. Every lookup is keyed by tenant.
CREATE TABLE managed_node (
    account_id           TEXT COLLATE "C"   NOT NULL,
    region               TEXT COLLATE "C"   NOT NULL,
    instance_id          TEXT COLLATE "C"   NOT NULL,
    computer_name        TEXT COLLATE "C"   NOT NULL,
    platform_type        TEXT COLLATE "C"   NOT NULL,
    platform_name        TEXT COLLATE "C"   NOT NULL,
    platform_version     TEXT COLLATE "C"   NOT NULL,
    agent_version        TEXT COLLATE "C"   NOT NULL,
    ip_address           TEXT COLLATE "C"   NOT NULL,
    ping_status          TEXT COLLATE "C"   NOT NULL,
    registration_at      BIGINT NOT NULL,
    last_ping_at         BIGINT NOT NULL,
    -- Both null for a real agent; both set for a simulated node.
    behavior_status      TEXT COLLATE "C",
    behavior_duration_ms BIGINT,
    -- Doubles as the keyset index: listings walk (account_id, region, instance_id) in order.
    PRIMARY KEY (account_id, region, instance_id)
);

-- Tag targets look nodes up by tag key and value; resource_tag's primary key serves the
-- opposite direction (the tags of one resource).
CREATE INDEX resource_tag_by_value ON resource_tag (account_id, region, resource_type, tag_key, tag_value, resource_id);

CREATE TABLE alarm_state (
    account_id TEXT COLLATE "C" NOT NULL,
    region     TEXT COLLATE "C" NOT NULL,
    alarm_name TEXT COLLATE "C" NOT NULL,
    state      TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (account_id, region, alarm_name)
);
