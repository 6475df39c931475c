package live

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"hotline/internal/db"
)

// What shared presence costs: a process with 20 interfaces on tickets
// rewriting its rows (one transaction, as on every change and heartbeat),
// and another process reading them after data_version moved.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Presence ./internal/live/
func BenchmarkPresence(b *testing.B) {
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(b.TempDir(), "p.db"), Schema)
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	writer := New(d.DB, Options{Shared: true})
	for i := range 20 {
		writer.Join(fmt.Sprintf("tech%02d", i), fmt.Sprintf("Technicien %d", i)).Look(int64(i+1), i%3 == 0)
	}
	rows := writer.ownRows()
	reader := New(d.DB, Options{Shared: true})
	b.Run("write 20 rows", func(b *testing.B) {
		for b.Loop() {
			if err := writer.writePresence(ctx, rows); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read 20 rows", func(b *testing.B) {
		for b.Loop() {
			reader.remote = nil // as if they changed
			if _, err := reader.readPresence(ctx, d.DB); err != nil {
				b.Fatal(err)
			}
		}
	})
}
