package kb

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// Every reason code declared is listed by Codes (the front ends' tests
// walk it to check each is worded in each language) and has English
// words, with no verb left unfilled.
func TestEveryCodeIsListedAndWorded(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "reasons.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	declared := map[Code]bool{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			if id, ok := v.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			lit := v.Values[0].(*ast.BasicLit)
			declared[Code(strings.Trim(lit.Value, `"`))] = true
		}
	}
	listed := map[Code]bool{}
	for _, c := range Codes() {
		if listed[c] {
			t.Errorf("%s listed twice", c)
		}
		listed[c] = true
		if !declared[c] {
			t.Errorf("%s listed but not declared", c)
		}
		r := Reason{Code: c, Value: "v", Limit: 3, Other: "o.vtt", OtherID: 4}
		if c == CodeNotRegular || c == CodeLinkNotRegular {
			r.Value = KindPipe
		}
		if s := r.String(); s == string(c) || strings.Contains(s, "%!") {
			t.Errorf("%s in English: %q", c, s)
		}
	}
	for c := range declared {
		if !listed[c] {
			t.Errorf("%s is declared but Codes does not list it: add it to codeOrder", c)
		}
	}
	if len(declared) < 40 {
		t.Errorf("only %d codes found in reasons.go", len(declared))
	}
}

// The errors keep their English words for logs, scripts and JSON, with
// the typed reason beside them.
func TestReasonsAreTyped(t *testing.T) {
	_, err := ParseArticle("a.md", []byte("---\nkind: podcast\n---\n# T\n"))
	r, ok := ReasonOf(err)
	if !ok || r.Code != CodeUnknownKind || r.Value != "podcast" || err.Error() != `line 2: kind "podcast" is neither tutorial nor video` {
		t.Errorf("bad kind: %v %+v", err, r)
	}
	_, err = ParseDuration("forever")
	if r, ok := ReasonOf(err); !ok || r.Code != CodeBadDuration || r.Value != "forever" {
		t.Errorf("bad duration: %v %+v", err, r)
	}
	_, err = parseVTT("WEBVTT\n\n00:01 --> zz\nhello\n")
	if r, ok := ReasonOf(err); !ok || r.Code != CodeBadCueTiming || err.(*LineError).Line != 3 ||
		err.Error() != `line 3: invalid cue timing "00:01 --> zz" (expected 00:01:02.500 --> 00:01:05.000)` {
		t.Errorf("bad timing: %v %+v", err, r)
	}
	err = ValidCollection("a/b")
	if r, ok := ReasonOf(err); !ok || r.Code != CodeCollectionSlash || err.Error() != `collection: collection "a/b" holds a /` {
		t.Errorf("bad collection: %v %+v", err, r)
	}
}
