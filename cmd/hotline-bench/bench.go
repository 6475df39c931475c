package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"
)

type bench struct {
	dir     string
	hotline string
	runs    int
	// importMax is the largest size imported; above it an existing
	// database is reused.
	importMax int
	// results by measure and size, for the growth table
	growthRows []growthRow
}

type growthRow struct {
	measure string
	size    int
	ms      float64
}

// sample is one whole process: wall time, CPU (user+system) and peak RSS.
type sample struct {
	wall, cpu time.Duration
	rssKB     int64
	out       string
	err       error
}

// proc describes a command to run.
type proc struct {
	args  []string
	env   []string
	stdin string // a file to read standard input from
	dir   string
}

func run(p proc) sample {
	cmd := exec.Command(p.args[0], p.args[1:]...)
	cmd.Env = append(os.Environ(), p.env...)
	cmd.Dir = p.dir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = io.Discard
	if p.stdin != "" {
		f, err := os.Open(p.stdin)
		if err != nil {
			return sample{err: err}
		}
		defer f.Close()
		cmd.Stdin = f
	}
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start), out: out.String(), err: err}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		s.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		s.rssKB = ru.Maxrss
	}
	return s
}

// median runs p n times and keeps the median wall time, with the median
// CPU and the largest peak RSS.
func median(p proc, n int) sample {
	return medianOf(n, func() sample { return run(p) })
}

// medianOf keeps the median wall and CPU time of n samples taken by
// measure, which may prepare each run (a new database).
func medianOf(n int, measure func() sample) sample {
	var ss []sample
	for i := 0; i < n; i++ {
		s := measure()
		if s.err != nil {
			return s
		}
		ss = append(ss, s)
	}
	walls := make([]time.Duration, len(ss))
	cpus := make([]time.Duration, len(ss))
	var rss int64
	for i, s := range ss {
		walls[i], cpus[i] = s.wall, s.cpu
		rss = max(rss, s.rssKB)
	}
	slices.Sort(walls)
	slices.Sort(cpus)
	return sample{wall: walls[len(walls)/2], cpu: cpus[len(cpus)/2], rssKB: rss, out: ss[0].out}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d.Microseconds())/1000) }

func mb(kb int64) string { return fmt.Sprintf("%.0f", float64(kb)/1024) }

// row prints one comparison: Hotline against a peer.
func (b *bench) row(measure string, size int, h, peer sample, peerName string) {
	if h.err == nil {
		b.growthRows = append(b.growthRows, growthRow{measure, size, float64(h.cpu.Microseconds()) / 1000})
	}
	if h.err != nil {
		fmt.Printf("| %s | %s | failed: %v | | | | | |\n", measure, count(size), h.err)
		return
	}
	if peerName == "" {
		fmt.Printf("| %s | %s | %s | %s | %s | | | |\n", measure, count(size), ms(h.wall), ms(h.cpu), mb(h.rssKB))
		return
	}
	if peer.err != nil {
		fmt.Printf("| %s | %s | %s | %s | %s | %s failed: %v | | |\n", measure, count(size), ms(h.wall), ms(h.cpu), mb(h.rssKB), peerName, peer.err)
		return
	}
	ratio := float64(h.wall) / float64(peer.wall)
	fmt.Printf("| %s | %s | %s | %s | %s | %s: %s ms, %s ms CPU, %s MB | %.2f | %s |\n", measure, count(size),
		ms(h.wall), ms(h.cpu), mb(h.rssKB), peerName, ms(peer.wall), ms(peer.cpu), mb(peer.rssKB), ratio, loadAvg1())
}

func header(title string) {
	fmt.Printf("\n## %s\n\n", title)
	fmt.Println("| measure | size | Hotline ms (median) | CPU ms | peak RSS MB | peer (median) | Hotline / peer | load |")
	fmt.Println("|---|---|---|---|---|---|---|---|")
}

func count(n int) string {
	switch {
	case n == 0:
		return ""
	case n >= 1_000_000 && n%1_000_000 == 0:
		return fmt.Sprintf("%dM", n/1_000_000)
	case n >= 1000 && n%1000 == 0:
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}

// start measures what every command pays: starting the process.
func (b *bench) start() {
	hello := filepath.Join(b.dir, "hello")
	if _, err := os.Stat(hello); err != nil {
		src := filepath.Join(b.dir, "hello-src")
		os.MkdirAll(src, 0o755)
		os.WriteFile(filepath.Join(src, "go.mod"), []byte("module hello\n"), 0o644)
		os.WriteFile(filepath.Join(src, "main.go"), []byte("package main\n\nimport \"fmt\"\n\nfunc main() { fmt.Println(\"hello\") }\n"), 0o644)
		c := exec.Command("go", "build", "-o", hello, ".")
		c.Dir = src
		if out, err := c.CombinedOutput(); err != nil {
			fatal(fmt.Errorf("build hello world: %v\n%s", err, out))
		}
	}
	runs := max(b.runs, 20)
	header(fmt.Sprintf("Start (median of %d runs; peer: a hello-world Go binary built with the same toolchain)", runs))
	h := median(proc{args: []string{hello}}, runs)
	db := filepath.Join(b.dir, "start.db")
	b.row("`hotline version`", 0, median(proc{args: []string{b.hotline, "--db", db, "version"}}, runs), h, "hello")
	b.row("`hotline --help`", 0, median(proc{args: []string{b.hotline, "--help"}}, runs), h, "hello")
}

// tickets measures imports, list pages and searches at n tickets.
func (b *bench) tickets(n int, csv, task bool) {
	jsonl := filepath.Join(b.dir, fmt.Sprintf("tickets-%d.jsonl", n))
	csvFile := filepath.Join(b.dir, fmt.Sprintf("tickets-%d.csv", n))
	sqlFile := filepath.Join(b.dir, fmt.Sprintf("tickets-%d.sql", n))
	hdb := filepath.Join(b.dir, fmt.Sprintf("hotline-%d.db", n))
	sdb := filepath.Join(b.dir, fmt.Sprintf("sqlite3-%d.db", n))

	header(fmt.Sprintf("%s tickets (imports: one run each, into a new database; peer: the sqlite3 CLI running the same rows as SQL in one transaction, same schema)", count(n)))
	if n > b.importMax {
		if _, err := os.Stat(hdb); err != nil {
			fmt.Printf("| (no import above %s and no %s to reuse: skipped) | | | | | | | |\n", count(b.importMax), filepath.Base(hdb))
			return
		}
		fmt.Printf("| (imports not run above %s: %s reused) | | | | | | | |\n", count(b.importMax), filepath.Base(hdb))
	} else {
		schema := b.sqliteSchema()
		removeDB(hdb)
		imp := run(proc{args: []string{b.hotline, "--db", hdb, "ticket", "import", jsonl}})
		removeDB(sdb)
		sq := run(proc{args: []string{"sh", "-c", "cat " + schema + " " + sqlFile + " | sqlite3 -bail " + sdb}})
		b.row("import JSONL", n, imp, sq, "sqlite3")
		if imp.err == nil {
			fmt.Printf("| ↳ rate | %s | %.0f tickets/s (%.0f per CPU-second) | | | sqlite3: %.0f rows/s (%.0f per CPU-second) | | |\n", count(n),
				float64(n)/imp.wall.Seconds(), float64(n)/imp.cpu.Seconds(), float64(n)/sq.wall.Seconds(), float64(n)/sq.cpu.Seconds())
		}
		if csv {
			cdb := filepath.Join(b.dir, fmt.Sprintf("hotline-csv-%d.db", n))
			removeDB(cdb)
			c := run(proc{args: []string{b.hotline, "--db", cdb, "ticket", "import", csvFile}})
			b.row("import CSV", n, c, sq, "sqlite3")
			if c.err == nil {
				fmt.Printf("| ↳ rate | %s | %.0f tickets/s (%.0f per CPU-second) | | | | | |\n", count(n), float64(n)/c.wall.Seconds(), float64(n)/c.cpu.Seconds())
			}
			removeDB(cdb)
		}
		again := run(proc{args: []string{b.hotline, "--db", hdb, "ticket", "import", jsonl}})
		b.row("import JSONL again (all already there)", n, again, sample{}, "")
	}

	page := median(proc{args: []string{b.hotline, "--db", hdb, "ticket", "list", "--limit", "50"}}, b.runs)
	// The same file: sqlite3 reads Hotline's tables (not its full-text
	// index, whose contentless_delete option Debian's sqlite3 lacks).
	sqPage := median(proc{args: []string{"sqlite3", hdb, `SELECT id, priority, status, title, assignee, created_at FROM tickets
		WHERE is_open = 1 ORDER BY queue_rank, created_at, id LIMIT 50`}}, b.runs)
	b.row("list page (50 open tickets)", n, page, sqPage, "sqlite3")
	if task {
		b.taskwarrior(n, page)
	}
	search := median(proc{args: []string{b.hotline, "--db", hdb, "ticket", "list", "--search", "imprimante bloque", "--limit", "50"}}, b.runs)
	sqSearch := median(proc{args: []string{"sqlite3", sdb, `SELECT t.id, t.title FROM tickets t WHERE t.is_open = 1 AND t.id IN
		(SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH 'imprimante bloque*') ORDER BY t.queue_rank, t.created_at, t.id LIMIT 50`}}, b.runs)
	if _, err := os.Stat(sdb); err != nil {
		sqSearch = sample{err: fmt.Errorf("no %s", filepath.Base(sdb))}
	}
	b.row("search (`--search \"imprimante bloque\"`)", n, search, sqSearch, "sqlite3")
	tag := median(proc{args: []string{b.hotline, "--db", hdb, "ticket", "list", "--tag", "vpn", "--limit", "50"}}, b.runs)
	b.row("`ticket list --tag vpn` (10 % of tickets)", n, tag, sample{}, "")
	overdue := median(proc{args: []string{b.hotline, "--db", hdb, "ticket", "list", "--status", "overdue", "--limit", "50"}}, b.runs)
	b.row("`ticket list --status overdue`", n, overdue, sample{}, "")
	rep := median(proc{args: []string{b.hotline, "--db", hdb, "report", "--from", "2026-08-23", "--to", "2026-11-01"}}, min(b.runs, 3))
	b.row("`report`, 10 weeks", n, rep, sample{}, "")
	// Three runs: the first after the peers' runs reads the file back into
	// the page cache (1.2 s at 1M, 0.5 s warm), which the median leaves out.
	all := median(proc{args: []string{b.hotline, "--db", hdb, "report", "--from", "2024-01-01", "--to", "2026-11-01"}}, min(b.runs, 3))
	b.row("`report`, every ticket in the period", n, all, sample{}, "")
}

// removeDB removes a database and its WAL files.
func removeDB(path string) {
	for _, s := range []string{"", "-wal", "-shm"} {
		os.Remove(path + s)
	}
}

// sqliteSchema writes Hotline's schema as the sqlite3 CLI of the machine
// can run it: taken from a database Hotline created, without
// `contentless_delete` (which Debian's sqlite3 3.40 lacks; it changes
// nothing to inserting).
func (b *bench) sqliteSchema() string {
	path := filepath.Join(b.dir, "schema.sql")
	if _, err := os.Stat(path); err == nil {
		return path
	}
	db := filepath.Join(b.dir, "schema.db")
	removeDB(db)
	if s := run(proc{args: []string{b.hotline, "--db", db, "ticket", "list"}}); s.err != nil {
		fatal(fmt.Errorf("create a schema: %v", s.err))
	}
	out, err := exec.Command("sqlite3", db, `SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL
		AND name NOT GLOB '*_fts_*' AND name NOT LIKE 'sqlite%' ORDER BY type = 'trigger', type = 'index', rowid`).Output()
	if err != nil {
		fatal(fmt.Errorf("read the schema: %v", err))
	}
	s := strings.ReplaceAll(string(out), "contentless_delete = 1,", "")
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		fatal(err)
	}
	removeDB(db)
	return path
}

// growth prints how each measure's median grows with the data.
func (b *bench) growth(sizes []int) {
	if len(sizes) < 2 {
		return
	}
	fmt.Printf("\n## Growth with the number of tickets (Hotline, CPU ms of the median run: the load distorts wall times)\n\n| measure |")
	for _, n := range sizes {
		fmt.Printf(" %s |", count(n))
	}
	fmt.Printf(" %s→%s |\n|---|", count(sizes[0]), count(sizes[len(sizes)-1]))
	for range sizes {
		fmt.Print("---|")
	}
	fmt.Println("---|")
	var order []string
	byMeasure := map[string]map[int]float64{}
	for _, r := range b.growthRows {
		if r.size == 0 {
			continue
		}
		if byMeasure[r.measure] == nil {
			byMeasure[r.measure] = map[int]float64{}
			order = append(order, r.measure)
		}
		byMeasure[r.measure][r.size] = r.ms
	}
	for _, m := range order {
		fmt.Printf("| %s |", m)
		for _, n := range sizes {
			if v, ok := byMeasure[m][n]; ok {
				fmt.Printf(" %.1f |", v)
			} else {
				fmt.Print(" — |")
			}
		}
		first, last := byMeasure[m][sizes[0]], byMeasure[m][sizes[len(sizes)-1]]
		if first > 0 && last > 0 {
			fmt.Printf(" ×%.1f for ×%d data |\n", last/first, sizes[len(sizes)-1]/sizes[0])
		} else {
			fmt.Println(" |")
		}
	}
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func loadAvg1() string {
	f := strings.Fields(loadAvg())
	if len(f) == 0 {
		return "?"
	}
	return f[0]
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "model name") {
			if _, v, ok := strings.Cut(l, ":"); ok {
				return strings.TrimSpace(v)
			}
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	b, _ := os.ReadFile("/proc/meminfo")
	var kb int64
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "MemTotal:") {
			fmt.Sscanf(strings.TrimPrefix(l, "MemTotal:"), "%d", &kb)
		}
	}
	return fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
}
