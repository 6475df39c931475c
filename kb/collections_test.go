package kb

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/internal/db"
	"hotline/tickets"
)

// Two folders that each hold README.md and ATTRIBUTION.md are two
// collections: four articles, none overwriting another, each keyed by its
// folder's name and its path.
func TestCollectionsKeepSamePathsApart(t *testing.T) {
	s, _ := openStore(t, false)
	ctx := context.Background()
	base := t.TempDir()
	team, vendor := filepath.Join(base, "equipe"), filepath.Join(base, "editeur")
	writeFiles(t, team, map[string]string{"README.md": "# Lisez-moi de l'équipe\n\nvpn", "ATTRIBUTION.md": "# Auteurs équipe"})
	writeFiles(t, vendor, map[string]string{"README.md": "# Vendor readme\n\nvpn", "ATTRIBUTION.md": "# Vendor authors"})
	rep, err := s.ImportDirs(ctx, []string{team, vendor}, ImportOptions{})
	if err != nil || rep.Added != 4 || rep.Failed != 0 {
		t.Fatalf("import: %+v %v", rep, err)
	}
	// Re-importing both changes nothing, and neither calls the other's files missing.
	rep, err = s.ImportDirs(ctx, []string{team, vendor}, ImportOptions{})
	if err != nil || rep.Unchanged != 4 || rep.Added+rep.Updated != 0 || len(rep.Missing) != 0 {
		t.Fatalf("re-import: %+v %v", rep, err)
	}
	rep, err = s.Import(ctx, team, ImportOptions{})
	if err != nil || rep.Unchanged != 2 || len(rep.Missing) != 0 {
		t.Fatalf("re-import of one folder: %+v %v", rep, err)
	}
	arts, err := s.List(ctx, ListOptions{Collection: "editeur"})
	if err != nil || len(arts) != 2 {
		t.Fatalf("List(editeur) = %+v, %v", arts, err)
	}
	keys := map[string]bool{}
	for _, a := range arts {
		keys[a.Key()] = true
	}
	if !keys["editeur/README.md"] || !keys["editeur/ATTRIBUTION.md"] {
		t.Errorf("keys = %v", keys)
	}
	a, err := s.ByKey(ctx, "equipe/README.md")
	if err != nil || a.Title != "Lisez-moi de l'équipe" {
		t.Errorf("ByKey(equipe/README.md) = %+v, %v", a, err)
	}
	if _, err := s.ByKey(ctx, "equipe/absent.md"); err == nil {
		t.Error("ByKey of an unknown key found something")
	}
}

// A real collision (the same collection and path from two folders) is
// reported, and the article already there is left as it was.
func TestCollectionCollisionIsReportedNeverAnUpdate(t *testing.T) {
	s, _ := openStore(t, false)
	ctx := context.Background()
	base := t.TempDir()
	a, b := filepath.Join(base, "a"), filepath.Join(base, "b")
	writeFiles(t, a, map[string]string{"README.md": "# Premier", "seul-a.md": "# Seul A"})
	writeFiles(t, b, map[string]string{"README.md": "# Second", "seul-b.md": "# Seul B"})
	// In one import.
	rep, err := s.ImportDirs(ctx, []string{a, b}, ImportOptions{Collection: "kb"})
	if err != nil || rep.Added != 3 || rep.Failed != 1 {
		t.Fatalf("one import: %+v %v", rep, err)
	}
	var clash *CollectionClashError
	if e := rep.Errors[0]; e.Path != "README.md" || e.Dir != b || !strings.Contains(e.Reason, "also in "+a) ||
		!errors.As(e, &clash) || clash.Other != a || !clash.SameImport {
		t.Errorf("collision error = %+v", e)
	}
	// In two imports.
	rep, err = s.Import(ctx, b, ImportOptions{Collection: "kb"})
	if err != nil || rep.Failed != 1 || rep.Updated != 0 {
		t.Fatalf("second import: %+v %v", rep, err)
	}
	if e := rep.Errors[0]; !strings.Contains(e.Reason, `collection "kb" already has README.md, imported from `+a) || !errors.As(e, &clash) || clash.SameImport {
		t.Errorf("collision error = %+v", e)
	}
	got, err := s.ByKey(ctx, "kb/README.md")
	if err != nil || got.Title != "Premier" {
		t.Errorf("the first folder's article changed: %+v %v", got, err)
	}
	// The first folder moved away: importing it from its new place is the
	// same collection, updated in place.
	moved := filepath.Join(base, "a-moved")
	if err := os.Rename(a, moved); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, moved, map[string]string{"README.md": "# Premier, revu"})
	rep, err = s.Import(ctx, moved, ImportOptions{Collection: "kb"})
	if err != nil || rep.Failed != 0 || rep.Updated != 2 {
		t.Fatalf("import from the moved folder: %+v %v", rep, err)
	}
	if after, _ := s.ByKey(ctx, "kb/README.md"); after == nil || after.ID != got.ID || after.Title != "Premier, revu" {
		t.Errorf("moved folder: %+v, want id %d updated", after, got.ID)
	}
	// A collection name is checked.
	if _, err := s.Import(ctx, b, ImportOptions{Collection: "a/b"}); err == nil {
		t.Error("a collection with a / was accepted")
	}
}

// A database made with the first kb schema (kb/testdata/kb-schema1.db,
// built by the code of that release: four imported articles, one of them
// pruned, one written by hand, each linked to a ticket) keeps its ids,
// its links and its search after the upgrade, and its articles get their
// folder's name as collection.
func TestUpgradeFromSchema1KeepsIDsAndLinks(t *testing.T) {
	ctx := context.Background()
	src, err := os.Open("testdata/kb-schema1.db")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	path := filepath.Join(t.TempDir(), "old.db")
	dst, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		t.Fatal(err)
	}
	dst.Close()
	d, err := db.Open(ctx, path, tickets.Schema, Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := NewStore(d.DB, Options{})
	ts := tickets.NewStore(d.DB, tickets.Options{})
	want := []struct {
		id                     int64
		title, collection, key string
		archived               bool
	}{
		{1, "Redémarrer la box", "equipe", "equipe/box.md", false},
		{2, "Lisez-moi de l'équipe", "equipe", "equipe/sous/README.md", false},
		{3, "Ancienne procédure", "equipe", "equipe/vieux.md", true},
		{4, "Le VPN se déconnecte", "equipe", "equipe/vpn.md", false},
		{5, "Écrit à la main", "hotline", "", false},
	}
	for _, w := range want {
		a, err := s.Get(ctx, w.id)
		if err != nil {
			t.Fatalf("article %d: %v", w.id, err)
		}
		if a.Title != w.title || a.Collection != w.collection || a.Key() != w.key || a.Archived != w.archived {
			t.Errorf("article %d = %q %q %q archived=%v; want %+v", w.id, a.Title, a.Collection, a.Key(), a.Archived, w)
		}
	}
	if a, _ := s.Get(ctx, 4); a.ReviewedAt == nil || a.ReviewedAt.Format("2006-01-02") != "2026-01-10" {
		t.Errorf("verified article's review date = %v, want 2026-01-10", a.ReviewedAt)
	}
	if a, _ := s.Get(ctx, 1); len(a.Transcript) != 1 {
		t.Errorf("transcript lost: %+v", a.Transcript)
	}
	// Every ticket still links the article it linked.
	for tid := int64(1); tid <= 5; tid++ {
		links, err := ts.Links(ctx, tid)
		if err != nil || len(links) != 1 || links[0].ArticleID != tid {
			t.Errorf("ticket %d links = %+v, %v", tid, links, err)
		}
	}
	if rs, err := s.Search(ctx, "vpn", SearchOptions{NoRecord: true}); err != nil || len(rs) != 1 || rs[0].ID != 4 {
		t.Errorf("search after upgrade: %+v %v", rs, err)
	}
	// The retired column is empty and the old unique key is gone: a second
	// collection may hold box.md.
	var n int
	if err := d.QueryRow(`SELECT count(*) FROM articles WHERE source_v1 IS NOT NULL`).Scan(&n); err != nil || n != 0 {
		t.Errorf("source_v1 still holds %d paths (%v)", n, err)
	}
	other := filepath.Join(t.TempDir(), "autre")
	writeFiles(t, other, map[string]string{"box.md": "# Une autre box"})
	if rep, err := s.Import(ctx, other, ImportOptions{}); err != nil || rep.Added != 1 {
		t.Errorf("import of box.md in another collection: %+v %v", rep, err)
	}
}
