-- The webhook event log: retention (the janitor clears old finished bodies, then deletes
-- old finished rows, oldest first) and ordering (parked events and unresolved notes hold later
-- events back).
CREATE INDEX webhook_events_finished ON webhook_events (received_at, id)
    WHERE state IN ('done', 'skipped');

-- A parked event now holds its ticket's later events back, so the order index covers it too.
DROP INDEX webhook_events_order;
CREATE INDEX webhook_events_order ON webhook_events (integration_id, order_key, id)
    WHERE state IN ('pending', 'processing', 'failed', 'parked');
-- Notes whose ticket the worker has not resolved yet hold back every later event.
CREATE INDEX webhook_events_unresolved ON webhook_events (integration_id, id)
    WHERE entity_type = 'TicketNote' AND order_key NOT LIKE 'ticket:%'
    AND state IN ('pending', 'processing', 'failed');
