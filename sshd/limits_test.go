package sshd

import (
	"io"
	"os"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// client is a session of the Go SSH client with a terminal, reading
// everything the server sends.
type client struct {
	t    *testing.T
	c    *gossh.Client
	s    *gossh.Session
	in   io.Writer
	out  chan string
	seen strings.Builder
}

func (r *rig) dial(login string) *client {
	r.t.Helper()
	b, err := os.ReadFile(r.keys[login])
	if err != nil {
		r.t.Fatal(err)
	}
	signer, err := gossh.ParsePrivateKey(b)
	if err != nil {
		r.t.Fatal(err)
	}
	cfg := &gossh.ClientConfig{User: login, Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second}
	c, err := gossh.Dial("tcp", r.addr, cfg)
	if err != nil {
		r.t.Fatal(err)
	}
	s, err := c.NewSession()
	if err != nil {
		r.t.Fatal(err)
	}
	if err := s.RequestPty("xterm", 30, 100, gossh.TerminalModes{}); err != nil {
		r.t.Fatal(err)
	}
	in, _ := s.StdinPipe()
	stdout, _ := s.StdoutPipe()
	stderr, _ := s.StderrPipe()
	if err := s.Shell(); err != nil {
		r.t.Fatal(err)
	}
	cl := &client{t: r.t, c: c, s: s, in: in, out: make(chan string, 256)}
	pump := func(rd io.Reader) {
		buf := make([]byte, 4096)
		for {
			n, err := rd.Read(buf)
			if n > 0 {
				cl.out <- string(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}
	go pump(stdout)
	go pump(stderr)
	r.t.Cleanup(func() { s.Close(); c.Close() })
	return cl
}

// waitFor reads until the output holds want; the bound is a safety net.
func (cl *client) waitFor(want string) {
	cl.t.Helper()
	deadline := time.After(30 * time.Second)
	for !strings.Contains(cl.seen.String(), want) {
		select {
		case s := <-cl.out:
			cl.seen.WriteString(s)
		case <-deadline:
			cl.t.Fatalf("never got %q; got %q", want, cl.seen.String())
		}
	}
}

// waitEnd waits for the server to close the session.
func (cl *client) waitEnd() {
	cl.t.Helper()
	done := make(chan error, 1)
	go func() { done <- cl.s.Wait() }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		cl.t.Fatal("the server never closed the session")
	}
}

// A session without a key pressed for the configured time ends, says why,
// and the log says who, from where, how long and why.
func TestIdleSessionsEnd(t *testing.T) {
	r := newRigWith(t, func(o *Options) { o.Idle = 300 * time.Millisecond })
	cl := r.dial("nadia")
	cl.waitFor("À trier")
	cl.waitFor("session closed after 300ms without a key pressed")
	cl.waitEnd()
	waitLog(t, r, "session end", "login=nadia", "from=127.0.0.1:", "duration=", "reason=idle")
}

// Past the maximum number of sessions, the next one is told to retry and
// gets no interface; the log says who was refused and why.
func TestMaxSessions(t *testing.T) {
	r := newRigWith(t, func(o *Options) { o.MaxSessions = 1 })
	first := r.dial("marie")
	first.waitFor("À trier")
	second := r.dial("nadia")
	second.waitFor("the server already has 1 sessions open (its maximum): try again in a moment.")
	second.waitEnd()
	if strings.Contains(second.seen.String(), "À trier") {
		t.Error("the session past the maximum got an interface")
	}
	waitLog(t, r, "ssh: refused", "login=nadia", "reason=\"too many sessions\"", "max=1")
	// The first session goes on, and once it ends there is room again.
	if _, err := first.in.Write([]byte{3}); err != nil { // ctrl+c
		t.Fatal(err)
	}
	first.waitEnd()
	third := r.dial("nadia")
	third.waitFor("À trier")
}

// waitLog waits for a server log line holding every string.
func waitLog(t *testing.T, r *rig, want ...string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		for _, line := range strings.Split(r.logBuf.String(), "\n") {
			ok := true
			for _, w := range want {
				ok = ok && strings.Contains(line, w)
			}
			if ok {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("no log line with %q:\n%s", want, r.logBuf.String())
		}
		time.Sleep(20 * time.Millisecond) // polling the log, not timing
	}
}
