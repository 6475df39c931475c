package tickets

import (
	"context"
	"database/sql"
	"strconv"
	"time"
)

// ForgetArticleTx takes an article that is being deleted off every ticket
// and problem, in the caller's transaction (app deletes the article in the
// same one): each ticket it was linked to gets a history row "article
// deleted" with "ID title" and a new version, so open screens reload.
// It returns how many tickets were linked.
func (s *Store) ForgetArticleTx(ctx context.Context, tx *sql.Tx, articleID int64, title, actor string) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT ticket_id FROM ticket_articles WHERE article_id = ? ORDER BY ticket_id`, articleID)
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	now := s.now().UTC().Truncate(time.Second)
	what := strconv.FormatInt(articleID, 10) + " " + title
	for _, id := range ids {
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET updated_at = ?, version = version + 1 WHERE id = ?`, now.Unix(), id); err != nil {
			return 0, err
		}
		if err := addHistory(ctx, tx, id, now, actor, "article deleted", what, ""); err != nil {
			return 0, err
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ticket_articles WHERE article_id = ?`, articleID); err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE problems SET article_id = NULL, updated_at = ?, version = version + 1 WHERE article_id = ?`, now.Unix(), articleID); err != nil {
		return 0, err
	}
	return len(ids), nil
}
