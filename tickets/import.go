package tickets

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"hotline/internal/db"
	"hotline/internal/text"
)

// MaxImportLine is the longest JSONL line read: a ticket with its
// follow-ups and history. A longer line fails alone; the rest of the file
// is read. Memory stays bounded by it whatever the file's size.
const MaxImportLine = 16 << 20

// ArticleResolver finds knowledge-base articles by their stable key. The
// tickets package does not know the knowledge base; the application layer
// passes one backed by it. q is the import's transaction.
type ArticleResolver interface {
	ArticleIDs(ctx context.Context, q db.Querier, keys []string) (map[string]int64, error)
}

// ImportOptions tune Import; the zero value imports with the defaults.
type ImportOptions struct {
	// Actor is recorded as the creator of tickets that have no history.
	Actor string
	// Articles resolves the keys of linked articles; nil reports every
	// link as not restored.
	Articles ArticleResolver
	// Each is called for every row that failed or was only partly
	// restored (Err or Warning set), in file order.
	Each func(ImportResult)
	// Progress is called after each committed batch.
	Progress func(ImportProgress)
	// BatchRows caps the rows of one transaction (default 20,000); a
	// batch also ends after BatchTime (default 500 ms) so other writers
	// (the portal, the interfaces) never wait longer than that. Each
	// commit writes the pages the batch changed to the log: half-second
	// batches write a busy index page about twice a second instead of
	// eight times.
	BatchRows int
	BatchTime time.Duration
	// SizeHint is the size of the file in bytes, when known. A file of at
	// least BulkImportBytes bringing more tickets than the base has (an
	// empty one, or the rest of an interrupted import) has most indexes
	// built at its end (one sort each), not row by row.
	SizeHint int64
	// Indexing is called before each index built at the end of a bulk
	// import (done so far, total).
	Indexing func(done, total int)
	// MaxLine overrides MaxImportLine (tests).
	MaxLine int
	// Attachments restores the files of a record inside the row's
	// transaction; nil: a record with files is imported without them,
	// with a warning.
	Attachments AttachmentRestorer
}

// AttachmentRestorer stores a record's files for the ticket it became,
// inside the import's transaction. followups maps the follow-up numbers of
// the file to those of this database.
type AttachmentRestorer interface {
	RestoreAttachmentsTx(ctx context.Context, tx *sql.Tx, ticketID int64, followups map[int64]int64, files []RecordAttachment) error
}

// ImportProgress is how far an import has gone.
type ImportProgress struct {
	Rows      int   // rows read (imported, skipped or failed)
	Bytes     int64 // bytes of the file consumed
	Imported  int
	Elapsed   time.Duration
	Committed bool
}

// ImportResult is the outcome of one row of an import file that needs
// telling: a row that failed (Err), or a ticket imported without some of
// what it referred to (Warning, e.g. an article missing from the target's
// knowledge base).
type ImportResult struct {
	Line int
	ID   int64 // the created ticket, 0 when Err is set
	Err  error
	// Warning is Warn in English (logs, scripts); nil Warn, "" Warning.
	Warning string
	Warn    *ImportWarning
}

// ImportWarning says what a ticket was stored without, for each front end
// to word.
type ImportWarning struct {
	Ticket int64
	// MissingArticles are the linked articles this knowledge base does
	// not have, by title and key.
	MissingArticles []ArticleRef
	// Files is the number of attached files not restored.
	Files int
}

func (w *ImportWarning) String() string {
	var parts []string
	if len(w.MissingArticles) > 0 {
		names := make([]string, len(w.MissingArticles))
		for i, a := range w.MissingArticles {
			names[i] = fmt.Sprintf("%q (%s)", a.Title, a.Key)
		}
		parts = append(parts, fmt.Sprintf("ticket #%d imported without its link to %s: not in this knowledge base (import the article, then link it to the ticket)",
			w.Ticket, strings.Join(names, ", ")))
	}
	if w.Files > 0 {
		parts = append(parts, fmt.Sprintf("ticket #%d: %d attached files not restored", w.Ticket, w.Files))
	}
	return strings.Join(parts, "; ")
}

// ImportSummary counts an import.
type ImportSummary struct {
	Imported int // rows stored by this run
	Skipped  int // rows already imported by an earlier run (same content)
	Failed   int // bad rows, none of them stored
	Warnings int // rows stored without some of their links
}

// StorageError is a failure of the database itself (disk full, I/O
// error, read-only file): the import stops at the first one, keeping the
// batches already committed.
type StorageError struct {
	Line int
	Err  error
}

func (e *StorageError) Error() string {
	return fmt.Sprintf("line %d: storing failed: %v (the rows before it are imported; fix the cause and run the same import again to add the rest)", e.Line, e.Err)
}
func (e *StorageError) Unwrap() error { return e.Err }

// importRow is one row read from the file.
type importRow struct {
	line int
	rec  Record
	key  [16]byte
	err  error // a bad row: reported, skipped
}

type rowSource interface {
	// next returns the next row, io.EOF at the end, or another error when
	// the file cannot be read at all.
	next() (importRow, error)
	offset() int64
}

// Import reads tickets from r (format "csv" with a header row, or "jsonl":
// one JSON object per line, as `ticket export` writes) and stores them in
// batches of rows per transaction, each row inside its own savepoint: a bad
// row is reported and skipped, never half-written, and the others go on.
//
// Each row is stored with an import key (a hash of its content): running
// the same import again, after an interruption or after fixing the bad
// rows, adds only the rows not yet there. The import stops early at the
// first storage error (keeping the committed batches), when r cannot be
// read, or when ctx ends (keeping every row stored so far).
func (s *Store) Import(ctx context.Context, r io.Reader, format string, opts ImportOptions) (ImportSummary, error) {
	if err := s.allow(ctx, opts.Actor, PermWrite); err != nil {
		return ImportSummary{}, fmt.Errorf("import tickets: %w", err)
	}
	var src rowSource
	switch format {
	case "jsonl":
		max := opts.MaxLine
		if max <= 0 {
			max = MaxImportLine
		}
		src = newJSONLSource(r, max)
	case "csv":
		c, err := newCSVSource(r)
		if err != nil {
			return ImportSummary{}, err
		}
		src = c
	default:
		return ImportSummary{}, fmt.Errorf("unknown import format %q: use a .csv or .jsonl file", format)
	}
	if opts.BatchRows <= 0 {
		opts.BatchRows = 20000
	}
	if opts.BatchTime <= 0 {
		opts.BatchTime = 500 * time.Millisecond
	}
	im := &importer{s: s, opts: opts, src: src, start: time.Now()}
	return im.run(ctx)
}

type importer struct {
	s     *Store
	opts  ImportOptions
	src   rowSource
	start time.Time
	sum   ImportSummary
	rows  int   // rows taken by the writer
	pos   int64 // bytes of the file behind the last row taken
	bulk  bool  // indexes wait in ticket_deferred_indexes until the end
	// noFTS: the full-text index is written once at the end, for every
	// ticket (a bulk import into an empty base).
	noFTS bool
}

// maxBatchBytes bounds the rows a batch keeps for a second, careful pass:
// memory stays flat whatever the file's size or its lines' length.
const maxBatchBytes = 32 << 20

// readRow is a row read and checked by the reader goroutine, ahead of the
// writer: decoding and validating take a third of an import's CPU, and run
// on the other core while SQLite writes.
type readRow struct {
	importRow
	full    *fullRecord
	invalid error // the row's own fault: reported, never stored
	readErr error // the file cannot be read any further
	pos     int64 // bytes of the file consumed after this row
	size    int64
}

func (im *importer) run(ctx context.Context) (_ ImportSummary, err error) {
	// One connection for the whole import, with a larger page cache: the
	// indexes of a large import no longer fit SQLite's default 2 MB, and
	// evicting their pages made every batch write them again.
	conn, err := im.s.db.Conn(ctx)
	if err != nil {
		return im.sum, err
	}
	defer conn.Close()
	var cache int64
	if err := conn.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err == nil {
		if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -65536"); err == nil {
			defer conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", cache))
		}
	}
	// A savepoint journals the pages a row changes; past 64 KiB SQLite
	// spills that journal to a temporary file, which made every row write
	// dozens of pages to disk. In memory it costs at most one row's pages.
	var tempStore int64
	if err := conn.QueryRowContext(ctx, "PRAGMA temp_store").Scan(&tempStore); err == nil {
		if _, err := conn.ExecContext(ctx, "PRAGMA temp_store = MEMORY"); err == nil {
			defer conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA temp_store = %d", tempStore))
		}
	}
	if im.opts.SizeHint >= BulkImportBytes {
		if _, err := im.s.deferIndexes(ctx, conn, im.opts.SizeHint); err != nil {
			return im.sum, &StorageError{Line: 1, Err: err}
		}
	}
	// Indexes left by this bulk import, or by an earlier run of it that
	// was interrupted, are built at the end, whatever ends the import.
	pending, err := deferredIndexes(ctx, conn)
	if err != nil {
		return im.sum, &StorageError{Line: 1, Err: err}
	}
	if im.noFTS, err = fullTextDeferred(ctx, conn); err != nil {
		return im.sum, &StorageError{Line: 1, Err: err}
	}
	if im.bulk = pending > 0; im.bulk {
		defer func() {
			if _, berr := buildDeferredIndexes(context.WithoutCancel(ctx), conn, im.opts.Indexing); berr != nil && err == nil {
				err = &StorageError{Line: im.nextLine(), Err: berr}
			}
		}()
	}
	rows := make(chan []readRow, 8)
	stop := make(chan struct{})
	go im.read(rows, stop)
	feed := &rowFeed{in: rows}
	defer func() {
		close(stop)
		for range rows { // let the reader see stop and end
		}
	}()
	for {
		done, err := im.batch(ctx, conn, feed)
		if err != nil || done {
			return im.sum, err
		}
	}
}

// read decodes and validates rows in file order until the end of the
// file, a read error, or stop. Rows travel in small groups: one hand-over
// per row cost more in thread wake-ups than the decoding it moved away.
func (im *importer) read(out chan<- []readRow, stop <-chan struct{}) {
	defer close(out)
	var pos int64
	group := make([]readRow, 0, readGroup)
	send := func() bool {
		if len(group) == 0 {
			return true
		}
		select {
		case out <- group:
			group = make([]readRow, 0, readGroup)
			return true
		case <-stop:
			return false
		}
	}
	for {
		row, err := im.src.next()
		if errors.Is(err, io.EOF) {
			send()
			return
		}
		r := readRow{importRow: row, readErr: err}
		if err == nil {
			r.pos = im.src.offset()
			r.size, pos = r.pos-pos, r.pos
			if row.err != nil {
				r.invalid = row.err
			} else {
				r.full, r.invalid = im.s.prepareRecord(row.rec, im.s.now().UTC().Truncate(time.Second))
			}
		}
		group = append(group, r)
		if err != nil {
			send()
			return
		}
		if len(group) == readGroup || r.size > maxBatchBytes/readGroup {
			if !send() {
				return
			}
		}
	}
}

// readGroup is the number of rows handed over at once.
const readGroup = 32

// rowFeed hands the writer one row at a time from the reader's groups.
type rowFeed struct {
	in    <-chan []readRow
	group []readRow
}

// next returns a pointer into the reader's group, which the reader never
// touches again: a row is a few hundred bytes, and copying it into the
// batch's list cost as much as a tenth of the writer's time.
func (f *rowFeed) next() (*readRow, bool) {
	for len(f.group) == 0 {
		g, ok := <-f.in
		if !ok {
			return nil, false
		}
		f.group = g
	}
	r := &f.group[0]
	f.group = f.group[1:]
	return r, true
}

// batch stores rows in one transaction until BatchRows or BatchTime, and
// commits. Rows go in without a savepoint each: checked beforehand, they
// are almost never refused by the database. When one is, the batch is
// rolled back and written again row by row inside savepoints, so that only
// the refused row is left out. A cancelled ctx commits what is stored and
// stops.
func (im *importer) batch(ctx context.Context, conn *sql.Conn, in *rowFeed) (done bool, err error) {
	// The transaction must outlive a cancelled ctx long enough to commit
	// the rows already stored: an interruption keeps them.
	tctx := context.WithoutCancel(ctx)
	tx, err := conn.BeginTx(tctx, nil)
	if err != nil {
		return true, &StorageError{Line: im.nextLine(), Err: err}
	}
	st, err := prepareImport(tctx, tx)
	if err != nil {
		tx.Rollback()
		return true, &StorageError{Line: im.nextLine(), Err: err}
	}
	var taken []*readRow
	var size int64
	var readErr error
	w := newBatchWriter(im, st)
	began := time.Now()
	for len(taken) < im.opts.BatchRows && size < maxBatchBytes && (len(taken)%64 != 0 || time.Since(began) < im.opts.BatchTime) {
		if ctx.Err() != nil {
			done, err = true, ctx.Err()
			break
		}
		r, ok := in.next()
		if !ok {
			done = true
			break
		}
		if r.readErr != nil {
			// What was read before stays: the batch commits, then the
			// import stops with the file's error.
			done, readErr = true, r.readErr
			break
		}
		taken = append(taken, r)
		size += r.size
		if w.careful {
			if serr := w.careful1(tctx, r); serr != nil {
				st.close()
				tx.Rollback()
				return true, &StorageError{Line: r.line, Err: serr}
			}
			continue
		}
		refused, serr := w.fast(tctx, r)
		if serr != nil {
			st.close()
			tx.Rollback()
			return true, &StorageError{Line: r.line, Err: serr}
		}
		if refused {
			// Start the batch again, each row in its own savepoint.
			st.close()
			if rerr := tx.Rollback(); rerr != nil {
				return true, &StorageError{Line: r.line, Err: rerr}
			}
			if tx, err = conn.BeginTx(tctx, nil); err != nil {
				return true, &StorageError{Line: r.line, Err: err}
			}
			if st, err = prepareImport(tctx, tx); err != nil {
				tx.Rollback()
				return true, &StorageError{Line: r.line, Err: err}
			}
			w = newBatchWriter(im, st)
			w.careful = true
			for _, r := range taken {
				if serr := w.careful1(tctx, r); serr != nil {
					st.close()
					tx.Rollback()
					return true, &StorageError{Line: r.line, Err: serr}
				}
			}
		}
	}
	defer st.close()
	// The batch's tickets enter the full-text index after the loop, in the
	// same transaction: FTS5 writes its pending terms out as a new segment
	// at every savepoint once it has been written to, so indexing inside
	// each row's savepoint made one segment per row (and merged them
	// again and again).
	for _, id := range w.indexed {
		if im.noFTS {
			break
		}
		if _, ierr := st.insFTS.ExecContext(tctx, id); ierr != nil {
			tx.Rollback()
			im.flush(onlyFailures(w.results))
			im.sum.Failed += w.sum.Failed
			return true, &StorageError{Line: im.nextLine(), Err: ierr}
		}
	}
	if im.bulk {
		// Tells a start in another process that this import is alive and
		// will build the indexes itself.
		if _, uerr := tx.ExecContext(tctx, `UPDATE ticket_deferred_indexes SET renewed_at = ?`, im.s.now().Unix()); uerr != nil {
			tx.Rollback()
			im.flush(onlyFailures(w.results))
			im.sum.Failed += w.sum.Failed
			return true, &StorageError{Line: im.nextLine(), Err: uerr}
		}
	}
	if cerr := tx.Commit(); cerr != nil {
		im.flush(onlyFailures(w.results))
		im.sum.Failed += w.sum.Failed
		return true, &StorageError{Line: im.nextLine(), Err: cerr}
	}
	im.rows += len(taken)
	if len(taken) > 0 {
		im.pos = taken[len(taken)-1].pos
	}
	im.sum.Imported += w.sum.Imported
	im.sum.Skipped += w.sum.Skipped
	im.sum.Failed += w.sum.Failed
	im.sum.Warnings += w.sum.Warnings
	im.flush(w.results)
	if im.opts.Progress != nil {
		im.opts.Progress(ImportProgress{Rows: im.rows, Bytes: im.pos, Imported: im.sum.Imported,
			Elapsed: time.Since(im.start), Committed: true})
	}
	if readErr != nil {
		return true, readErr
	}
	return done, err
}

// batchWriter writes the rows of one transaction and counts them.
type batchWriter struct {
	im      *importer
	st      *importStmts
	careful bool // each row in its own savepoint
	sum     ImportSummary
	results []ImportResult
	indexed []int64
}

func newBatchWriter(im *importer, st *importStmts) *batchWriter {
	return &batchWriter{im: im, st: st}
}

func (w *batchWriter) count(res ImportResult, outcome rowOutcome) {
	switch outcome {
	case rowSkipped:
		w.sum.Skipped++
	case rowFailed:
		w.sum.Failed++
		w.results = append(w.results, res)
	case rowImported:
		w.sum.Imported++
		w.indexed = append(w.indexed, res.ID)
		if res.Warning != "" {
			w.sum.Warnings++
			w.results = append(w.results, res)
		}
	}
}

// fast writes a row without a savepoint. refused says the database
// refused it, leaving the transaction with part of the row: the caller
// starts the batch again carefully.
func (w *batchWriter) fast(ctx context.Context, r *readRow) (refused bool, err error) {
	res := ImportResult{Line: r.line}
	if r.invalid != nil {
		res.Err = r.invalid
		w.count(res, rowFailed)
		return false, nil
	}
	if aerr, serr := w.assignee(ctx, r.full); serr != nil {
		return false, serr
	} else if aerr != nil {
		res.Err = aerr
		w.count(res, rowFailed)
		return false, nil
	}
	warn, err := w.im.s.storeRecord(ctx, w.st, r.full, r.key, w.im.opts)
	switch {
	case errors.Is(err, errAlreadyImported):
		// Nothing was written: the import key is the row's first write.
		w.count(res, rowSkipped)
		return false, nil
	case err != nil && isStorageError(err):
		return false, err
	case err != nil:
		return true, nil
	}
	res.ID = r.full.t.ID
	if warn != nil {
		res.Warn, res.Warning = warn, warn.String()
	}
	w.count(res, rowImported)
	return false, nil
}

// careful1 writes a row inside its own savepoint: a refusal by the
// database rolls back that row alone.
func (w *batchWriter) careful1(ctx context.Context, r *readRow) error {
	res := ImportResult{Line: r.line}
	if r.invalid != nil {
		res.Err = r.invalid
		w.count(res, rowFailed)
		return nil
	}
	if aerr, serr := w.assignee(ctx, r.full); serr != nil {
		return serr
	} else if aerr != nil {
		res.Err = aerr
		w.count(res, rowFailed)
		return nil
	}
	st := w.st
	if _, err := st.savepoint.ExecContext(ctx); err != nil {
		return err
	}
	warn, err := w.im.s.storeRecord(ctx, st, r.full, r.key, w.im.opts)
	if errors.Is(err, errAlreadyImported) {
		if _, err := st.release.ExecContext(ctx); err != nil {
			return err
		}
		w.count(res, rowSkipped)
		return nil
	}
	if err != nil {
		if isStorageError(err) {
			// SQLite may have rolled the whole transaction back already
			// (disk full, I/O error): the batch is abandoned.
			return err
		}
		if _, rerr := st.rollbackTo.ExecContext(ctx); rerr != nil {
			return rerr
		}
		if _, rerr := st.release.ExecContext(ctx); rerr != nil {
			return rerr
		}
		res.Err = fmt.Errorf("refused by the database: %v", err)
		w.count(res, rowFailed)
		return nil
	}
	if _, err := st.release.ExecContext(ctx); err != nil {
		return err
	}
	res.ID = r.full.t.ID
	if warn != nil {
		res.Warn, res.Warning = warn, warn.String()
	}
	w.count(res, rowImported)
	return nil
}

// assignee checks the row's assignee against the directory, once per
// login and transaction: the directory cannot change while the batch holds
// the write lock, and asking for every row was a seventh of an import's
// CPU. It returns the row's refusal, or a storage error.
func (w *batchWriter) assignee(ctx context.Context, full *fullRecord) (refusal, storage error) {
	login := full.t.Assignee
	aerr, seen := w.st.assignees[login]
	if !seen {
		aerr = checkAssignee(ctx, w.st.tx, login)
		if aerr != nil && isStorageError(aerr) && !errors.Is(aerr, ErrInvalid) {
			return nil, aerr
		}
		w.st.assignees[login] = aerr
	}
	return aerr, nil
}

func onlyFailures(rs []ImportResult) []ImportResult {
	var out []ImportResult
	for _, r := range rs {
		if r.Err != nil {
			out = append(out, r)
		}
	}
	return out
}

func (im *importer) flush(rs []ImportResult) {
	if im.opts.Each == nil {
		return
	}
	for _, r := range rs {
		im.opts.Each(r)
	}
}

func (im *importer) nextLine() int { return im.rows + 1 }

type rowOutcome int

const (
	rowImported rowOutcome = iota
	rowSkipped
	rowFailed
)

// importStmts are the statements of one batch, prepared once.
type importStmts struct {
	tx                                   *sql.Tx
	savepoint, release, rollbackTo       *sql.Stmt
	insTicket, insTag, insHist, insKey   *sql.Stmt
	setKey, insFTS, insFollowup, insLink *sql.Stmt
	insCreated                           *sql.Stmt // two history lines: created, channel
	nextID                               int64     // the number SQLite would give the next ticket
	// assignees holds the answer of checkAssignee per login for this
	// transaction: the directory cannot change while it holds the write
	// lock, and asking for every row was a seventh of an import's CPU.
	assignees map[string]error
}

var errAlreadyImported = errors.New("already imported")

func prepareImport(ctx context.Context, tx *sql.Tx) (*importStmts, error) {
	st := &importStmts{tx: tx, assignees: map[string]error{}}
	for _, p := range []struct {
		dst **sql.Stmt
		sql string
	}{
		{&st.savepoint, `SAVEPOINT import_row`},
		{&st.release, `RELEASE import_row`},
		{&st.rollbackTo, `ROLLBACK TO import_row`},
		{&st.insTicket, `INSERT INTO tickets (id,
			title, description, status, urgency, impact, priority, major, category,
			requester_name, requester_service, requester_email, requester_phone,
			connection, device, assignee, tags, created_at, updated_at,
			first_response_at, solved_at, closed_at, pending_since, pending_seconds, due_at, version)
			VALUES (?, ?,?,?,?,?,?,?,?, ?,?,?,?, ?,?,?,?,?,?, ?,?,?,?,?,?,?)
			ON CONFLICT(id) DO NOTHING`},
		{&st.insTag, `INSERT OR IGNORE INTO ticket_tags(ticket_id, tag, created_at) VALUES (?, ?, ?)`},
		{&st.insHist, `INSERT INTO ticket_history(ticket_id, at, actor, field, old_value, new_value) VALUES (?,?,?,?,?,?)`},
		{&st.insCreated, `INSERT INTO ticket_history(ticket_id, at, actor, field, old_value, new_value) VALUES (?,?,?,?,?,?), (?,?,?,?,?,?)`},
		{&st.insKey, `INSERT INTO ticket_import_keys(key, ticket_id) VALUES (?, ?) ON CONFLICT(key) DO NOTHING`},
		{&st.setKey, `UPDATE ticket_import_keys SET ticket_id = ? WHERE key = ?`},
		{&st.insFTS, indexTickets + ` WHERE t.id = ?`},
		{&st.insFollowup, `INSERT INTO followups(id, ticket_id, author, body, private, created_at, from_requester, channel) VALUES (?,?,?,?,?,?,?,?)
			ON CONFLICT(id) DO NOTHING`},
		{&st.insLink, `INSERT OR IGNORE INTO ticket_articles(ticket_id, article_id, linked_by, linked_at) VALUES (?,?,?,?)`},
	} {
		s, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			st.close()
			return nil, err
		}
		*p.dst = s
	}
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) + 1 FROM tickets`).Scan(&st.nextID); err != nil {
		st.close()
		return nil, err
	}
	return st, nil
}

func (st *importStmts) close() {
	for _, s := range []*sql.Stmt{st.savepoint, st.release, st.rollbackTo, st.insTicket,
		st.insTag, st.insHist, st.insKey, st.setKey, st.insFTS, st.insFollowup, st.insLink, st.insCreated} {
		if s != nil {
			s.Close()
		}
	}
}

// isStorageError tells a failure of the database (stop the import) from a
// row the schema refuses (report it, go on).
func isStorageError(err error) bool {
	var se sqlite3.Error
	if errors.As(err, &se) {
		return se.Code != sqlite3.ErrConstraint && se.Code != sqlite3.ErrMismatch && se.Code != sqlite3.ErrTooBig && se.Code != sqlite3.ErrRange
	}
	return true
}

// fullRecord is a validated record ready to store.
type fullRecord struct {
	t        *Ticket
	comments []Followup
	history  []Change
	articles []RecordArticle
	linkAt   []time.Time
	problems []RecordProblem
	files    []RecordAttachment
}

// prepareRecord validates a record as Create does, then restores what an
// export carries: its number when free, times, version, follow-ups,
// history, links and problems.
func (s *Store) prepareRecord(r Record, now time.Time) (*fullRecord, error) {
	n, err := r.NewTicket()
	if err != nil {
		return nil, err
	}
	if n.CreatedAt != nil {
		if err := checkTime("created_at", *n.CreatedAt, now); err != nil {
			return nil, err
		}
	}
	t, err := s.prepare(n, now)
	if err != nil {
		return nil, err
	}
	t.ID = r.ID
	full := &fullRecord{t: t, files: r.Attachments}
	times := []struct {
		field string
		v     string
		dst   **time.Time
	}{
		{"first_response_at", r.FirstResponseAt, &t.FirstResponseAt},
		{"solved_at", r.SolvedAt, &t.SolvedAt},
		{"closed_at", r.ClosedAt, &t.ClosedAt},
		{"pending_since", r.PendingSince, &t.PendingSince},
	}
	for _, f := range times {
		v, err := parseRecordTime(f.field, f.v, now)
		if err != nil {
			return nil, err
		}
		if v != nil {
			*f.dst = v
		}
	}
	for _, f := range []struct {
		field string
		v     string
		dst   *time.Time
	}{{"updated_at", r.UpdatedAt, &t.UpdatedAt}, {"due_at", r.DueAt, &t.DueAt}} {
		if f.field == "due_at" && f.v != "" {
			// A due time may lie far ahead (a low priority, long pending).
			v, err := time.Parse(time.RFC3339, f.v)
			if err != nil || v.Year() < 1990 || v.Year() > 9000 {
				return nil, &FieldError{Field: "due_at", Code: CodeNotTime, Value: f.v}
			}
			*f.dst = v.UTC()
			continue
		}
		v, err := parseRecordTime(f.field, f.v, now)
		if err != nil {
			return nil, err
		}
		if v != nil {
			*f.dst = *v
		}
	}
	if r.Priority != 0 && r.Priority != t.Priority && !(r.Priority == PriorityMajor && t.Major) {
		return nil, &FieldError{Field: "priority", Code: CodePriorityMismatch, N: int64(r.Priority), Limit: int64(t.Priority)}
	}
	if r.PendingSeconds < 0 {
		return nil, &FieldError{Field: "pending_seconds", Code: CodeNegative, N: r.PendingSeconds}
	}
	t.PendingSeconds = r.PendingSeconds
	if r.Version < 0 {
		return nil, &FieldError{Field: "version", Code: CodeNegative, N: int64(r.Version)}
	}
	if r.Version > 0 {
		t.Version = r.Version
	}
	for i, c := range r.Comments {
		field := fmt.Sprintf("comments[%d]", i)
		body := strings.TrimSpace(c.Body)
		if body == "" {
			return nil, refused(field+".body", CodeMissing)
		}
		if err := checkText(field+".body", c.Body, MaxCommentLen); err != nil {
			return nil, err
		}
		if err := checkText(field+".author", c.Author, MaxFieldLen); err != nil {
			return nil, err
		}
		at, err := parseRecordTime(field+".created_at", c.CreatedAt, now)
		if err != nil {
			return nil, err
		}
		if at == nil {
			return nil, refused(field+".created_at", CodeMissing)
		}
		if err := checkText(field+".channel", c.Channel, MaxFieldLen); err != nil {
			return nil, err
		}
		full.comments = append(full.comments, Followup{ID: c.ID, Author: c.Author, Body: c.Body, Private: c.Private, CreatedAt: *at,
			FromRequester: c.FromRequester, Channel: c.Channel})
	}
	for i, h := range r.History {
		field := fmt.Sprintf("history[%d]", i)
		for _, v := range []string{h.Actor, h.Field, h.Old, h.New} {
			if err := checkText(field, v, MaxCommentLen); err != nil {
				return nil, err
			}
		}
		at, err := parseRecordTime(field+".at", h.At, now)
		if err != nil {
			return nil, err
		}
		if at == nil || h.Field == "" {
			return nil, refused(field, CodeIncomplete)
		}
		full.history = append(full.history, Change{At: *at, Actor: h.Actor, Field: h.Field, Old: h.Old, New: h.New})
	}
	for i, a := range r.Articles {
		field := fmt.Sprintf("articles[%d]", i)
		if strings.TrimSpace(a.Key) == "" {
			return nil, refused(field+".key", CodeMissing)
		}
		at, err := parseRecordTime(field+".linked_at", a.LinkedAt, now)
		if err != nil {
			return nil, err
		}
		if at == nil {
			at = &t.CreatedAt
		}
		full.articles = append(full.articles, a)
		full.linkAt = append(full.linkAt, *at)
	}
	for i, p := range r.Problems {
		field := fmt.Sprintf("problems[%d]", i)
		if strings.TrimSpace(p.Title) == "" {
			return nil, refused(field+".title", CodeMissing)
		}
		if _, err := ParseProblemStatus(p.Status); err != nil {
			return nil, unknownValue(field+".status", p.Status, []ProblemStatus{ProblemOpen, ProblemKnown, ProblemSolved, ProblemClosed})
		}
		for _, v := range []struct{ name, v string }{{"created_at", p.CreatedAt}, {"updated_at", p.UpdatedAt}, {"solved_at", p.SolvedAt}, {"linked_at", p.LinkedAt}} {
			if _, err := parseRecordTime(field+"."+v.name, v.v, now); err != nil {
				return nil, err
			}
		}
		full.problems = append(full.problems, p)
	}
	return full, nil
}

// storeRecord writes a prepared record; any error rolls the row back.
func (s *Store) storeRecord(ctx context.Context, st *importStmts, full *fullRecord, key [16]byte, opts ImportOptions) (warning *ImportWarning, err error) {
	t := full.t
	// The ticket keeps its number when the file gives one that is free;
	// else it takes the next. The import key goes first: a row already
	// imported stops here, having written nothing.
	id := st.nextID
	if t.ID > 0 {
		id = t.ID
	}
	res, err := st.insKey.ExecContext(ctx, key[:], id)
	if err != nil {
		return nil, err
	}
	if n, err := res.RowsAffected(); err != nil {
		return nil, err
	} else if n == 0 {
		return nil, errAlreadyImported
	}
	insert := func(id int64) (int64, error) {
		res, err := st.insTicket.ExecContext(ctx, id,
			t.Title, t.Description, t.Status, t.Urgency, t.Impact, t.Priority, t.Major, t.Category,
			t.Requester.Name, t.Requester.Service, t.Requester.Email, t.Requester.Phone,
			t.Connection, t.Device, t.Assignee, strings.Join(t.Tags, " "), t.CreatedAt.Unix(), t.UpdatedAt.Unix(),
			unixOrNil(t.FirstResponseAt), unixOrNil(t.SolvedAt), unixOrNil(t.ClosedAt), unixOrNil(t.PendingSince),
			t.PendingSeconds, t.DueAt.Unix(), t.Version)
		if err != nil {
			return 0, err
		}
		return res.RowsAffected()
	}
	n, err := insert(id)
	if err != nil {
		return nil, err
	}
	if n == 0 { // the number is taken in this database
		id = st.nextID
		if _, err := insert(id); err != nil {
			return nil, err
		}
		if _, err := st.setKey.ExecContext(ctx, id, key[:]); err != nil {
			return nil, err
		}
	}
	t.ID = id
	st.nextID = max(st.nextID, id+1)
	for _, tag := range t.Tags {
		if _, err := st.insTag.ExecContext(ctx, t.ID, tag, t.CreatedAt.Unix()); err != nil {
			return nil, err
		}
	}
	// Follow-ups keep their numbers when free: the history refers to them.
	followupIDs := map[string]string{}
	followupNew := map[int64]int64{}
	for _, c := range full.comments {
		var fid any
		if c.ID > 0 {
			fid = c.ID
		}
		res, err := st.insFollowup.ExecContext(ctx, fid, t.ID, c.Author, c.Body, c.Private, c.CreatedAt.Unix(), c.FromRequester, c.Channel)
		if err != nil {
			return nil, err
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if n == 0 { // the number is taken: take the next
			if res, err = st.insFollowup.ExecContext(ctx, nil, t.ID, c.Author, c.Body, c.Private, c.CreatedAt.Unix(), c.FromRequester, c.Channel); err != nil {
				return nil, err
			}
		}
		newID, err := res.LastInsertId()
		if err != nil {
			return nil, err
		}
		if c.ID > 0 && newID != c.ID {
			followupIDs[fmt.Sprintf("#%d", c.ID)] = fmt.Sprintf("#%d", newID)
		}
		if c.ID > 0 {
			followupNew[c.ID] = newID
		}
	}
	warn := &ImportWarning{Ticket: t.ID}
	if len(full.files) > 0 {
		if opts.Attachments == nil {
			warn.Files = len(full.files)
		} else if err := opts.Attachments.RestoreAttachmentsTx(ctx, st.tx, t.ID, followupNew, full.files); err != nil {
			return nil, err
		}
	}
	articleIDs := map[string]string{}
	if len(full.articles) > 0 {
		keys := make([]string, len(full.articles))
		for i, a := range full.articles {
			keys[i] = a.Key
		}
		found := map[string]int64{}
		if opts.Articles != nil {
			if found, err = opts.Articles.ArticleIDs(ctx, st.tx, keys); err != nil {
				return nil, err
			}
		}
		for i, a := range full.articles {
			aid, ok := found[a.Key]
			if !ok {
				name := a.Title
				if name == "" {
					name = a.Key
				}
				warn.MissingArticles = append(warn.MissingArticles, ArticleRef{Key: a.Key, Title: name})
				continue
			}
			if _, err := st.insLink.ExecContext(ctx, t.ID, aid, a.LinkedBy, full.linkAt[i].Unix()); err != nil {
				return nil, err
			}
			if a.ID > 0 && a.ID != aid {
				articleIDs[strconv.FormatInt(a.ID, 10)] = strconv.FormatInt(aid, 10)
			}
		}
	}
	problemIDs, err := s.restoreProblems(ctx, st.tx, t.ID, full.problems, opts.Articles)
	if err != nil {
		return nil, err
	}
	if len(full.history) == 0 {
		// A ticket new to Hotline arrived by import (an exported one
		// carries its own history, channel included). Both lines go in
		// one statement: each statement costs the writer more than the
		// line it writes.
		at := t.CreatedAt.Unix()
		if _, err := st.insCreated.ExecContext(ctx, t.ID, at, opts.Actor, "created", "", t.Title,
			t.ID, at, opts.Actor, "channel", "", ChannelImport); err != nil {
			return nil, err
		}
	}
	for _, h := range full.history {
		// History entries name follow-ups, articles and problems by their
		// numbers: follow the renumbering of this import.
		old, new := h.Old, h.New
		var ids map[string]string
		switch h.Field {
		case "comment", "private comment":
			ids = followupIDs
		case "article":
			ids = articleIDs
		case "problem":
			ids = problemIDs
		}
		if v, ok := ids[old]; ok {
			old = v
		}
		if v, ok := ids[new]; ok {
			new = v
		}
		if _, err := st.insHist.ExecContext(ctx, t.ID, h.At.Unix(), h.Actor, h.Field, old, new); err != nil {
			return nil, err
		}
	}
	if warn.Files == 0 && len(warn.MissingArticles) == 0 {
		return nil, nil
	}
	return warn, nil
}

// restoreProblems links the ticket to its problems, finding each by its
// number, title and creation time, or creating it (with its number when
// free). It returns the renumbering for the history.
func (s *Store) restoreProblems(ctx context.Context, tx *sql.Tx, ticketID int64, ps []RecordProblem, articles ArticleResolver) (map[string]string, error) {
	ids := map[string]string{}
	for _, p := range ps {
		created, _ := time.Parse(time.RFC3339, p.CreatedAt)
		var pid int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM problems WHERE title = ? AND created_at = ? AND created_by = ?
			ORDER BY id = ? DESC LIMIT 1`, p.Title, created.Unix(), p.CreatedBy, p.ID).Scan(&pid)
		if errors.Is(err, sql.ErrNoRows) {
			var articleID any
			if p.ArticleKey != "" && articles != nil {
				found, err := articles.ArticleIDs(ctx, tx, []string{p.ArticleKey})
				if err != nil {
					return nil, err
				}
				if id, ok := found[p.ArticleKey]; ok {
					articleID = id
				}
			}
			var id any
			var free bool
			if err := tx.QueryRowContext(ctx, `SELECT NOT EXISTS (SELECT 1 FROM problems WHERE id = ?)`, p.ID).Scan(&free); err != nil {
				return nil, err
			}
			if free && p.ID > 0 {
				id = p.ID
			}
			updated, _ := time.Parse(time.RFC3339, p.UpdatedAt)
			var solved any
			if p.SolvedAt != "" {
				v, _ := time.Parse(time.RFC3339, p.SolvedAt)
				solved = v.Unix()
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO problems(id, title, root_cause, workaround, status, article_id, created_by, created_at, updated_at, solved_at, version)
				VALUES (?,?,?,?,?,?,?,?,?,?,?)`, id, p.Title, p.RootCause, p.Workaround, p.Status, articleID, p.CreatedBy,
				created.Unix(), updated.Unix(), solved, max(p.Version, 1))
			if err != nil {
				return nil, err
			}
			if pid, err = res.LastInsertId(); err != nil {
				return nil, err
			}
		} else if err != nil {
			return nil, err
		}
		linked, _ := time.Parse(time.RFC3339, p.LinkedAt)
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO problem_tickets(problem_id, ticket_id, linked_by, linked_at) VALUES (?,?,?,?)`,
			pid, ticketID, p.LinkedBy, linked.Unix()); err != nil {
			return nil, err
		}
		if pid != p.ID {
			ids[strconv.FormatInt(p.ID, 10)] = strconv.FormatInt(pid, 10)
		}
	}
	return ids, nil
}

// rowKey is the import key of a row: a hash of its content, so that the
// same row is recognised on a second run whatever its line. It starts with
// the ticket's creation time: files list tickets in time order, so keys
// are appended to their index instead of landing on a random page each
// (which made every batch rewrite most of the index at a million rows).
func rowKey(createdAt string, format string, parts ...[]byte) [16]byte {
	h := sha256.New()
	h.Write([]byte(format))
	for _, p := range parts {
		h.Write([]byte{0})
		h.Write(p)
	}
	var k [16]byte
	if t, err := time.Parse(time.RFC3339, strings.TrimSpace(createdAt)); err == nil && t.Unix() > 0 {
		binary.BigEndian.PutUint64(k[:8], uint64(t.Unix()))
	}
	copy(k[8:], h.Sum(nil))
	return k
}

// countingReader counts the bytes read, for the progress line.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// jsonlSource reads one JSON ticket per line. A line longer than max is
// skipped to its end and reported; memory holds at most one line.
type jsonlSource struct {
	br   *bufio.Reader
	max  int
	line int
	pos  int64
	buf  []byte
}

func newJSONLSource(r io.Reader, max int) *jsonlSource {
	return &jsonlSource{br: bufio.NewReaderSize(r, 256<<10), max: max}
}

func (j *jsonlSource) offset() int64 { return j.pos }

func (j *jsonlSource) next() (importRow, error) {
	for {
		raw, tooLong, err := j.readLine()
		if err != nil {
			return importRow{}, err
		}
		j.line++
		if tooLong {
			return importRow{line: j.line, err: &FieldError{Code: CodeLineTooLong, Limit: int64(j.max)}}, nil
		}
		if j.line == 1 {
			raw = bytes.TrimPrefix(raw, []byte("\ufeff"))
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		rec, err := decodeRecord(raw)
		if err != nil {
			return importRow{line: j.line, err: err}, nil
		}
		return importRow{line: j.line, rec: rec, key: rowKey(rec.CreatedAt, "jsonl", raw)}, nil
	}
}

// readLine returns the next line without its newline; io.EOF only when
// nothing is left.
func (j *jsonlSource) readLine() ([]byte, bool, error) {
	j.buf = j.buf[:0]
	tooLong := false
	read := false
	for {
		chunk, err := j.br.ReadSlice('\n')
		j.pos += int64(len(chunk))
		if len(chunk) > 0 {
			read = true
		}
		if !tooLong {
			if len(j.buf)+len(chunk) > j.max+1 {
				tooLong = true
				j.buf = j.buf[:0]
			} else {
				j.buf = append(j.buf, chunk...)
			}
		}
		switch {
		case err == nil:
			return bytes.TrimSuffix(j.buf, []byte("\n")), tooLong, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if !read {
				return nil, false, io.EOF
			}
			return j.buf, tooLong, nil
		default:
			return nil, false, fmt.Errorf("read line %d: %w", j.line+1, err)
		}
	}
}

// csvSource reads a CSV file with a header row naming CSVColumns.
type csvSource struct {
	cr   *csv.Reader
	cnt  *countingReader
	cols map[string]int
	// names of the header's columns, in order, for the row key
	names []string
}

func newCSVSource(r io.Reader) (*csvSource, error) {
	cnt := &countingReader{r: r}
	cr := csv.NewReader(cnt)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &FieldError{Code: CodeEmptyFile}
	}
	if err != nil {
		return nil, fmt.Errorf("line 1: %v", err)
	}
	c := &csvSource{cr: cr, cnt: cnt, cols: map[string]int{}}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		h = strings.ReplaceAll(strings.ReplaceAll(h, ".", "_"), " ", "_")
		if !contains(CSVColumns, h) {
			return nil, &FieldError{Code: CodeUnknownColumn, Value: header[i], Valid: CSVColumns}
		}
		c.cols[h] = i
		c.names = append(c.names, h)
	}
	if _, ok := c.cols["title"]; !ok {
		if _, ok := c.cols["description"]; !ok {
			return nil, &FieldError{Code: CodeNoTitleColumn}
		}
	}
	return c, nil
}

func (c *csvSource) offset() int64 { return c.cnt.n }

func (c *csvSource) next() (importRow, error) {
	row, err := c.cr.Read()
	if errors.Is(err, io.EOF) {
		return importRow{}, io.EOF
	}
	if err != nil {
		// A malformed row (a stray quote from a spreadsheet) is reported
		// at its line; the reader goes on with the next one.
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return importRow{line: pe.StartLine, err: &FieldError{Code: CodeBadCSV, N: int64(pe.Column), Detail: pe.Err.Error()}}, nil
		}
		return importRow{}, err
	}
	line, _ := c.cr.FieldPos(0)
	get := func(name string) string {
		if i, ok := c.cols[name]; ok && i < len(row) {
			// The apostrophe `ticket export --format csv` puts before a
			// cell a spreadsheet would run as a formula.
			return text.UnspreadsheetCell(row[i])
		}
		return ""
	}
	parts := make([][]byte, 0, 2*len(row))
	for i, v := range row {
		if i < len(c.names) {
			parts = append(parts, []byte(c.names[i]), []byte(v))
		}
	}
	out := importRow{line: line, key: rowKey(get("created_at"), "csv", parts...)}
	rec := Record{
		Title: get("title"), Description: get("description"), Status: get("status"),
		Category: get("category"), Connection: get("connection"), Device: get("device"), Assignee: get("assignee"),
		Requester: Requester{Name: get("requester_name"), Service: get("requester_service"), Email: get("requester_email"), Phone: get("requester_phone")},
		Tags:      strings.FieldsFunc(get("tags"), func(r rune) bool { return r == ' ' || r == ';' || r == ',' }),
		CreatedAt: get("created_at"),
	}
	if get("priority") == "6" {
		rec.Major = true
	}
	for _, f := range []struct {
		name string
		dst  **int
	}{{"urgency", &rec.Urgency}, {"impact", &rec.Impact}} {
		if v := strings.TrimSpace(get(f.name)); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				out.err = &FieldError{Field: f.name, Code: CodeNotNumber, Value: v, Min: 1, Limit: 5}
				return out, nil
			}
			*f.dst = &n
		}
	}
	out.rec = rec
	return out, nil
}
