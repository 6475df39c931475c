package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// CheckError lists what a check found wrong in a file.
type CheckError struct {
	Path     string
	Findings []Finding
}

func (e *CheckError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s failed its check (%d problem(s)):", e.Path, len(e.Findings))
	for _, f := range e.Findings {
		b.WriteString("\n  ")
		b.WriteString(f.String())
	}
	return b.String()
}

// Backup writes a consistent copy of the open database to dest while
// others keep writing (VACUUM INTO reads one snapshot, and readers never
// block writers in WAL mode), then checks the copy. The copy is written
// beside dest and renamed only once checked, so dest is either a good
// backup or absent. dest must not exist.
func (d *DB) Backup(ctx context.Context, dest string) error {
	if strings.TrimSpace(dest) == "" {
		return errors.New("backup: give the file to write, such as hotline-2026-06-01.db")
	}
	if abs(dest) == abs(d.Path) {
		return fmt.Errorf("backup: %s is the database itself: give another file", dest)
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("backup: %s already exists: give a new file name (a backup never overwrites)", dest)
	}
	tmp := dest + ".partial"
	os.Remove(tmp)
	if _, err := d.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", dest, Explain(dest, err))
	}
	if err := checkFile(ctx, tmp, dest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: the copy is not sound, nothing was written: %w", dest, err)
	}
	if err := syncFile(tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", dest, Explain(dest, err))
	}
	if err := os.Rename(tmp, dest); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return nil
}

// checkFile runs the full check on the file at path, a copy of ours (the
// full-text checks are written as INSERTs, so it is opened read-write,
// though nothing changes); name is how errors call it.
func checkFile(ctx context.Context, path, name string) error {
	conn, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath())
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	findings, err := Check(ctx, conn, false)
	if err != nil {
		return Explain(name, err)
	}
	if len(findings) > 0 {
		return &CheckError{Path: name, Findings: findings}
	}
	return nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

func abs(p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}

// RestoreResult says where the previous database was kept.
type RestoreResult struct {
	Aside string // the previous database, renamed; "" if there was none
}

// Restore replaces the database at path with the backup at src. The backup
// must be a sound Hotline database no newer than this binary; it is copied
// beside path, the current database is renamed aside (path.before-restore-
// TIME), the copy takes its place and is opened (migrated if it came from
// an older release) and checked; if anything fails, the current database is
// put back. Nothing else may have the database open meanwhile.
func Restore(ctx context.Context, src, path string, schemas ...Schema) (RestoreResult, error) {
	var res RestoreResult
	if _, err := os.Stat(src); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	if abs(src) == abs(path) {
		return res, fmt.Errorf("restore: %s is the database itself", src)
	}
	pf, err := inspect(ctx, src, schemas, false)
	if err != nil {
		return res, fmt.Errorf("restore: refused: %w", err)
	}
	if len(pf.versions) == 0 {
		return res, fmt.Errorf("restore: refused: %w", &FileError{Path: src, Problem: NotHotline, Detail: "no Hotline schema in it"})
	}

	// A clean copy of the backup beside the database (same file system,
	// so the final rename is atomic).
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return res, fmt.Errorf("restore: %w", err)
	}
	incoming := path + ".restoring"
	os.Remove(incoming)
	srcConn, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: src}).EscapedPath()+"?mode=ro")
	if err != nil {
		return res, err
	}
	_, err = srcConn.ExecContext(ctx, "VACUUM INTO ?", incoming)
	srcConn.Close()
	if err != nil {
		os.Remove(incoming)
		return res, fmt.Errorf("restore: copy %s: %w", src, Explain(path, err))
	}
	if err := checkFile(ctx, incoming, src); err != nil {
		os.Remove(incoming)
		return res, fmt.Errorf("restore: refused: %w", err)
	}
	if err := syncFile(incoming); err != nil {
		os.Remove(incoming)
		return res, fmt.Errorf("restore: %w", Explain(path, err))
	}

	// The current database goes aside, whole: fold its WAL in first so
	// the file alone holds everything.
	if _, err := os.Stat(path); err == nil {
		if err := foldWAL(ctx, path); err != nil {
			os.Remove(incoming)
			return res, fmt.Errorf("restore: the current database %s: %w", path, err)
		}
		res.Aside = path + ".before-restore-" + time.Now().UTC().Format("20060102T150405Z")
		if err := os.Rename(path, res.Aside); err != nil {
			os.Remove(incoming)
			return res, fmt.Errorf("restore: set the current database aside: %w", err)
		}
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
	}
	putBack := func(cause error) (RestoreResult, error) {
		os.Remove(path)
		os.Remove(path + "-wal")
		os.Remove(path + "-shm")
		if res.Aside != "" {
			if err := os.Rename(res.Aside, path); err != nil {
				return RestoreResult{}, fmt.Errorf("restore failed (%v) and the previous database could not be put back: it is %s, rename it to %s", cause, res.Aside, path)
			}
		}
		return RestoreResult{}, fmt.Errorf("restore: %w; the current database was put back unchanged", cause)
	}
	if err := os.Rename(incoming, path); err != nil {
		os.Remove(incoming)
		return putBack(err)
	}
	d, err := Open(ctx, path, schemas...)
	if err != nil {
		return putBack(err)
	}
	findings, err := Check(ctx, d, false)
	d.Close()
	if err == nil && len(findings) > 0 {
		err = &CheckError{Path: path, Findings: findings}
	}
	if err != nil {
		return putBack(err)
	}
	return res, nil
}

// foldWAL checkpoints the database's WAL into the file and truncates it.
func foldWAL(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite3", "file:"+(&url.URL{Path: path}).EscapedPath()+fmt.Sprintf("?_busy_timeout=%d", BusyTimeout))
	if err != nil {
		return err
	}
	defer conn.Close()
	var busy, logFrames, done int
	if err := conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logFrames, &done); err != nil {
		return Explain(path, err)
	}
	if busy != 0 {
		return &FileError{Path: path, Problem: Locked, Detail: "another program is using it: stop `hotline serve` and the interfaces before restoring"}
	}
	return nil
}
