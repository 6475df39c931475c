package demo

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// frontMatter returns the key/value lines of the YAML front matter of a
// Markdown file, or nil if the file has none.
func frontMatter(t *testing.T, path string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.ReplaceAll(string(data), "\r\n", "\n")
	if !strings.HasPrefix(text, "---\n") {
		return nil
	}
	head, _, ok := strings.Cut(text[len("---\n"):], "\n---\n")
	if !ok {
		return nil
	}
	fm := map[string]string{}
	for _, line := range strings.Split(head, "\n") {
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		value = strings.TrimSpace(value)
		if i := strings.Index(value, " #"); i >= 0 {
			value = strings.TrimSpace(value[:i])
		}
		fm[strings.TrimSpace(key)] = strings.Trim(value, `"`)
	}
	return fm
}

func TestContent(t *testing.T) {
	entries, err := os.ReadDir("content")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]bool{}
	for _, e := range entries {
		files[e.Name()] = true
	}

	var md int
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".md") {
			continue
		}
		md++
		fm := frontMatter(t, filepath.Join("content", name))
		if fm == nil {
			t.Errorf("%s: no front matter", name)
			continue
		}
		if fm["title"] == "" {
			t.Errorf("%s: front matter has no title", name)
		}
		switch fm["kind"] {
		case "tutorial":
		case "video":
			vtt := strings.TrimSuffix(name, ".md") + ".vtt"
			if !files[vtt] {
				t.Errorf("%s: video without transcript %s", name, vtt)
			}
		default:
			t.Errorf("%s: unexpected kind %q", name, fm["kind"])
		}
	}
	if md == 0 {
		t.Fatal("no Markdown files in content/")
	}

	for _, s := range scenarios {
		// Only the new issue with no tutorial yet, which the reports show
		// as a gap, may have no article.
		if len(s.Articles) == 0 && !onlyInSpikes[s.Key] {
			t.Errorf("scenario %s: no articles", s.Key)
		}
		for _, slug := range s.Articles {
			if !files[slug+".md"] {
				t.Errorf("scenario %s: content/%s.md does not exist", s.Key, slug)
			}
		}
	}
}
