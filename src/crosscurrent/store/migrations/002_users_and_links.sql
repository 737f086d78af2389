-- Users and their API tokens; dataset review dates and hit/no-hit; the links the
-- resolver accepted, so each caller's clusters are built from links it may see.
CREATE TABLE app_user (
    name VARCHAR PRIMARY KEY,
    agency VARCHAR NOT NULL,
    roles VARCHAR[] NOT NULL,
    password_hash VARCHAR,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE api_token (
    id VARCHAR PRIMARY KEY,
    user_name VARCHAR NOT NULL,
    -- SHA-256 of the secret: a stolen database yields no usable token.
    token_hash VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);

ALTER TABLE dataset ADD COLUMN review_date DATE;
ALTER TABLE dataset ADD COLUMN hits_allowed BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE dataset ADD COLUMN contact_point VARCHAR;
ALTER TABLE dataset ADD COLUMN handling_text VARCHAR;

CREATE TABLE resolution_link (
    left_dataset VARCHAR NOT NULL,
    left_id VARCHAR NOT NULL,
    right_dataset VARCHAR NOT NULL,
    right_id VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    -- Property groups ("name|firstName", "birthDate") the rule compared.
    evidence VARCHAR[] NOT NULL
);
