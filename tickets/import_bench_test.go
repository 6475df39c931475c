package tickets

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"hotline/internal/db"
)

// BenchmarkImport imports generated tickets (GenerateRecords, seed 1) into
// a new database per iteration, from JSONL and from CSV. 20,000 rows by
// default; HOTLINE_BENCH_IMPORT_ROWS=100000 (or 1000000) for the sizes of
// issue 15. It runs only with -bench. Reports tickets per second of wall
// time and per CPU-second (user+system of the process: the load of a
// shared machine does not inflate it).
func BenchmarkImport(b *testing.B) {
	n := 20000
	if v := os.Getenv("HOTLINE_BENCH_IMPORT_ROWS"); v != "" {
		var err error
		if n, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
	}
	var opts ImportOptions
	if v := os.Getenv("HOTLINE_BENCH_IMPORT_BATCH"); v != "" { // rows per transaction, no time limit
		var err error
		if opts.BatchRows, err = strconv.Atoi(v); err != nil {
			b.Fatal(err)
		}
		opts.BatchTime = time.Hour
	}
	opts.Actor = "bench"
	dir := b.TempDir()
	files := writeImportFiles(b, dir, n)
	for _, format := range []string{"jsonl", "csv"} {
		b.Run(fmt.Sprintf("%s-%d", format, n), func(b *testing.B) {
			var cpu time.Duration
			var wall time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				path := filepath.Join(dir, fmt.Sprintf("bench-%s-%d.db", format, i))
				d, err := db.Open(context.Background(), path, Schema)
				if err != nil {
					b.Fatal(err)
				}
				s := NewStore(d.DB, Options{})
				f, err := os.Open(files[format])
				if err != nil {
					b.Fatal(err)
				}
				// As `ticket import` does: the file's size lets a large
				// file into an empty base build its indexes at the end.
				o := opts
				if st, err := f.Stat(); err == nil {
					o.SizeHint = st.Size()
				}
				b.StartTimer()
				c0, t0 := processCPU(), time.Now()
				sum, err := s.Import(context.Background(), f, format, o)
				wall += time.Since(t0)
				cpu += processCPU() - c0
				b.StopTimer()
				f.Close()
				d.Close()
				os.Remove(path)
				os.Remove(path + "-wal")
				os.Remove(path + "-shm")
				if err != nil || sum.Imported != n {
					b.Fatalf("import: %+v, %v", sum, err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/wall.Seconds(), "tickets/s")
			b.ReportMetric(float64(n*b.N)/cpu.Seconds(), "tickets/cpu-s")
		})
	}
}

func processCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// writeImportFiles writes n generated records as JSONL and CSV.
func writeImportFiles(b *testing.B, dir string, n int) map[string]string {
	b.Helper()
	paths := map[string]string{"jsonl": filepath.Join(dir, "t.jsonl"), "csv": filepath.Join(dir, "t.csv")}
	jf, err := os.Create(paths["jsonl"])
	if err != nil {
		b.Fatal(err)
	}
	cf, err := os.Create(paths["csv"])
	if err != nil {
		b.Fatal(err)
	}
	jw, cw := bufio.NewWriter(jf), csv.NewWriter(cf)
	enc := json.NewEncoder(jw)
	cw.Write([]string{"title", "description", "status", "urgency", "impact", "category", "requester_name", "requester_service", "requester_email", "connection", "assignee", "tags", "created_at"})
	err = GenerateRecords(n, 1, func(r Record) error {
		if err := enc.Encode(r); err != nil {
			return err
		}
		return cw.Write([]string{r.Title, r.Description, r.Status, strconv.Itoa(*r.Urgency), strconv.Itoa(*r.Impact), r.Category,
			r.Requester.Name, r.Requester.Service, r.Requester.Email, r.Connection, r.Assignee, strings.Join(r.Tags, " "), r.CreatedAt})
	})
	if err != nil {
		b.Fatal(err)
	}
	cw.Flush()
	if err := jw.Flush(); err != nil || cw.Error() != nil {
		b.Fatal(err, cw.Error())
	}
	jf.Close()
	cf.Close()
	return paths
}
