package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeKBFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func TestKBImportSearchShowListJSON(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	writeKBFiles(t, dir, map[string]string{
		"teams/camera.md":  "---\ntitle: \"Teams : la caméra ne fonctionne pas\"\ntags: [teams, camera]\nurl: https://intranet/camera\nverified: 2026-05-12\n---\nOuvrez les paramètres de la caméra.",
		"teams/camera.vtt": "WEBVTT\n\n00:01:33.000 --> 00:01:40.000\n<v Formateur>Choisissez la webcam externe\n",
		"evil.md":          "# Titre \x1b]52;c;cHduZWQ=\x07piégé\n\ncorps \x1b[2J effacé",
		"bad.md":           "---\ntitle: x\nkind: podcast\n---\n",
	})
	r := c.run("", "kb", "import", dir)
	if r.code != 1 || !strings.Contains(r.stderr, filepath.Join(dir, "bad.md")+":3: kind") || !strings.Contains(r.stdout, "2 added, 0 updated, 0 unchanged, 1 failed") {
		t.Fatalf("import with a bad file: exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
	}
	os.Remove(filepath.Join(dir, "bad.md"))
	if out := c.ok("kb", "import", dir); !strings.Contains(out, "0 added, 0 updated, 2 unchanged, 0 failed") {
		t.Errorf("re-import: %s", out)
	}

	out := c.ok("kb", "search", "camera")
	if !strings.Contains(out, "Teams : la caméra ne fonctionne pas") || !strings.Contains(out, "[caméra]") {
		t.Errorf("search output (not a terminal: brackets): %s", out)
	}
	var hits []map[string]any
	if err := json.Unmarshal([]byte(c.ok("kb", "search", "webcam externe", "--json")), &hits); err != nil {
		t.Fatal(err)
	}
	if len(hits) != 1 || hits[0]["at"] != 93.0 || !strings.HasSuffix(hits[0]["url"].(string), "#t=93") {
		t.Errorf("transcript hit JSON: %v", hits)
	}
	for _, k := range []string{"id", "title", "kind", "tags", "url", "score", "snippet", "at"} {
		if _, ok := hits[0][k]; !ok {
			t.Errorf("search JSON lacks %q: %v", k, hits[0])
		}
	}
	id := int64(hits[0]["id"].(float64))

	var art map[string]any
	if err := json.Unmarshal([]byte(c.ok("kb", "show", "1", "--json")), &art); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "kind", "title", "tags", "url", "duration", "lang", "source", "verified", "created_at", "updated_at", "body", "transcript"} {
		if _, ok := art[k]; !ok {
			t.Errorf("show JSON lacks %q: %v", k, art)
		}
	}
	if tr, _ := art["transcript"].([]any); id == 1 && (len(tr) != 1 || tr[0].(map[string]any)["start"] != 93.0) {
		t.Errorf("transcript JSON: %v", art["transcript"])
	}

	// Nothing from the data reaches the terminal as an escape sequence.
	for _, args := range [][]string{{"kb", "list"}, {"kb", "show", "2"}, {"kb", "search", "piégé"}} {
		if out := c.ok(args...); strings.ContainsRune(out, 0x1b) || strings.ContainsRune(out, 0x07) {
			t.Errorf("%v printed a control character: %q", args, out)
		}
	}

	var list []map[string]any
	if err := json.Unmarshal([]byte(c.ok("kb", "list", "--json", "--limit", "1")), &list); err != nil || len(list) != 1 {
		t.Fatalf("list page: %v %v", list, err)
	}
	if err := json.Unmarshal([]byte(c.ok("kb", "list", "--json", "--after", "1")), &list); err != nil || len(list) != 1 || list[0]["id"] != 2.0 {
		t.Errorf("list --after 1: %v %v", list, err)
	}
	if out := c.ok("kb", "list", "--kind", "video"); strings.Contains(out, "Titre") {
		t.Errorf("kind filter: %s", out)
	}
	if out := c.ok("kb", "search", "zzzzqqq", "--json"); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty search JSON = %q", out)
	}
}

func TestKBAddAndBadUsage(t *testing.T) {
	c := newCLI(t)
	r := c.run("# Redémarrer la box\n\nDébranchez-la.", "kb", "add", "--tag", "box", "--tag", "réseau", "--kind", "video", "--duration", "03:20")
	if r.code != 0 || !strings.Contains(r.stdout, "added article #1  Redémarrer la box") {
		t.Fatalf("add: %d %s %s", r.code, r.stdout, r.stderr)
	}
	var art map[string]any
	if err := json.Unmarshal([]byte(c.ok("kb", "show", "1", "--json")), &art); err != nil {
		t.Fatal(err)
	}
	if art["duration"] != 200.0 || art["kind"] != "video" || len(art["tags"].([]any)) != 2 {
		t.Errorf("added article: %v", art)
	}
	for _, bad := range [][]string{
		{"kb"},
		{"kb", "nope"},
		{"kb", "search"},
		{"kb", "search", "x", "--kind", "podcast"},
		{"kb", "show", "abc"},
		{"kb", "import"},
		{"kb", "add", "--kind", "podcast", "--title", "x"},
		{"kb", "add", "--duration", "long", "--title", "x"},
	} {
		if r := c.run("", bad...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (usage)\n%s", bad, r.code, r.stderr)
		}
	}
	if r := c.run("", "kb", "show", "99"); r.code != 1 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("show unknown: %d %s", r.code, r.stderr)
	}
	if r := c.run("", "kb", "import", filepath.Join(t.TempDir(), "absent")); r.code != 1 {
		t.Errorf("import of a missing folder: %d %s", r.code, r.stderr)
	}
}

func TestKBTicketLinkUnlinkSuggest(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	writeKBFiles(t, dir, map[string]string{
		"camera.md": "---\ntitle: \"Teams : la caméra ne fonctionne pas\"\ntags: [teams, camera]\n---\nOuvrez les paramètres de la caméra.",
		"vpn.md":    "# Le VPN se déconnecte\n\nForticlient coupe.",
	})
	c.ok("kb", "import", dir)
	c.ok("ticket", "add", "--title", "teams marche pas", "--description", "ma camera reste noire", "--category", "Teams")
	out := c.ok("ticket", "suggest", "1")
	if !strings.HasPrefix(out, "#1 ") || !strings.Contains(out, "mots : ") {
		t.Errorf("suggest: %s", out)
	}
	var sugg []map[string]any
	if err := json.Unmarshal([]byte(c.ok("ticket", "suggest", "1", "--json")), &sugg); err != nil || len(sugg) == 0 || sugg[0]["id"] != 1.0 {
		t.Errorf("suggest JSON: %v %v", sugg, err)
	}
	if out := c.ok("ticket", "link", "1", "1"); !strings.Contains(out, "linked article #1") {
		t.Errorf("link: %s", out)
	}
	if r := c.run("", "ticket", "link", "1", "42"); r.code != 1 || !strings.Contains(r.stderr, "not found") {
		t.Errorf("link to a missing article: %d %s", r.code, r.stderr)
	}
	if r := c.run("", "ticket", "link", "1"); r.code != 2 {
		t.Errorf("link with one argument: %d", r.code)
	}
	if out := c.ok("ticket", "unlink", "1", "1"); !strings.Contains(out, "unlinked article #1") {
		t.Errorf("unlink: %s", out)
	}
	if r := c.run("", "ticket", "unlink", "1", "2"); r.code == 0 {
		t.Errorf("unlinking an article that is not linked succeeded")
	}
}
