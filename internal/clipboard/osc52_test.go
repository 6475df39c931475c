package clipboard

import (
	"strings"
	"testing"
)

func TestCopyWritesOSC52(t *testing.T) {
	var b strings.Builder
	if err := (Writer{W: &b}).Copy("Bonjour"); err != nil {
		t.Fatal(err)
	}
	if got := b.String(); got != "\x1b]52;c;Qm9uam91cg==\x07" {
		t.Fatalf("got %q", got)
	}
	b.Reset()
	_ = (Writer{W: &b, InTmux: true}).Copy("x")
	if !strings.Contains(b.String(), "\x1bPtmux;\x1b\x1b]52;c;eA==\x07\x1b\\") {
		t.Fatalf("no tmux passthrough: %q", b.String())
	}
}
