package kb

import (
	"context"
	"strings"
	"testing"
)

// FuzzFrontMatter parses any Markdown file as the importer does: never a
// panic, never a hang (YAML aliases included), an error that says where,
// and an article with a title and no negative duration.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"# Titre\n\nCorps", "---\ntitle: VPN\ntags: [vpn, teams]\nduration: 3m20s\n---\n# VPN\n",
		"---\ntitle: [a\n---\n", "---\n---\n", "---\nduration: inf\n---\n", "---\nduration: 1e300\n---\n",
		"---\nverified: 31/02/2026\n---\n", "---\na: &a [*a]\n---\n",
		"---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n---\n",
		"----\nnot front matter", "---\r\ntitle: crlf\r\n---\r\nbody", "\xef\xbb\xbf---\ntitle: bom\n---\n",
		"---\ntags: {a: b}\n---\n", "---\nkind: video\nurl: https://example.org/v.mp4\n---\n",
	} {
		f.Add("article.md", []byte(s))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		a, err := parseMarkdown(name, data)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		if a.Duration < 0 {
			t.Fatalf("negative duration %v from %q", a.Duration, data)
		}
		if strings.TrimSpace(a.Title) == "" && strings.TrimSpace(fileTitle(name)) != "" {
			t.Fatalf("no title from %q", data)
		}
	})
}

// FuzzVTT and FuzzSRT read any caption file: never a panic, cues in the
// file's order with 0 <= start <= end, text on one line without markup.
func FuzzVTT(f *testing.F) {
	for _, s := range []string{
		"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nBonjour\n",
		"WEBVTT\n\nNOTE hi\n\n1\n00:01.000 --> 00:02.000 align:start\n<v Roger>Salut</v> &amp; toi\n",
		"WEBVTT\n00:00:01.000 --> 00:00:02.000\n", "WEBVTT\n\n99999999999:00:00.000 --> 99999999999:00:01.000\nx\n",
		"WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nback\n", "\xef\xbb\xbfWEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\nx\r\n",
		"not vtt", "WEBVTT\n\n-1:00.000 --> 00:01.000\nx\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		segs, err := parseVTT(data)
		checkSegments(t, data, segs, err)
	})
}

func FuzzSRT(f *testing.F) {
	for _, s := range []string{
		"1\n00:00:01,000 --> 00:00:04,000\nBonjour\n\n2\n00:00:05,000 --> 00:00:06,000\n{\\an8}Salut\n",
		"00:00:01.000 --> 00:00:02.000\nno number\n", "1\n", "x\ny\n", "1\n9223372036854:00:00,000 --> 9223372036854:00:01,000\nx\n",
		"1\n00:00:01,000 --> \nx\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data string) {
		segs, err := parseSRT(data)
		checkSegments(t, data, segs, err)
	})
}

func checkSegments(t *testing.T, data string, segs []Segment, err error) {
	t.Helper()
	if err != nil {
		if _, ok := err.(*LineError); !ok {
			t.Fatalf("error without a line: %v", err)
		}
		return
	}
	for _, s := range segs {
		if s.Start < 0 || s.End < s.Start {
			t.Fatalf("cue %v --> %v from %q", s.Start, s.End, data)
		}
		if s.Text == "" || strings.ContainsAny(s.Text, "\n\r") {
			t.Fatalf("cue text %q from %q", s.Text, data)
		}
	}
}

// FuzzSearch types anything into the knowledge-base search: it answers
// (possibly nothing) and never fails on its input.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{
		"imprimante", "VPN ne se connecte pas", `"quoted`, "a* -b NEAR(c d)", "title:x", "écran noir", "caf\xe9",
		"où", "l'", "🚀", strings.Repeat("mot ", 300), "teams camera micro", "AND", "((", "x\x00y",
	} {
		f.Add(s)
	}
	s, _ := openStore(f, true)
	ctx := context.Background()
	for _, a := range []Article{
		{Kind: KindTutorial, Title: "Imprimante bloquée", Body: "Redémarrer le spouleur d'impression.", Tags: []string{"imprimante"}},
		{Kind: KindTutorial, Title: "VPN : la connexion échoue", Body: "Vérifier le certificat, puis relancer le client VPN.", Tags: []string{"vpn"}},
		{Kind: KindVideo, Title: "Teams : caméra noire", Body: "Autoriser la caméra.", URL: "https://example.org/t.mp4",
			Transcript: []Segment{{Start: 0, End: 2e9, Text: "ouvrez les paramètres de la caméra"}}},
	} {
		if _, err := s.Add(ctx, a); err != nil {
			f.Fatal(err)
		}
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := s.Search(ctx, q, SearchOptions{Limit: 5}); err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
	})
}
