package access

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"hotline/internal/db"
)

func openStore(t *testing.T) (*Store, *db.DB) {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	return NewStore(d.DB, nil), d
}

// A second active key with the same name is refused as a bad name (the
// unique index, recognised by SQLite's error code, not its text); once the
// first is revoked the name is free again.
func TestAddKeyDuplicateName(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	k, _, err := s.AddKey(ctx, "intranet", "alice")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddKey(ctx, "intranet", "alice"); !errors.Is(err, ErrInvalidName) {
		t.Fatalf("second key named intranet: got %v, want ErrInvalidName", err)
	}
	if _, err := s.RevokeKey(ctx, k.Name); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AddKey(ctx, "intranet", "alice"); err != nil {
		t.Fatalf("name of a revoked key: %v", err)
	}
}

// Any other failure of the insert is not worded as a bad name.
func TestAddKeyOtherFailureIsNotABadName(t *testing.T) {
	s, d := openStore(t)
	d.Close()
	_, _, err := s.AddKey(context.Background(), "intranet", "alice")
	if err == nil || errors.Is(err, ErrInvalidName) {
		t.Fatalf("insert on a closed database: got %v, want a plain failure", err)
	}
}
