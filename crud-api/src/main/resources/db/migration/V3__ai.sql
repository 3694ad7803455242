-- The AI role: which inboxes a bot answers, when a human took a conversation over, the knowledge
-- base as embedded chunks, and a record of every model turn.

ALTER TABLE inboxes ADD COLUMN bot_enabled boolean NOT NULL DEFAULT false;

-- Null until a human answers or the bot hands off; the bot stays quiet once it is set.
ALTER TABLE conversations ADD COLUMN handed_off_at timestamptz;

-- One row per chunk of a published article, per embedding model; replaced whole when the
-- article is published again.
CREATE TABLE kb_chunks (
  tenant_id        text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  article_id       uuid NOT NULL,
  article_version  bigint NOT NULL,
  model            text NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
  chunk_no         integer NOT NULL CHECK (chunk_no >= 0),
  title            text NOT NULL,
  text             text NOT NULL,
  embedding        bytea NOT NULL,
  PRIMARY KEY (tenant_id, article_id, model, chunk_no)
);
CREATE INDEX kb_chunks_by_model ON kb_chunks (tenant_id, model);

CREATE TABLE ai_turns (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id        text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  kind             text NOT NULL,
  conversation_id  uuid,
  call_id          uuid,
  provider         text NOT NULL,
  model            text NOT NULL,
  latency_ms       bigint NOT NULL DEFAULT 0 CHECK (latency_ms >= 0),
  input_tokens     bigint NOT NULL DEFAULT 0 CHECK (input_tokens >= 0),
  output_tokens    bigint NOT NULL DEFAULT 0 CHECK (output_tokens >= 0),
  tools            jsonb NOT NULL DEFAULT '[]',
  outcome          text NOT NULL,
  detail           jsonb NOT NULL DEFAULT '{}',
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ai_turns_by_created ON ai_turns (tenant_id, created_at DESC, id DESC);
CREATE INDEX ai_turns_by_conversation ON ai_turns (tenant_id, conversation_id, created_at DESC);

-- The same row-level security and grants as every other tenant table.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['kb_chunks', 'ai_turns']
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
