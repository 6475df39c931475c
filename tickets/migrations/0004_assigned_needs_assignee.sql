-- A ticket "assigned" to nobody was in nobody's list and out of triage:
-- it goes back to "new" (triage), the change recorded in its history.
INSERT INTO ticket_history(ticket_id, at, actor, field, old_value, new_value)
SELECT id, CAST(strftime('%s', 'now') AS INTEGER), 'hotline', 'status', 'assigned', 'new'
FROM tickets WHERE status = 'assigned' AND trim(assignee) = '';

UPDATE tickets SET status = 'new', version = version + 1
WHERE status = 'assigned' AND trim(assignee) = '';
