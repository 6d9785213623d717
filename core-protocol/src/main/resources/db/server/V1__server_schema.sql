-- The rights server's store. Portable SQL: runs unchanged on H2 2.x and PostgreSQL 12+.
-- Times are epoch milliseconds (BIGINT) so both databases agree on them exactly.

CREATE TABLE accounts (
    account_id  VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(100) NOT NULL UNIQUE,
    token_hash  VARCHAR(64)  NOT NULL UNIQUE,
    created_at  BIGINT       NOT NULL,
    revoked_at  BIGINT
);

CREATE TABLE offers (
    offer_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    content_id     VARCHAR(64)   NOT NULL,
    title          VARCHAR(200)  NOT NULL,
    kind           VARCHAR(20)   NOT NULL,
    description    VARCHAR(2000) NOT NULL,
    plays          INT,
    valid_days     INT,
    not_before     VARCHAR(40),
    not_after      VARCHAR(40),
    default_stock  INT           NOT NULL CHECK (default_stock >= 0),
    created_at     BIGINT        NOT NULL
);

-- One row per account and offer: the account's stock of that offer and what became of it.
-- initial_stock = stock + issued - returned holds after every transaction.
CREATE TABLE stock (
    account_id     VARCHAR(64) NOT NULL REFERENCES accounts (account_id),
    offer_id       VARCHAR(64) NOT NULL REFERENCES offers (offer_id),
    initial_stock  INT         NOT NULL,
    stock          INT         NOT NULL CHECK (stock >= 0),
    issued         INT         NOT NULL DEFAULT 0,
    completed      INT         NOT NULL DEFAULT 0,
    returned       INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (account_id, offer_id)
);

-- Transaction ids are the client's; they are scoped to the account that opened them, so
-- another account's id is simply unknown here and reveals nothing.
CREATE TABLE transactions (
    account_id      VARCHAR(64) NOT NULL REFERENCES accounts (account_id),
    transaction_id  UUID        NOT NULL,
    device_id       UUID        NOT NULL,
    kind            VARCHAR(10) NOT NULL,
    state           VARCHAR(12) NOT NULL,
    offer_id        VARCHAR(64),
    rights_id       UUID,
    -- the exact leg-4 answer, replayed byte for byte on a repeated leg 3
    response_status INT,
    response_body   VARCHAR(16000),
    created_at      BIGINT      NOT NULL,
    updated_at      BIGINT      NOT NULL,
    PRIMARY KEY (account_id, transaction_id)
);

CREATE INDEX transactions_state_updated ON transactions (state, updated_at);

CREATE TABLE rights (
    rights_id       UUID         NOT NULL PRIMARY KEY,
    account_id      VARCHAR(64)  NOT NULL,
    transaction_id  UUID         NOT NULL,
    device_id       UUID         NOT NULL,
    offer_id        VARCHAR(64)  NOT NULL,
    state           VARCHAR(10)  NOT NULL,
    returned_by     UUID,
    issued_at       BIGINT       NOT NULL,
    FOREIGN KEY (account_id, transaction_id) REFERENCES transactions (account_id, transaction_id)
);

CREATE INDEX rights_account ON rights (account_id, offer_id);

CREATE TABLE signing_keys (
    key_id       VARCHAR(64)   NOT NULL PRIMARY KEY,
    private_key  VARCHAR(200)  NOT NULL,
    public_key   VARCHAR(100)  NOT NULL,
    active       BOOLEAN       NOT NULL,
    created_at   BIGINT        NOT NULL
);
