package sshd

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// TestIdentityIsTheKeyThatAuthenticated: a client offers a stranger's key
// first, then Nadia's: the session is Nadia's (the key that authenticated),
// never the one only offered; a client with only the stranger's key gets no
// interface.
func TestIdentityIsTheKeyThatAuthenticated(t *testing.T) {
	r := newRig(t)
	signer := func(login string) gossh.Signer {
		b, err := os.ReadFile(r.keys[login])
		if err != nil {
			t.Fatal(err)
		}
		s, err := gossh.ParsePrivateKey(b)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	unknown, _ := gossh.NewSignerFromKey(priv)

	screen := func(signers ...gossh.Signer) string {
		cfg := &gossh.ClientConfig{User: "marie", Auth: []gossh.AuthMethod{gossh.PublicKeys(signers...)},
			HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
		c, err := gossh.Dial("tcp", r.addr, cfg)
		if err != nil {
			return "refused: " + err.Error()
		}
		defer c.Close()
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		if err := s.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
			t.Fatal(err)
		}
		out, _ := s.StdoutPipe()
		if err := s.Shell(); err != nil {
			t.Fatal(err)
		}
		var got strings.Builder
		buf := make([]byte, 4096)
		deadline := time.Now().Add(20 * time.Second)
		for !strings.Contains(got.String(), "À trier") && time.Now().Before(deadline) {
			n, err := out.Read(buf)
			got.Write(buf[:n])
			if err != nil {
				break
			}
		}
		return got.String()
	}
	if v := screen(unknown, signer("nadia")); !strings.Contains(v, "nadia") || strings.Contains(v, "marie ·") {
		t.Fatalf("offered an unknown key then Nadia's: the session is not Nadia's:\n%q", v)
	}
	if v := screen(unknown); !strings.HasPrefix(v, "refused") {
		t.Fatalf("only an unknown key (and no keyboard): %q", v)
	}
}
