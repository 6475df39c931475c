-- Due times now follow the configured SLA clock, working hours by default
-- (a calendar with French public holidays: Go arithmetic, not SQL). The due
-- times stored so far were counted in calendar time: the empty clock below
-- asks the application to recompute every ticket's due time once, in one
-- transaction, the next time the database is opened (app.Open →
-- tickets.Store.RecomputeDue), then it records the clock it counted with.
-- Nothing else changes: no ticket, history row or version is touched.
CREATE TABLE sla_clock (
  id            INTEGER PRIMARY KEY CHECK (id = 1),
  clock         TEXT NOT NULL,          -- '' = due times to recompute
  recomputed_at INTEGER                 -- unix time of the last recompute
);
INSERT INTO sla_clock(id, clock) VALUES (1, '');
