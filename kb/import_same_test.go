package kb

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var updateImportSame = flag.Bool("update-import-same", false, "rewrite testdata/import-same.golden from this code")

// edgeArticles are the awkward cases of the corpus in a few files: front
// matter written every way the importer accepts, words the folding and the
// typo vocabulary treat specially (ligatures, letters that fold to two,
// other scripts, numbers, words of 2 and 31 letters, apostrophes), a
// transcript of each kind and files that are refused.
var edgeArticles = map[string]string{
	"camera/15-camera.md":  cameraMD,
	"camera/15-camera.vtt": cameraVTT,
	"flow.md":              "---\ntitle: 'Imprimante : l''écran reste noir'\ntags: [Imprimante, \"Écran noir\", HP]\nkind: Tutoriel\nverified: 2026-01-31T10:00:00Z\nlanguage: FR\n---\n# Autre titre\n\nÉteignez l’imprimante, attendez 30 secondes.\n",
	"block.md":             "---\ntitle: >-\n  Cœur de   la\n  messagerie\nkeywords:\n  - Outlook\n  - boîte partagée\n  - boîte partagée\nlink: https://intranet/outlook\nduration: 1:02:03\ntype: video\nverified: 12/05/2026\nms.custom:\n- \"9002530\"\n---\nStraße, ﬁchier, Ærø, œuvre, Ελληνικά, 東京, naïve, 2026, 42km, ab, supercalifragilisticexpialidocious31x.\n",
	"scalar-tags.md":       "---\ntitle: ~\ntags: vpn; télétravail, MFA\nurl: \"https://intranet/vpn?a=1&b=2\"\nduration: 3m20s\nlang:\nverified:\n---\n# <a name=\"vpn\"></a>VPN **lent** en [télétravail](https://x)\n\nLe VPN se coupe. Voir `ipconfig /all` et https://aka.ms/vpn.\n",
	"comments.md":          "---\n# a comment\ntitle: \"Double \\\"quoted\\\" \\u00e9t\\u00e9\" # trailing comment\ntags: [ a , b ]\nrandom: {x: 1, y: [2, 3]}\nanchor: &a value\nalias: *a\n---\n\n## Not level one\n\n# Titre sous un autre\n",
	"empty-front.md":       "---\n---\n# Vide\n\nRien.",
	"dots.md":              "---\ntitle: Points\n...\nCorps après trois points.\n",
	"numbers.md":           "---\ntitle: 2026\ntags: [1, true, null]\nduration: 95.5\n---\ncorps",
	"crlf.md":              "---\r\ntitle: Fin de ligne Windows\r\n---\r\nLigne un\r\nLigne deux\r\n",
	"lone.srt":             "1\n00:00:01,000 --> 00:00:02,000\n<i>Bonjour</i> {\\an8}à tous\n\n2\n00:00:03,000 --> 00:00:05,000\nDeuxième réplique\n",
	"lone-caption.vtt":     "WEBVTT\n\n00:01.000 --> 00:04.000\nLa fenêtre « Paramètres » s’ouvre.\n\n00:05.000 --> 00:09.000\nCliquez sur Comptes puis sur Accès professionnel.\n",
	"bad-yaml.md":          "---\ntitle: ok\nx: a: b\n---\n# x",
	"bad-dup.md":           "---\ntitle: un\ntitle: deux\n---\n# x",
	"bad-tab.md":           "---\ntitle: x\n\ttags: [a]\n---\n",
	"bad-list.md":          "---\ntitle: x\ntags: [[a, b], c]\n---\n",
	"bad-title.md":         "---\ntitle: [a, b]\n---\n",
	"bad-kind.md":          "---\ntitle: x\nkind: podcast\n---\n",
	"bad-verified.md":      "---\ntitle: x\nverified: demain\n---\n",
	"unclosed.md":          "---\ntitle: x\n\n# never closed",
	"latin1.md":            "# Caf\xe9\n",
}

// TestImportStoresWhatItStoredBefore imports a sample of the real corpus,
// the W3C transcripts and edgeArticles, changes a few files and imports
// again, then compares what was stored (rows, typo vocabulary, full-text
// index, search results, the report) with what the importer stored before
// it was made faster (testdata/import-same.golden, written by the code of
// main at ed2c671). A change that stores something else fails here; if the
// change is meant, rewrite the file with -update-import-same and say why.
func TestImportStoresWhatItStoredBefore(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	var dirs []string
	if src := filepath.Join(sharedData, "kb-fr-alchemy"); dirExists(src) {
		dirs = append(dirs, copySample(t, src, filepath.Join(root, "alchemy"), 7))
	}
	if src := filepath.Join(sharedData, "vtt-w3c"); dirExists(src) {
		dirs = append(dirs, copySample(t, src, filepath.Join(root, "w3c"), 1))
	}
	if len(dirs) < 2 {
		t.Skip("the shared corpus is not at " + sharedData)
	}
	edge := filepath.Join(root, "edge")
	writeFiles(t, edge, edgeArticles)
	dirs = append(dirs, edge)
	s, d := openStore(t, false)

	var out strings.Builder
	rep, err := s.ImportDirs(ctx, dirs, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	writeReport(&out, "first import", rep)
	dumpKB(t, d.DB, s, &out)

	// Changed, new and removed files, then the same folders again.
	writeFiles(t, edge, map[string]string{
		"flow.md":          "---\ntitle: Imprimante hors ligne\ntags: [imprimante, réseau]\n---\nRedémarrez le spouleur d’impression.\n",
		"camera/new.md":    "# Nouvel article\n\nCaméra et micro dans Teams.",
		"bad-yaml.md":      "---\ntitle: réparé\n---\ncorps",
		"lone-caption.vtt": "WEBVTT\n\n00:01.000 --> 00:04.000\nUne autre légende.\n",
	})
	if err := os.Remove(filepath.Join(edge, "dots.md")); err != nil {
		t.Fatal(err)
	}
	rep, err = s.ImportDirs(ctx, dirs, ImportOptions{Prune: true})
	if err != nil {
		t.Fatal(err)
	}
	writeReport(&out, "second import", rep)
	dumpKB(t, d.DB, s, &out)

	got := digestSections(out.String())
	golden := filepath.Join("testdata", "import-same.golden")
	if *updateImportSame {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if dump := os.Getenv("HOTLINE_IMPORT_SAME_DUMP"); dump != "" {
		_ = os.WriteFile(dump, []byte(out.String()), 0o644)
	}
	wantData, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	want := string(wantData)
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := 0; i < max(len(gl), len(wl)); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("stored data differs from before:\n got  %s\n want %s", g, w)
			}
		}
		t.Log("set HOTLINE_IMPORT_SAME_DUMP=/tmp/file to see the whole dump")
	}
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}

// copySample copies every nth article file (and the transcripts beside it)
// of src to dst, keeping paths.
func copySample(t *testing.T, src, dst string, nth int) string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && p != src {
			return filepath.SkipDir
		}
		if !d.IsDir() && isArticleFile(d.Name()) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(files)
	for i, p := range files {
		if i%nth != 0 {
			continue
		}
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(src, p)
		writeFiles(t, dst, map[string]string{filepath.ToSlash(rel): string(data)})
	}
	return dst
}

func writeReport(out *strings.Builder, title string, rep ImportReport) {
	fmt.Fprintf(out, "## report %s\n", title)
	fmt.Fprintf(out, "added %d updated %d unchanged %d failed %d archived %d\n", rep.Added, rep.Updated, rep.Unchanged, rep.Failed, rep.Archived)
	var errs []string
	for _, fe := range rep.Errors {
		// Where, not the wording: the reasons' words are another matter.
		errs = append(errs, fmt.Sprintf("%s %s:%d", filepath.Base(fe.Dir), fe.Path, fe.Line))
	}
	sort.Strings(errs)
	for _, e := range errs {
		fmt.Fprintln(out, e)
	}
	for _, m := range rep.Missing {
		fmt.Fprintln(out, "missing", m)
	}
}

// dumpKB writes what an import stores, one "## section" at a time.
func dumpKB(t *testing.T, d *sql.DB, s *Store, out *strings.Builder) {
	t.Helper()
	ctx := context.Background()
	queries := []struct{ name, q string }{
		{"articles", `SELECT id, kind, title, url, duration_ms, tags, lang, coalesce(verified, '-'), origin IS NOT NULL, hash, archived, created_at, updated_at, body FROM articles ORDER BY id`},
		{"meta", `SELECT article_id, collection, coalesce(path, '-'), coalesce(reviewed_at, -1), links FROM article_meta ORDER BY article_id`},
		{"tags", `SELECT tag, article_id FROM article_tags ORDER BY tag, article_id`},
		{"segments", `SELECT id, article_id, start_ms, end_ms, text FROM segments ORDER BY id`},
		{"vocab", `SELECT term FROM kb_vocab ORDER BY term`},
		{"articles_fts", `SELECT term, doc, cnt FROM articles_vocab ORDER BY term`},
		{"articles_fts_col", `SELECT term, col, doc, cnt FROM articles_vocab_col ORDER BY term, col`},
		{"segments_fts", `SELECT term, doc, cnt FROM segments_vocab ORDER BY term`},
		{"fts_match", `SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'imprimante OR teams OR outlook' ORDER BY rowid`},
	}
	for _, q := range queries {
		fmt.Fprintf(out, "## %s\n", q.name)
		rows, err := d.QueryContext(ctx, q.q)
		if err != nil {
			t.Fatalf("%s: %v", q.name, err)
		}
		cols, _ := rows.Columns()
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if i > 0 {
					out.WriteByte('\t')
				}
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				fmt.Fprintf(out, "%q", fmt.Sprint(v))
			}
			out.WriteByte('\n')
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	for _, check := range []string{
		`INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')`,
		`INSERT INTO segments_fts(segments_fts) VALUES ('integrity-check')`,
	} {
		if _, err := d.ExecContext(ctx, check); err != nil {
			t.Fatalf("%s: %v", check, err)
		}
	}
	fmt.Fprintf(out, "## search\n")
	for _, q := range append(realisticQueries, "bonjour", "légende", "straße", "oeuvre", "telechargement") {
		res, err := s.Search(ctx, q, SearchOptions{NoRecord: true})
		if err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
		for _, r := range res {
			at := -1.0
			if r.At != nil {
				at = *r.At
			}
			fmt.Fprintf(out, "%q\t%d\t%q\t%.6g\t%q\t%g\n", q, r.ID, r.Title, r.Score, r.Snippet, at)
		}
	}
}

// digestSections turns a dump into one line per section: its name, its
// number of lines and a hash of them.
func digestSections(dump string) string {
	var b strings.Builder
	var name string
	var lines []string
	flush := func() {
		if name == "" {
			return
		}
		h := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		fmt.Fprintf(&b, "%s\t%d\t%s\n", name, len(lines), hex.EncodeToString(h[:12]))
	}
	seen := map[string]int{}
	for _, l := range strings.Split(dump, "\n") {
		if rest, ok := strings.CutPrefix(l, "## "); ok {
			flush()
			seen[rest]++
			name, lines = fmt.Sprintf("%s#%d", rest, seen[rest]), nil
			continue
		}
		if l != "" {
			lines = append(lines, l)
		}
	}
	flush()
	return b.String()
}
