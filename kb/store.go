// Package kb is the knowledge base: tutorials and videos (with transcripts),
// their import from folders, search and suggestions for tickets.
package kb

import (
	"context"
	"database/sql"
	"embed"
	"sync/atomic"
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
	// CollectionWeights rank collections against each other (default 1;
	// the config's kb.collections): the team's tutorials above a vendor
	// corpus on the same words.
	CollectionWeights map[string]float64
	// Lexicon is the shipped lexicon with the helpdesk's own entries
	// (LoadLexicon); nil is the shipped one alone.
	Lexicon *Lexicon
}

// Store keeps the knowledge base in SQLite.
type Store struct {
	db    *sql.DB
	links LinkHistory
	now   func() time.Time
	df    *dfCache
	lex   synonymTable
	prior priorCache
	plain plainCache
	text  textCache
	// learned throttles learning from the links (see learn).
	learned learnState

	weights   map[string]float64
	maxWeight float64

	// writes counts this store's writes (see changed and Writes).
	writes atomic.Uint64
}

// Writes is how many writes this store has made to the knowledge base: a
// cache of what depends on the articles (app.SidePanes) is good while it
// does not move.
func (s *Store) Writes() uint64 { return s.writes.Load() }

// NewStore returns a Store on a database opened with Schema.
func NewStore(sqldb *sql.DB, opts Options) *Store {
	s := &Store{db: sqldb, links: opts.Links, now: opts.Now, df: newDFCache(), lex: synonyms}
	if opts.Lexicon != nil {
		s.lex = opts.Lexicon.table
	}
	s.weights, s.maxWeight = opts.CollectionWeights, 1
	for _, w := range s.weights {
		s.maxWeight = max(s.maxWeight, w)
	}
	if s.now == nil {
		s.now = time.Now
	}
	return s
}
