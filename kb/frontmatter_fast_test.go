package kb

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// bothFrontMatters applies front matter through the shortcut, when it
// takes it, and through the YAML parser.
func bothFrontMatters(fm []byte) (fast, slow *Article, fastErr, slowErr error, taken bool) {
	root, ok := simpleFrontMatter(fm)
	if !ok {
		return nil, nil, nil, nil, false
	}
	fast, slow = &Article{}, &Article{}
	fastErr = applyFrontMatterNodes(fast, root, 2)
	yroot, err := parseFrontMatter(fm, 2)
	switch {
	case err != nil:
		slowErr = err
	case yroot != nil:
		slowErr = applyFrontMatterNodes(slow, yroot, 2)
	}
	return fast, slow, fastErr, slowErr, true
}

func checkSameFrontMatter(t *testing.T, fm []byte) bool {
	t.Helper()
	fast, slow, fastErr, slowErr, taken := bothFrontMatters(fm)
	if !taken {
		return false
	}
	if (fastErr == nil) != (slowErr == nil) || fastErr != nil && fastErr.Error() != slowErr.Error() {
		t.Fatalf("front matter %q:\nshortcut error %v\nYAML error     %v", fm, fastErr, slowErr)
	}
	if fastErr == nil && !reflect.DeepEqual(fast, slow) {
		t.Fatalf("front matter %q:\nshortcut %+v\nYAML     %+v", fm, fast, slow)
	}
	return true
}

// FuzzSimpleFrontMatter: whatever the shortcut reads, it reads as the YAML
// parser does (same article, or the same error at the same line).
func FuzzSimpleFrontMatter(f *testing.F) {
	for _, s := range []string{
		"title: Enregistrement des appels 1:1\nms.author: v-smandalika\nms.custom:\n- \"9002530\"\n- \"7648\"\nms.locfileid: \"58314382\"\n",
		"title: 'Teams : l''appel'\ntags:\n  - Teams\n  - audio\nkind: video\nduration: 03:20\nverified: 2026-05-12\n",
		"title:\n- a\n- b\n", "kind:\n  - video\n", "tags:\n- \n- x\n", "tags: a, b; c\n", "title: ~\nlang: NULL\n",
		"duration: long\n", "verified: 31/02/2026\n", "kind: podcast\n", "title: \"\"\ntags: ''\n", "# comment\n\ntitle: x\n",
		"title: C# et F#\n", "title: a #b\n", "title: a: b\n", "title: fin:\n", "title: x\ntitle: y\n", "Title: grand\n",
		"title: 'unclosed\n", "title: \"esc\\\"aped\"\n", "title: \xc2\xa0nbsp\xc2\xa0\n", "url: https://x/?a=1&b=2\n",
		"tags:\n- a\n  - b\n", "tags:\n  - a\n- b\n", "tags:\n- a\nkind: video\n- b\n", "key:value\n", "2026: x\n",
		"title: [a, b]\n", "title: >\n  x\n", "title: &a x\n", "title: !!str x\n", "title: x\n  continued\n",
		"tags: - a\n", "tags:\n- - a\n", "tags:\n- a: b\n", "duration: 1e300\n", "duration: -5\n", "duration: 1:02:03\n",
		"lang: FR\nlanguage: en\n", "link: x\nurl: y\n", "keywords:\n- Outlook\n- outlook\n", "verified: ''\n", "verified:\n",
		"title: 'x' \n", "title: \"x\" # c\n", "ti tle: x\n", ".title: x\n", "-title: x\n", "title : x\n",
		"type: video\n", "TITLE: x\nKeyWords:\n- a\n", "Link: x\nLANGUAGE: de\nDuration: 5\nVerified: 2026-01-02\n",
		"ms.custom:\n- a\ntags:\n- b\n", "other:\n  - x\ntags: y\n", "other: x\n  - y\n", "other:\n- a: b\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, fm []byte) {
		checkSameFrontMatter(t, fm)
	})
}

// The shortcut agrees with the YAML parser on every front matter of the
// real corpus, and is the path nearly all of them take (else it saves
// nothing).
func TestSimpleFrontMatterAgreesOnTheCorpus(t *testing.T) {
	dir := filepath.Join(sharedData, "kb-fr-alchemy")
	files, _ := filepath.Glob(filepath.Join(dir, "*", "*.md"))
	if len(files) == 0 {
		t.Skip("the shared corpus is not at " + dir)
	}
	var blocks, taken int
	for _, p := range files {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		data, err = checkText(data)
		if err != nil {
			continue
		}
		_, _, fm, err := splitFrontMatter(data)
		if err != nil || fm == nil {
			continue
		}
		blocks++
		if checkSameFrontMatter(t, fm) {
			taken++
		}
	}
	t.Logf("%d of %d front matters read without the YAML parser", taken, blocks)
	if blocks == 0 || taken < blocks*95/100 {
		t.Errorf("only %d of %d front matters take the shortcut", taken, blocks)
	}
}
