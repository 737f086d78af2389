-- What each resolver run read, so that the next run may resolve only what changed
-- since (`crosscurrent resolve --incremental`): the loads and the judgements in
-- force it read, the agencies' phone regions, how many records it resolved, and,
-- for a full run, the person model it trained (JSON; NULL when the rules decided
-- people). Only the latest full run keeps its model.
CREATE TABLE resolution_run (
    id INTEGER PRIMARY KEY,
    kind VARCHAR NOT NULL CHECK (kind IN ('full', 'incremental')),
    method VARCHAR NOT NULL,
    -- JSON [[load id, loaded_at], ...]
    loads VARCHAR NOT NULL,
    -- JSON [[judgement id, left dataset, left id, right dataset, right id, verdict], ...]
    judgements VARCHAR NOT NULL,
    -- JSON {agency: country}
    regions VARCHAR NOT NULL,
    records INTEGER NOT NULL,
    model VARCHAR,
    finished_at TIMESTAMP NOT NULL
);
