package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"time"
)

// BulkImportBytes is the smallest file (in bytes, about 40,000 tickets)
// imported with its indexes built at the end.
const BulkImportBytes = 16 << 20

// importRowBytes is about the size of a ticket in an import file (420
// bytes a JSONL line, 230 a CSV one, in cmd/hotline-bench's files): it
// turns a file's size into a number of rows, on the high side for CSV.
var importRowBytes int64 = 400

// bulkImport tells whether a file of fileBytes imported into a base of
// existing tickets builds its indexes at the end rather than row by row:
// when the file is large and brings more tickets than the base has. A
// million-ticket import interrupted at 333,756 then run again adds the
// rest in 48 s this way; row by row into 20 indexes, the rest after
// 183,061 took 155 s. A large base taking a smaller file keeps its
// indexes: rebuilding them would cost more than it saves, and its
// interfaces would run slower meanwhile.
func bulkImport(fileBytes, existing int64) bool {
	return fileBytes >= BulkImportBytes && fileBytes/importRowBytes > existing
}

// importKeepsIndexes are the tickets' indexes a bulk import never drops:
// the interface's queue counts and the directory's open load name them
// with INDEXED BY, and a running interface must not fail while the import
// lasts. The reports' indexes are dropped too (written row by row they
// were a fifth of a million-ticket import): while they wait, the reports
// leave them out of their queries (unlessDeferred), right but slower.
// TestBulkImportKeepsEveryIndexNamedByAQuery reads the code for INDEXED BY
// and fails when an index named outside the reports is missing here;
// TestReportsWhileABulkImportHasDroppedTheirIndexes runs every report.
var importKeepsIndexes = map[string]bool{
	"tickets_assignee_queue": true,
	"tickets_open_queue":     true,
}

// reportFiles are the files whose queries go through unlessDeferred.
var reportFiles = map[string]bool{"report.go": true, "clusters.go": true}

// indexedBy matches an INDEXED BY clause of a query.
var indexedBy = regexp.MustCompile(`INDEXED BY ([A-Za-z_0-9]+)`)

// unlessDeferred returns q without the INDEXED BY clauses that name an
// index a bulk import has dropped until its end: SQLite refuses a query
// naming a missing index, and plans it alone without the clause.
func (s *Store) unlessDeferred(ctx context.Context, q string) (string, error) {
	if !strings.Contains(q, "INDEXED BY") {
		return q, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT name FROM ticket_deferred_indexes`)
	if err != nil {
		return "", fmt.Errorf("look for deferred indexes: %w", err)
	}
	defer rows.Close()
	deferred := map[string]bool{}
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			return "", fmt.Errorf("look for deferred indexes: %w", err)
		}
		deferred[name] = true
	}
	if err := rows.Err(); err != nil || len(deferred) == 0 {
		return q, err
	}
	return indexedBy.ReplaceAllStringFunc(q, func(clause string) string {
		if deferred[indexedBy.FindStringSubmatch(clause)[1]] {
			return ""
		}
		return clause
	}), nil
}

// deferredIndexStaleAfter is how long the definitions of dropped indexes
// wait, unrenewed, before a start builds them again: an import renews
// them at every batch (every half second).
const deferredIndexStaleAfter = 2 * time.Minute

// deferIndexes drops the tickets' secondary indexes but the kept ones,
// keeping their definitions, when a file of fileBytes is worth it for the
// tickets already there (bulkImport). It reports whether it did.
func (s *Store) deferIndexes(ctx context.Context, conn *sql.Conn, fileBytes int64) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("defer indexes: %w", err)
	}
	defer tx.Rollback()
	var existing int64
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM tickets`).Scan(&existing); err != nil {
		return false, fmt.Errorf("defer indexes: %w", err)
	}
	if !bulkImport(fileBytes, existing) {
		return false, nil
	}
	deferred, err := s.dropIndexes(ctx, tx)
	if err != nil {
		return false, err
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("defer indexes: %w", err)
	}
	return deferred, nil
}

// dropIndexes drops, in tx, every index of the tickets but the kept ones,
// and the full-text index, keeping their definitions for the end.
func (s *Store) dropIndexes(ctx context.Context, tx *sql.Tx) (bool, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_master
		WHERE type = 'index' AND tbl_name = 'tickets' AND sql IS NOT NULL ORDER BY name`)
	if err != nil {
		return false, fmt.Errorf("defer indexes: %w", err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return false, fmt.Errorf("defer indexes: %w", err)
		}
		if !importKeepsIndexes[name] {
			names, defs = append(names, name), append(defs, def)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("defer indexes: %w", err)
	}
	// The full-text index too: written for every ticket in one statement
	// at the end, it costs a fifth of what a row at a time does. Its
	// entry is named after the table, which buildIndex never finds among
	// the indexes.
	names, defs = append(names, fullTextEntry), append(defs, rebuildFullText)
	now := s.now().Unix()
	for i, name := range names {
		if name == fullTextEntry {
			if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_deferred_indexes(name, sql, renewed_at) VALUES (?, ?, ?)`, name, defs[i], now); err != nil {
				return false, fmt.Errorf("defer the full-text index: %w", err)
			}
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_deferred_indexes(name, sql, renewed_at) VALUES (?, ?, ?)`, name, defs[i], now); err != nil {
			return false, fmt.Errorf("defer index %s: %w", name, err)
		}
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+name+`"`); err != nil {
			return false, fmt.Errorf("defer index %s: %w", name, err)
		}
	}
	return len(names) > 0, nil
}

// fullTextEntry names the full-text index among the deferred ones.
const fullTextEntry = "tickets_fts"

// rebuildFullText writes the full-text index again for every ticket.
// Tickets filed meanwhile by another process (the portal) have their rows
// already: they are written again with the rest.
const rebuildFullText = `INSERT INTO tickets_fts(tickets_fts) VALUES('delete-all'); ` + indexTickets

// fullTextDeferred reports whether the full-text index waits for the end
// of a bulk import.
func fullTextDeferred(ctx context.Context, conn *sql.Conn) (bool, error) {
	var yes bool
	if err := conn.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM ticket_deferred_indexes WHERE name = ?)`, fullTextEntry).Scan(&yes); err != nil {
		return false, fmt.Errorf("look for a deferred full-text index: %w", err)
	}
	return yes, nil
}

// deferredIndexes counts the indexes waiting to be built again.
func deferredIndexes(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM ticket_deferred_indexes`).Scan(&n); err != nil {
		return 0, fmt.Errorf("count deferred indexes: %w", err)
	}
	return n, nil
}

// buildDeferredIndexes builds every index a bulk import dropped, each in
// its own transaction with the removal of its definition: an interruption
// leaves the rest to build, never an index both built and pending.
// progress, if set, is called before each index (done, total).
func buildDeferredIndexes(ctx context.Context, conn *sql.Conn, progress func(done, total int)) (int, error) {
	rows, err := conn.QueryContext(ctx, `SELECT name, sql FROM ticket_deferred_indexes ORDER BY name`)
	if err != nil {
		return 0, fmt.Errorf("build indexes: %w", err)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return 0, fmt.Errorf("build indexes: %w", err)
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("build indexes: %w", err)
	}
	if len(names) == 0 {
		return 0, nil
	}
	// SQLite sorts the keys of a new index on helper threads when allowed.
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA threads = %d", runtime.NumCPU())); err == nil {
		defer conn.ExecContext(context.Background(), "PRAGMA threads = 0")
	}
	// The sort keeps as much in memory as the page cache may hold, then
	// spills to temporary files: with the import's temp_store (memory)
	// and its 64 MB cache, memory grew with the rows, 296 MB at a million
	// tickets against 170 MB at 100,000. Runs of 4 MB in files keep it
	// flat (172 MB at a million) and build no slower: the helper threads
	// sort each spilled run while the table is read.
	var tempStore, cacheSize int64
	if err := conn.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&tempStore); err == nil {
		if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = FILE"); err == nil {
			defer conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA temp_store = %d", tempStore))
		}
	}
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cacheSize); err == nil {
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -4096"); err == nil {
			defer conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", cacheSize))
		}
	}
	for i, name := range names {
		if progress != nil {
			progress(i, len(names))
		}
		if err := buildIndex(ctx, conn, name, defs[i]); err != nil {
			return i, err
		}
	}
	// Built again, the indexes come last in the schema, and a planner
	// without statistics breaks ties by that order: at a million tickets
	// the overdue list then sorted 120,000 rows instead of walking the
	// queue's index (185 against 30 ms). Sampled statistics (a thousand
	// rows an index: under a second at a million tickets) give it the
	// same choice as before.
	if _, err := conn.ExecContext(ctx, `PRAGMA analysis_limit = 1000`); err == nil {
		defer conn.ExecContext(context.Background(), `PRAGMA analysis_limit = 0`)
	}
	if _, err := conn.ExecContext(ctx, `ANALYZE tickets`); err != nil {
		return len(names), fmt.Errorf("statistics after building indexes: %w", err)
	}
	return len(names), nil
}

func buildIndex(ctx context.Context, conn *sql.Conn, name, def string) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("build index %s: %w", name, err)
	}
	defer tx.Rollback()
	var exists bool // an index built meanwhile (by a start, or a migration)
	if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("build index %s: %w", name, err)
	}
	if !exists || name == fullTextEntry {
		if _, err := tx.ExecContext(ctx, def); err != nil {
			return fmt.Errorf("build index %s: %w", name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM ticket_deferred_indexes WHERE name = ?`, name); err != nil {
		return fmt.Errorf("build index %s: %w", name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("build index %s: %w", name, err)
	}
	return nil
}

// BuildDeferredIndexes builds the indexes left by a bulk import that was
// killed, once no import has renewed them for a while (an import still
// running builds them itself at its end). It returns how many it built;
// progress, if set, is called before each. A start calls it: without
// those indexes every query is right but slower.
func (s *Store) BuildDeferredIndexes(ctx context.Context, progress func(done, total int)) (int, error) {
	var n int
	var renewed sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT count(*), max(renewed_at) FROM ticket_deferred_indexes`).Scan(&n, &renewed); err != nil {
		return 0, fmt.Errorf("look for deferred indexes: %w", err)
	}
	if n == 0 || s.now().Sub(time.Unix(renewed.Int64, 0)) < deferredIndexStaleAfter {
		return 0, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, fmt.Errorf("build indexes: %w", err)
	}
	defer conn.Close()
	return buildDeferredIndexes(ctx, conn, progress)
}
