-- A relais-server database at schema version 1, as that version left it.
--
-- FROZEN: do not edit. The tests (schema_migration_test.cpp) build a file from
-- this script and upgrade it, so that "version 1" cannot drift with the
-- migration code: the statements below are version 1's kSchema verbatim
-- (commit cc933b5, server/src/sqlite_rows.cc), and the rows are written with
-- that version's INSERT column lists (a follow-up that was completed is
-- stored as its UPDATE left it; `agents.status` keeps its default, which
-- version 1 never wrote). The test checks every value below after upgrading.
--
-- Version 1 set WAL mode, created its tables, then wrote user_version.
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS conversations (
  id TEXT PRIMARY KEY,
  token_hash TEXT NOT NULL,
  state TEXT NOT NULL,
  queue TEXT NOT NULL,
  language TEXT NOT NULL,
  priority TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  page_url TEXT NOT NULL DEFAULT '',
  entities TEXT NOT NULL DEFAULT '{}',
  skill TEXT NOT NULL DEFAULT '',
  agent_id INTEGER NOT NULL DEFAULT 0,
  outcome TEXT NOT NULL DEFAULT '',
  visitor_ip TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL,
  queued_ms INTEGER NOT NULL DEFAULT 0,
  assigned_ms INTEGER NOT NULL DEFAULT 0,
  closed_ms INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS conversations_state ON conversations(state);
CREATE TABLE IF NOT EXISTS messages (
  conversation_id TEXT NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  client_id TEXT NOT NULL,
  author_kind TEXT NOT NULL,
  author_id TEXT NOT NULL DEFAULT '',
  author_name TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  created_ms INTEGER NOT NULL,
  PRIMARY KEY (conversation_id, seq),
  UNIQUE (conversation_id, client_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms INTEGER NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  action TEXT NOT NULL,
  conversation_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX IF NOT EXISTS events_conversation ON events(conversation_id);
CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE IF NOT EXISTS agents (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  skills TEXT NOT NULL DEFAULT '[]',
  languages TEXT NOT NULL DEFAULT '[]',
  queues TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'offline',
  disabled INTEGER NOT NULL DEFAULT 0,
  created_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS followups (
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('callback', 'message')),
  name TEXT NOT NULL DEFAULT '',
  phone TEXT NOT NULL DEFAULT '',
  preferred_time TEXT NOT NULL DEFAULT '',
  contact TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',
  queue TEXT NOT NULL,
  language TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',
  created_ms INTEGER NOT NULL,
  done_ms INTEGER NOT NULL DEFAULT 0,
  done_by INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS followups_open ON followups(state, queue);
CREATE TABLE IF NOT EXISTS surveys (
  conversation_id TEXT PRIMARY KEY,
  rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
  comment TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL
);

INSERT INTO conversations (id, token_hash, state, queue, language, priority, reason, page_url,
  entities, skill, agent_id, outcome, visitor_ip, created_ms, updated_ms, queued_ms, assigned_ms,
  closed_ms) VALUES
  ('c-assigned', 'hash-assigned', 'assigned', 'passports', 'fr', 'urgent', 'asked_for_human',
   'https://example.gc.ca/passeport?lang=fr', '{"city":"Gatineau","document":"passeport"}',
   'passports', 1, '', '203.0.113.7', 1000, 5000, 2000, 3000, 0),
  ('c-closed', 'hash-closed', 'closed', 'general', 'en', 'normal', 'frustration',
   'https://example.gc.ca/en', '{}', '', 2, 'resolved', '2001:db8::1', 6000, 9000, 6500, 7000,
   9000),
  ('c-callback', 'hash-callback', 'callback_requested', 'general', 'fr', 'frustrated',
   'out_of_hours', '', '{}', '', 0, '', '198.51.100.2', 7000, 7100, 7050, 0, 7100);

INSERT INTO messages (conversation_id, seq, client_id, author_kind, author_id, author_name, text,
  created_ms) VALUES
  ('c-assigned', 1, 'transcript-0', 'visitor', '', '', 'Bonjour, j''ai perdu mon passeport 🛂',
   1000),
  ('c-assigned', 2, 'b-1', 'bot', '', '', 'Je vous mets en relation avec un agent.', 1001),
  ('c-assigned', 3, 's-1', 'system', '', '', 'Marie Tremblay a rejoint la conversation', 3000),
  ('c-assigned', 4, 'x-1', 'agent', '1', 'Marie Tremblay', 'Que puis-je faire pour vous ?', 3100),
  ('c-assigned', 5, 'note-1', 'note', '1', 'Marie Tremblay', 'dossier 12 — "urgent"', 3200),
  ('c-closed', 1, 'transcript-0', 'visitor', '', '', 'Hello', 6000),
  ('c-closed', 2, 'x-1', 'agent', '2', 'Jean Roy', 'Done.
Anything else?', 8000);

INSERT INTO events (at_ms, actor_kind, actor_id, action, conversation_id, detail) VALUES
  (2000, 'system', '', 'conversation.queued', 'c-assigned', '{"queue":"passports"}'),
  (3000, 'agent', '1', 'conversation.accept', 'c-assigned', '{}'),
  (9000, 'agent', '2', 'conversation.close', 'c-closed', '{"outcome":"resolved"}'),
  (9001, 'system', '', 'agent.disable', '', '{"agent_id":2}');

INSERT INTO agents (email, display_name, password_hash, skills, languages, queues, disabled,
  created_ms) VALUES
  ('marie@example.gc.ca', 'Marie Tremblay',
   '$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA',
   '["passports","complaints"]', '["fr","en"]', '["passports","general"]', 0, 100),
  ('Jean.Roy@Example.gc.ca', 'Jean Roy', '$argon2id$v=19$m=65536,t=2,p=1$eA$eQ', '[]', '["en"]',
   '["general"]', 1, 200);

INSERT INTO followups (conversation_id, kind, name, phone, preferred_time, contact, text, queue,
  language, state, created_ms) VALUES
  ('c-callback', 'callback', 'Luc Gagnon', '+1 819 555 0100', 'demain matin', '', '', 'general',
   'fr', 'open', 7100),
  ('c-closed', 'message', '', '', '', 'jean@example.com', 'Rappelez-moi, s''il vous plaît.',
   'general', 'en', 'open', 8500);
UPDATE followups SET state='done', done_ms=9500, done_by=2 WHERE id=2 AND state='open';

INSERT INTO surveys (conversation_id, rating, comment, created_ms) VALUES
  ('c-closed', 4, 'Très bien, merci', 9100);

PRAGMA user_version=1;
