-- Agencies, datasets with their markings, statements, loads and quarantine.
CREATE TABLE agency (
    code VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    -- ISO 3166 alpha-2: the default region for the agency's national-format phones.
    country VARCHAR,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE dataset (
    name VARCHAR PRIMARY KEY,
    agency VARCHAR NOT NULL,
    releasable_to VARCHAR[] NOT NULL,
    handling VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

-- One row per (dataset, entity, property, value): the id hashes those four
-- (store/writer.py statement_id), so loading the same fact twice cannot create a
-- second row.
CREATE TABLE statement (
    id VARCHAR PRIMARY KEY,
    entity_id VARCHAR NOT NULL,
    schema VARCHAR NOT NULL,
    prop VARCHAR NOT NULL,
    value VARCHAR NOT NULL,
    original_value VARCHAR,
    lang VARCHAR,
    dataset VARCHAR NOT NULL,
    agency VARCHAR NOT NULL,
    -- NULL marking columns inherit the dataset's marking; set only where a
    -- single statement is marked differently.
    releasable_to VARCHAR[],
    handling VARCHAR,
    first_seen TIMESTAMP NOT NULL,
    last_seen TIMESTAMP NOT NULL
);
CREATE INDEX statement_entity ON statement (dataset, entity_id);

CREATE TABLE load (
    id INTEGER PRIMARY KEY,
    dataset VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    rows_read INTEGER NOT NULL,
    entities INTEGER NOT NULL,
    statements_new INTEGER NOT NULL,
    quarantined INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

CREATE TABLE quarantine (
    load_id INTEGER NOT NULL,
    path VARCHAR NOT NULL,
    row_number INTEGER NOT NULL,
    field VARCHAR,
    reason VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- Canonical ids the resolver assigned; rebuilt on each run, never edits statements.
CREATE TABLE resolution (
    dataset VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    schema VARCHAR NOT NULL,
    canonical_id VARCHAR NOT NULL,
    rule VARCHAR NOT NULL,
    PRIMARY KEY (dataset, entity_id)
);
