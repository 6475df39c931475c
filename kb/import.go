package kb

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"hotline/internal/db"
)

// MaxFileSize is the largest file an import reads: tutorials are a few
// kilobytes and transcripts a few hundred; anything bigger is a mistake
// (a video or an archive dropped in the folder) that must not fill memory.
const MaxFileSize = 5 << 20

// Import imports the articles of one folder; paths in the report are
// relative to dir.
func (s *Store) Import(ctx context.Context, dir string, opts ImportOptions) (ImportReport, error) {
	return s.ImportDirs(ctx, []string{dir}, opts)
}

// ImportDirs imports several folders as one knowledge base: a file counts
// as missing only if it is in none of them. Errors carry the folder in
// FileError.Dir.
func (s *Store) ImportDirs(ctx context.Context, dirs []string, opts ImportOptions) (ImportReport, error) {
	roots := make([]importRoot, 0, len(dirs))
	for _, d := range dirs {
		st, err := os.Stat(d)
		if err != nil {
			return ImportReport{}, fmt.Errorf("import %s: %w", d, err)
		}
		if !st.IsDir() {
			return ImportReport{}, fmt.Errorf("import %s: not a folder", d)
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			return ImportReport{}, fmt.Errorf("import %s: %w", d, err)
		}
		roots = append(roots, importRoot{fsys: os.DirFS(d), root: ".", dir: d, origin: abs})
	}
	return s.importRoots(ctx, roots, opts)
}

// ImportFS imports the articles under root in fsys (an embed.FS for the
// demo). Sources are recorded relative to root.
func (s *Store) ImportFS(ctx context.Context, fsys fs.FS, root string, opts ImportOptions) (ImportReport, error) {
	return s.importRoots(ctx, []importRoot{{fsys: fsys, root: root, origin: "fs:" + root}}, opts)
}

type importRoot struct {
	fsys fs.FS
	root string
	dir  string // for error messages; "" for an fs.FS
	// origin identifies the folder across imports: only its own articles
	// can go missing when it is re-imported.
	origin string
}

// unit is what becomes one article: a Markdown file with its transcript, or
// a transcript alone.
type unit struct {
	root       *importRoot
	md         string // path in fsys; "" for a lone transcript
	transcript string // path in fsys; "" for none
	source     string // relative path recorded as the article's source
}

type existing struct {
	id       int64
	hash     string
	archived bool
	origin   string
}

func (s *Store) importRoots(ctx context.Context, roots []importRoot, opts ImportOptions) (ImportReport, error) {
	var rep ImportReport
	known, err := s.knownSources(ctx)
	if err != nil {
		return rep, err
	}
	vocab, err := s.loadVocab(ctx)
	if err != nil {
		return rep, fmt.Errorf("import: %w", err)
	}
	batch := &importBatch{db: s.db}
	defer batch.rollback()
	defer s.df.reset()
	seen := map[string]*importRoot{}
	origins := map[string]bool{}
	for i := range roots {
		r := &roots[i]
		origins[r.origin] = true
		units, errs, err := collect(r)
		if err != nil {
			return rep, err
		}
		for _, fe := range errs {
			rep.Failed++
			rep.Errors = append(rep.Errors, fe)
			if seen[fe.Path] == nil {
				seen[fe.Path] = r
			}
			if opts.Progress != nil {
				opts.Progress(fe.Path, Failed)
			}
		}
		for _, u := range units {
			if err := ctx.Err(); err != nil {
				// What was imported stays: it was reported as such.
				if cerr := batch.commit(); cerr != nil {
					return rep, cerr
				}
				return rep, fmt.Errorf("import: %w", err)
			}
			var outcome Outcome
			var fe *FileError
			if other := seen[u.source]; other != nil {
				// Two folders of one import hold the same relative path:
				// they would overwrite each other's article.
				outcome = Failed
				fe = &FileError{Path: u.source, Dir: r.dir, Reason: "also in " + other.display() + ": articles are keyed by their path inside the imported folder, rename one"}
			} else {
				seen[u.source] = r
				outcome, fe = s.importUnit(ctx, batch, u, known, vocab)
			}
			if batch.err != nil {
				return rep, batch.err
			}
			switch outcome {
			case Added:
				rep.Added++
			case Updated:
				rep.Updated++
			case Unchanged:
				rep.Unchanged++
			case Failed:
				rep.Failed++
				rep.Errors = append(rep.Errors, *fe)
			}
			if opts.Progress != nil {
				opts.Progress(u.source, outcome)
			}
		}
	}
	if err := batch.commit(); err != nil {
		return rep, err
	}
	if rep.Added+rep.Updated >= optimizeAfter {
		if err := s.optimize(ctx); err != nil {
			return rep, fmt.Errorf("import: %w", err)
		}
	}
	for src, e := range known {
		if seen[src] == nil && !e.archived && origins[e.origin] {
			rep.Missing = append(rep.Missing, src)
		}
	}
	sort.Strings(rep.Missing)
	if opts.Prune && len(rep.Missing) > 0 {
		n, err := s.archive(ctx, rep.Missing)
		rep.Archived = n
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func (s *Store) knownSources(ctx context.Context) (map[string]existing, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT source, id, hash, archived, COALESCE(origin, '') FROM articles WHERE source IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("import: read known articles: %w", err)
	}
	defer rows.Close()
	out := map[string]existing{}
	for rows.Next() {
		var src string
		var e existing
		if err := rows.Scan(&src, &e.id, &e.hash, &e.archived, &e.origin); err != nil {
			return nil, fmt.Errorf("import: read known articles: %w", err)
		}
		out[src] = e
	}
	return out, rows.Err()
}

func (s *Store) archive(ctx context.Context, sources []string) (int, error) {
	n := 0
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		for _, src := range sources {
			res, err := tx.ExecContext(ctx, `UPDATE articles SET archived = 1, updated_at = ? WHERE source = ? AND archived = 0`, s.now().Unix(), src)
			if err != nil {
				return err
			}
			k, _ := res.RowsAffected()
			n += int(k)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("import: archive missing articles: %w", err)
	}
	return n, nil
}

func isTranscript(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".vtt" || ext == ".srt"
}

// collect walks a root and pairs each transcript with the Markdown file of
// the same base name in the same folder.
func collect(r *importRoot) ([]unit, []FileError, error) {
	var mds, transcripts []string
	var errs []FileError
	err := fs.WalkDir(r.fsys, r.root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == r.root {
				return err
			}
			errs = append(errs, FileError{Path: r.rel(p), Reason: "cannot read: " + unwrapPathError(err), Dir: r.dir})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != r.root && strings.HasPrefix(name, ".") {
				return fs.SkipDir // .git and the like
			}
			return nil
		}
		if strings.HasPrefix(name, ".") {
			return nil
		}
		switch {
		case strings.EqualFold(path.Ext(name), ".md"):
			mds = append(mds, p)
		case isTranscript(name):
			transcripts = append(transcripts, p)
		}
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("import %s: %w", r.display(), err)
	}
	key := func(p string) string { return strings.TrimSuffix(p, path.Ext(p)) }
	byKey := map[string]int{}
	units := make([]unit, 0, len(mds)+len(transcripts))
	for _, p := range mds {
		byKey[key(p)] = len(units)
		units = append(units, unit{root: r, md: p, source: r.rel(p)})
	}
	sort.Strings(transcripts) // .srt before .vtt: deterministic choice
	for _, p := range transcripts {
		i, ok := byKey[key(p)]
		switch {
		case !ok:
			byKey[key(p)] = len(units)
			units = append(units, unit{root: r, transcript: p, source: r.rel(p)})
		case units[i].transcript == "":
			units[i].transcript = p
		default:
			errs = append(errs, FileError{Path: r.rel(p), Dir: r.dir,
				Reason: "a second transcript for the same article (" + path.Base(units[i].transcript) + " already is): remove one"})
		}
	}
	return units, errs, nil
}

func (r *importRoot) rel(p string) string {
	if r.root == "." || r.root == "" {
		return p
	}
	return strings.TrimPrefix(strings.TrimPrefix(p, r.root), "/")
}

func (r *importRoot) display() string {
	if r.dir != "" {
		return r.dir
	}
	return r.root
}

func unwrapPathError(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// importBatchSize is how many articles an import commits at once. Each
// commit makes FTS5 write a new segment of its index (and merge the small
// ones): one commit per article cost a third of the import.
const importBatchSize = 250

// importBatch is the transaction an import writes its articles in, each
// article in a savepoint of its own so that a failed one leaves no trace
// and the others stay.
type importBatch struct {
	db  *sql.DB
	tx  *sql.Tx
	w   *articleWriter
	n   int   // articles in the open transaction
	err error // a failure of the transaction itself: the import stops
}

// store runs fn for one article. It returns fn's error; a failure of the
// transaction itself is left in b.err.
func (b *importBatch) store(ctx context.Context, fn func(w *articleWriter) error) error {
	// The transaction outlives a cancelled context: the articles already
	// stored and reported are committed (see importRoots).
	ctx = context.WithoutCancel(ctx)
	if b.tx == nil {
		tx, err := b.db.BeginTx(ctx, nil)
		if err != nil {
			b.err = fmt.Errorf("import: begin transaction: %w", err)
			return b.err
		}
		b.tx, b.w = tx, newArticleWriter(tx)
	}
	if _, err := b.tx.ExecContext(ctx, `SAVEPOINT article`); err != nil {
		b.err = fmt.Errorf("import: savepoint: %w", err)
		return b.err
	}
	ferr := fn(b.w)
	if ferr != nil {
		if _, err := b.tx.ExecContext(ctx, `ROLLBACK TO article`); err != nil {
			b.err = fmt.Errorf("import: roll back an article: %w", err)
			return ferr
		}
	}
	if _, err := b.tx.ExecContext(ctx, `RELEASE article`); err != nil {
		b.err = fmt.Errorf("import: release savepoint: %w", err)
		return ferr
	}
	if ferr == nil {
		if b.n++; b.n >= importBatchSize {
			b.err = b.commit()
		}
	}
	return ferr
}

func (b *importBatch) commit() error {
	if b.tx == nil {
		return nil
	}
	b.w.close()
	err := b.tx.Commit()
	b.tx, b.w, b.n = nil, nil, 0
	if err != nil {
		return fmt.Errorf("import: commit: %w", err)
	}
	return nil
}

func (b *importBatch) rollback() {
	if b.tx != nil {
		b.w.close()
		_ = b.tx.Rollback()
		b.tx, b.w, b.n = nil, nil, 0
	}
}

// importUnit reads, parses and stores one article in a savepoint of the
// batch; a failure leaves the database as it was.
func (s *Store) importUnit(ctx context.Context, batch *importBatch, u unit, known map[string]existing, vocab vocabSet) (Outcome, *FileError) {
	fail := func(p string, err error) (Outcome, *FileError) {
		fe := FileError{Path: u.root.rel(p), Reason: err.Error(), Dir: u.root.dir}
		var le *lineError
		var ve *ValidationError
		switch {
		case errors.As(err, &le):
			fe.Line, fe.Reason = le.line, le.reason
		case errors.As(err, &ve):
			fe.Line, fe.Reason = ve.Line, ve.Error()
		}
		return Failed, &fe
	}
	h := sha256.New()
	var a *Article
	if u.md != "" {
		data, err := readText(u.root.fsys, u.md)
		if err != nil {
			return fail(u.md, err)
		}
		h.Write(data)
		if a, err = parseMarkdown(u.md, data); err != nil {
			return fail(u.md, err)
		}
	}
	if u.transcript != "" {
		data, err := readText(u.root.fsys, u.transcript)
		if err != nil {
			return fail(u.transcript, err)
		}
		h.Write([]byte{0})
		h.Write([]byte(path.Base(u.transcript)))
		h.Write([]byte{0})
		h.Write(data)
		var segs []Segment
		if strings.EqualFold(path.Ext(u.transcript), ".srt") {
			segs, err = parseSRT(string(data))
		} else {
			segs, err = parseVTT(string(data))
		}
		if err != nil {
			return fail(u.transcript, err)
		}
		if a == nil {
			a = &Article{Kind: KindVideo, Title: fileTitle(u.transcript), URL: u.source}
		}
		a.Transcript = segs
	}
	a.Source = u.source
	a.Hash = hex.EncodeToString(h.Sum(nil)[:16])
	if err := normalize(a); err != nil {
		return fail(firstNonEmpty(u.md, u.transcript), err)
	}
	prev, ok := known[u.source]
	if ok && prev.hash == a.Hash && !prev.archived && prev.origin == u.root.origin {
		return Unchanged, nil
	}
	a.origin = u.root.origin
	now := s.now()
	outcome := Added
	var fresh []string
	err := batch.store(ctx, func(w *articleWriter) error {
		var err error
		if ok {
			outcome = Updated
			err = w.update(ctx, prev.id, a, now)
		} else {
			prev.id, err = w.insert(ctx, a, now)
		}
		if err != nil {
			return err
		}
		fresh, err = w.addVocab(ctx, vocab, a)
		return err
	})
	if err != nil {
		return fail(firstNonEmpty(u.md, u.transcript), fmt.Errorf("store: %w", err))
	}
	known[u.source] = existing{id: prev.id, hash: a.Hash, origin: u.root.origin}
	for _, t := range fresh {
		vocab[t] = struct{}{}
	}
	return outcome, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// readText reads a text file, refusing what cannot be an article: too
// big, binary (a NUL byte) or not UTF-8. Line endings become LF.
func readText(fsys fs.FS, p string) ([]byte, error) {
	f, err := fsys.Open(p)
	if err != nil {
		return nil, fmt.Errorf("cannot read: %s", unwrapPathError(err))
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > MaxFileSize {
		return nil, fmt.Errorf("file too large (%.1f MiB, the limit is %d MiB)", float64(st.Size())/(1<<20), MaxFileSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read: %s", unwrapPathError(err))
	}
	if len(data) > MaxFileSize {
		return nil, fmt.Errorf("file too large (more than %d MiB)", MaxFileSize>>20)
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, errAt(lineOf(data, i), "binary file (NUL byte), not text")
	}
	if !utf8.Valid(data) {
		i := firstInvalidUTF8(data)
		return nil, errAt(lineOf(data, i), "invalid UTF-8 (save the file as UTF-8)")
	}
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	return data, nil
}

func lineOf(data []byte, off int) int { return bytes.Count(data[:off], []byte("\n")) + 1 }

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// optimizeAfter is how many articles an import must change before it
// merges the full-text indexes: a bulk import leaves them in dozens of
// segments, each read by every query.
const optimizeAfter = 500

// optimize merges each full-text index into one segment and refreshes the
// planner's statistics.
func (s *Store) optimize(ctx context.Context) error {
	for _, q := range []string{
		`INSERT INTO articles_fts(articles_fts) VALUES ('optimize')`,
		`INSERT INTO segments_fts(segments_fts) VALUES ('optimize')`,
		`PRAGMA optimize`,
	} {
		if _, err := s.db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("optimize the search index: %w", err)
		}
	}
	return nil
}
