-- Tab counts read indexes only. SQLite never answers from an index that
-- holds a generated column (is_open) without reading the row, so counts
-- name the statuses instead, on indexes that lead with status: "À trier"
-- (status = 'new' AND assignee = '') read every ticket of the empty
-- assignee, "mine" every open ticket of its technician, and the overdue
-- count (open, not pending, past due) each row of tickets_open_due.
-- The first index also gives the triage list its queue order.
CREATE INDEX tickets_status_assignee_queue ON tickets(status, assignee, queue_rank, created_at, id);
CREATE INDEX tickets_status_due ON tickets(status, due_at);
