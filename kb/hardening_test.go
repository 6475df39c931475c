package kb

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"hotline/internal/db"
	"hotline/internal/text"
	"hotline/tickets"
)

// Hostile files at the import's door: each is reported as path[:line]:
// reason, none hangs the import or fills memory, the good file is
// imported.
func TestImportRefusesHostileFilesAndGoesOn(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("named pipes and symbolic links")
	}
	s, _ := openStore(t, false)
	ctx := context.Background()
	base := t.TempDir()
	dir := filepath.Join(base, "kb")
	outside := filepath.Join(base, "secret.md")
	writeFiles(t, base, map[string]string{"secret.md": "# hostname\n\nsecret"})
	bomb := "---\na: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\ntags: *g\n---\n# bomb\n"
	writeFiles(t, dir, map[string]string{
		"good.md":            "# Bon article\n\ncontenu",
		"nul.md":             "# titre\nligne deux\nun \x00 NUL",
		"latin1.md":          "# ok\n\nCaf\xe9\n",
		"inf.md":             "---\ntitle: x\nkind: video\nduration: inf\n---\n",
		"huge-dur.md":        "---\ntitle: x\nduration: 1e300\n---\n",
		"bomb.md":            bomb,
		"long-fm.md":         "---\ntitle: x\n" + strings.Repeat("# commentaire\n", 6000),
		"esc\x1b]0;pwn\a.md": "# Nom piégé\n\ncontenu",
		"new\nline.md":       "# Nom sur deux lignes",
	})
	// A 50 MB file of one line, and a 100 MB Markdown file: sparse, so the
	// test writes nothing; the import must not read them.
	for name, size := range map[string]int64{"one-line.md": 50 << 20, "hundred.md": 100 << 20} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustLink := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	mustLink("/etc/hostname", "hostname.md")
	mustLink(outside, "outside.md")
	mustLink("loop-b.md", "loop-a.md")
	mustLink("loop-a.md", "loop-b.md")
	mustLink("good.md", "inside.md")
	mustLink(base, "up")

	done := make(chan struct{})
	var rep ImportReport
	var err error
	go func() {
		defer close(done)
		rep, err = s.Import(ctx, dir, ImportOptions{})
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatal("import hangs (a named pipe read?)")
	}
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range rep.Errors {
		got[e.Path] = e.Error()
	}
	want := map[string]string{
		"nul.md":      "nul.md:3: binary file",
		"latin1.md":   "latin1.md:3: invalid UTF-8",
		"inf.md":      "inf.md:4: duration \"inf\" is not a video length",
		"huge-dur.md": "huge-dur.md:3: duration",
		"bomb.md":     "bomb.md:",
		"long-fm.md":  "long-fm.md:1: front matter longer than 64 KiB",
		"one-line.md": "one-line.md: file too large (50.0 MiB",
		"hundred.md":  "hundred.md: file too large (100.0 MiB",
		"pipe.md":     "pipe.md: not a regular file (a named pipe)",
		"hostname.md": "hostname.md: symbolic link leading outside the imported folder",
		"outside.md":  "outside.md: symbolic link leading outside the imported folder",
		"loop-a.md":   "loop-a.md: symbolic link that cannot be resolved",
		"loop-b.md":   "loop-b.md: symbolic link that cannot be resolved",
		"inside.md":   "inside.md: symbolic link, not followed",
		"up":          "up: symbolic link to a folder, not followed",
	}
	for p, prefix := range want {
		if !strings.HasPrefix(got[p], prefix) {
			t.Errorf("error for %s = %q, want prefix %q", p, got[p], prefix)
		}
	}
	for _, e := range rep.Errors {
		if e.Path == "inside.md" && !errors.Is(e, ErrLinkNotFollowed) {
			t.Errorf("inside.md: %v is not ErrLinkNotFollowed (the command line names its flag from it)", e)
		}
	}
	if rep.Added != 3 || rep.Failed != len(want) {
		t.Errorf("added %d (want good.md and the two oddly named files), failed %d (want %d): %v", rep.Added, rep.Failed, len(want), got)
	}
	// File names are data: shown inert.
	for _, e := range rep.Errors {
		if line := text.SanitizeLine(e.Error()); strings.ContainsAny(line, "\x1b\n\a") {
			t.Errorf("error not made inert: %q", line)
		}
	}
	for _, q := range []string{"secret", "hostname"} {
		if rs, _ := s.Search(ctx, q, SearchOptions{NoRecord: true}); len(rs) != 0 {
			t.Errorf("a file outside the folder was imported: %q finds %q", q, titles(rs))
		}
	}
	// Following links takes the one inside, and still refuses the others.
	rep, err = s.Import(ctx, dir, ImportOptions{FollowSymlinks: true})
	if err != nil || rep.Added != 1 {
		t.Fatalf("import with links followed: %+v %v", rep, err)
	}
	for _, e := range rep.Errors {
		if e.Path == "inside.md" {
			t.Errorf("inside.md refused: %v", e)
		}
	}
	if a, err := s.ByKey(ctx, "kb/inside.md"); err != nil || a.Title != "Bon article" {
		t.Errorf("followed link: %+v %v", a, err)
	}
}

// gatedFS blocks the opening of one file until released, and can cancel
// the import when it reaches another.
type gatedFS struct {
	fstest.MapFS
	gate     string
	reached  chan struct{}
	release  chan struct{}
	cancel   func()
	cancelAt string
}

func (g *gatedFS) Open(name string) (fs.File, error) {
	if name == g.gate {
		close(g.reached)
		<-g.release
	}
	if name == g.cancelAt && g.cancel != nil {
		g.cancel()
	}
	return g.MapFS.Open(name)
}

// Files are read outside the write transaction: while the import waits
// on a slow file (a network share, a named pipe), other technicians can
// write.
func TestImportReadsFilesOutsideTheWriteLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hotline.db")
	d, err := db.Open(ctx, path, tickets.Schema, Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := NewStore(d.DB, Options{})
	files := fstest.MapFS{}
	for _, n := range []string{"a", "b", "c", "d"} {
		files[n+".md"] = &fstest.MapFile{Data: []byte("# Article " + n)}
	}
	g := &gatedFS{MapFS: files, gate: "c.md", reached: make(chan struct{}), release: make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		_, err := s.ImportFS(ctx, g, ".", ImportOptions{})
		done <- err
	}()
	<-g.reached
	// Another process writes with a short busy timeout.
	other, err := db.Open(ctx, path, tickets.Schema, Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA busy_timeout = 200`); err != nil {
		t.Fatal(err)
	}
	_, werr := conn.ExecContext(ctx, `INSERT INTO kb_search_misses(query, folded, at) VALUES ('x', 'x', 0)`)
	conn.Close()
	close(g.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if werr != nil {
		t.Errorf("another writer was locked out while the import read a file: %v", werr)
	}
}

// ctrl+c stops an import between files: what was written stays, the rest
// is not read.
func TestImportStopsWhenCancelled(t *testing.T) {
	s, _ := openStore(t, false)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	files := fstest.MapFS{}
	for i := 0; i < 600; i++ {
		files[filepath.Join("d", strings.Repeat("x", 1+i%7)+"-"+time.Duration(i).String()+".md")] = &fstest.MapFile{Data: []byte("# Article\n\ntexte")}
	}
	g := &gatedFS{MapFS: files, reached: make(chan struct{}), release: make(chan struct{}), cancel: cancel}
	// Cancel when the 400th file is opened (after the first batch of 250
	// was written).
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sortStrings(names)
	g.cancelAt = names[399]
	rep, err := s.ImportFS(ctx, g, ".", ImportOptions{})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("import after cancel: %+v, %v; want context.Canceled", rep, err)
	}
	if rep.Added != importBatchSize {
		t.Errorf("added %d, want the first batch (%d) kept", rep.Added, importBatchSize)
	}
	var n int
	if err := s.db.QueryRow(`SELECT count(*) FROM articles`).Scan(&n); err != nil || n != rep.Added {
		t.Errorf("%d articles stored, report says %d", n, rep.Added)
	}
}

func sortStrings(s []string) {
	for i := 1; i < len(s); i++ {
		for j := i; j > 0 && s[j] < s[j-1]; j-- {
			s[j], s[j-1] = s[j-1], s[j]
		}
	}
}

// A search never fails because it cannot record a miss: on a read-only
// database, or while another program holds the write lock.
func TestSearchMissRecordingIsBestEffort(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hotline.db")
	d, err := db.Open(ctx, path, tickets.Schema, Schema)
	if err != nil {
		t.Fatal(err)
	}
	s := NewStore(d.DB, Options{})
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"a.md": "# Imprimante"})
	if _, err := s.Import(ctx, dir, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	// Another writer holds the lock.
	other, err := db.Open(ctx, path, tickets.Schema, Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`INSERT INTO kb_search_misses(query, folded, at) VALUES ('held', 'held', 0)`); err != nil {
		t.Fatal(err)
	}
	if rs, err := s.Search(ctx, "zzzintrouvable", SearchOptions{}); err != nil || len(rs) != 0 {
		t.Errorf("search while another writer holds the lock: %v, %v", rs, err)
	}
	tx.Rollback()
	d.Close()
	// Read-only database file.
	ro, err := sqlOpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	s = NewStore(ro, Options{})
	if rs, err := s.Search(ctx, "zzzintrouvable", SearchOptions{}); err != nil || len(rs) != 0 {
		t.Errorf("search on a read-only database: %v, %v", rs, err)
	}
	if rs, err := s.Search(ctx, "imprimante", SearchOptions{}); err != nil || len(rs) != 1 {
		t.Errorf("read-only search: %v, %v", rs, err)
	}
}

// A pasted page is cut to its first words: the 40th word of a query is
// not searched.
func TestSearchCapsLongQueries(t *testing.T) {
	s := fixtureStore(t, false)
	ctx := context.Background()
	long := strings.Repeat("zzz ", 39) + "imprimante"
	if rs, err := s.Search(ctx, long, SearchOptions{NoRecord: true}); err != nil || len(rs) != 0 {
		t.Errorf("word 40 was searched: %q %v", titles(rs), err)
	}
	short := strings.Repeat("zzz ", 5) + "imprimante"
	if rs, err := s.Search(ctx, short, SearchOptions{NoRecord: true}); err != nil || len(rs) == 0 {
		t.Errorf("word 6 not searched: %q %v", titles(rs), err)
	}
	huge := strings.Repeat("imprimante réseau vpn lent caméra teams outlook ", 700)
	if _, err := s.Search(ctx, huge, SearchOptions{}); err != nil {
		t.Errorf("5,000-word query: %v", err)
	}
	if got := capQuery(huge); len(strings.Fields(got)) > maxQueryWords {
		t.Errorf("capQuery kept %d words", len(strings.Fields(got)))
	}
}
