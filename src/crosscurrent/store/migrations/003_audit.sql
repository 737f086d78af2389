-- The tamper-evident audit log (share/audit.py): append-only entries chained by
-- hash, and signed checkpoints over a Merkle tree of them. Nothing here stops an
-- UPDATE or DELETE (DuckDB has no triggers or grants); `crosscurrent audit
-- verify` detects them. No index on `logged_at`: entries arrive in time order, so
-- DuckDB's per-block min/max already skips most of the table for a time range.
CREATE TABLE audit_entry (
    seq BIGINT PRIMARY KEY CHECK (seq > 0),
    -- UTC.
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    agency VARCHAR,
    action VARCHAR NOT NULL CHECK (action IN (
        'collection', 'alteration', 'consultation', 'disclosure', 'combination',
        'erasure', 'administration'
    )),
    -- Ids only (dataset names, entity and canonical ids), never values.
    objects VARCHAR[] NOT NULL,
    justification VARCHAR,
    -- Canonical JSON of counts, flags and ids; hashed as stored.
    detail VARCHAR,
    prev_hash VARCHAR NOT NULL,
    -- SHA-256 of the canonical entry and prev_hash (share/entry.py entry_hash).
    hash VARCHAR NOT NULL
);

CREATE TABLE audit_checkpoint (
    -- Covers entries 1..seq (0: the empty log).
    seq BIGINT PRIMARY KEY CHECK (seq >= 0),
    -- The checkpoint before this one, NULL for the first: a deleted checkpoint
    -- leaves its successor pointing at nothing.
    prev BIGINT,
    -- Merkle root (RFC 9162) over the entry hashes 1..seq, and the hash of entry seq.
    root VARCHAR NOT NULL,
    head VARCHAR NOT NULL,
    -- Peaks of the tree: not signed, but they must fold to the signed root;
    -- the next checkpoint carries on from them.
    peaks VARCHAR[] NOT NULL,
    -- UTC.
    signed_at TIMESTAMP NOT NULL,
    -- SHA-256 of the raw Ed25519 public key, and the signature (hex) over
    -- the canonical JSON of seq, prev, root, head, signed_at and key_id.
    key_id VARCHAR NOT NULL,
    signature VARCHAR NOT NULL
);
