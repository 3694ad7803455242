-- What an agent's inbox list and the supervisors' dashboard show of each conversation, kept on its
-- row by the statement that already takes a message's offset, so reading a list or a report costs
-- no scan of messages.
ALTER TABLE conversations
  -- The newest message that is not a private note: when, by whom, and its first 140 characters.
  ADD COLUMN last_message_at      timestamptz,
  ADD COLUMN last_message_author  text CHECK (last_message_author IN ('contact', 'agent', 'bot', 'system')),
  ADD COLUMN last_message_preview text,
  -- The customer's oldest message that nobody has answered yet (null when answered).
  ADD COLUMN waiting_since        timestamptz,
  -- The customer's messages past the offset that staff have read up to.
  ADD COLUMN unread_count         integer NOT NULL DEFAULT 0 CHECK (unread_count >= 0),
  ADD COLUMN agent_read_offset    bigint NOT NULL DEFAULT 0,
  -- The first public answer of a human agent, and when the conversation was last resolved.
  ADD COLUMN first_reply_at       timestamptz,
  ADD COLUMN resolved_at          timestamptz;

-- Conversations stored before: filled once from their messages.
UPDATE conversations c SET
  (last_message_at, last_message_author, last_message_preview) =
    (SELECT m.created_at, m.author_kind, left(m.body, 140) FROM messages m
      WHERE m.conversation_id = c.id AND NOT m.private ORDER BY m."offset" DESC LIMIT 1),
  first_reply_at = (SELECT min(m.created_at) FROM messages m
                     WHERE m.conversation_id = c.id AND m.author_kind = 'agent' AND NOT m.private),
  resolved_at = CASE WHEN c.status = 'resolved' THEN c.updated_at END,
  agent_read_offset = c.last_offset;

-- The dashboard's time windows: answered and resolved in the last day, messages in the last half hour.
CREATE INDEX conversations_by_first_reply ON conversations (tenant_id, first_reply_at)
  WHERE first_reply_at IS NOT NULL;
CREATE INDEX conversations_by_resolved ON conversations (tenant_id, resolved_at)
  WHERE resolved_at IS NOT NULL;
-- A block-range index: messages are appended in time order, and it costs the insert almost nothing.
CREATE INDEX messages_by_created ON messages USING brin (created_at);
