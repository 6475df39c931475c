package codecheck

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// root is the repository, from this package's folder.
const root = "../.."

// sources parses the non-test Go files of dir (recursively when deep).
func sources(t *testing.T, fset *token.FileSet, dir string, deep bool) map[string]*ast.File {
	t.Helper()
	out := map[string]*ast.File{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if p != dir && (!deep || strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, 0)
		if err != nil {
			return err
		}
		out[p] = f
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func callName(call *ast.CallExpr) string {
	switch fn := call.Fun.(type) {
	case *ast.SelectorExpr:
		return fn.Sel.Name
	case *ast.Ident:
		return fn.Name
	}
	return ""
}

// No error text of a domain package names a flag or a command: each front
// end (command line, interface, portal) words the advice for its own user.
func TestDomainErrorTextsNameNoFlagOrCommand(t *testing.T) {
	frontEnd := regexp.MustCompile("--[a-z]|`hotline|hotline [a-z]+ [a-z]")
	for _, pkg := range []string{"tickets", "kb", "attachments", "access", "feedback", "mailstore"} {
		t.Run(pkg, func(t *testing.T) {
			fset := token.NewFileSet()
			checked := 0
			for _, file := range sources(t, fset, filepath.Join(root, pkg), false) {
				// Every string literal: messages are also built from
				// constants and concatenations, not only in Errorf.
				ast.Inspect(file, func(n ast.Node) bool {
					lit, ok := n.(*ast.BasicLit)
					if !ok || lit.Kind != token.STRING {
						return true
					}
					s, _ := strconv.Unquote(lit.Value)
					checked++
					if frontEnd.MatchString(s) {
						t.Errorf("%s: text names a flag or a command: %q", fset.Position(lit.Pos()), s)
					}
					return true
				})
			}
			if checked < 3 {
				t.Fatalf("only %d texts checked in %s: the scan is broken", checked, pkg)
			}
		})
	}
}

// No code outside tests decides what an error is by reading its text
// (strings.Contains(err.Error(), "UNIQUE"), a regexp on err.Error()…):
// errors are told apart by type, sentinel or SQLite code. Texts of other
// libraries that only exist as text are rewritten in one named place each,
// listed here with why.
func TestNoErrorTextMatching(t *testing.T) {
	allowed := map[string]string{
		// yaml.v3 reports syntax errors only as "yaml: line N: …" text.
		"internal/config/config.go:yamlError": "yaml.v3 has no typed syntax error",
		"kb/frontmatter.go:applyFrontMatter":  "yaml.v3 has no typed syntax error",
	}
	matchers := map[string]bool{
		"Contains": true, "HasPrefix": true, "HasSuffix": true, "Index": true, "EqualFold": true,
		"MatchString": true, "FindStringSubmatch": true, "FindString": true, "FindStringIndex": true,
	}
	fset := token.NewFileSet()
	files := sources(t, fset, root, true)
	if len(files) < 100 {
		t.Fatalf("only %d files read: the scan is broken", len(files))
	}
	for path, file := range files {
		rel, _ := filepath.Rel(root, path)
		for _, decl := range file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			where := filepath.ToSlash(rel) + ":" + fn.Name.Name
			// err.Error() kept in a variable counts as the text too.
			texts := map[string]bool{}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if as, ok := n.(*ast.AssignStmt); ok && len(as.Lhs) == len(as.Rhs) {
					for i, r := range as.Rhs {
						if isErrorCall(r) {
							if id, ok := as.Lhs[i].(*ast.Ident); ok {
								texts[id.Name] = true
							}
						}
					}
				}
				call, ok := n.(*ast.CallExpr)
				if !ok || !matchers[callName(call)] {
					return true
				}
				for _, arg := range call.Args {
					id, isIdent := arg.(*ast.Ident)
					if isErrorCall(arg) || isIdent && texts[id.Name] {
						if _, ok := allowed[where]; !ok {
							t.Errorf("%s (%s): decides on an error by its text: use errors.Is/As with a typed error or the SQLite code", fset.Position(call.Pos()), where)
						}
					}
				}
				return true
			})
		}
	}
}

// isErrorCall reports whether e is x.Error().
func isErrorCall(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 0 {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && sel.Sel.Name == "Error"
}
