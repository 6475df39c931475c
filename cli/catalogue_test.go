package cli

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// Every catalogue id the command line asks for (e.t.T("…"), e.t.F("…"),
// usageT("…"), failT("…"), msgID("…"), and ids built from a prefix) has its English and
// French words: a missing one would print its id.
func TestEveryCLIWordExistsInBothLanguages(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	prefixes := map[string][]string{
		"noun.":     {"ticket", "problem", "article", "attachment"},
		"numberof.": {"ticket", "problem", "article", "attachment"},
	}
	fset := token.NewFileSet()
	used := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || len(call.Args) == 0 {
				return true
			}
			var fn string
			switch f := call.Fun.(type) {
			case *ast.SelectorExpr:
				fn = f.Sel.Name
			case *ast.Ident:
				fn = f.Name
			}
			switch fn {
			case "T", "F", "usageT", "failT", "msgID":
			default:
				return true
			}
			where := fset.Position(call.Pos()).String()
			switch a := call.Args[0].(type) {
			case *ast.BasicLit:
				if a.Kind == token.STRING {
					s, _ := strconv.Unquote(a.Value)
					used[s] = where
				}
			case *ast.BinaryExpr:
				lit, ok := a.X.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				p, _ := strconv.Unquote(lit.Value)
				values, known := prefixes[p]
				if !known {
					t.Errorf("%s: id built from prefix %q: add its values to this test", where, p)
				}
				for _, v := range values {
					used[p+v] = where
				}
			}
			return true
		})
	}
	// usage.nargs.N for the counts exactArgs is given.
	used["usage.nargs.1"], used["usage.nargs.2"] = "exactArgs", "exactArgs"
	if len(used) < 60 {
		t.Fatalf("only %d ids found: the scan is broken", len(used))
	}
	for id, where := range used {
		if w, ok := words[id]; !ok || w[0] == "" || w[1] == "" {
			t.Errorf("%s: catalogue id %q missing in English or French", where, id)
		}
	}
	for id := range words {
		if _, ok := used[id]; !ok {
			t.Errorf("catalogue id %q is no longer used: remove it", id)
		}
	}
}
