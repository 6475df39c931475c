package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"hotline/kb"
	"hotline/mailstore"
	"hotline/replies"
	"hotline/tickets"
)

// TestEveryCatalogueIDExists reads the interface's code and checks that
// every catalogue id it asks for, written out (t.T("queue.empty")) or
// built from a prefix and a value (t.T("status." + s)), has a text in
// English and in French. A missing id shows as itself on the screen
// ("key.period.4w" in the reports help, "history.problem" in a timeline).
func TestEveryCatalogueIDExists(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	// Values of the ids built from a prefix: every value the code can put
	// after it. A new prefix must be added here.
	c := NewCatalogue(English)
	var fields []string
	for _, o := range editOptions(c) {
		fields = append(fields, o.value)
	}
	fields = append(fields, "requester", "service", "email", "phone", "connection", "category", "urgency", "impact",
		"title", "description", "tags", "assignme")
	prefixes := map[string][]string{
		"status.":        statusValues(),
		"pstatus.":       {string(tickets.ProblemOpen), string(tickets.ProblemKnown), string(tickets.ProblemSolved), string(tickets.ProblemClosed)},
		"conn.":          connValues(),
		"history.":       tickets.HistoryFields,
		"field.":         fields,
		"problem.saved.": {"patch", "link", "unlink", "article", "solve"},
		"saved.":         {"patch", "comment", "link", "unlink", "mail"},
		"followup.mail.": {mailstore.StatusWaiting, mailstore.StatusSending, mailstore.StatusSent, mailstore.StatusFailed},
		"side.":          {"linked", "suggested", "similar", "problems", "attachments"},
		"article.saved.": {"title", "tags", "url", "collection", "verified", "body", "archive", "unarchive"},
		"review.":        {string(kb.NeverVerified), string(kb.NotReviewed), string(kb.BrokenLink), string(kb.MissingLink)},
		"channel.": {tickets.ChannelPortal, tickets.ChannelAPI, tickets.ChannelMail, tickets.ChannelPhone,
			tickets.ChannelImport, tickets.ChannelCLI},
		"reply.novalue.": replies.Variables,
		"reply.lang.":    {"fr", "en", "any"},
		"reply.":         {"saved", "deleted"},
		// bind(t, id, …) reads "key."+id: its call sites are checked.
		"key.": nil,
	}
	fset := token.NewFileSet()
	used := map[string]string{} // id → where
	seenPrefix := map[string]bool{}
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
			var name string
			arg := call.Args[0]
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				name = fn.Sel.Name
			case *ast.Ident:
				name = fn.Name
			}
			prefix := ""
			switch name {
			case "T", "F", "P":
			case "bind":
				// bind(t, id, help, keys...) reads "key."+id.
				if len(call.Args) < 2 {
					return true
				}
				arg, prefix = call.Args[1], "key."
			default:
				return true
			}
			where := fset.Position(call.Pos()).String()
			switch a := arg.(type) {
			case *ast.BasicLit:
				if a.Kind == token.STRING {
					s, _ := strconv.Unquote(a.Value)
					used[prefix+s] = where
				}
			case *ast.BinaryExpr:
				lit, ok := a.X.(*ast.BasicLit)
				if !ok || a.Op != token.ADD || lit.Kind != token.STRING {
					return true
				}
				p, _ := strconv.Unquote(lit.Value)
				p = prefix + p
				values, known := prefixes[p]
				if !known {
					t.Errorf("%s: catalogue id built from prefix %q: add its values to this test", where, p)
					return true
				}
				seenPrefix[p] = true
				for _, v := range values {
					used[p+v] = where
				}
			}
			return true
		})
	}
	if len(used) < 100 {
		t.Fatalf("only %d catalogue ids found in the code: the scan is broken", len(used))
	}
	var missing []string
	for id, where := range used {
		m, ok := messages[id]
		if !ok || m[English] == "" || m[French] == "" {
			missing = append(missing, where+": "+id)
		}
	}
	sort.Strings(missing)
	for _, m := range missing {
		t.Errorf("catalogue id missing in English or French: %s", m)
	}
	for p := range prefixes {
		if !seenPrefix[p] {
			t.Errorf("prefix %q is no longer used: remove it from this test", p)
		}
	}
}

func statusValues() []string {
	var out []string
	for _, s := range tickets.Statuses {
		out = append(out, string(s))
	}
	return out
}

func connValues() []string {
	var out []string
	for _, c := range tickets.Connections {
		out = append(out, string(c))
	}
	return out
}
