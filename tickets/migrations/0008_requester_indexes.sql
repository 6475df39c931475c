-- One person's tickets (the requester view) and a service's tickets (the
-- queue's svc: filter, the known services) are read through these indexes
-- instead of walking the whole table.
CREATE INDEX tickets_requester_email ON tickets(requester_email COLLATE NOCASE, queue_rank, created_at, id);
CREATE INDEX tickets_requester_name  ON tickets(requester_name COLLATE NOCASE, queue_rank, created_at, id);
CREATE INDEX tickets_service_queue   ON tickets(requester_service, is_open, queue_rank, created_at, id);
