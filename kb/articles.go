package kb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"hotline/internal/db"
	"hotline/internal/text"
)

// Limits on what an article may hold; import reports files beyond them.
const (
	MaxTitleLen = 300
	MaxBodyLen  = 4 << 20
	MaxTags     = 50
)

// articleCols are read FROM articleFrom.
const (
	articleCols = `a.id, a.kind, a.title, a.url, a.duration_ms, a.tags, a.lang, a.verified, COALESCE(m.path, ''), COALESCE(m.collection, ''),
		a.hash, a.archived, a.created_at, a.updated_at, m.reviewed_at, COALESCE(m.links, 0)`
	articleFrom = ` FROM articles a LEFT JOIN article_meta m ON m.article_id = a.id`
)

type scanner interface{ Scan(dest ...any) error }

func scanArticle(r scanner, withBody bool) (*Article, error) {
	var a Article
	var kind, tags string
	var durMS, created, updated int64
	var verified sql.NullString
	var reviewed sql.NullInt64
	var archived int
	dest := []any{&a.ID, &kind, &a.Title, &a.URL, &durMS, &tags, &a.Lang, &verified, &a.Source, &a.Collection, &a.Hash, &archived, &created, &updated, &reviewed, &a.Links}
	if withBody {
		dest = append(dest, &a.Body)
	}
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	a.Kind = Kind(kind)
	a.Duration = time.Duration(durMS) * time.Millisecond
	a.Tags = splitTags(tags)
	a.Archived = archived == 1
	a.CreatedAt = time.Unix(created, 0).UTC()
	a.UpdatedAt = time.Unix(updated, 0).UTC()
	if reviewed.Valid {
		t := time.Unix(reviewed.Int64, 0).UTC()
		a.ReviewedAt = &t
	}
	if verified.Valid {
		if t, err := time.Parse(dateLayout, verified.String); err == nil {
			a.Verified = &t
		}
	}
	return &a, nil
}

const dateLayout = "2006-01-02"

func splitTags(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Fields(s)
}

// Get returns an article with its body and transcript. Archived articles
// are found too (Archived is set): tickets stay linked to them.
func (s *Store) Get(ctx context.Context, id int64) (*Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx,
		`SELECT `+articleCols+`, a.body`+articleFrom+` WHERE a.id = ?`, id), true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %d: %w", id, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("get article %d: %w", id, err)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT start_ms, end_ms, text FROM segments WHERE article_id = ? ORDER BY start_ms, id`, id)
	if err != nil {
		return nil, fmt.Errorf("get transcript of article %d: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var start, end int64
		var seg Segment
		if err := rows.Scan(&start, &end, &seg.Text); err != nil {
			return nil, fmt.Errorf("get transcript of article %d: %w", id, err)
		}
		seg.Start, seg.End = time.Duration(start)*time.Millisecond, time.Duration(end)*time.Millisecond
		a.Transcript = append(a.Transcript, seg)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("get transcript of article %d: %w", id, err)
	}
	return a, nil
}

// List pages through articles by id (keyset: AfterID is the last id of the
// previous page), without bodies or transcripts.
func (s *Store) List(ctx context.Context, opts ListOptions) ([]Article, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = 50
	}
	where := []string{"a.id > ?"}
	args := []any{opts.AfterID}
	if !opts.Archived {
		where = append(where, "a.archived = 0")
	}
	if opts.Kind != "" {
		where = append(where, "a.kind = ?")
		args = append(args, string(opts.Kind))
	}
	if opts.Tag != "" {
		where = append(where, "a.id IN (SELECT article_id FROM article_tags WHERE tag = ?)")
		args = append(args, foldTag(opts.Tag))
	}
	if opts.Collection != "" {
		where = append(where, "m.collection = ?")
		args = append(args, opts.Collection)
	}
	args = append(args, limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+articleCols+articleFrom+` WHERE `+strings.Join(where, " AND ")+` ORDER BY a.id LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	var out []Article
	for rows.Next() {
		a, err := scanArticle(rows, false)
		if err != nil {
			return nil, fmt.Errorf("list articles: %w", err)
		}
		out = append(out, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return out, nil
}

// Add stores an article written by hand (`hotline kb add`, a draft): it
// has no source file, so no import ever updates or archives it. Its
// Author, when set, is recorded (see Delete).
func (s *Store) Add(ctx context.Context, a Article) (*Article, error) {
	a.Source = ""
	if a.Collection == "" {
		a.Collection = DefaultCollection
	}
	if err := ValidCollection(a.Collection); err != nil {
		return nil, fmt.Errorf("add article: %w", err)
	}
	if err := normalize(&a); err != nil {
		return nil, fmt.Errorf("add article: %w", err)
	}
	var id int64
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		var err error
		w := newArticleWriter(tx)
		defer w.close()
		if id, err = w.insert(ctx, &a, s.now()); err != nil {
			return err
		}
		if a.Author != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO article_authors(article_id, login) VALUES (?, ?)`, id, a.Author); err != nil {
				return err
			}
		}
		_, err = w.addVocab(ctx, nil, &a, nil)
		return err
	})
	s.changed()
	if err != nil {
		return nil, fmt.Errorf("add article %q: %w", a.Title, err)
	}
	return s.Get(ctx, id)
}

// normalize checks an article and puts it in the stored form: trimmed
// one-line title, default kind and language, clean tags.
func normalize(a *Article) error {
	a.Title = strings.Join(strings.Fields(a.Title), " ")
	switch {
	case a.Title == "":
		return invalid("title", Reason{Code: CodeTitleMissing})
	case !text.ValidUTF8(a.Title) || !text.ValidUTF8(a.Body) || !text.ValidUTF8(a.URL):
		return invalid("text", Reason{Code: CodeNotText})
	case len(a.Title) > MaxTitleLen:
		return invalid("title", Reason{Code: CodeTitleTooLong, Limit: MaxTitleLen})
	case len(a.Body) > MaxBodyLen:
		return invalid("body", Reason{Code: CodeBodyTooLong, Limit: MaxBodyLen >> 20})
	}
	if a.Kind == "" {
		a.Kind = KindTutorial
		if len(a.Transcript) > 0 {
			a.Kind = KindVideo
		}
	}
	k, err := ParseKind(string(a.Kind))
	if err != nil {
		return err
	}
	a.Kind = k
	if a.Duration < 0 {
		return invalid("duration", Reason{Code: CodeNegativeDuration})
	}
	a.URL = strings.TrimSpace(a.URL)
	a.Lang = strings.ToLower(strings.TrimSpace(a.Lang))
	if a.Lang == "" {
		a.Lang = "fr"
	}
	tags, err := cleanTags(a.Tags)
	if err != nil {
		return err
	}
	a.Tags = tags
	for i, seg := range a.Transcript {
		if !text.ValidUTF8(seg.Text) {
			return invalid("transcript", Reason{Code: CodeCueNotUTF8, Limit: i + 1})
		}
	}
	if a.Duration == 0 && len(a.Transcript) > 0 {
		a.Duration = a.Transcript[len(a.Transcript)-1].End
	}
	return nil
}

// ParseKind accepts tutorial or video, in any case, plus the French words.
func ParseKind(s string) (Kind, error) {
	switch text.Fold(strings.TrimSpace(s)) {
	case "tutorial", "tutoriel", "tuto", "article":
		return KindTutorial, nil
	case "video":
		return KindVideo, nil
	}
	return "", invalid("kind", Reason{Code: CodeUnknownKind, Value: s})
}

// cleanTags lowercases tags, turns inner spaces into dashes (tags are
// stored space-separated) and drops duplicates.
func cleanTags(in []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, t := range in {
		t = strings.Join(strings.Fields(strings.ToLower(t)), "-")
		t = strings.Trim(t, ",;#")
		if t == "" || seen[foldTag(t)] {
			continue
		}
		if !text.ValidUTF8(t) {
			return nil, invalid("tags", Reason{Code: CodeTagNotUTF8})
		}
		seen[foldTag(t)] = true
		out = append(out, t)
	}
	if len(out) > MaxTags {
		return nil, invalid("tags", Reason{Code: CodeTooManyTags, Limit: MaxTags})
	}
	return out, nil
}

func foldTag(t string) string { return text.Fold(strings.TrimSpace(t)) }

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func reviewedValue(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Unix()
}

func verifiedValue(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.Format(dateLayout)
}

// articleWriter stores articles inside one transaction with statements
// prepared once: an import writes thousands of rows (tags, transcript
// cues, vocabulary) and preparing each costs as much as running it.
type articleWriter struct {
	tx                                       *sql.Tx
	insArticle, updArticle, delTags, delSegs *sql.Stmt
	insTag, insSegment, insVocab             *sql.Stmt
	insMeta, updMeta                         *sql.Stmt
}

func newArticleWriter(tx *sql.Tx) *articleWriter {
	return &articleWriter{tx: tx}
}

// stmt prepares a statement on first use.
func (w *articleWriter) stmt(ctx context.Context, p **sql.Stmt, query string) (*sql.Stmt, error) {
	if *p == nil {
		st, err := w.tx.PrepareContext(ctx, query)
		if err != nil {
			return nil, err
		}
		*p = st
	}
	return *p, nil
}

func (w *articleWriter) close() {
	for _, st := range []*sql.Stmt{w.insArticle, w.updArticle, w.delTags, w.delSegs, w.insTag, w.insSegment, w.insVocab, w.insMeta, w.updMeta} {
		if st != nil {
			st.Close()
		}
	}
}

func (w *articleWriter) insert(ctx context.Context, a *Article, now time.Time) (int64, error) {
	st, err := w.stmt(ctx, &w.insArticle, `INSERT INTO articles(kind, title, body, url, duration_ms, tags, lang, verified, origin, hash, archived, created_at, updated_at)
		VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?)`)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx,
		string(a.Kind), a.Title, a.Body, a.URL, a.Duration.Milliseconds(), strings.Join(a.Tags, " "), a.Lang,
		verifiedValue(a.Verified), nullIfEmpty(a.origin), a.Hash, now.Unix(), now.Unix())
	if err != nil {
		return 0, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return 0, err
	}
	coll := a.Collection
	if coll == "" {
		coll = DefaultCollection
	}
	ms, err := w.stmt(ctx, &w.insMeta, `INSERT INTO article_meta(article_id, collection, path, reviewed_at) VALUES (?,?,?,?)`)
	if err != nil {
		return 0, err
	}
	if _, err := ms.ExecContext(ctx, id, coll, nullIfEmpty(a.Source), reviewedValue(a.Verified)); err != nil {
		return 0, err
	}
	return id, w.writeChildren(ctx, id, a, false)
}

// update rewrites an article in place, keeping its id so that the tickets
// linked to it stay linked, and brings it back if it was archived.
func (w *articleWriter) update(ctx context.Context, id int64, a *Article, now time.Time) error {
	st, err := w.stmt(ctx, &w.updArticle, `UPDATE articles SET kind=?, title=?, body=?, url=?, duration_ms=?, tags=?, lang=?, verified=?, origin=?, hash=?, archived=0, updated_at=? WHERE id=?`)
	if err != nil {
		return err
	}
	if _, err := st.ExecContext(ctx,
		string(a.Kind), a.Title, a.Body, a.URL, a.Duration.Milliseconds(), strings.Join(a.Tags, " "), a.Lang,
		verifiedValue(a.Verified), nullIfEmpty(a.origin), a.Hash, now.Unix(), id); err != nil {
		return err
	}
	// A newer verified date in the file is a review.
	ms, err := w.stmt(ctx, &w.updMeta, `UPDATE article_meta SET reviewed_at = max(coalesce(reviewed_at, 0), ?) WHERE article_id = ? AND ? IS NOT NULL`)
	if err != nil {
		return err
	}
	rv := reviewedValue(a.Verified)
	if _, err := ms.ExecContext(ctx, rv, id, rv); err != nil {
		return err
	}
	return w.writeChildren(ctx, id, a, true)
}

func (w *articleWriter) writeChildren(ctx context.Context, id int64, a *Article, replace bool) error {
	if replace {
		for _, d := range []struct {
			p *(*sql.Stmt)
			q string
		}{
			{&w.delTags, `DELETE FROM article_tags WHERE article_id = ?`},
			{&w.delSegs, `DELETE FROM segments WHERE article_id = ?`},
		} {
			st, err := w.stmt(ctx, d.p, d.q)
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, id); err != nil {
				return err
			}
		}
	}
	if len(a.Tags) > 0 {
		st, err := w.stmt(ctx, &w.insTag, `INSERT OR IGNORE INTO article_tags(tag, article_id) VALUES (?, ?)`)
		if err != nil {
			return err
		}
		for _, t := range a.Tags {
			if _, err := st.ExecContext(ctx, foldTag(t), id); err != nil {
				return err
			}
		}
	}
	if len(a.Transcript) > 0 {
		st, err := w.stmt(ctx, &w.insSegment, `INSERT INTO segments(article_id, start_ms, end_ms, text) VALUES (?,?,?,?)`)
		if err != nil {
			return err
		}
		for _, seg := range a.Transcript {
			if _, err := st.ExecContext(ctx, id, seg.Start.Milliseconds(), seg.End.Milliseconds(), seg.Text); err != nil {
				return err
			}
		}
	}
	return nil
}

// Exists reports whether id is an article, archived ones included (a
// ticket may stay linked to an article whose file was removed).
func (s *Store) Exists(ctx context.Context, id int64) (bool, error) {
	var one int
	err := s.db.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up article %d: %w", id, err)
	}
	return true, nil
}

// ByKey finds an article by its key (Article.Key: "collection/path"),
// archived ones included.
func (s *Store) ByKey(ctx context.Context, key string) (*Article, error) {
	coll, p, ok := strings.Cut(key, "/")
	if !ok || p == "" {
		return nil, fmt.Errorf("article %q: %w (a key is collection/path)", key, ErrNotFound)
	}
	var id int64
	err := s.db.QueryRowContext(ctx, `SELECT article_id FROM article_meta WHERE collection = ? AND path = ?`, coll, p).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("article %q: %w", key, ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("look up article %q: %w", key, err)
	}
	return s.Get(ctx, id)
}
