"""Archive tables and their migrations, for SQLite and PostgreSQL.

Each migration is a numbered list of statements per dialect; ``schema_migrations`` records
the ones applied. A new migration is appended to MIGRATIONS and never edits an old one.

The DDL is written once with placeholders for what differs between the dialects ({key} for
64-bit integers, {blob}, {real}, {doc_key}, {without_rowid}, {brin}, {day_order},
{event_order}, {ref_doc}, {ref_entity}); the full-text parts are dialect-specific. SQLite checks foreign
keys on every row; PostgreSQL only on the per-document tables, as per-row checks on the
analysis tables would halve its insert rate (svodka writes a document and its rows in one
transaction). ``documents`` holds the small columns that queries filter on;
``document_content`` the text and the analysis (the svodka/1 document without its text, as
zlib-compressed JSON: ``svodka.store.rows.pack_analysis``), so that probing documents
stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

SCHEMA_VERSION_TABLE = "schema_migrations"

_TYPES = {
    "sqlite": {
        "key": "INTEGER", "blob": "BLOB", "real": "REAL", "doc_key": "INTEGER PRIMARY KEY",
        "without_rowid": "WITHOUT ROWID", "brin": "", "day_order": "published_day",
        "event_order": "day, doc",
        "ref_doc": "REFERENCES documents(doc) ON DELETE CASCADE",
        "ref_entity": "REFERENCES entities(id)"},
    "postgres": {
        "key": "BIGINT", "blob": "BYTEA", "real": "DOUBLE PRECISION",
        "doc_key": "BIGINT PRIMARY KEY", "without_rowid": "",
        # rows arrive in document order: a block-range index is tiny and cheap
        "brin": "USING BRIN ",
        # newest first, undated last: the order the queries ask for
        "day_order": "published_day DESC NULLS LAST, doc DESC",
        "event_order": "day DESC NULLS LAST, doc DESC",
        # foreign keys cost ~4 us per row on COPY (half of the insert time); svodka writes
        # a document and its rows in one transaction and deletes them together
        "ref_doc": "", "ref_entity": ""},
}

# Tables shared by both dialects. Document-level rows reference documents(doc), an integer
# archive key; `documents.id` is the svodka/1 id. Global entities are keyed by a 63-bit
# hash of their key (kb_id, or TYPE:normalised name) so that inserts need no round trip.
_CORE = """
CREATE TABLE sources (
    id {key} PRIMARY KEY,
    name TEXT NOT NULL,
    key TEXT NOT NULL UNIQUE
);
CREATE TABLE documents (
    doc {doc_key},
    id TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL UNIQUE,
    source_id {key} REFERENCES sources(id),
    url TEXT,
    title TEXT,
    published TEXT,
    published_day TEXT,
    language TEXT,
    schema TEXT NOT NULL,
    analyser TEXT NOT NULL,
    origin TEXT,
    ingested_at TEXT NOT NULL,
    analysed_at TEXT NOT NULL,
    near_duplicate_of {key} REFERENCES documents(doc),
    near_duplicate_similarity {real},
    minhash {blob}
);
CREATE INDEX documents_published_day ON documents({day_order});
CREATE INDEX documents_source ON documents(source_id);
CREATE INDEX documents_near_duplicate ON documents(near_duplicate_of)
    WHERE near_duplicate_of IS NOT NULL;
CREATE TABLE document_content (
    doc {key} PRIMARY KEY REFERENCES documents(doc) ON DELETE CASCADE,
    text TEXT NOT NULL,
    analysis {blob} NOT NULL
);
CREATE TABLE lsh_bands (
    band_key {key} NOT NULL,
    doc {key} NOT NULL {ref_doc}
);
CREATE INDEX lsh_bands_key ON lsh_bands(band_key);
CREATE INDEX lsh_bands_doc ON lsh_bands(doc);
CREATE TABLE entities (
    id {key} PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    kb_id TEXT,
    country TEXT,
    name_lemmas TEXT NOT NULL
);
CREATE INDEX entities_kb_id ON entities(kb_id);
CREATE TABLE document_entities (
    doc {key} NOT NULL {ref_doc},
    local_id TEXT NOT NULL,
    entity_id {key} NOT NULL {ref_entity},
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    mention_count INTEGER NOT NULL,
    PRIMARY KEY (doc, local_id)
) {without_rowid};
CREATE INDEX document_entities_entity ON document_entities(entity_id, doc);
CREATE TABLE mentions (
    doc {key} NOT NULL {ref_doc},
    entity_id {key} NOT NULL {ref_entity},
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions {brin}(doc);
CREATE TABLE dates (
    doc {key} NOT NULL {ref_doc},
    local_id TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    value TEXT,
    granularity TEXT,
    end_value TEXT,
    PRIMARY KEY (doc, local_id)
) {without_rowid};
CREATE TABLE quotes (
    doc {key} NOT NULL {ref_doc},
    local_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker_entity {key} {ref_entity},
    speaker_text TEXT,
    speaker_lemmas TEXT NOT NULL,
    cue_lemma TEXT,
    PRIMARY KEY (doc, local_id)
) {without_rowid};
CREATE INDEX quotes_speaker ON quotes(speaker_entity);
CREATE TABLE events (
    doc {key} NOT NULL {ref_doc},
    local_id TEXT NOT NULL,
    type TEXT NOT NULL,
    mode TEXT,
    modality TEXT NOT NULL,
    trigger_start INTEGER NOT NULL,
    trigger_end INTEGER NOT NULL,
    trigger_text TEXT NOT NULL,
    date_value TEXT,
    day TEXT,
    location_entity {key} {ref_entity},
    location_text TEXT,
    location_country TEXT,
    actor_country TEXT,
    reported_by TEXT,
    PRIMARY KEY (doc, local_id)
) {without_rowid};
CREATE INDEX events_type_day ON events(type, {event_order});
CREATE INDEX events_day ON events({event_order});
CREATE TABLE event_arguments (
    doc {key} NOT NULL {ref_doc},
    event_local_id TEXT NOT NULL,
    role TEXT NOT NULL,
    position INTEGER NOT NULL,
    entity_id {key} {ref_entity},
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    PRIMARY KEY (doc, event_local_id, role, position)
) {without_rowid};
CREATE INDEX event_arguments_entity ON event_arguments(entity_id);
CREATE TABLE labels (
    doc {key} NOT NULL {ref_doc},
    local_id TEXT NOT NULL,
    char_start INTEGER NOT NULL,
    char_end INTEGER NOT NULL,
    label_text TEXT NOT NULL,
    label_lemma TEXT NOT NULL,
    holder_entity {key} {ref_entity},
    holder_text TEXT,
    holder_lemmas TEXT NOT NULL,
    target_entity {key} {ref_entity},
    target_text TEXT,
    target_lemmas TEXT NOT NULL,
    quote_local_id TEXT,
    PRIMARY KEY (doc, local_id)
) {without_rowid};
CREATE INDEX labels_holder ON labels(holder_entity);
CREATE INDEX labels_target ON labels(target_entity);
CREATE TABLE errors (
    id {key} PRIMARY KEY,
    origin TEXT NOT NULL,
    reason TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    count INTEGER NOT NULL
);
"""

_FTS = {
    # Contentless FTS5 over svodka's lemma strings (rowid = doc). Deleting a row needs the
    # indexed values again: svodka.store.textindex.index_text recomputes them from the text.
    "sqlite": """
CREATE VIRTUAL TABLE document_fts USING fts5(
    title, body, variants, content='', tokenize='unicode61 remove_diacritics 0'
);
""",
    # A tsvector built by svodka (lexemes are its lemmas) with a GIN index. The vectors are
    # moved out of line (toast_tuple_target), so that the heap the GIN bitmap visits stays
    # small (~70 bytes a row); the filter columns ride along to spare a join.
    "postgres": """
CREATE SEQUENCE documents_doc_seq;
CREATE TABLE document_search (
    doc BIGINT PRIMARY KEY REFERENCES documents(doc) ON DELETE CASCADE,
    published_day TEXT,
    source_id BIGINT,
    vector TSVECTOR NOT NULL
) WITH (toast_tuple_target = 128);
CREATE INDEX document_search_vector ON document_search USING GIN (vector);
""",
}


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: dict[str, list[str]]  # dialect -> statements


def _split(sql: str) -> list[str]:
    return [s.strip() for s in sql.split(";") if s.strip()]


# Ranking decompresses each candidate's vector, ingest compresses every text: lz4 is several
# times faster than pglz. Servers built without lz4 keep pglz (one statement: not split).
_PG_LZ4 = """DO $$ BEGIN
    ALTER TABLE document_search ALTER COLUMN vector SET COMPRESSION lz4;
    ALTER TABLE document_content ALTER COLUMN text SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL;
END $$"""
# the analysis is zlib-compressed already: no second compression attempt
_PG_CONTENT = "ALTER TABLE document_content ALTER COLUMN analysis SET STORAGE EXTERNAL"


def _initial() -> Migration:
    statements = {}
    for dialect, types in _TYPES.items():
        statements[dialect] = _split(_CORE.format(**types)) + _split(_FTS[dialect])
    statements["postgres"] += [_PG_CONTENT, _PG_LZ4]
    return Migration(1, "initial archive schema", statements)


# Stories (svodka.stories): clusters of documents about the same real-world story. No foreign
# keys: stories are derived data, rebuilt by `svodka stories update --rebuild`.
_STORIES = """
CREATE TABLE stories (
    id {key} PRIMARY KEY,
    first_day TEXT,
    last_day TEXT,
    size INTEGER NOT NULL,
    title TEXT,
    lead_doc {key},
    profile {blob} NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX stories_last_day ON stories(last_day);
CREATE TABLE story_documents (
    doc {key} PRIMARY KEY,
    story {key} NOT NULL,
    similarity {real},
    day TEXT
);
CREATE INDEX story_documents_story ON story_documents(story);
CREATE TABLE story_keys (
    key {key} NOT NULL,
    story {key} NOT NULL,
    day TEXT
);
CREATE INDEX story_keys_key ON story_keys(key, day);
CREATE INDEX story_keys_story ON story_keys(story);
CREATE TABLE story_df (
    key {key} PRIMARY KEY,
    df INTEGER NOT NULL
)
"""


def _stories() -> Migration:
    return Migration(2, "stories", {dialect: _split(_STORIES.format(**types))
                                    for dialect, types in _TYPES.items()})


MIGRATIONS: list[Migration] = [_initial(), _stories()]
SCHEMA_VERSION = MIGRATIONS[-1].version


def pending(applied: set[int]) -> list[Migration]:
    return [m for m in MIGRATIONS if m.version not in applied]
