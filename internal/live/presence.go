package live

import (
	"context"
	"crypto/rand"
	"database/sql"
	"embed"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"hotline/internal/db"
)

// Presence across processes: each process that runs interfaces (a local
// `hotline`, `hotline serve` with its SSH sessions, a second server) writes
// the tickets its interfaces show to the presence table and reads the
// others' rows when PRAGMA data_version moves, with the same look that finds
// data changes. A process rewrites its rows in one transaction when one of
// its interfaces opens, leaves or starts writing on a ticket, and renews them
// every heartbeat; nobody viewing a ticket, nothing is written. A row not
// renewed (the process crashed) stops counting at its expiry: other
// processes look again when the earliest row they hold expires.

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the presence table and its migrations.
var Schema = db.MustLoadSchema("presence", migrationFiles, "migrations")

// DefaultHeartbeat is how often a process renews its presence rows; a row
// lives three heartbeats.
const DefaultHeartbeat = 2 * time.Second

// remoteViewer is a row of another process, with its expiry.
type remoteViewer struct {
	v       Viewer
	expires time.Time
}

func newProcessID() string {
	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		return fmt.Sprint(time.Now().UnixNano())
	}
	return hex.EncodeToString(b[:])
}

// touch tells the publisher that this process's presence changed.
func (h *Hub) touch() {
	if !h.shared {
		return
	}
	select {
	case h.dirty <- struct{}{}:
	default:
	}
}

// ownRows is what this process shows: its sessions with a ticket open.
func (h *Hub) ownRows() []Viewer {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Viewer
	for _, s := range h.sessions {
		if s.v.Ticket != 0 {
			out = append(out, s.v)
		}
	}
	return out
}

// publish writes this process's presence on every change and heartbeat
// until ctx ends, then removes it. A failed write (a read-only or busy
// database) keeps presence within the process and is tried again at the
// next heartbeat: presence never stops an interface.
func (h *Hub) publish(ctx context.Context) {
	t := time.NewTicker(h.heartbeat)
	defer t.Stop()
	wrote := false
	for {
		select {
		case <-ctx.Done():
			if wrote {
				dctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
				_, _ = h.db.ExecContext(dctx, `DELETE FROM presence WHERE process = ?`, h.process)
				cancel()
			}
			return
		case <-h.dirty:
		case <-t.C:
		}
		rows := h.ownRows()
		if len(rows) == 0 && !wrote {
			continue
		}
		if err := h.writePresence(ctx, rows); err == nil {
			wrote = len(rows) > 0
		}
	}
}

// writePresence replaces this process's rows with rows, and drops the rows
// that expired (of processes that ended without cleaning up), in one
// transaction.
func (h *Hub) writePresence(ctx context.Context, rows []Viewer) error {
	now := h.now()
	expires := now.Add(3 * h.heartbeat).UnixMilli()
	return db.WithTx(ctx, h.db, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM presence WHERE process = ? OR expires_at <= ?`, h.process, now.UnixMilli()); err != nil {
			return err
		}
		for _, v := range rows {
			if _, err := tx.ExecContext(ctx, `INSERT INTO presence (process, session, login, name, ticket_id, writing, since, expires_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, h.process, v.Session, v.Login, v.Name, v.Ticket, v.Writing, v.Since.UnixMilli(), expires); err != nil {
				return err
			}
		}
		return nil
	})
}

// readPresence reads the other processes' live rows and says whether what
// the interfaces would show changed.
func (h *Hub) readPresence(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}) (bool, error) {
	now := h.now()
	rows, err := q.QueryContext(ctx, `SELECT session, login, name, ticket_id, writing, since, expires_at
		FROM presence WHERE process != ? AND expires_at > ? ORDER BY ticket_id, since, process, session`, h.process, now.UnixMilli())
	if err != nil {
		return false, fmt.Errorf("read presence: %w", err)
	}
	defer rows.Close()
	var got []remoteViewer
	for rows.Next() {
		var r remoteViewer
		var since, expires int64
		if err := rows.Scan(&r.v.Session, &r.v.Login, &r.v.Name, &r.v.Ticket, &r.v.Writing, &since, &expires); err != nil {
			return false, fmt.Errorf("read presence: %w", err)
		}
		r.v.Since, r.expires = time.UnixMilli(since), time.UnixMilli(expires)
		r.v.Elsewhere = true
		got = append(got, r)
	}
	if err := rows.Err(); err != nil {
		return false, fmt.Errorf("read presence: %w", err)
	}
	var next time.Time
	for _, r := range got {
		if next.IsZero() || r.expires.Before(next) {
			next = r.expires
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	// Changed is what Viewers shows: a row renewed is no change, a row
	// renewed after it expired here is one.
	var before []remoteViewer
	for _, r := range h.remote {
		if now.Before(r.expires) {
			before = append(before, r)
		}
	}
	h.remoteNext = next
	same := slices.EqualFunc(got, before, func(a, b remoteViewer) bool { return a.v == b.v })
	h.remote = got
	return !same, nil
}

// expiredRemote: a row of another process has reached its expiry since the
// last read.
func (h *Hub) expiredRemote() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return !h.remoteNext.IsZero() && !h.now().Before(h.remoteNext)
}
