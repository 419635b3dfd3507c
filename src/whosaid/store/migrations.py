"""The store's schema, as numbered migrations. ``PRAGMA user_version`` is the version a file has.

A migration is appended, never edited: a database at version N is brought to the current version
by running migrations N+1.. in order, each in its own transaction. A file with a version higher
than ``SCHEMA_VERSION`` was written by a newer whosaid and is refused.

Schema (version 5), for anyone querying the file with another SQLite tool:

``articles``        one row per analysed article. ``hash`` (unique) is the content key, see
                    ``store.keys.article_key``; ``source``, ``url``, ``outlet``, ``title``,
                    ``published`` (ISO date), ``text`` (the analysed text: all offsets count
                    code points into it), ``analysis`` (the whosaid/1 JSON without ``text``).
``people``          one row per speaker across articles: ``name`` (full name as first seen),
                    ``key`` (normalised name, unique), ``type`` (person, organization, ...).
``aliases``         ``(person_id, alias, key)``: names the person is also written as ("Putin").
``person_words``    ``(word, person_id)``: each word of a person's normalised name.
``person_roles``    ``(person_id, role, key)``: roles articles give the person.
``quote_groups``    one row per distinct quote across articles, matched on ``key`` (content
                    with case, punctuation and quote marks normalised away): ``content`` as first
                    seen, ``first_seen`` (earliest article date), ``occurrences``,
                    ``variant_id`` (the first group of its family of variants: trimmed,
                    extended or reworded wordings of one statement; version 5).
``quotes``          one row per quotation: ``article_id``, ``n`` (position in the article),
                    ``kind``, ``content`` (pieces joined by a space), ``start``/``end`` and
                    ``spans`` (JSON list of [start, end] pieces), ``cue`` with offsets, the
                    speaker (``speaker`` resolved name or NULL, ``speaker_mention`` with offsets,
                    ``confidence``, ``person_id``), ``addressee``, ``date`` (when it was said,
                    TimeML), ``published`` and ``outlet`` (copied from the article, for fast
                    filters), ``group_id``, ``act`` (what the cue reports: speech, belief,
                    intent or evidence) and ``unnamed`` (the description of a source the
                    article leaves anonymous, else NULL) (version 4).
``quote_via``       ``(quote_id, name, key, n)``: outlets that relayed a quote, ``n`` their order
                    in the chain, nearest the speaker first (version 5).
``variant_bands``   ``(key, group_id)``: the band keys of each quote group's MinHash signature,
                    the index that finds a new quote's variants (version 5).
``entities``        per article: ``eid`` (the analysis' id), ``name``, ``key``, ``type``,
                    ``roles`` (JSON list of texts), ``mentions`` (how many).
``quote_mentions``  ``(quote_id, entity_id, key)``: entities named inside a quote's content,
                    under the entity's name and each name it is written as there.
``failures``        inputs that could not be stored: ``key`` (unique), ``source``, ``reason``
                    (a stable code), ``message``.
``quotes_fts``      FTS5 index over ``quotes.content`` (external content, rowid = quotes.id).
"""

from __future__ import annotations

# Version 1: the tables. Version 2: full-text search over quote content, built from any quotes
# a version-1 file already holds (so an older store becomes searchable when opened). Version 3:
# an index of the words of people's names, filled from the names already stored, so a search
# by one word of a name ("Peskov") is an index lookup rather than a scan of every name. Version 4:
# each quote's act (speech, belief, intent, evidence) and its unnamed source's description, as
# columns, so search shows speech by default; filled for stored quotes from their analysis JSON
# (quote ``n`` of an article is ``$.quotes[n]`` there; one stored before acts existed is speech).
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        hash TEXT NOT NULL UNIQUE,
        source TEXT,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        text TEXT NOT NULL,
        analysis TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_source ON articles(source);
    CREATE INDEX articles_published ON articles(published);

    CREATE TABLE people (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        type TEXT NOT NULL DEFAULT 'other'
    );
    CREATE TABLE aliases (
        person_id INTEGER NOT NULL REFERENCES people(id),
        alias TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (key, person_id)
    ) WITHOUT ROWID;
    CREATE TABLE person_roles (
        person_id INTEGER NOT NULL REFERENCES people(id),
        role TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (person_id, key)
    ) WITHOUT ROWID;

    CREATE TABLE quote_groups (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        content TEXT NOT NULL,
        first_seen TEXT,
        occurrences INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE quotes (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        n INTEGER NOT NULL,
        kind TEXT NOT NULL,
        content TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        spans TEXT NOT NULL,
        cue TEXT,
        cue_start INTEGER,
        cue_end INTEGER,
        speaker TEXT,
        speaker_mention TEXT,
        speaker_start INTEGER,
        speaker_end INTEGER,
        confidence REAL,
        person_id INTEGER REFERENCES people(id),
        addressee TEXT,
        date TEXT,
        published TEXT,
        outlet TEXT,
        group_id INTEGER NOT NULL REFERENCES quote_groups(id),
        UNIQUE (article_id, n)
    );
    CREATE INDEX quotes_person ON quotes(person_id, published);
    CREATE INDEX quotes_published ON quotes(published);
    CREATE INDEX quotes_group ON quotes(group_id);
    CREATE INDEX quotes_outlet ON quotes(outlet COLLATE NOCASE);

    CREATE TABLE quote_via (
        quote_id INTEGER NOT NULL REFERENCES quotes(id),
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        PRIMARY KEY (quote_id, key)
    ) WITHOUT ROWID;
    CREATE INDEX quote_via_key ON quote_via(key);

    CREATE TABLE entities (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id),
        eid TEXT NOT NULL,
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        type TEXT NOT NULL,
        roles TEXT NOT NULL,
        mentions INTEGER NOT NULL,
        UNIQUE (article_id, eid)
    );
    CREATE INDEX entities_key ON entities(key);

    CREATE TABLE quote_mentions (
        quote_id INTEGER NOT NULL REFERENCES quotes(id),
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        key TEXT NOT NULL,
        PRIMARY KEY (key, quote_id, entity_id)
    ) WITHOUT ROWID;

    CREATE TABLE failures (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        source TEXT,
        reason TEXT NOT NULL,
        message TEXT,
        at TEXT NOT NULL
    );
    """,
    """
    CREATE VIRTUAL TABLE quotes_fts USING fts5(
        content, content='quotes', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
    );
    INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild');
    """,
    """
    CREATE TABLE person_words (
        word TEXT NOT NULL,
        person_id INTEGER NOT NULL REFERENCES people(id),
        PRIMARY KEY (word, person_id)
    ) WITHOUT ROWID;
    WITH RECURSIVE split(person_id, word, rest) AS (
        SELECT id, '', key || ' ' FROM people
        UNION ALL
        SELECT person_id, substr(rest, 1, instr(rest, ' ') - 1), substr(rest, instr(rest, ' ') + 1)
        FROM split WHERE rest <> ''
    )
    INSERT OR IGNORE INTO person_words(word, person_id)
    SELECT word, person_id FROM split WHERE word <> '';
    """,
    """
    ALTER TABLE quotes ADD COLUMN act TEXT NOT NULL DEFAULT 'speech';
    ALTER TABLE quotes ADD COLUMN unnamed TEXT;
    UPDATE quotes SET
        act = coalesce(
            (SELECT json_extract(a.analysis, '$.quotes[' || quotes.n || '].act')
             FROM articles a WHERE a.id = quotes.article_id),
            'speech'
        ),
        unnamed = (SELECT json_extract(a.analysis, '$.quotes[' || quotes.n || '].speaker.unnamed')
                   FROM articles a WHERE a.id = quotes.article_id);
    """,
    # How a statement travels: variant families of quote groups (``store.variants``), the band
    # keys of their MinHash signatures, and the order of a quote's relaying outlets. Groups a
    # file already holds get their family when it is next opened for writing (``backfill``).
    """
    ALTER TABLE quote_groups ADD COLUMN variant_id INTEGER REFERENCES quote_groups(id);
    CREATE INDEX quote_groups_variant ON quote_groups(variant_id);
    CREATE TABLE variant_bands (
        key INTEGER NOT NULL,
        group_id INTEGER NOT NULL REFERENCES quote_groups(id),
        PRIMARY KEY (key, group_id)
    ) WITHOUT ROWID;
    ALTER TABLE quote_via ADD COLUMN n INTEGER;
    """,
)

SCHEMA_VERSION = len(MIGRATIONS)
