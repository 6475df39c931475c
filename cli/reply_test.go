package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reply add/list/rm keep the same files the interface offers with T.
func TestReplyCommands(t *testing.T) {
	c := newCLI(t)
	if out := c.ok("reply", "list"); !strings.Contains(out, "no canned reply yet") {
		t.Errorf("empty list: %q", out)
	}
	r := c.run("", "reply", "add", "--title", "Merci", "--text", "Bonjour {prenom}, {foo}")
	if r.code != 2 || !strings.Contains(r.stderr, "unknown variable {foo}") {
		t.Fatalf("unknown variable: %+v", r)
	}
	out := c.ok("reply", "add", "--title", "Merci, résolu", "--lang", "fr", "--text", "Bonjour {prenom}, c'est résolu.")
	if !strings.Contains(out, "reply merci-resolu added") {
		t.Errorf("add: %q", out)
	}
	// The folder beside the config the test gives (--config DIR/none.yaml).
	data, err := os.ReadFile(filepath.Join(filepath.Dir(c.db), "replies", "merci-resolu.md"))
	if err != nil || !strings.Contains(string(data), "title: Merci, résolu\nlang: fr\n") {
		t.Fatalf("file: %q %v", data, err)
	}
	if out := c.ok("reply", "list"); !strings.Contains(out, "merci-resolu") || !strings.Contains(out, "fr  Merci, résolu") {
		t.Errorf("list: %q", out)
	}
	c.ok("reply", "rm", "merci-resolu")
	if r := c.run("", "reply", "rm", "merci-resolu"); r.code != 1 || !strings.Contains(r.stderr, `no canned reply "merci-resolu" (see`) {
		t.Errorf("second rm: %+v", r)
	}
}
