package kb

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

const cameraMD = `---
title: "Teams : la caméra ne fonctionne pas"
kind: tutorial
tags: [teams, camera]
url: https://intranet/camera
lang: fr
verified: 2026-05-12
ms.author: ignored
---
# Ignored heading

Ouvrez les paramètres de **Teams** et choisissez la caméra.
`

const cameraVTT = "\uFEFFWEBVTT - caméra\r\nKind: captions\r\n\r\nNOTE une note\r\nsur deux lignes\r\n\r\nSTYLE\r\n::cue { color: yellow }\r\n\r\nintro\r\n00:00:01.000 --> 00:00:04.500 align:start position:10%\r\n<v Audio Descriptions>Bonjour, voici la <c.yellow>caméra</c>\r\nsur deux lignes\r\n\r\n01:33.000 --> 01:40.000\r\nOuvrez le panneau des périphériques &amp; réglages\r\n"

func TestImportFilesAndTranscripts(t *testing.T) {
	s, _ := openStore(t, false)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"teams/15-camera.md":   cameraMD,
		"teams/15-camera.vtt":  cameraVTT,
		"anchor.md":            "# <a name=\"x\"></a>Titre &amp; ancre\n\ntexte",
		"no-title_here.md":     "juste du texte",
		"réseau/accès-wifi.md": "---\ntitle: Wi-Fi\nduration: \"03:20\"\nkind: video\n---\ncorps",
		"lone-video.srt":       "1\n00:00:01,000 --> 00:00:02,000\n<i>Bonjour</i> {\\an8}à tous\n\n2\n00:00:03,000 --> 00:00:05,000\nDeuxième réplique\n",
		".git/ignored.md":      "# hidden",
		"notes.txt":            "not an article",
	})
	ctx := context.Background()
	rep, err := s.Import(ctx, dir, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 5 || rep.Failed != 0 {
		t.Fatalf("report = %+v, want 5 added", rep)
	}
	arts, err := s.List(ctx, ListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	bySource := map[string]Article{}
	for _, a := range arts {
		bySource[a.Source] = a
	}
	wantTitles := map[string]string{
		"teams/15-camera.md":   "Teams : la caméra ne fonctionne pas",
		"anchor.md":            "Titre & ancre",
		"no-title_here.md":     "No title here",
		"réseau/accès-wifi.md": "Wi-Fi",
		"lone-video.srt":       "Lone video",
	}
	for src, want := range wantTitles {
		if got := bySource[src].Title; got != want {
			t.Errorf("title of %s = %q, want %q", src, got, want)
		}
	}
	if d := bySource["réseau/accès-wifi.md"].Duration; d != 200*time.Second {
		t.Errorf("duration 03:20 = %v", d)
	}
	cam, err := s.Get(ctx, bySource["teams/15-camera.md"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if cam.Kind != KindTutorial || strings.Join(cam.Tags, ",") != "teams,camera" || cam.URL != "https://intranet/camera" ||
		cam.Verified == nil || cam.Verified.Format("2006-01-02") != "2026-05-12" || cam.Lang != "fr" {
		t.Errorf("front matter not applied: %+v", cam)
	}
	want := []Segment{
		{time.Second, 4500 * time.Millisecond, "Bonjour, voici la caméra sur deux lignes"},
		{93 * time.Second, 100 * time.Second, "Ouvrez le panneau des périphériques & réglages"},
	}
	if len(cam.Transcript) != len(want) {
		t.Fatalf("transcript = %+v", cam.Transcript)
	}
	for i, w := range want {
		if cam.Transcript[i] != w {
			t.Errorf("cue %d = %+v, want %+v", i, cam.Transcript[i], w)
		}
	}
	lone, err := s.Get(ctx, bySource["lone-video.srt"].ID)
	if err != nil {
		t.Fatal(err)
	}
	if lone.Kind != KindVideo || len(lone.Transcript) != 2 || lone.Transcript[0].Text != "Bonjour à tous" {
		t.Errorf("lone SRT = %+v", lone)
	}
}

func TestImportReportsBadFilesAndKeepsGoing(t *testing.T) {
	s, d := openStore(t, false)
	dir := t.TempDir()
	files := map[string]string{
		"good.md":         "# Bon article\n\ncontenu",
		"bad-yaml.md":     "---\ntitle: ok\nx: a: b\n---\n# x",
		"bad-flow.md":     "---\ntitle: ok\ntags: [a, b\n---\n# x",
		"unclosed.md":     "---\ntitle: x\n\n# never closed",
		"bad-kind.md":     "---\ntitle: x\nkind: podcast\n---\n",
		"bad-duration.md": "---\ntitle: x\nduration: long\n---\n",
		"latin1.md":       "# Caf\xe9\n",
		"binary.md":       "PK\x03\x04\x00\x00binary",
		"huge.md":         "# big\n" + strings.Repeat("a", MaxFileSize+10),
		"broken.md":       "# Vidéo cassée",
		"broken.vtt":      "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nok\n\n00:00:xx.000 --> 00:00:04.000\ncassé\n",
		"nosig.vtt":       "00:00:01.000 --> 00:00:02.000\nno header\n",
		"bad.srt":         "1\n00:00:01,000 -> 00:00:02,000\ntext\n",
	}
	writeFiles(t, dir, files)
	unreadable := filepath.Join(dir, "secret.md")
	writeFiles(t, dir, map[string]string{"secret.md": "# secret"})
	if runtime.GOOS != "windows" && os.Getuid() != 0 {
		if err := os.Chmod(unreadable, 0); err != nil {
			t.Fatal(err)
		}
	} else {
		os.Remove(unreadable)
	}
	ctx := context.Background()
	rep, err := s.Import(ctx, dir, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 1 {
		t.Errorf("added %d, want only good.md: %+v", rep.Added, rep.Errors)
	}
	got := map[string]string{}
	for _, e := range rep.Errors {
		got[e.Path] = e.Error()
	}
	want := map[string]string{
		"bad-yaml.md":     "bad-yaml.md:3: invalid YAML",
		"bad-flow.md":     "bad-flow.md:",
		"unclosed.md":     "unclosed.md:1: front matter",
		"bad-kind.md":     "bad-kind.md:3: kind",
		"bad-duration.md": "bad-duration.md:3: duration",
		"latin1.md":       "latin1.md:1: invalid UTF-8",
		"binary.md":       "binary.md:1: binary file",
		"huge.md":         "huge.md: file too large",
		"broken.vtt":      "broken.vtt:6: invalid cue timing",
		"nosig.vtt":       "nosig.vtt:1: not a WebVTT file",
		"bad.srt":         "bad.srt:",
	}
	if _, err := os.Stat(unreadable); err == nil && os.Getuid() != 0 {
		want["secret.md"] = "secret.md: cannot read"
	}
	for path, prefix := range want {
		if !strings.HasPrefix(got[path], prefix) {
			t.Errorf("error for %s = %q, want prefix %q", path, got[path], prefix)
		}
	}
	if rep.Failed != len(want) {
		t.Errorf("failed = %d, want %d: %v", rep.Failed, len(want), got)
	}
	// Failed files left nothing behind: one article, no cue.
	var articles, segments int
	if err := d.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM segments)`).Scan(&articles, &segments); err != nil {
		t.Fatal(err)
	}
	if articles != 1 || segments != 0 {
		t.Errorf("after failures: %d articles, %d segments; want 1, 0", articles, segments)
	}
}

func TestReimportIsIdempotentKeepsIDsAndPrunes(t *testing.T) {
	s, d := openStore(t, true)
	ctx := context.Background()
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md": "# Imprimante hors ligne\n\nredémarrer",
		"b.md": "# VPN lent\n\nforticlient",
		"c.md": "# Casque\n\nbluetooth",
	})
	if rep, err := s.Import(ctx, dir, ImportOptions{}); err != nil || rep.Added != 3 {
		t.Fatalf("first import: %+v %v", rep, err)
	}
	rep, err := s.Import(ctx, dir, ImportOptions{})
	if err != nil || rep.Unchanged != 3 || rep.Added+rep.Updated+rep.Failed != 0 {
		t.Fatalf("second import should change nothing: %+v %v", rep, err)
	}
	before := idsBySource(t, d.DB)
	writeFiles(t, dir, map[string]string{"a.md": "# Imprimante hors ligne\n\nredémarrer le spouleur", "d.md": "# Nouveau"})
	if err := os.Remove(filepath.Join(dir, "c.md")); err != nil {
		t.Fatal(err)
	}
	rep, err = s.Import(ctx, dir, ImportOptions{})
	if err != nil || rep.Updated != 1 || rep.Added != 1 || rep.Unchanged != 1 || strings.Join(rep.Missing, ",") != "c.md" || rep.Archived != 0 {
		t.Fatalf("third import: %+v %v", rep, err)
	}
	after := idsBySource(t, d.DB)
	if after["a.md"] != before["a.md"] {
		t.Errorf("updated article changed id: %d → %d", before["a.md"], after["a.md"])
	}
	if rs, _ := s.Search(ctx, "spouleur", SearchOptions{NoRecord: true}); len(rs) != 1 || rs[0].ID != before["a.md"] {
		t.Errorf("updated text not searchable: %+v", rs)
	}
	// Without --prune the missing article is still there.
	if _, err := s.Get(ctx, before["c.md"]); err != nil {
		t.Errorf("missing article archived without prune: %v", err)
	}
	rep, err = s.Import(ctx, dir, ImportOptions{Prune: true})
	if err != nil || rep.Archived != 1 {
		t.Fatalf("prune: %+v %v", rep, err)
	}
	if a, err := s.Get(ctx, before["c.md"]); err != nil || !a.Archived {
		t.Errorf("pruned article: Get = %+v, %v; want it archived (kept for the tickets linked to it)", a, err)
	}
	if rs, _ := s.Search(ctx, "casque", SearchOptions{NoRecord: true}); len(rs) != 0 {
		t.Errorf("pruned article still found by Search: %+v", rs)
	}
	// Importing another folder does not call this one's articles missing.
	other := t.TempDir()
	writeFiles(t, other, map[string]string{"z.md": "# Autre"})
	if rep, err := s.Import(ctx, other, ImportOptions{Prune: true}); err != nil || len(rep.Missing) != 0 {
		t.Errorf("import of another folder: %+v %v", rep, err)
	}
	// The file comes back: same article, searchable again.
	writeFiles(t, dir, map[string]string{"c.md": "# Casque\n\nbluetooth"})
	if rep, err := s.Import(ctx, dir, ImportOptions{}); err != nil || rep.Updated != 1 {
		t.Fatalf("restore: %+v %v", rep, err)
	}
	if rs, _ := s.Search(ctx, "casque", SearchOptions{NoRecord: true}); len(rs) != 1 || rs[0].ID != before["c.md"] {
		t.Errorf("restored article: %+v", rs)
	}
}

func idsBySource(t *testing.T, d *sql.DB) map[string]int64 {
	t.Helper()
	rows, err := d.Query(`SELECT path, article_id FROM article_meta WHERE path IS NOT NULL`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var src string
		var id int64
		if err := rows.Scan(&src, &id); err != nil {
			t.Fatal(err)
		}
		out[src] = id
	}
	return out
}

const sharedData = "../../shared/data"

func TestRealCorpusAlchemyImportsWithCleanTitles(t *testing.T) {
	dir := filepath.Join(sharedData, "kb-fr-alchemy")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("real corpus not present at %s (it lives outside the project): %v", dir, err)
	}
	if testing.Short() {
		t.Skip("imports 3,024 articles; skipped with -short")
	}
	s, _ := openStore(t, false)
	ctx := context.Background()
	rep, err := s.Import(ctx, dir, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Failed != 0 || rep.Added < 3024 {
		t.Fatalf("report: %+v (errors %v)", rep, rep.Errors)
	}
	var after int64
	n := 0
	for {
		page, err := s.List(ctx, ListOptions{AfterID: after, Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		for _, a := range page {
			if a.Title == "" || strings.ContainsAny(a.Title, "<>\n") {
				t.Errorf("%s: unclean title %q", a.Source, a.Title)
			}
			n++
		}
		after = page[len(page)-1].ID
	}
	if n != rep.Added {
		t.Errorf("listed %d articles, imported %d", n, rep.Added)
	}
	rs, err := s.Search(ctx, "partage écran teams", SearchOptions{Limit: 3})
	if err != nil || len(rs) == 0 {
		t.Errorf("search in the real corpus: %v %v", rs, err)
	}
}

func TestRealCorpusW3CVTTParse(t *testing.T) {
	dir := filepath.Join(sharedData, "vtt-w3c")
	if _, err := os.Stat(dir); err != nil {
		t.Skipf("W3C WebVTT files not present at %s (they live outside the project): %v", dir, err)
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".vtt") {
			return err
		}
		n++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		segs, err := parseVTT(string(data))
		if err != nil {
			t.Errorf("%s: %v", p, err)
			return nil
		}
		if len(segs) == 0 {
			t.Errorf("%s: no cue", p)
		}
		for _, s := range segs {
			if strings.ContainsAny(s.Text, "<>") || s.End < s.Start {
				t.Errorf("%s: bad cue %+v", p, s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != 81 {
		t.Errorf("found %d VTT files, want 81", n)
	}
	s, _ := openStore(t, false)
	rep, err := s.Import(context.Background(), dir, ImportOptions{})
	if err != nil || rep.Failed != 0 {
		t.Fatalf("import: %+v %v", rep, err)
	}
}

func TestParseDuration(t *testing.T) {
	cases := map[string]time.Duration{"3m20s": 200 * time.Second, "03:20": 200 * time.Second, "1:02:03": 3723 * time.Second, "90": 90 * time.Second}
	for in, want := range cases {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, bad := range []string{"long", "3:75", "-5", ""} {
		if _, err := ParseDuration(bad); err == nil {
			t.Errorf("ParseDuration(%q) accepted", bad)
		}
	}
}

// A batch is written without a savepoint per article (FTS5 writes a segment
// at each): an article the database refuses makes the batch be written
// again with savepoints, so the refused one leaves no trace, not even in
// the search index, and the others of its batch are stored.
func TestImportArticleRefusedByTheDatabaseLeavesNoTrace(t *testing.T) {
	s, d := openStore(t, false)
	if _, err := d.Exec(`CREATE TRIGGER refuse_test BEFORE INSERT ON articles WHEN new.title LIKE '%refusé%'
		BEGIN SELECT RAISE(ABORT, 'refusé par le test'); END`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md": "# Imprimante bloquée\n\nRelancer le spouleur.",
		"b.md": "# Article refusé\n\nImprimante fantôme.",
		"c.md": "# Imprimante absente\n\nAjouter l'imprimante.",
	})
	ctx := context.Background()
	rep, err := s.Import(ctx, dir, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2 || len(rep.Errors) != 1 || rep.Errors[0].Path != "b.md" || !strings.Contains(rep.Errors[0].Error(), "refusé par le test") {
		t.Fatalf("added %d, errors %+v", rep.Added, rep.Errors)
	}
	var n int
	if err := d.QueryRow(`SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'imprimante'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Errorf("%d articles found by the search index, want the 2 stored", n)
	}
	if err := d.QueryRow(`SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'fantome OR refuse'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the refused article is in the search index (%d rows, %v)", n, err)
	}
}

// An article refused while its typo vocabulary is written leaves none of
// its words, and the words it shares with the others are still written for
// them: the batch is written again with savepoints after the first attempt
// is rolled back whole.
func TestImportArticleRefusedLeavesItsWordsOut(t *testing.T) {
	s, d := openStore(t, false)
	if _, err := d.Exec(`CREATE TRIGGER refuse_test BEFORE INSERT ON kb_vocab WHEN new.term = 'fantome'
		BEGIN SELECT RAISE(ABORT, 'refusé par le test'); END`); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"a.md": "# Imprimante bloquée\n\nRelancer le spouleur.",
		"b.md": "# Article refusé\n\nImprimante fantôme, bourrage spectral.",
		"c.md": "# Bourrage spectral\n\nOuvrir le capot.",
	})
	rep, err := s.Import(context.Background(), dir, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Added != 2 || len(rep.Errors) != 1 || rep.Errors[0].Path != "b.md" {
		t.Fatalf("added %d, errors %+v", rep.Added, rep.Errors)
	}
	for term, want := range map[string]bool{
		"bloquee": true, "spouleur": true, // a's, written in the attempt rolled back
		"bourrage": true, "spectral": true, // b's and c's: c's
		"capot": true, "fantome": false, "refuse": false, // b's alone
	} {
		if got, err := s.known(context.Background(), term, false); err != nil || got != want {
			t.Errorf("%q in the typo vocabulary: %v (%v), want %v", term, got, err, want)
		}
	}
}
