package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// Problem is what is wrong with a database file, for a front end to word.
type Problem int

const (
	// NotSQLite: the file is not a SQLite database at all.
	NotSQLite Problem = iota + 1
	// NotHotline: a SQLite database of another program.
	NotHotline
	// Folder: the path is a folder, not a file.
	Folder
	// ReadOnlyFile: the file's permissions forbid writing.
	ReadOnlyFile
	// ReadOnlyFolder: the folder holding the file forbids creating files
	// (SQLite needs its journal and -wal/-shm files beside the database).
	ReadOnlyFolder
	// Damaged: the file is truncated or corrupted.
	Damaged
	// Full: the disk is full or the file size limit is reached.
	Full
	// Locked: another program held a lock longer than the busy timeout.
	Locked
	// TooNew: written by a newer Hotline.
	TooNew
	// Unreadable: the file cannot be read (permissions, I/O error).
	Unreadable
)

// FileError is a database file Hotline cannot use as it is, with what to do.
type FileError struct {
	Path    string
	Problem Problem
	Detail  string // what was found, such as "no Hotline schema", when useful
	Err     error  // the underlying error, if any
}

func (e *FileError) Error() string {
	var what, todo string
	switch e.Problem {
	case NotSQLite:
		what, todo = "not a SQLite database", "check the --db path (HOTLINE_DB); the file was left untouched"
	case NotHotline:
		what, todo = "a SQLite database of another program (it has no Hotline schema)",
			"Hotline never changes another program's file: give the path of a Hotline database, or a new file, with --db"
	case Folder:
		what, todo = "is a folder, not a database file", "give a file path, such as "+filepath.Join(e.Path, "hotline.db")
	case ReadOnlyFile:
		what, todo = "the file is read-only (its permissions forbid writing)",
			"make it writable (chmod u+w "+e.Path+") or ask its owner; reading commands still work"
	case ReadOnlyFolder:
		what, todo = "the folder "+filepath.Dir(e.Path)+" is read-only, and SQLite must create its journal files beside the database",
			"make the folder writable, or move the database to a writable folder"
	case Damaged:
		what, todo = "the file is damaged (truncated or corrupted)",
			"run `hotline check` to see what is wrong, then `hotline restore BACKUP` from your latest backup; keep a copy of the damaged file"
	case Full:
		what, todo = "the disk is full or the file size limit is reached",
			"free some space and run the command again; the failed command wrote nothing"
	case Locked:
		what, todo = "another program held a lock on it for longer than the wait allowed",
			"close the program holding it (an open sqlite3 shell, a copy or backup tool) and run the command again; nothing was written"
	case TooNew:
		what, todo = "written by a newer version of hotline", "upgrade hotline, or point --db at another file (the database was not modified)"
	case Unreadable:
		what, todo = "the file cannot be read", "check its permissions and the disk"
	default:
		what, todo = "unusable", "check the --db path"
	}
	msg := "database " + e.Path + ": " + what
	if e.Detail != "" {
		msg += " (" + e.Detail + ")"
	}
	msg += ": " + todo
	if e.Err != nil && e.Problem != TooNew {
		msg += " [" + e.Err.Error() + "]"
	}
	return msg
}

func (e *FileError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, ErrTooNew) hold for a too-new file.
func (e *FileError) Is(target error) bool { return target == ErrTooNew && e.Problem == TooNew }

// Explain turns an error met while using the database at path into a
// *FileError saying what happened to the file and what to do, when it is
// about the file (locked, read-only, full, damaged); other errors are
// returned as they are. Front ends call it on the errors they report.
func Explain(path string, err error) error {
	if err == nil {
		return nil
	}
	var fe *FileError
	if errors.As(err, &fe) {
		return err
	}
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code {
	case sqlite3.ErrBusy, sqlite3.ErrLocked:
		return &FileError{Path: path, Problem: Locked, Err: err}
	case sqlite3.ErrReadonly:
		return &FileError{Path: path, Problem: readOnlyProblem(path), Err: err}
	case sqlite3.ErrFull:
		return &FileError{Path: path, Problem: Full, Err: err}
	case sqlite3.ErrCorrupt:
		return &FileError{Path: path, Problem: Damaged, Err: err}
	case sqlite3.ErrNotADB:
		return &FileError{Path: path, Problem: NotSQLite, Err: err}
	case sqlite3.ErrIoErr:
		if se.SystemErrno == syscall.EFBIG || se.SystemErrno == syscall.ENOSPC || se.SystemErrno == syscall.EDQUOT {
			return &FileError{Path: path, Problem: Full, Err: err}
		}
		if se.ExtendedCode == sqlite3.ErrIoErrShortRead {
			return &FileError{Path: path, Problem: Damaged, Err: err}
		}
	case sqlite3.ErrCantOpen:
		if st, serr := os.Stat(path); serr == nil && st.IsDir() {
			return &FileError{Path: path, Problem: Folder, Err: err}
		}
		if !writable(filepath.Dir(path)) {
			return &FileError{Path: path, Problem: ReadOnlyFolder, Err: err}
		}
		return &FileError{Path: path, Problem: Unreadable, Err: err}
	}
	return err
}

// Explain is Explain for this database's file.
func (d *DB) Explain(err error) error { return Explain(d.Path, err) }

func readOnlyProblem(path string) Problem {
	if _, err := os.Stat(path); err == nil && !writable(path) {
		return ReadOnlyFile
	}
	if !writable(filepath.Dir(path)) {
		return ReadOnlyFolder
	}
	return ReadOnlyFile
}

// writable says whether this process may write path (the kernel's answer,
// so it is right for root, ACLs and read-only mounts).
func writable(path string) bool {
	return syscall.Access(path, 2 /* W_OK */) == nil
}

// preflight is what Open learns before changing anything.
type preflight struct {
	exists   bool    // the file exists and holds a database
	readOnly Problem // ReadOnlyFile or ReadOnlyFolder when writing is impossible
	pending  bool    // some schema has migrations to apply
	versions map[string]int
}

const sqliteHeader = "SQLite format 3\x00"

// inspect looks at the file at path without writing anything: not the
// journal mode, not the migrations table. It refuses a folder, a file that
// is not SQLite, another program's database and one written by a newer
// Hotline (unless allowNewer, for `hotline version`).
func inspect(ctx context.Context, path string, schemas []Schema, allowNewer bool) (preflight, error) {
	var pf preflight
	if strings.TrimSpace(path) == "" {
		return pf, errors.New("open database: empty path: give a file with --db or HOTLINE_DB, or leave both unset for the default")
	}
	st, err := os.Stat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		dir := filepath.Dir(path)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			if errors.Is(err, os.ErrPermission) || errors.Is(err, syscall.EROFS) {
				return pf, &FileError{Path: path, Problem: ReadOnlyFolder, Detail: "cannot create the folder", Err: err}
			}
			return pf, fmt.Errorf("open database %s: create folder: %w", path, err)
		}
		if !writable(dir) {
			return pf, &FileError{Path: path, Problem: ReadOnlyFolder, Detail: "cannot create the database there"}
		}
		pf.pending = true
		return pf, nil
	case err != nil:
		return pf, &FileError{Path: path, Problem: Unreadable, Err: err}
	case st.IsDir():
		return pf, &FileError{Path: path, Problem: Folder}
	case !st.Mode().IsRegular():
		return pf, &FileError{Path: path, Problem: NotSQLite, Detail: "not a regular file"}
	}
	if !writable(path) {
		pf.readOnly = ReadOnlyFile
	} else if !writable(filepath.Dir(path)) {
		pf.readOnly = ReadOnlyFolder
	}
	if st.Size() == 0 {
		pf.pending = true
		return pf, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return pf, &FileError{Path: path, Problem: Unreadable, Err: err}
	}
	head := make([]byte, 100)
	n, err := io.ReadFull(f, head)
	f.Close()
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return pf, &FileError{Path: path, Problem: Unreadable, Err: err}
	}
	if n < len(sqliteHeader) || string(head[:len(sqliteHeader)]) != sqliteHeader {
		return pf, &FileError{Path: path, Problem: NotSQLite}
	}
	if n < 100 {
		return pf, &FileError{Path: path, Problem: Damaged, Detail: fmt.Sprintf("only %d bytes", n)}
	}

	// A read-only connection cannot change the file: mode=ro, no journal
	// pragma (setting WAL is a write).
	probe, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return pf, fmt.Errorf("open database %s: %w", path, err)
	}
	defer probe.Close()
	probe.SetMaxOpenConns(1)
	var objects, hasTable int
	err = probe.QueryRowContext(ctx, `SELECT count(*), count(*) FILTER (WHERE type = 'table' AND name = 'schema_migrations') FROM sqlite_master`).Scan(&objects, &hasTable)
	if err != nil {
		return pf, Explain(path, err)
	}
	pf.exists = true
	if objects == 0 {
		pf.pending = true
		return pf, nil
	}
	if hasTable == 0 {
		return pf, &FileError{Path: path, Problem: NotHotline, Detail: fmt.Sprintf("%d schema objects, none of them Hotline's", objects)}
	}
	var ours int
	if err := probe.QueryRowContext(ctx, `SELECT count(*) FROM pragma_table_info('schema_migrations') WHERE name IN ('schema', 'version', 'name')`).Scan(&ours); err != nil {
		return pf, Explain(path, err)
	}
	if ours != 3 {
		return pf, &FileError{Path: path, Problem: NotHotline, Detail: "its schema_migrations table is another tool's"}
	}
	pf.versions, err = Versions(ctx, probe)
	if err != nil {
		return pf, Explain(path, err)
	}
	for _, s := range schemas {
		v := pf.versions[s.Name]
		if v > s.Latest() && !allowNewer {
			return pf, &FileError{Path: path, Problem: TooNew, Err: ErrTooNew,
				Detail: fmt.Sprintf("its %s schema is at version %d but this binary knows up to %d", s.Name, v, s.Latest())}
		}
		if v < s.Latest() {
			pf.pending = true
		}
	}
	return pf, nil
}

// Inspect reads the schema versions of the database at path without
// changing anything, not even creating it: nil when there is no file yet.
// It refuses what Open refuses except a newer database.
func Inspect(ctx context.Context, path string, schemas ...Schema) (map[string]int, error) {
	if strings.TrimSpace(path) != "" {
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
	}
	pf, err := inspect(ctx, path, schemas, true)
	if err != nil {
		return nil, err
	}
	if pf.versions == nil {
		pf.versions = map[string]int{}
	}
	return pf.versions, nil
}
