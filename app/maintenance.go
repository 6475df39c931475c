package app

import (
	"context"
	"fmt"

	"hotline/internal/db"
)

// Check verifies the open database: SQLite's integrity check, foreign
// keys, every full-text index (all skipped but the first two when quick)
// and links between the stores that SQLite cannot enforce (a ticket
// linked to an article that no longer exists). It returns what is wrong.
func (a *App) Check(ctx context.Context, quick bool) ([]db.Finding, error) {
	if err := a.Open(ctx); err != nil {
		return nil, err
	}
	findings, err := db.Check(ctx, a.db, quick)
	if err != nil || quick {
		return findings, err
	}
	// Tickets keep article ids without a foreign key (the tickets schema
	// stands on its own): check them against the knowledge base here, the
	// one place that knows both.
	for _, c := range []struct{ what, query string }{
		{"ticket #%d is linked to article #%d, which does not exist",
			`SELECT ta.ticket_id, ta.article_id FROM ticket_articles ta LEFT JOIN articles a ON a.id = ta.article_id WHERE a.id IS NULL LIMIT 100`},
		{"problem %d names article #%d as its workaround, which does not exist",
			`SELECT p.id, p.article_id FROM problems p LEFT JOIN articles a ON a.id = p.article_id WHERE p.article_id IS NOT NULL AND a.id IS NULL LIMIT 100`},
	} {
		rows, err := a.db.QueryContext(ctx, c.query)
		if err != nil {
			findings = append(findings, db.Finding{Check: "orphans", Detail: err.Error()})
			continue
		}
		for rows.Next() {
			var x, y int64
			if err := rows.Scan(&x, &y); err != nil {
				rows.Close()
				return findings, err
			}
			findings = append(findings, db.Finding{Check: "orphans", Detail: fmt.Sprintf(c.what, x, y)})
		}
		rows.Close()
	}
	return findings, nil
}

// Backup writes a checked, consistent copy of the database to dest while
// others keep working.
func (a *App) Backup(ctx context.Context, dest string) error {
	if err := a.Open(ctx); err != nil {
		return err
	}
	return a.db.Backup(ctx, dest)
}

// Restore replaces the database with the backup at src (see db.Restore):
// the current one is kept aside and put back if the restored one fails its
// check. The database must not be open in this App.
func (a *App) Restore(ctx context.Context, src string) (db.RestoreResult, error) {
	if a.db != nil {
		return db.RestoreResult{}, fmt.Errorf("restore: close the database first")
	}
	return db.Restore(ctx, src, a.dbPath, Schemas...)
}
