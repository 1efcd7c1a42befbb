-- The janitor clears old finished events' bodies, then deletes their rows, oldest first.
CREATE INDEX webhook_events_finished ON webhook_events (received_at, id)
    WHERE state IN ('done', 'skipped');
