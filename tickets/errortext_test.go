package tickets

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// No error text of the domain names a flag or a command: each front end
// (command line, interface, portal) words the advice for its own user.
func TestErrorTextsNameNoFlagOrCommand(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	frontEnd := regexp.MustCompile("--[a-z]|`hotline|hotline [a-z]+ [a-z]")
	fset := token.NewFileSet()
	checked := 0
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
			if !ok {
				return true
			}
			var name string
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			switch name {
			case "Errorf", "New", "Sprintf", "invalid":
			default:
				return true
			}
			for _, arg := range call.Args {
				lit, ok := arg.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					continue
				}
				s, _ := strconv.Unquote(lit.Value)
				checked++
				if frontEnd.MatchString(s) {
					t.Errorf("%s: error text names a flag or a command: %q", fset.Position(lit.Pos()), s)
				}
			}
			return true
		})
	}
	if checked < 50 {
		t.Fatalf("only %d texts checked: the scan is broken", checked)
	}
}
