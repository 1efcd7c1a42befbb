-- Tenancy and sign-in: MSPs, their admin users, server-side sessions, failed sign-ins.
-- Times are BIGINT Unix milliseconds in every table of both databases.

CREATE TABLE msps (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE users (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    msp_id BIGINT NOT NULL REFERENCES msps (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    -- Stored lower-cased by the store, so plain equality is the case-insensitive match.
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_msp_id ON users (msp_id);

-- At most one row (id = 1): first-admin setup inserts it before anything else, so a second,
-- concurrent setup blocks on the primary key and then fails instead of creating another admin.
CREATE TABLE install_state (
    id SMALLINT PRIMARY KEY CHECK (id = 1),
    installed_at BIGINT NOT NULL
);

CREATE TABLE sessions (
    -- Only a hash of the cookie token is kept, so a database leak yields no usable session.
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_user_id ON sessions (user_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

CREATE TABLE sign_in_failures (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    scope TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_scope_at ON sign_in_failures (scope, at);
