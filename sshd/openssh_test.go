package sshd

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/app"
	"hotline/tickets"
)

// These tests drive the real OpenSSH client in tmux against the server on
// 127.0.0.1, with keys made here: what a technician types and sees.

type rig struct {
	t      *testing.T
	dir    string
	core   *app.App
	addr   string
	port   string
	tmux   string // socket
	logBuf *syncBuffer
	keys   map[string]string // login → private key file
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func need(t *testing.T, tools ...string) {
	for _, tool := range tools {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s not installed (.ci/run installs it)", tool)
		}
	}
}

// newRig opens a database with a few tickets and technicians (each with a
// key made now) and starts the SSH server on a free loopback port.
func newRig(t *testing.T) *rig { return newRigWith(t, nil) }

// newRigWith is newRig with server options changed by set.
func newRigWith(t *testing.T, set func(*Options)) *rig {
	need(t, "ssh", "ssh-keygen", "tmux")
	dir := t.TempDir()
	getenv := func(k string) string {
		return map[string]string{"HOME": dir, "XDG_CONFIG_HOME": dir, "XDG_DATA_HOME": dir}[k]
	}
	core, err := app.New(app.Settings{DBPath: filepath.Join(dir, "hotline.db"), ConfigPath: filepath.Join(dir, "none.yaml"), User: "marie", Getenv: getenv})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := core.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { core.Close() })
	r := &rig{t: t, dir: dir, core: core, logBuf: &syncBuffer{}, keys: map[string]string{}}
	ts := core.Tickets()
	for _, n := range []tickets.NewTicket{
		{Title: "VPN coupe en 4G", Description: "Le VPN se coupe toutes les 10 minutes.", Urgency: 4, Impact: 4},
		{Title: "Teams : pas de son", Description: "Plus de son dans Teams."},
		{Title: "Imprimante hors ligne", Description: "L'imprimante du bureau ne répond plus."},
	} {
		if _, err := ts.Create(ctx, n, "marie"); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		login, name string
		role        tickets.Role
	}{
		{"marie", "Marie Lefebvre", tickets.RoleAdmin},
		{"nadia", "Nadia Diallo", tickets.RoleTechnician},
		{"olivier", "Olivier Observe", tickets.RoleObserver},
	} {
		pub := r.keygen(tc.login)
		if _, err := ts.AddTechnician(ctx, tickets.NewTechnician{Login: tc.login, Name: tc.name, Role: tc.role, Language: "fr", Keys: []string{pub}}); err != nil {
			t.Fatal(err)
		}
	}
	r.keygen("stranger")

	srvCtx, stop := context.WithCancel(ctx)
	got := make(chan net.Addr, 1)
	o := Options{
		Addr: "127.0.0.1:0", HostKeyPath: filepath.Join(dir, HostKeyName),
		Log:       slog.New(slog.NewTextHandler(r.logBuf, nil)),
		Listening: func(a net.Addr) { got <- a },
	}
	if set != nil {
		set(&o)
	}
	srv, err := New(core, core.Live(), o)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- srv.Run(srvCtx) }()
	select {
	case a := <-got:
		r.addr = a.String()
		_, r.port, _ = net.SplitHostPort(r.addr)
	case err := <-done:
		t.Fatalf("server stopped: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("server never listened")
	}
	r.tmux = filepath.Join(dir, "tmux.sock")
	t.Cleanup(func() {
		_ = exec.Command("tmux", "-S", r.tmux, "kill-server").Run()
		stop()
		if err := <-done; err != nil {
			t.Errorf("server: %v", err)
		}
	})
	return r
}

func (r *rig) keygen(login string) string {
	r.t.Helper()
	path := filepath.Join(r.dir, "id_"+login)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", login+"@test", "-f", path).CombinedOutput(); err != nil {
		r.t.Fatalf("ssh-keygen: %v %s", err, out)
	}
	pub, err := os.ReadFile(path + ".pub")
	if err != nil {
		r.t.Fatal(err)
	}
	r.keys[login] = path
	return string(pub)
}

// open starts `ssh` as login in a new tmux window named login.
func (r *rig) open(login string, w, h int) {
	r.t.Helper()
	r.openEnv(login, w, h)
}

// openEnv is open with variables the client sends to the server (SetEnv).
func (r *rig) openEnv(login string, w, h int, env ...string) {
	r.t.Helper()
	setEnv := ""
	for _, kv := range env {
		setEnv += " -o SetEnv=" + kv
	}
	ssh := fmt.Sprintf("ssh -F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=%s -o IdentitiesOnly=yes -o LogLevel=ERROR%s -i %s -p %s -t %s@127.0.0.1; sleep 60",
		filepath.Join(r.dir, "known_hosts"), setEnv, r.keys[login], r.port, login)
	args := []string{"-S", r.tmux, "-f", "/dev/null"}
	if err := exec.Command("tmux", "-S", r.tmux, "has-session").Run(); err != nil {
		args = append(args, "new-session", "-d", "-s", "hl", "-n", login, "-x", fmt.Sprint(w), "-y", fmt.Sprint(h))
	} else {
		args = append(args, "new-window", "-d", "-t", "hl", "-n", login)
	}
	args = append(args, "env", "HOME="+r.dir, "TERM=xterm-256color", "LANG=C.UTF-8", "sh", "-c", ssh)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		r.t.Fatalf("tmux: %v %s", err, out)
	}
}

func (r *rig) pane(login string) string {
	out, err := exec.Command("tmux", "-S", r.tmux, "capture-pane", "-p", "-t", "hl:"+login).CombinedOutput()
	if err != nil {
		r.t.Fatalf("capture %s: %v %s", login, err, out)
	}
	return string(out)
}

func (r *rig) send(login string, keys ...string) {
	r.t.Helper()
	args := append([]string{"-S", r.tmux, "send-keys", "-t", "hl:" + login}, keys...)
	if out, err := exec.Command("tmux", args...).CombinedOutput(); err != nil {
		r.t.Fatalf("send-keys: %v %s", err, out)
	}
}

// waitFor polls login's pane until it shows every string; the bound is a
// safety net for a loaded machine, not a timing assertion.
func (r *rig) waitFor(login string, want ...string) time.Duration {
	r.t.Helper()
	start := time.Now()
	for {
		p := r.pane(login)
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(p, w)
		}
		if ok {
			return time.Since(start)
		}
		if time.Since(start) > 30*time.Second {
			r.t.Fatalf("%s never showed %q:\n%s\nserver log:\n%s", login, want, p, r.logBuf.String())
		}
		time.Sleep(20 * time.Millisecond) // polling the pane, not timing
	}
}

// waitGone polls login's pane until it no longer shows s.
func (r *rig) waitGone(login, s string) {
	r.t.Helper()
	start := time.Now()
	for strings.Contains(r.pane(login), s) {
		if time.Since(start) > 30*time.Second {
			r.t.Fatalf("%s still shows %q:\n%s", login, s, r.pane(login))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestOpenSSHSessions(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()

	// The queue shows, in the technician's language, signed with their
	// login in the status bar.
	r.open("marie", 100, 30)
	r.waitFor("marie", "À trier", "VPN coupe en 4G", "marie")

	// Keys work: down, enter opens the ticket under the cursor.
	r.send("marie", "g", "Enter")
	r.waitFor("marie", "Le VPN se coupe toutes les 10 minutes")

	// Resize reflows: the status bar follows the new width.
	statusWidth := func() int {
		for _, l := range strings.Split(r.pane("marie"), "\n") {
			if strings.Contains(l, "Hotline ·") {
				return len([]rune(strings.TrimRight(l, " ")))
			}
		}
		return 0
	}
	before := statusWidth()
	if out, err := exec.Command("tmux", "-S", r.tmux, "resize-window", "-t", "hl:marie", "-x", "140", "-y", "35").CombinedOutput(); err != nil {
		t.Fatalf("resize: %v %s", err, out)
	}
	deadline := time.Now().Add(30 * time.Second)
	for statusWidth() <= before+20 {
		if time.Now().After(deadline) {
			t.Fatalf("no reflow after resize (status bar %d cells, was %d):\n%s", statusWidth(), before, r.pane("marie"))
		}
		time.Sleep(20 * time.Millisecond)
	}

	// A second session sees the first one's change without a key press.
	r.open("nadia", 100, 30)
	r.waitFor("nadia", "À trier", "VPN coupe en 4G")
	r.send("nadia", "g", "Enter")
	r.waitFor("nadia", "Le VPN se coupe")
	r.waitFor("nadia", "ouvert aussi par Marie")
	r.send("marie", "c")
	r.waitFor("nadia", "Marie rédige une réponse")
	r.send("marie", "Redemarrez la box")
	r.send("marie", "C-s")
	seen := r.waitFor("nadia", "Redemarrez la box")
	t.Logf("a follow-up written in one session showed in the other after %s (pane polled every 20 ms)", seen.Round(time.Millisecond))

	// An observer reads but cannot change a ticket: the keys that write
	// are off and the footer says why; the ticket is unchanged.
	r.open("olivier", 100, 30)
	r.waitFor("olivier", "VPN coupe en 4G")
	r.send("olivier", "g", "Enter")
	r.waitFor("olivier", "Le VPN se coupe", "lecture seule")
	r.send("olivier", "m", "c", "x", "C-s")
	r.waitFor("olivier", "lecture seule")
	tk, err := r.core.Tickets().Get(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	fus, err := r.core.Tickets().Followups(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Assignee == "olivier" || len(fus) != 1 {
		t.Fatalf("the observer changed the ticket: assignee %q, %d follow-ups", tk.Assignee, len(fus))
	}

	// ctrl+c ends that session only.
	r.send("olivier", "C-c")
	r.waitGone("olivier", "Hotline ·")
	r.send("nadia", "Escape")
	r.waitFor("nadia", "À trier")

	// An unknown key is refused, with who can add it.
	r.open("stranger", 100, 30)
	r.waitFor("stranger", "not registered", "hotline tech key add", "marie")

	log := r.logBuf.String()
	for _, want := range []string{"session start", "login=marie", "from=127.0.0.1", "session end", "login=olivier", "duration=", "unknown key"} {
		if !strings.Contains(log, want) {
			t.Errorf("server log lacks %q:\n%s", want, log)
		}
	}
}
