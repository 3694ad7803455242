-- Tenant data of Switchboard. Every tenant-owned table carries tenant_id and a row-level-security
-- policy keyed on the transaction setting app.tenant_id, which the service sets from the verified
-- token in every transaction (see TenantTransactions). The service runs its queries as the role
-- switchboard_app, which RLS applies to; FORCE makes it apply to the tables' owner as well.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'switchboard_app') THEN
    CREATE ROLE switchboard_app NOLOGIN;
  END IF;
END
$$;
-- The connecting user switches to switchboard_app per transaction, so it must be a member.
DO $$
BEGIN
  EXECUTE format('GRANT switchboard_app TO %I', current_user);
END
$$;

-- Tenant keys are the `tid` claim of tokens: short lowercase slugs chosen by the operator.
CREATE TABLE tenants (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  settings    jsonb NOT NULL DEFAULT '{}'::jsonb,
  modules     text[] NOT NULL DEFAULT ARRAY['chat', 'voice', 'ai', 'tickets']
              CHECK (modules <@ ARRAY['chat', 'voice', 'ai', 'tickets']),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     bigint NOT NULL DEFAULT 1
);

CREATE TABLE teams (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     bigint NOT NULL DEFAULT 1,
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, id)
);

-- Agents, supervisors and admins; external_id is the `sub` of their tokens.
CREATE TABLE users (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id     text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  external_id   text NOT NULL CHECK (length(external_id) BETWEEN 1 AND 200),
  name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email         text CHECK (length(email) <= 320),
  role          text NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
  availability  text NOT NULL DEFAULT 'offline'
                CHECK (availability IN ('online', 'busy', 'away', 'offline')),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  version       bigint NOT NULL DEFAULT 1,
  UNIQUE (tenant_id, external_id),
  UNIQUE (tenant_id, id)
);

CREATE TABLE team_members (
  tenant_id  text NOT NULL,
  team_id    uuid NOT NULL,
  user_id    uuid NOT NULL,
  PRIMARY KEY (team_id, user_id),
  FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE inboxes (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  channel     text NOT NULL CHECK (channel IN ('chat', 'voice')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     bigint NOT NULL DEFAULT 1,
  UNIQUE (tenant_id, id)
);

CREATE TABLE inbox_members (
  tenant_id  text NOT NULL,
  inbox_id   uuid NOT NULL,
  user_id    uuid NOT NULL,
  PRIMARY KEY (inbox_id, user_id),
  FOREIGN KEY (tenant_id, inbox_id) REFERENCES inboxes (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);

-- Customers; external_id is the `sub` of a customer's token, when they have one.
CREATE TABLE contacts (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  external_id  text CHECK (length(external_id) BETWEEN 1 AND 200),
  name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  email        text CHECK (length(email) <= 320),
  phone        text CHECK (length(phone) <= 32),
  attributes   jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      bigint NOT NULL DEFAULT 1,
  UNIQUE (tenant_id, external_id),
  UNIQUE (tenant_id, id)
);

CREATE TABLE conversations (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id    text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  inbox_id     uuid NOT NULL,
  contact_id   uuid NOT NULL,
  assignee_id  uuid,
  team_id      uuid,
  status       text NOT NULL DEFAULT 'open'
               CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
  priority     text CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  labels       text[] NOT NULL DEFAULT '{}',
  channel      text NOT NULL CHECK (channel IN ('chat', 'voice')),
  -- Offset of the newest message; the next message takes last_offset + 1.
  last_offset  bigint NOT NULL DEFAULT 0,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  version      bigint NOT NULL DEFAULT 1,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, inbox_id) REFERENCES inboxes (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contacts (tenant_id, id),
  FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, team_id) REFERENCES teams (tenant_id, id)
);
CREATE INDEX conversations_by_updated ON conversations (tenant_id, updated_at, id);
CREATE INDEX conversations_by_inbox ON conversations (tenant_id, inbox_id, status);

CREATE TABLE messages (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id          text NOT NULL,
  conversation_id    uuid NOT NULL,
  "offset"           bigint NOT NULL CHECK ("offset" > 0),
  author_kind        text NOT NULL CHECK (author_kind IN ('contact', 'agent', 'bot', 'system')),
  author_id          text,
  body               text NOT NULL CHECK (length(body) BETWEEN 1 AND 10000),
  private            boolean NOT NULL DEFAULT false,
  client_message_id  text CHECK (length(client_message_id) BETWEEN 1 AND 100),
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  version            bigint NOT NULL DEFAULT 1,
  UNIQUE (conversation_id, "offset"),
  UNIQUE (conversation_id, client_message_id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE calls (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  conversation_id  uuid,
  state            text NOT NULL DEFAULT 'ringing'
                   CHECK (state IN ('ringing', 'in-progress', 'ended', 'failed')),
  direction        text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
  started_at       timestamptz NOT NULL DEFAULT now(),
  answered_at      timestamptz,
  ended_at         timestamptz,
  recording_ref    text CHECK (length(recording_ref) <= 1000),
  -- [{"speaker": "contact", "text": "...", "startMs": 0, "endMs": 1200}, ...]
  transcript       jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          bigint NOT NULL DEFAULT 1,
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
);

CREATE TABLE tickets (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  subject          text NOT NULL CHECK (length(subject) BETWEEN 1 AND 500),
  status           text NOT NULL DEFAULT 'open'
                   CHECK (status IN ('open', 'pending', 'solved', 'closed')),
  priority         text NOT NULL DEFAULT 'medium'
                   CHECK (priority IN ('low', 'medium', 'high', 'urgent')),
  sla_due_at       timestamptz,
  assignee_id      uuid,
  conversation_id  uuid,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          bigint NOT NULL DEFAULT 1,
  FOREIGN KEY (tenant_id, assignee_id) REFERENCES users (tenant_id, id),
  FOREIGN KEY (tenant_id, conversation_id) REFERENCES conversations (tenant_id, id)
);

CREATE TABLE kb_articles (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  title       text NOT NULL CHECK (length(title) BETWEEN 1 AND 500),
  body        text NOT NULL CHECK (length(body) <= 200000),
  tags        text[] NOT NULL DEFAULT '{}',
  locale      text NOT NULL DEFAULT 'en' CHECK (locale ~ '^[a-z]{2}(-[A-Z]{2})?$'),
  published   boolean NOT NULL DEFAULT false,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     bigint NOT NULL DEFAULT 1
);

CREATE TABLE canned_responses (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id   text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  short_code  text NOT NULL CHECK (short_code ~ '^[a-z0-9_-]{1,50}$'),
  content     text NOT NULL CHECK (length(content) BETWEEN 1 AND 5000),
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     bigint NOT NULL DEFAULT 1,
  UNIQUE (tenant_id, short_code)
);

CREATE TABLE audit_log (
  id         bigserial PRIMARY KEY,
  tenant_id  text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  actor      text NOT NULL,
  action     text NOT NULL,
  entity     text NOT NULL,
  entity_id  text NOT NULL,
  at         timestamptz NOT NULL DEFAULT now(),
  detail     jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX audit_log_by_entity ON audit_log (tenant_id, entity, entity_id);

-- Responses to POSTs that carried an Idempotency-Key, replayed when the same key comes again.
CREATE TABLE idempotency_keys (
  tenant_id     text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  actor         text NOT NULL,
  key           text NOT NULL CHECK (length(key) BETWEEN 1 AND 200),
  request_hash  text NOT NULL,
  status        int NOT NULL,
  body          jsonb NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, actor, key)
);

-- Domain events written in the same transaction as the change they describe; the relay publishes
-- them to Kafka in id order and stamps published_at. Internal: no API reads it, so it has no RLS
-- and the service role may only append to it.
CREATE TABLE outbox (
  id            bigserial PRIMARY KEY,
  event_id      uuid NOT NULL UNIQUE DEFAULT gen_random_uuid(),
  tenant_id     text NOT NULL,
  topic         text NOT NULL,
  type          text NOT NULL,
  subject_id    text NOT NULL,
  actor         text NOT NULL,
  -- The serialized switchboard.events.v1.EventEnvelope.
  envelope      bytea NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  published_at  timestamptz
);
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;

-- Row-level security on every tenant table.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['teams', 'users', 'team_members', 'inboxes', 'inbox_members',
      'contacts', 'conversations', 'messages', 'calls', 'tickets', 'kb_articles',
      'canned_responses', 'audit_log', 'idempotency_keys']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I '
        'USING (tenant_id = current_setting(''app.tenant_id'', true)) '
        'WITH CHECK (tenant_id = current_setting(''app.tenant_id'', true))', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO switchboard_app', t);
  END LOOP;
END
$$;

ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON tenants
  USING (id = current_setting('app.tenant_id', true))
  WITH CHECK (id = current_setting('app.tenant_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON tenants TO switchboard_app;

GRANT INSERT ON outbox TO switchboard_app;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO switchboard_app;
