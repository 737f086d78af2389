-- Browser sessions of the web API (api/sessions.py). The cookie holds a random
-- secret; the store keeps only its SHA-256, so a copied store opens no session.
-- Rows are checked on every request: deleting one signs the browser out.
CREATE TABLE api_session (
    id_hash VARCHAR PRIMARY KEY,
    user_name VARCHAR NOT NULL,
    -- Sent back in the X-CSRF-Token header with every unsafe request.
    csrf_token VARCHAR NOT NULL,
    -- The case the user is working on: the justification of its consultations.
    case_reference VARCHAR,
    -- UTC.
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
