-- A mail's sender is looked up among the requesters (to fill in their
-- service and phone from their last ticket): index the address as it is
-- compared, lower-cased. On the tickets table, owned here because only the
-- mail channel asks.
CREATE INDEX IF NOT EXISTS mail_tickets_requester_email ON tickets(lower(requester_email), created_at);
