package tickets

import (
	"context"
	"database/sql"
	"fmt"
)

// ChangeToken changes whenever something the interfaces show of tickets
// changed: a ticket created (its id), changed, commented, linked or tagged
// (every such write adds a history row or a follow-up), or a problem
// changed (its version). Each part is the end of an index or a small table,
// so reading it costs the same on a million tickets. Writes elsewhere (a
// search recorded for the reports) leave it as it was.
func ChangeToken(ctx context.Context, q interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}) (string, error) {
	var tickets, history, followups, problems int64
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT coalesce(max(id), 0) FROM tickets),
		(SELECT coalesce(max(id), 0) FROM ticket_history),
		(SELECT coalesce(max(id), 0) FROM followups),
		(SELECT coalesce(sum(version), 0) + count(*) FROM problems)`).Scan(&tickets, &history, &followups, &problems)
	if err != nil {
		return "", fmt.Errorf("read the change token: %w", err)
	}
	return fmt.Sprintf("%d/%d/%d/%d", tickets, history, followups, problems), nil
}
