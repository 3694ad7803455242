-- Published outbox rows are deleted once they are older than the relay's retention (see
-- OutboxRelay): this index finds them without reading the rows still to publish or kept.
CREATE INDEX outbox_published ON outbox (published_at) WHERE published_at IS NOT NULL;
