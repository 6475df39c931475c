package tickets

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Every field name the store writes into the history is in HistoryFields,
// so the front ends word each of them.
func TestHistoryFieldsListsEveryFieldWritten(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	written := regexp.MustCompile(`(?:addHistory\([^"]*?|\bset\(|kind = )"([a-z. ]+)"`)
	found := map[string]bool{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range written.FindAllStringSubmatch(string(src), -1) {
			found[m[1]] = true
		}
	}
	if len(found) < 15 {
		t.Fatalf("only %d history fields found in the code: the scan is broken (%v)", len(found), found)
	}
	for f := range found {
		if !slices.Contains(HistoryFields, f) {
			t.Errorf("the store writes history field %q: add it to HistoryFields", f)
		}
	}
}
