-- Store-wide choices that every process reading the store must share, such as the
-- resolver's method: the CLI and the server must resolve a caller's view alike.
CREATE TABLE store_option (
    name VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
