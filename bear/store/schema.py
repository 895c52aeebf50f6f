"""The store's schema, as numbered migrations applied in order (tracked in PRAGMA user_version).

Never edit a migration that has shipped: add a new one.
"""

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE sessions (
        id          INTEGER PRIMARY KEY,
        started_at  REAL NOT NULL,           -- unix time
        ended_at    REAL,
        trigger     TEXT NOT NULL            -- wake | button | chat | ...
    );
    CREATE TABLE turns (
        id          INTEGER PRIMARY KEY,
        session_id  INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
        created_at  REAL NOT NULL,
        child_text  TEXT NOT NULL,
        bear_text   TEXT NOT NULL,
        emotion     TEXT,                    -- label only, and only when emotion is opted in
        timings     TEXT NOT NULL DEFAULT '{}',  -- JSON: per-stage milliseconds
        synced_at   REAL                     -- when the parent's endpoint acknowledged it
    );
    CREATE INDEX turns_created ON turns(created_at);
    CREATE INDEX turns_unsynced ON turns(synced_at) WHERE synced_at IS NULL;
    CREATE TABLE child_profile (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        name        TEXT,
        likes       TEXT NOT NULL DEFAULT '[]',  -- JSON list of favourite things
        updated_at  REAL NOT NULL
    );
    CREATE TABLE settings (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL,           -- JSON
        updated_at  REAL NOT NULL
    );
    CREATE TABLE safety_flags (
        id          INTEGER PRIMARY KEY,
        turn_id     INTEGER REFERENCES turns(id) ON DELETE SET NULL,
        created_at  REAL NOT NULL,
        category    TEXT NOT NULL,
        excerpt     TEXT NOT NULL,
        synced_at   REAL
    );
    CREATE TABLE sync_state (
        key         TEXT PRIMARY KEY,
        value       TEXT NOT NULL            -- JSON
    );
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
