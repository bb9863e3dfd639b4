-- The key that seals NextTokens. It lives in the store, not beside it, so every server sharing
-- the store opens the NextTokens any of them made. One row, made by the first start.
CREATE TABLE token_key (
    id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    key_bytes  BLOB    NOT NULL,
    created_at BIGINT  NOT NULL
);
