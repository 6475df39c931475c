package attacks

import (
	"context"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// asNobody makes the command run as an unprivileged user when the tests
// run as root (root ignores permissions, a technician does not).
func asNobody(t *testing.T, cmd *exec.Cmd) {
	if os.Geteuid() != 0 {
		return
	}
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// openDirs lets another user reach the world's folder.
func openDirs(t *testing.T, dir string) {
	for d := dir; d != "/" && d != "."; d = filepath.Dir(d) {
		st, err := os.Stat(d)
		if err != nil {
			return
		}
		os.Chmod(d, st.Mode().Perm()|0o011)
	}
}

func TestReadOnlyFileAndFolderAreToldApart(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test skipped with -short")
	}
	w := newWorld(t)
	w.ok("ticket", "add", "--title", "Imprimante", "--description", "bourrage")
	w.ok("check")
	// The world belongs to another user now: the file is readable only.
	dataDir := filepath.Join(w.dir, "data")
	os.Mkdir(dataDir, 0o755)
	db := filepath.Join(dataDir, "hotline.db")
	os.Rename(w.db, db)
	os.Remove(w.db + "-wal")
	os.Remove(w.db + "-shm")
	w.db = db
	openDirs(t, w.dir)
	os.Chmod(w.dir, 0o777)
	if os.Geteuid() == 0 {
		os.Chown(dataDir, 65534, 65534)
	}
	os.Chmod(db, 0o444)
	before, _ := os.ReadFile(db)

	runRO := func(args ...string) result {
		cmd := w.command(context.Background(), args...)
		asNobody(t, cmd)
		return run(cmd, "")
	}
	// Reading works; writing says the file is read-only and what to do.
	if r := runRO("ticket", "list"); r.code != 0 || !strings.Contains(r.stdout, "Imprimante") {
		t.Errorf("list on a read-only file: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r := runRO("ticket", "add", "--title", "x", "--description", "y")
	if r.code != 1 || !strings.Contains(r.stderr, db+": the file is read-only") || !strings.Contains(r.stderr, "chmod u+w") {
		t.Errorf("add on a read-only file: exit %d %q", r.code, r.stderr)
	}
	after, _ := os.ReadFile(db)
	if string(before) != string(after) {
		t.Error("the read-only file changed")
	}

	// A writable file in a read-only folder.
	os.Chmod(db, 0o666)
	os.Chmod(dataDir, 0o555)
	r = runRO("ticket", "add", "--title", "x", "--description", "y")
	if r.code != 1 || !strings.Contains(r.stderr, "the folder "+dataDir+" is read-only") {
		t.Errorf("add in a read-only folder: exit %d %q", r.code, r.stderr)
	}
	os.Chmod(dataDir, 0o755)
}

func TestFullDiskStopsCleanly(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test skipped with -short")
	}
	if _, err := exec.LookPath("prlimit"); err != nil {
		t.Skip("prlimit (util-linux) is needed to limit the file size")
	}
	w := newWorld(t)
	w.ok("ticket", "add", "--title", "avant", "--description", "déjà là")
	w.ok("check")
	st, _ := os.Stat(w.db)
	file := filepath.Join(w.dir, "big.jsonl")
	writeImport(t, file, size(3000, 20000))
	before := countSQL(t, w.db, "SELECT count(*) FROM tickets")
	// The file may not grow past its size plus a little: the disk is full.
	limit := st.Size() + 256*1024
	cmd := exec.Command("prlimit", "--fsize="+itoa(limit), "--", bin, "--db", w.db, "ticket", "import", file)
	cmd.Env = w.env
	r := run(cmd, "")
	if r.code != 1 || !strings.Contains(r.stderr, w.db+": the disk is full") {
		t.Fatalf("import on a full disk: exit %d\n%s", r.code, lastLines(r.stderr, 5))
	}
	if n := strings.Count(r.stderr, "disk is full"); n > 2 {
		t.Errorf("the full disk was reported %d times: the import must stop at the first storage error", n)
	}
	w.check("after the full disk")
	after := countSQL(t, w.db, "SELECT count(*) FROM tickets")
	if after < before {
		t.Errorf("%d tickets after, %d before", after, before)
	}
	// With space again, the same import completes without duplicates.
	w.ok("ticket", "import", file)
	if n, d := countSQL(t, w.db, "SELECT count(*) FROM tickets"), countSQL(t, w.db, "SELECT count(DISTINCT title) FROM tickets"); n != d {
		t.Errorf("%d tickets, %d distinct: duplicates after the resumed import", n, d)
	}
}

func TestAnotherProgramHoldingTheLock(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test skipped with -short")
	}
	w := newWorld(t)
	w.ok("ticket", "add", "--title", "avant", "--description", "déjà là")
	other, err := sql.Open("sqlite3", "file:"+w.db)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	w.env = append(w.env, "HOTLINE_BUSY_TIMEOUT=300ms")
	r := w.run("ticket", "add", "--title", "pendant", "--description", "verrou")
	conn.ExecContext(context.Background(), "ROLLBACK")
	if r.code != 1 || !strings.Contains(r.stderr, w.db+": another program held a lock") || !strings.Contains(r.stderr, "nothing was written") {
		t.Fatalf("write under another program's lock: exit %d %q", r.code, r.stderr)
	}
	if n := countSQL(t, w.db, "SELECT count(*) FROM tickets"); n != 1 {
		t.Errorf("%d tickets: the refused command wrote something", n)
	}
	// Reading is never blocked by a writer (WAL).
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	r = w.run("ticket", "list")
	conn.ExecContext(context.Background(), "ROLLBACK")
	if r.code != 0 {
		t.Errorf("list while another program writes: exit %d %q", r.code, r.stderr)
	}
}

func TestDamagedFilesAreRefusedByEveryCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("stress test skipped with -short")
	}
	w := newWorld(t)
	w.ok("demo", "--tickets", "60")
	w.ok("check")
	good, _ := os.ReadFile(w.db)
	for name, damage := range map[string]func([]byte) []byte{
		"truncated":   func(b []byte) []byte { return b[:len(b)/3] },
		"header gone": func(b []byte) []byte { c := append([]byte(nil), b...); copy(c, make([]byte, 100)); return c },
		"overwritten": func(b []byte) []byte {
			c := append([]byte(nil), b...)
			for i := 8 * 4096; i < 24*4096 && i < len(c); i++ {
				c[i] = byte(i*31 + 7)
			}
			return c
		},
	} {
		os.Remove(w.db + "-wal")
		os.Remove(w.db + "-shm")
		if err := os.WriteFile(w.db, damage(good), 0o644); err != nil {
			t.Fatal(err)
		}
		r := w.run("check")
		if r.code != 1 {
			t.Errorf("%s: check exit %d\n%s%s", name, r.code, r.stdout, r.stderr)
		}
		r = w.run("serve", "--http", "127.0.0.1:0")
		if r.code != 1 || !(strings.Contains(r.stderr, "damaged") || strings.Contains(r.stderr, "not a SQLite database")) {
			t.Errorf("%s: serve exit %d %q; want it refused at start", name, r.code, lastLines(r.stderr, 3))
		}
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
