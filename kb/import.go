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
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
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
// FileError.Dir. Each folder is a collection named after it, or
// opts.Collection.
func (s *Store) ImportDirs(ctx context.Context, dirs []string, opts ImportOptions) (ImportReport, error) {
	roots := make([]importRoot, 0, len(dirs))
	for _, d := range dirs {
		st, err := os.Stat(d)
		if errors.Is(err, fs.ErrNotExist) {
			return ImportReport{}, &FolderError{Dir: d, Reason: Reason{Code: CodeFolderMissing}}
		}
		if err != nil {
			return ImportReport{}, fmt.Errorf("import %s: %w", d, err)
		}
		if !st.IsDir() {
			return ImportReport{}, &FolderError{Dir: d, Reason: Reason{Code: CodeNotFolder}}
		}
		abs, err := filepath.Abs(d)
		if err != nil {
			return ImportReport{}, fmt.Errorf("import %s: %w", d, err)
		}
		// Symbolic links are judged against the folder's real place.
		real, err := filepath.EvalSymlinks(abs)
		if err != nil {
			return ImportReport{}, fmt.Errorf("import %s: %w", d, err)
		}
		coll := opts.Collection
		if coll == "" {
			coll = filepath.Base(abs)
		}
		if err := ValidCollection(coll); err != nil {
			return ImportReport{}, fmt.Errorf("import %s: %w", d, err)
		}
		roots = append(roots, importRoot{fsys: os.DirFS(d), root: ".", dir: d, disk: real, origin: abs, collection: coll})
	}
	return s.importRoots(ctx, roots, opts)
}

// ImportFS imports the articles under root in fsys (an embed.FS for the
// demo). Sources are recorded relative to root. The collection is
// opts.Collection, else root's base name ("demo" for ".").
func (s *Store) ImportFS(ctx context.Context, fsys fs.FS, root string, opts ImportOptions) (ImportReport, error) {
	coll := opts.Collection
	if coll == "" {
		coll = path.Base(root)
		if coll == "." || coll == "/" {
			coll = "demo"
		}
	}
	if err := ValidCollection(coll); err != nil {
		return ImportReport{}, fmt.Errorf("import %s: %w", root, err)
	}
	return s.importRoots(ctx, []importRoot{{fsys: fsys, root: root, origin: "fs:" + root, collection: coll}}, opts)
}

// DefaultCollection holds the articles written in Hotline (kb add, drafts)
// unless another is given.
const DefaultCollection = "hotline"

// ValidCollection checks a collection name: a short word or phrase,
// without "/" (it separates the collection from the path in a key).
func ValidCollection(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return invalid("collection", Reason{Code: CodeCollectionMissing})
	case strings.TrimSpace(name) != name:
		return invalid("collection", Reason{Code: CodeCollectionSpaces, Value: name})
	case !utf8.ValidString(name) || strings.IndexFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) }) >= 0:
		return invalid("collection", Reason{Code: CodeCollectionControl})
	case strings.ContainsRune(name, '/'):
		return invalid("collection", Reason{Code: CodeCollectionSlash, Value: name})
	case len(name) > 100:
		return invalid("collection", Reason{Code: CodeCollectionTooLong, Limit: 100})
	}
	return nil
}

type importRoot struct {
	fsys fs.FS
	root string
	dir  string // for error messages; "" for an fs.FS
	// disk is the folder's real path (symbolic links resolved) when
	// importing from disk: files are opened from it, never through fsys,
	// so that a named pipe or a link cannot be followed by accident.
	disk string
	// origin identifies the folder across imports: only its own articles
	// can go missing when it is re-imported, and another folder holding
	// the same collection and path is a collision.
	origin     string
	collection string
}

// unit is what becomes one article: a Markdown file with its transcript, or
// a transcript alone.
type unit struct {
	root       *importRoot
	md         string // path in fsys; "" for a lone transcript
	transcript string // path in fsys; "" for none
	source     string // relative path recorded as the article's path
	// real paths on disk of md and transcript when they were reached
	// through a followed symbolic link.
	mdReal, transcriptReal string
}

func (u unit) key() string { return u.root.collection + "/" + u.source }

type existing struct {
	id       int64
	hash     string
	archived bool
	origin   string
}

// prepared is an article read and parsed, waiting to be written.
type prepared struct {
	u    unit
	a    *Article
	prev existing
	ok   bool // prev is set: an update
	size int
}

// flushBytes bounds the text read ahead of a write: the articles of one
// transaction are read and parsed before it starts, never while it holds
// the database's write lock, and they must not fill memory.
const flushBytes = 32 << 20

func (s *Store) importRoots(ctx context.Context, roots []importRoot, opts ImportOptions) (ImportReport, error) {
	var rep ImportReport
	known, err := s.knownSources(ctx)
	if err != nil {
		return rep, err
	}
	terms, err := s.loadVocab(ctx)
	if err != nil {
		return rep, fmt.Errorf("import: %w", err)
	}
	vocab := newImportVocab(terms)
	defer s.changed()
	progress := func(p string, o Outcome) {
		if opts.Progress != nil {
			opts.Progress(p, o)
		}
	}
	fail := func(fe FileError) {
		rep.Failed++
		rep.Errors = append(rep.Errors, fe)
		progress(fe.Path, Failed)
	}
	seen := map[string]*importRoot{}
	origins := map[string]bool{}
	slots, walkErr := plan(ctx, roots, opts.FollowSymlinks, seen, origins)

	// Workers read and parse the files in order, a batch ahead of the
	// writer at most; the writer takes the results in order and writes
	// them in transactions (see readAhead).
	ra := newReadAhead(len(slots))
	wctx, stop := context.WithCancel(ctx)
	defer stop()
	stopReading := context.AfterFunc(wctx, ra.stop)
	defer stopReading()
	var wg sync.WaitGroup
	defer wg.Wait()
	defer stop()
	for range importWorkers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i, ok := ra.claim()
				if !ok {
					return
				}
				sl := &slots[i]
				if sl.fe == nil && wctx.Err() == nil {
					sl.p, sl.outcome, sl.fe = s.prepare(sl.u, known)
					sl.size = sl.p.size
					if sl.outcome != "" {
						sl.size = 0
					}
				}
				ra.read(sl.size)
				close(sl.done)
			}
		}()
	}

	var conn *importConn
	defer func() {
		if conn != nil {
			conn.close()
		}
	}()
	var pending []prepared
	pendingBytes := 0
	flush := func() error {
		if len(pending) == 0 {
			return nil
		}
		// From here the batch is written whatever happens to ctx: what
		// the workers read next may be dropped, this batch is not.
		ra.release(len(pending), pendingBytes)
		if conn == nil {
			var err error
			if conn, err = s.importConn(context.WithoutCancel(ctx)); err != nil {
				return err
			}
		}
		outcomes, err := s.writeBatch(ctx, conn.Conn, pending, vocab)
		for i, p := range pending {
			if i >= len(outcomes) {
				break
			}
			o := outcomes[i]
			switch {
			case o.fe != nil:
				fail(*o.fe)
			case p.ok:
				rep.Updated++
				progress(p.u.source, Updated)
			default:
				rep.Added++
				progress(p.u.source, Added)
			}
		}
		clear(pending)
		pending, pendingBytes = pending[:0], 0
		return err
	}
	cancelled := func() error {
		// What was written stays (it was reported); what was only read
		// is dropped.
		return fmt.Errorf("import: %w", ctx.Err())
	}
	for i := range slots {
		sl := &slots[i]
		select {
		case <-sl.done:
		case <-ctx.Done():
			return rep, cancelled()
		}
		if ctx.Err() != nil {
			return rep, cancelled()
		}
		if i > 0 && sl.root != slots[i-1].root {
			if err := flush(); err != nil {
				return rep, err
			}
		}
		switch {
		case sl.fe != nil:
			fail(*sl.fe)
			ra.release(1, sl.size)
			continue
		case sl.outcome == Unchanged:
			rep.Unchanged++
			progress(sl.u.source, Unchanged)
			ra.release(1, sl.size)
			continue
		}
		pending = append(pending, sl.p)
		pendingBytes += sl.size
		sl.p = prepared{}
		if len(pending) >= importBatchSize || pendingBytes >= flushBytes {
			if err := flush(); err != nil {
				return rep, err
			}
		}
	}
	if ctx.Err() != nil {
		return rep, cancelled()
	}
	if err := flush(); err != nil {
		return rep, err
	}
	if walkErr != nil {
		return rep, walkErr
	}
	if rep.Added+rep.Updated >= optimizeAfter {
		if err := s.optimize(ctx); err != nil {
			return rep, fmt.Errorf("import: %w", err)
		}
	}
	for key, e := range known {
		coll, _, _ := strings.Cut(key, "/")
		if seen[key] == nil && !e.archived && origins[coll+"\x00"+e.origin] {
			rep.Missing = append(rep.Missing, strings.TrimPrefix(key, coll+"/"))
			rep.missingKeys = append(rep.missingKeys, key)
		}
	}
	sort.Strings(rep.Missing)
	if opts.Prune && len(rep.missingKeys) > 0 {
		n, err := s.archiveKeys(ctx, rep.missingKeys)
		rep.Archived = n
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

// importConn is the one connection an import writes with. Its savepoint
// journal stays in memory (temp_store): past 64 KiB SQLite spills it to a
// temporary file, and each article's savepoint wrote its index pages
// there. The setting is put back when the import ends.
type importConn struct {
	*sql.Conn
	restore string
}

func (s *Store) importConn(ctx context.Context) (*importConn, error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	var was string
	if err := conn.QueryRowContext(ctx, `PRAGMA temp_store`).Scan(&was); err != nil {
		conn.Close()
		return nil, fmt.Errorf("import: %w", err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA temp_store = MEMORY`); err != nil {
		conn.Close()
		return nil, fmt.Errorf("import: %w", err)
	}
	return &importConn{Conn: conn, restore: `PRAGMA temp_store = ` + was}, nil
}

func (ic *importConn) close() {
	_, _ = ic.ExecContext(context.Background(), ic.restore)
	ic.Conn.Close()
}

// slot is one article of an import, in the order of the report: a unit
// to read and parse, or a file already refused (fe set).
type slot struct {
	root    int // index of its folder: a transaction never spans two
	u       unit
	fe      *FileError
	p       prepared
	outcome Outcome // Unchanged, Failed, or "" to write
	size    int     // bytes held until the writer hands it to a transaction
	done    chan struct{}
}

// plan walks the roots and lists their articles in order, with the files
// the walk refused and the paths another folder of the same import holds
// for the same collection. A folder that cannot be walked stops the plan:
// the folders before it are imported and its error returned.
func plan(ctx context.Context, roots []importRoot, follow bool, seen map[string]*importRoot, origins map[string]bool) ([]slot, error) {
	var slots []slot
	cur := 0
	refused := func(fe FileError) {
		slots = append(slots, slot{root: cur, fe: &fe, outcome: Failed, done: make(chan struct{})})
	}
	for i := range roots {
		r := &roots[i]
		cur = i
		origins[r.collection+"\x00"+r.origin] = true
		units, errs, err := collect(ctx, r, follow)
		if err != nil {
			return slots, err
		}
		for _, fe := range errs {
			if seen[r.collection+"/"+fe.Path] == nil {
				seen[r.collection+"/"+fe.Path] = r
			}
			refused(fe)
		}
		for _, u := range units {
			if other := seen[u.key()]; other != nil {
				// Two folders of one import hold the same path for the
				// same collection: they would overwrite each other.
				clash := &CollectionClashError{Collection: r.collection, Source: u.source, Other: other.display(), SameImport: true}
				refused(FileError{Path: u.source, Dir: r.dir, Reason: clash.Error(), Err: clash})
				continue
			}
			seen[u.key()] = r
			slots = append(slots, slot{root: i, u: u, done: make(chan struct{})})
		}
	}
	return slots, nil
}

// importWorkers is how many goroutines read and parse files while the
// writer writes: parsing costs less than writing, so the cores but one
// (the writer's) are plenty.
func importWorkers() int { return max(1, min(runtime.GOMAXPROCS(0)-1, 4)) }

// readAhead hands the slots of an import to the workers in order and
// bounds what they have read that the writer has not yet put in a
// transaction: a batch (importBatchSize articles, flushBytes of text).
// So the workers parse the next batch while the writer writes one, memory
// stays bounded, and a cancelled import has read at most a batch it
// drops.
type readAhead struct {
	mu           sync.Mutex
	cond         sync.Cond
	next, n      int
	slots, bytes int
	stopped      bool
}

func newReadAhead(n int) *readAhead {
	ra := &readAhead{n: n}
	ra.cond.L = &ra.mu
	return ra
}

// claim returns the next slot to read, waiting while a batch is read
// ahead; false when there is none left or the import stopped.
func (ra *readAhead) claim() (int, bool) {
	ra.mu.Lock()
	defer ra.mu.Unlock()
	for !ra.stopped && ra.next < ra.n && (ra.slots >= importBatchSize || ra.bytes >= flushBytes) {
		ra.cond.Wait()
	}
	if ra.stopped || ra.next >= ra.n {
		return 0, false
	}
	ra.next++
	ra.slots++
	return ra.next - 1, true
}

// read counts the bytes a claimed slot holds.
func (ra *readAhead) read(bytes int) {
	ra.mu.Lock()
	ra.bytes += bytes
	ra.mu.Unlock()
}

// release is the writer taking slots off the workers' hands.
func (ra *readAhead) release(slots, bytes int) {
	ra.mu.Lock()
	ra.slots -= slots
	ra.bytes -= bytes
	ra.cond.Broadcast()
	ra.mu.Unlock()
}

func (ra *readAhead) stop() {
	ra.mu.Lock()
	ra.stopped = true
	ra.cond.Broadcast()
	ra.mu.Unlock()
}

func (s *Store) knownSources(ctx context.Context) (map[string]existing, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT m.collection, m.path, a.id, a.hash, a.archived, COALESCE(a.origin, '')
		FROM article_meta m JOIN articles a ON a.id = m.article_id WHERE m.path IS NOT NULL`)
	if err != nil {
		return nil, fmt.Errorf("import: read known articles: %w", err)
	}
	defer rows.Close()
	out := map[string]existing{}
	for rows.Next() {
		var coll, src string
		var e existing
		if err := rows.Scan(&coll, &src, &e.id, &e.hash, &e.archived, &e.origin); err != nil {
			return nil, fmt.Errorf("import: read known articles: %w", err)
		}
		out[coll+"/"+src] = e
	}
	return out, rows.Err()
}

func (s *Store) archiveKeys(ctx context.Context, keys []string) (int, error) {
	n := 0
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		for _, key := range keys {
			coll, p, _ := strings.Cut(key, "/")
			res, err := tx.ExecContext(ctx, `UPDATE articles SET archived = 1, updated_at = ?
				WHERE archived = 0 AND id = (SELECT article_id FROM article_meta WHERE collection = ? AND path = ?)`, s.now().Unix(), coll, p)
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

func isArticleFile(name string) bool {
	return strings.EqualFold(path.Ext(name), ".md") || isTranscript(name)
}

// collect walks a root and pairs each transcript with the Markdown file of
// the same base name in the same folder. Only regular files are taken: a
// named pipe called *.md would block the import forever. Symbolic links
// are reported, not followed, unless follow is set; then a link to a file
// inside the folder is imported, and one leading outside, to a folder, or
// in a loop is reported.
func collect(ctx context.Context, r *importRoot, follow bool) ([]unit, []FileError, error) {
	var mds, transcripts []string
	real := map[string]string{}
	var errs []FileError
	report := func(p string, err error) {
		errs = append(errs, FileError{Path: r.rel(p), Reason: err.Error(), Dir: r.dir, Err: err})
	}
	err := fs.WalkDir(r.fsys, r.root, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			if p == r.root {
				return err
			}
			report(p, readError(err))
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
		typ := d.Type()
		if typ&fs.ModeSymlink != 0 {
			target, reason := r.resolveLink(p, follow)
			if reason != nil {
				if isArticleFile(name) || reason != ErrLinkNotFollowed {
					report(p, reason)
				}
				return nil
			}
			if !isArticleFile(name) {
				return nil
			}
			real[p] = target
		} else if !typ.IsRegular() {
			if isArticleFile(name) {
				report(p, errAt(0, Reason{Code: CodeNotRegular, Value: fileKindOf(typ)}))
			}
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
		if ctx.Err() != nil {
			return nil, nil, fmt.Errorf("import %s: %w", r.display(), ctx.Err())
		}
		return nil, nil, fmt.Errorf("import %s: %w", r.display(), err)
	}
	key := func(p string) string { return strings.TrimSuffix(p, path.Ext(p)) }
	byKey := map[string]int{}
	units := make([]unit, 0, len(mds)+len(transcripts))
	for _, p := range mds {
		byKey[key(p)] = len(units)
		units = append(units, unit{root: r, md: p, source: r.rel(p), mdReal: real[p]})
	}
	sort.Strings(transcripts) // .srt before .vtt: deterministic choice
	for _, p := range transcripts {
		i, ok := byKey[key(p)]
		switch {
		case !ok:
			byKey[key(p)] = len(units)
			units = append(units, unit{root: r, transcript: p, source: r.rel(p), transcriptReal: real[p]})
		case units[i].transcript == "":
			units[i].transcript = p
			units[i].transcriptReal = real[p]
		default:
			report(p, errAt(0, Reason{Code: CodeSecondTranscript, Other: path.Base(units[i].transcript)}))
		}
	}
	return units, errs, nil
}

// ErrLinkNotFollowed is a symbolic link the import did not follow because
// following links was not asked for (ImportOptions.FollowSymlinks). It is
// reported only when its name is an article's.
var ErrLinkNotFollowed error = &LineError{Reason: Reason{Code: CodeLinkNotFollowed}}

// resolveLink decides about the symbolic link at p: its target on disk,
// or why it is not imported.
func (r *importRoot) resolveLink(p string, follow bool) (target string, reason error) {
	if r.disk == "" {
		return "", ErrLinkNotFollowed
	}
	full := filepath.Join(r.disk, filepath.FromSlash(p))
	resolved, err := filepath.EvalSymlinks(full)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", errAt(0, Reason{Code: CodeLinkMissing})
		}
		// EvalSymlinks gives up on a loop ("too many links").
		return "", errAt(0, Reason{Code: CodeLinkLoop, Value: unwrapPathError(err)})
	}
	st, err := os.Stat(resolved)
	if err != nil {
		return "", errAt(0, Reason{Code: CodeLinkFailed, Value: unwrapPathError(err)})
	}
	inside := resolved == r.disk || strings.HasPrefix(resolved, r.disk+string(filepath.Separator))
	switch {
	case st.IsDir():
		return "", errAt(0, Reason{Code: CodeLinkToFolder})
	case !inside:
		return "", errAt(0, Reason{Code: CodeLinkOutside})
	case !follow:
		return "", ErrLinkNotFollowed
	case !st.Mode().IsRegular():
		return "", errAt(0, Reason{Code: CodeLinkNotRegular, Value: fileKindOf(st.Mode().Type())})
	}
	return resolved, nil
}

// errNotRegular refuses what is not a regular file (a named pipe would
// block the import).
func errNotRegular(m fs.FileMode) error {
	return errAt(0, Reason{Code: CodeNotRegular, Value: fileKindOf(m)})
}

// readError says why a file could not be read: the reason is already
// typed (not a regular file, a link), or the permission is refused, or
// the system says why in its own words.
func readError(err error) error {
	var le *LineError
	switch {
	case errors.As(err, &le):
		return le
	case errors.Is(err, fs.ErrPermission):
		return errAt(0, Reason{Code: CodeReadDenied})
	}
	return errAt(0, Reason{Code: CodeCannotRead, Value: unwrapPathError(err)})
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

type writeOutcome struct{ fe *FileError }

// writeBatch writes articles read beforehand in one transaction. The
// transaction outlives a cancelled context: it is short, holds only
// writes, and what it holds is reported.
//
// The batch is first written without savepoints: FTS5 writes its pending
// terms out as a new segment at every savepoint's release, so a savepoint
// per article made a segment per article, merged again and again (40 % of
// an import's CPU). Should an article fail, that attempt is rolled back
// whole and the batch written again with each article in a savepoint of
// its own, so that the failed one leaves no trace and the others stay.
func (s *Store) writeBatch(ctx context.Context, conn *sql.Conn, batch []prepared, vocab *importVocab) ([]writeOutcome, error) {
	out, err := s.writeBatchTx(ctx, conn, batch, vocab, false)
	if errors.Is(err, errNeedsSavepoints) {
		out, err = s.writeBatchTx(ctx, conn, batch, vocab, true)
	}
	return out, err
}

// errNeedsSavepoints stops a batch written without savepoints at its first
// failed article.
var errNeedsSavepoints = errors.New("an article failed: write the batch again with savepoints")

func (s *Store) writeBatchTx(ctx context.Context, conn *sql.Conn, batch []prepared, vocab *importVocab, savepoints bool) ([]writeOutcome, error) {
	wctx := context.WithoutCancel(ctx)
	tx, err := conn.BeginTx(wctx, nil)
	if err != nil {
		return nil, fmt.Errorf("import: begin transaction: %w", err)
	}
	w := newArticleWriter(tx)
	defer func() {
		if tx != nil {
			w.close()
			_ = tx.Rollback()
		}
	}()
	now := s.now()
	out := make([]writeOutcome, len(batch))
	bv := vocab.batch()
	committed := false
	defer func() {
		if !committed {
			bv.rollback()
		}
	}()
	for i := range batch {
		p := &batch[i]
		if savepoints {
			if _, err := tx.ExecContext(wctx, `SAVEPOINT article`); err != nil {
				return nil, fmt.Errorf("import: savepoint: %w", err)
			}
		}
		id := p.prev.id
		ferr := func() error {
			var err error
			if p.ok {
				err = w.update(wctx, id, p.a, now)
			} else {
				id, err = w.insert(wctx, p.a, now)
			}
			if err != nil {
				return err
			}
			return w.insertVocab(wctx, bv.article(p.a))
		}()
		if ferr != nil && !savepoints {
			return nil, errNeedsSavepoints // rolled back by the deferred function
		}
		if ferr != nil {
			if _, err := tx.ExecContext(wctx, `ROLLBACK TO article`); err != nil {
				return nil, fmt.Errorf("import: roll back an article: %w", err)
			}
			bv.forget()
			out[i].fe = p.u.fail(firstNonEmpty(p.u.md, p.u.transcript), fmt.Errorf("store: %w", ferr))
		}
		if savepoints {
			if _, err := tx.ExecContext(wctx, `RELEASE article`); err != nil {
				return nil, fmt.Errorf("import: release savepoint: %w", err)
			}
		}
	}
	w.close()
	err = tx.Commit()
	tx = nil
	if err != nil {
		return nil, fmt.Errorf("import: commit: %w", err)
	}
	committed = true
	return out, nil
}

func (u unit) fail(p string, err error) *FileError {
	fe := FileError{Path: u.root.rel(p), Reason: err.Error(), Dir: u.root.dir, Err: err}
	var le *LineError
	var ve *ValidationError
	switch {
	case errors.As(err, &le):
		fe.Line, fe.Reason = le.Line, le.Reason.String()
	case errors.As(err, &ve):
		fe.Line, fe.Reason = ve.Line, ve.Error()
	}
	return &fe
}

// prepare reads and parses one article, outside any transaction, and
// tells whether it needs writing.
func (s *Store) prepare(u unit, known map[string]existing) (prepared, Outcome, *FileError) {
	fail := func(p string, err error) (prepared, Outcome, *FileError) {
		return prepared{}, Failed, u.fail(p, err)
	}
	h := sha256.New()
	// Read and hash first: an unchanged file (the usual case when a folder
	// is imported again) is recognised by its hash without being parsed.
	var mdData, trData []byte
	size := 0
	if u.md != "" {
		data, err := u.root.readText(u.md, u.mdReal)
		if err != nil {
			return fail(u.md, err)
		}
		size += len(data)
		h.Write(data)
		mdData = data
	}
	if u.transcript != "" {
		data, err := u.root.readText(u.transcript, u.transcriptReal)
		if err != nil {
			return fail(u.transcript, err)
		}
		size += 2 * len(data)
		h.Write([]byte{0})
		h.Write([]byte(path.Base(u.transcript)))
		h.Write([]byte{0})
		h.Write(data)
		trData = data
	}
	hash := hex.EncodeToString(h.Sum(nil)[:16])
	if prev, ok := known[u.key()]; ok && prev.hash == hash && !prev.archived && prev.origin == u.root.origin {
		return prepared{}, Unchanged, nil
	}
	var a *Article
	if u.md != "" {
		var err error
		if a, err = parseMarkdown(u.md, mdData); err != nil {
			return fail(u.md, err)
		}
	}
	if u.transcript != "" {
		var segs []Segment
		var err error
		if strings.EqualFold(path.Ext(u.transcript), ".srt") {
			segs, err = parseSRT(string(trData))
		} else {
			segs, err = parseVTT(string(trData))
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
	a.Collection = u.root.collection
	a.Hash = hash
	if err := normalize(a); err != nil {
		return fail(firstNonEmpty(u.md, u.transcript), err)
	}
	prev, ok := known[u.key()]
	if ok && prev.hash == a.Hash && !prev.archived && prev.origin == u.root.origin {
		return prepared{}, Unchanged, nil
	}
	if ok && !prev.archived && prev.origin != u.root.origin && stillHolds(prev.origin, u.source) {
		// Same collection and path, from another folder that still holds
		// the file: two different articles claiming one key.
		return fail(firstNonEmpty(u.md, u.transcript), &CollectionClashError{Collection: u.root.collection, Source: u.source, Other: prev.origin})
	}
	a.origin = u.root.origin
	return prepared{u: u, a: a, prev: prev, ok: ok, size: size}, "", nil
}

// CollectionClashError is an article whose collection and path another
// folder already holds: importing it would overwrite the other's article.
// Other is that folder; SameImport says both folders are in this import.
type CollectionClashError struct {
	Collection, Source, Other string
	SameImport                bool
}

func (e *CollectionClashError) Error() string {
	if e.SameImport {
		return fmt.Sprintf("also in %s for collection %q: import one of the folders under another collection, or rename the file", e.Other, e.Collection)
	}
	return fmt.Sprintf("collection %q already has %s, imported from %s: import this folder under another collection, or rename the file", e.Collection, e.Source, e.Other)
}

// stillHolds reports whether the folder an article was imported from
// still holds its file: if not, the folder moved and the import from its
// new place is the same collection.
func stillHolds(origin, rel string) bool {
	if origin == "" || strings.HasPrefix(origin, "fs:") {
		return false
	}
	st, err := os.Lstat(filepath.Join(origin, filepath.FromSlash(rel)))
	return err == nil && !st.IsDir()
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// open opens a file of the root for reading. On disk it refuses what is
// not a regular file without blocking (a named pipe would) and does not
// follow a symbolic link put in place since the walk; target is the real
// file of a followed link.
func (r *importRoot) open(p, target string) (io.ReadCloser, int64, error) {
	if r.disk == "" {
		f, err := r.fsys.Open(p)
		if err != nil {
			return nil, 0, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, 0, err
		}
		if !st.Mode().IsRegular() {
			f.Close()
			return nil, 0, errNotRegular(st.Mode().Type())
		}
		return f, st.Size(), nil
	}
	full := target
	if full == "" {
		full = filepath.Join(r.disk, filepath.FromSlash(p))
	}
	return openRegular(full)
}

// readText reads a text file, refusing what cannot be an article: too
// big, binary (a NUL byte) or not UTF-8. Line endings become LF.
func (r *importRoot) readText(p, target string) ([]byte, error) {
	f, size, err := r.open(p, target)
	if err != nil {
		return nil, readError(err)
	}
	defer f.Close()
	if size > MaxFileSize {
		return nil, errAt(0, Reason{Code: CodeFileTooLarge, Value: strconv.FormatFloat(float64(size)/(1<<20), 'f', 1, 64), Limit: MaxFileSize >> 20})
	}
	data, err := readAllSized(f, size)
	if err != nil {
		return nil, readError(err)
	}
	if len(data) > MaxFileSize {
		return nil, errAt(0, Reason{Code: CodeFileOverLimit, Limit: MaxFileSize >> 20})
	}
	return checkText(data)
}

// readAllSized reads f, whose size was size when opened, up to
// MaxFileSize+1 bytes, in a buffer of its size (io.ReadAll grows its buffer
// by doubling from 512 bytes: twice the file in garbage).
func readAllSized(f io.Reader, size int64) ([]byte, error) {
	data := make([]byte, 0, min(max(size, 0), MaxFileSize)+1)
	for {
		if len(data) > MaxFileSize {
			return data, nil // too large: the caller says so
		}
		if len(data) == cap(data) {
			data = append(data, 0)[:len(data)] // the file grew
		}
		n, err := f.Read(data[len(data):min(cap(data), MaxFileSize+1)])
		data = data[:len(data)+n]
		if err == io.EOF {
			return data, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func checkText(data []byte) ([]byte, error) {
	if i := bytes.IndexByte(data, 0); i >= 0 {
		return nil, errAt(lineOf(data, i), Reason{Code: CodeBinary})
	}
	if !utf8.Valid(data) {
		i := firstInvalidUTF8(data)
		return nil, errAt(lineOf(data, i), Reason{Code: CodeFileNotUTF8})
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
