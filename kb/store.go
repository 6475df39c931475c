// Package kb is the knowledge base: tutorials and videos (with transcripts),
// their import from folders, search and suggestions for tickets.
package kb

import (
	"context"
	"database/sql"
	"embed"
	"time"

	"hotline/internal/db"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// Schema is the kb package's tables and their migrations.
var Schema = db.MustLoadSchema("kb", migrationFiles, "migrations")

// LinkHistory is what the knowledge base needs to know of tickets: which
// articles solved tickets like this one. tickets.Store implements it.
type LinkHistory interface {
	// ArticlesSolvingSimilar takes an FTS5 query (see internal/fts) and
	// returns article id → weight for articles linked to matching tickets.
	ArticlesSolvingSimilar(ctx context.Context, ftsQuery string, excludeTicket int64, limit int) (map[int64]float64, error)
}

// Options tune a Store.
type Options struct {
	// Links lets Suggest rank articles that solved similar tickets higher;
	// nil disables that boost.
	Links LinkHistory
	// Now is the clock, replaced in tests.
	Now func() time.Time
}

// Store keeps the knowledge base in SQLite.
type Store struct {
	db    *sql.DB
	links LinkHistory
	now   func() time.Time
	df    *dfCache
}

// NewStore returns a Store on a database opened with Schema.
func NewStore(sqldb *sql.DB, opts Options) *Store {
	s := &Store{db: sqldb, links: opts.Links, now: opts.Now, df: newDFCache()}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}
