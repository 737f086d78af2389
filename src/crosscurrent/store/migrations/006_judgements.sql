-- Analysts' judgements on pairs of source records: first-class data that every
-- resolver run applies. A new judgement on a pair supersedes the last one, which
-- is kept; undoing one supersedes it without a successor.
CREATE TABLE judgement (
    id INTEGER PRIMARY KEY,
    left_dataset VARCHAR NOT NULL,
    left_id VARCHAR NOT NULL,
    right_dataset VARCHAR NOT NULL,
    right_id VARCHAR NOT NULL,
    verdict VARCHAR NOT NULL CHECK (verdict IN ('merge', 'split', 'unsure')),
    by_user VARCHAR NOT NULL,
    agency VARCHAR NOT NULL,
    judged_at TIMESTAMP NOT NULL,
    superseded_at TIMESTAMP
);
