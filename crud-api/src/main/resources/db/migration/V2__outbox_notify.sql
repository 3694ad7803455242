-- Tells listeners about every committed domain event as it commits: NOTIFY is transactional, so a
-- rolled-back change is never announced. The payload carries the envelope when it fits in
-- NOTIFY's 8000 bytes (base64 grows it by a third), else only the outbox id to read it by.
CREATE FUNCTION outbox_notify() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF octet_length(NEW.envelope) <= 5400 THEN
    PERFORM pg_notify('switchboard_outbox',
      json_build_object('id', NEW.id, 'envelope', encode(NEW.envelope, 'base64'))::text);
  ELSE
    PERFORM pg_notify('switchboard_outbox', json_build_object('id', NEW.id)::text);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
  FOR EACH ROW EXECUTE FUNCTION outbox_notify();
