package tickets

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"unicode/utf8"
)

// fuzzImport imports any file in format: never a panic, every failed row
// has a line, the counts add up, what is stored is valid UTF-8 without
// NUL, and importing the same file again adds nothing (resumable).
func fuzzImport(f *testing.F, format string, seeds []string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	s, d := openStore(f, nil)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		var before int
		d.QueryRow("SELECT count(*) FROM tickets").Scan(&before)
		var failed []ImportResult
		sum, err := s.Import(ctx, bytes.NewReader(data), format, ImportOptions{Actor: "fuzz", Each: func(r ImportResult) {
			if r.Err != nil {
				failed = append(failed, r)
			}
		}})
		if err != nil {
			var se *StorageError
			if errors.As(err, &se) {
				t.Fatalf("storage error on input %q: %v", data, err)
			}
			return // the whole file refused (no header, empty…), with a message
		}
		for _, r := range failed {
			if r.Line < 1 || r.Err.Error() == "" {
				t.Fatalf("failed row without a line or a reason: %+v", r)
			}
		}
		var after int
		d.QueryRow("SELECT count(*) FROM tickets").Scan(&after)
		if after-before != sum.Imported {
			t.Fatalf("summary says %d imported, %d tickets appeared", sum.Imported, after-before)
		}
		var bad int
		d.QueryRow(`SELECT count(*) FROM tickets WHERE instr(title, char(0)) > 0 OR instr(description, char(0)) > 0`).Scan(&bad)
		if bad > 0 {
			t.Fatalf("a NUL byte was stored from %q", data)
		}
		rows, _ := d.Query("SELECT title || description || requester_name FROM tickets WHERE id > ?", before)
		for rows.Next() {
			var s string
			rows.Scan(&s)
			if !utf8.ValidString(s) {
				rows.Close()
				t.Fatalf("invalid UTF-8 stored from %q", data)
			}
		}
		rows.Close()
		again, err := s.Import(ctx, bytes.NewReader(data), format, ImportOptions{Actor: "fuzz"})
		if err == nil && again.Imported != 0 {
			t.Fatalf("re-importing the same file added %d tickets: %q", again.Imported, data)
		}
	})
}

func FuzzImportJSONL(f *testing.F) {
	fuzzImport(f, "jsonl", []string{
		`{"title":"VPN","description":"coupe"}` + "\n",
		"\xef\xbb\xbf" + `{"title":"bom"}` + "\n",
		`{"title":"caf` + "\xe9" + `"}` + "\n",
		`{"title":1}` + "\n" + `{"title":"ok"}` + "\n",
		`{"title":"x","created_at":"9999-01-01T00:00:00Z"}` + "\n",
		`{"title":"x","tags":["a","a","b"],"urgency":9}` + "\n",
		`{"title":"x","comments":[{"author":"a","body":"b","created_at":"2026-01-01T00:00:00Z"}]}` + "\n",
		"{\n", "[]\n", "null\n", `{"title":"\u0000"}` + "\n",
	})
}

func FuzzImportCSV(f *testing.F) {
	fuzzImport(f, "csv", []string{
		"title,description\nVPN,coupe\n",
		"title,description\n\"a\"b,c\nok,fine\n",
		"title\n\"unterminated\n",
		"\xef\xbb\xbftitle,urgency\nx,abc\n",
		"title,created_at\nx,0001-01-01T00:00:00Z\n",
		"nope\nx\n", "", "title,title\na,b\n", "title,tags\nx,\"a b c\"\n", "title\n'=SUM(A1)\n",
	})
}
