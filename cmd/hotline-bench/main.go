// Command hotline-bench measures whole Hotline processes against their
// peers on the same data, side by side in one run: the sqlite3 command
// line on the same rows and schema, taskwarrior on the same tickets as
// tasks, grep over the knowledge-base folder, and a hello-world Go binary
// for the start cost. It prints tables of medians, ratios, peak memory and
// how each measure grows from 10k to 100k to 1M tickets, with the
// machine's load. Run by hand, never by CI (1M rows take minutes):
//
//	go build -tags sqlite_fts5 -o hotline . && go run -tags sqlite_fts5 ./cmd/hotline-bench -hotline ./hotline
//
// Generated files are kept in -dir between runs (the same seed always
// gives the same files).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

func main() {
	dir := flag.String("dir", filepath.Join(os.TempDir(), "hotline-bench"), "where generated files are kept between runs")
	hotline := flag.String("hotline", "./hotline", "the hotline binary to measure (built with -tags sqlite_fts5)")
	sizesFlag := flag.String("sizes", "10000,100000,1000000", "ticket counts")
	runs := flag.Int("runs", 5, "runs of each quick command (the median is kept)")
	kbDir := flag.String("kb", "../shared/data/kb-fr-alchemy", "a knowledge-base folder for kb import, kb search and grep")
	csvImport := flag.Bool("csv", true, "also measure CSV imports")
	task := flag.Bool("task", true, "compare with taskwarrior (task limit:50 list)")
	genOnly := flag.Bool("gen", false, "only write the generated files")
	importMax := flag.Int("import-max", 1_000_000, "largest size to import; above it, reuse the database of an earlier run")
	flag.Parse()

	var sizes []int
	for _, s := range strings.Split(*sizesFlag, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			fatal(fmt.Errorf("-sizes: %q is not a count", s))
		}
		sizes = append(sizes, n)
	}
	if err := os.MkdirAll(*dir, 0o755); err != nil {
		fatal(err)
	}
	for _, n := range sizes {
		for _, ext := range []string{"jsonl", "csv"} {
			if err := writeImportFile(filepath.Join(*dir, fmt.Sprintf("tickets-%d.%s", n, ext)), n); err != nil {
				fatal(err)
			}
		}
		if err := writeImportSQL(filepath.Join(*dir, fmt.Sprintf("tickets-%d.sql", n)), n); err != nil {
			fatal(err)
		}
	}
	if *genOnly {
		return
	}
	bin, err := filepath.Abs(*hotline)
	if err != nil {
		fatal(err)
	}
	b := &bench{dir: *dir, hotline: bin, runs: *runs, importMax: *importMax}
	fmt.Printf("# hotline-bench, %s\n\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Printf("Machine: %s, %d cores, %s; load average at start %s\n\n", cpuModel(), runtime.NumCPU(), memTotal(), loadAvg())

	b.start()
	for _, n := range sizes {
		b.tickets(n, *csvImport, *task)
	}
	if *kbDir != "" {
		b.knowledgeBase(*kbDir)
	}
	fmt.Printf("\nLoad average at the end: %s\n", loadAvg())
	b.growth(sizes)
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "hotline-bench:", err)
	os.Exit(1)
}
