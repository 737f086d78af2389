-- Official statistics for the situational picture (crosscurrent.situation): public
-- series kept apart from agencies' statements, so they carry no marking and are
-- read without --as. Every figure keeps its edition: a revision adds a row and
-- never overwrites one, and queries take the latest edition per period.
CREATE TABLE official_edition (
    series VARCHAR NOT NULL,
    -- The date the edition stands at (Data_Report for the Italian dashboard).
    edition DATE NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('provisional', 'consolidated')),
    publisher VARCHAR NOT NULL,
    compiled_by VARCHAR,
    licence VARCHAR NOT NULL,
    attribution VARCHAR NOT NULL,
    -- The file the edition was first read from, and its SHA-256.
    path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    loaded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (series, edition, status)
);

CREATE TABLE official_figure (
    series VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    -- The period the figure covers: one day, a week ending on a Sunday, a year.
    period_start DATE NOT NULL,
    period_end DATE NOT NULL,
    edition DATE NOT NULL,
    status VARCHAR NOT NULL,
    -- Never NULL: an empty or malformed value is an official_problem, not a
    -- figure, so no sum can read it as zero.
    value BIGINT NOT NULL CHECK (value >= 0),
    -- Row of the source file (header = 1).
    row_number INTEGER NOT NULL,
    PRIMARY KEY (series, measure, period_start, period_end, edition, status)
);

-- One row per file read: the same file (by SHA-256) is read once.
CREATE TABLE official_load (
    sha256 VARCHAR PRIMARY KEY,
    series VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    rows_read INTEGER NOT NULL,
    figures_new INTEGER NOT NULL,
    problems INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

CREATE TABLE official_problem (
    sha256 VARCHAR NOT NULL,
    path VARCHAR NOT NULL,
    row_number INTEGER NOT NULL,
    field VARCHAR,
    reason VARCHAR NOT NULL
);
