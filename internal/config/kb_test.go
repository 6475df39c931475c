package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestKBCollectionWeights(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "config.yaml")
	os.WriteFile(p, []byte("kb:\n  collections:\n    equipe: 2\n    kb-fr-alchemy: 0.5\n"), 0o644)
	c, err := Load(p)
	if err != nil || c.KB.Collections["equipe"] != 2 || c.KB.Collections["kb-fr-alchemy"] != 0.5 {
		t.Fatalf("load: %+v %v", c.KB, err)
	}
	os.WriteFile(p, []byte("kb:\n  collections:\n    equipe: -1\n"), 0o644)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "line 3: kb: collections: equipe: weight -1") {
		t.Errorf("negative weight: %v", err)
	}
}
