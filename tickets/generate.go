package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"time"

	"hotline/internal/db"
)

// Generate inserts n synthetic tickets in bulk, for benchmarks and load
// tests: one transaction, prepared statements, no history rows. Texts are
// drawn from a small French vocabulary so full-text search has realistic
// term frequencies. The result is deterministic for a seed.
func Generate(ctx context.Context, sqldb *sql.DB, n int, seed int64) error {
	rng := rand.New(rand.NewSource(seed))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	span := int64(time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Unix() - start)
	techs := append([]string{""}, genTechs...)
	sla := DefaultSLA
	// Tickets arrive in time order, so ids follow creation times as in a
	// real helpdesk (and a date range reads neighbouring rows).
	times := make([]int64, n)
	for i := range times {
		times[i] = start + rng.Int63n(span)
	}
	slices.Sort(times)
	return db.WithTx(ctx, sqldb, func(tx *sql.Tx) error {
		for _, t := range techs[1:] {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO technicians(login, name, created_at) VALUES (?, ?, ?)`, t, t, start); err != nil {
				return err
			}
		}
		ins, err := tx.PrepareContext(ctx, `INSERT INTO tickets (title, description, status, urgency, impact, priority, major, category,
			requester_name, requester_service, requester_email, requester_phone, connection, device, assignee, tags,
			created_at, updated_at, first_response_at, solved_at, closed_at, due_at)
			VALUES (?,?,?,?,?,?,0,?, ?,?,?,?,?,?,?,?, ?,?,?,?,?,?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		tag, err := tx.PrepareContext(ctx, `INSERT OR IGNORE INTO ticket_tags(ticket_id, tag, created_at) VALUES (?, ?, ?)`)
		if err != nil {
			return err
		}
		defer tag.Close()
		ftsIns, err := tx.PrepareContext(ctx, `INSERT INTO tickets_fts(rowid, title, description, tags, followups, requester) VALUES (?,?,?,?,'',?)`)
		if err != nil {
			return err
		}
		defer ftsIns.Close()
		for i := 0; i < n; i++ {
			if i%10000 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			title, desc := genText(rng)
			created := times[i]
			u, im := 1+rng.Intn(5), 1+rng.Intn(5)
			prio := ComputePriority(u, im)
			status := genStatus(rng)
			assignee := techs[rng.Intn(len(techs))]
			if status == StatusNew {
				assignee = ""
			} else if assignee == "" {
				assignee = techs[1]
			}
			var first, solved, closed any
			if status != StatusNew {
				first = created + 600
			}
			if !status.IsOpen() {
				solved = created + 3600*int64(1+rng.Intn(72))
			}
			if status == StatusClosed {
				closed = solved.(int64) + 86400
			}
			tags := genTags[rng.Intn(len(genTags))]
			cat := DefaultCategories[rng.Intn(len(DefaultCategories))]
			svc := genServices[rng.Intn(len(genServices))]
			name := fmt.Sprintf("Agent %d", rng.Intn(1500))
			due := created + int64(sla.For(prio)/time.Second)
			res, err := ins.ExecContext(ctx, title, desc, status, u, im, prio, cat, name, svc, "", "", genConns[rng.Intn(len(genConns))], "", assignee, tags,
				created, created, first, solved, closed, due)
			if err != nil {
				return err
			}
			id, _ := res.LastInsertId()
			if _, err := tag.ExecContext(ctx, id, tags, created); err != nil {
				return err
			}
			if _, err := ftsIns.ExecContext(ctx, id, title, desc, tags, name+" "+svc); err != nil {
				return err
			}
		}
		// The due times above are counted in calendar time with the
		// default SLA: say so, so that opening a generated database does
		// not recount a million due times (RecomputeDue).
		_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO sla_clock(id, clock, recomputed_at) VALUES (1, ?, ?)`, CalendarClock{}.String(), start)
		return err
	})
}

// GenerateFile makes sure path holds a database of n generated tickets,
// writing it (into a temporary file renamed at the end, so an interrupted
// run leaves nothing half-written) only when it does not exist yet. Extra
// schemas are applied too, for benchmarks that also need the knowledge
// base. Benchmarks share these files across runs: 1M tickets take minutes.
func GenerateFile(ctx context.Context, path string, n int, seed int64, schemas ...db.Schema) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	tmp := path + ".tmp"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(tmp + suffix)
	}
	d, err := db.Open(ctx, tmp, append([]db.Schema{Schema}, schemas...)...)
	if err != nil {
		return err
	}
	if err := Generate(ctx, d.DB, n, seed); err != nil {
		d.Close()
		return err
	}
	for _, q := range []string{"PRAGMA wal_checkpoint(TRUNCATE)", "ANALYZE"} {
		if _, err := d.ExecContext(ctx, q); err != nil {
			d.Close()
			return err
		}
	}
	if err := d.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// BenchPath is where benchmarks keep a generated database of n tickets.
func BenchPath(n int) string {
	return filepath.Join(os.TempDir(), fmt.Sprintf("hotline-bench-tickets-%d-v%d.db", n, Schema.Latest()))
}
