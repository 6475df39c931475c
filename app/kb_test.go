package app

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/kb"
)

// The helpdesk's lexicon.txt next to config.yaml reaches search; collection
// weights from the config reach ranking; a bad lexicon line is refused at
// start with its line.
func TestLexiconFileAndCollectionWeights(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	cfgDir := filepath.Join(dir, "hotline")
	os.MkdirAll(cfgDir, 0o755)
	os.WriteFile(filepath.Join(cfgDir, "config.yaml"), []byte("kb:\n  collections:\n    editeur: 0.2\n"), 0o644)
	os.WriteFile(filepath.Join(cfgDir, LexiconFile), []byte("ixbus = parapheur\n"), 0o644)
	env := map[string]string{"XDG_CONFIG_HOME": dir, "XDG_DATA_HOME": filepath.Join(dir, "data")}
	a, err := New(Settings{Getenv: func(k string) string { return env[k] }})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	team, vendor := filepath.Join(dir, "equipe"), filepath.Join(dir, "editeur")
	for _, d := range []string{team, vendor} {
		os.MkdirAll(d, 0o755)
		os.WriteFile(filepath.Join(d, "p.md"), []byte("# Le parapheur électronique\n\nSigner."), 0o644)
	}
	// The vendor's copy is imported first: without its weight it would come first.
	if _, err := a.KB().ImportDirs(ctx, []string{vendor, team}, kb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	rs, err := a.KB().Search(ctx, "ixbus", kb.SearchOptions{NoRecord: true})
	if err != nil || len(rs) != 2 {
		t.Fatalf("search through the lexicon file: %v %v", rs, err)
	}
	if ar, _ := a.KB().Get(ctx, rs[0].ID); ar.Collection != "equipe" {
		t.Errorf("first is from %s, want equipe (editeur weighs 0.2)", ar.Collection)
	}
	os.WriteFile(filepath.Join(cfgDir, LexiconFile), []byte("# ok\nno sign\n"), 0o644)
	if _, err := New(Settings{Getenv: func(k string) string { return env[k] }}); err == nil || !strings.Contains(err.Error(), "lexicon.txt:2:") {
		t.Errorf("bad lexicon: %v", err)
	}
}
