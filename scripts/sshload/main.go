// Command sshload measures the interface over SSH under load, on loopback:
// N technicians connected at once to a real `hotline serve`, each moving in
// the queue, opening and closing tickets and typing in the knowledge-base
// search. It reports the time from a key sent to the first bytes of the
// frame that answers it (p50, p90, p99, max, per kind of key) and the
// server's memory per session (resident set before and with the sessions).
//
// Bounded: every session sends a fixed number of keys, each waiting at most
// -timeout for its frame; the whole run stops at -deadline.
//
//	go build -tags sqlite_fts5 -o hotline . && go run ./scripts/sshload -hotline ./hotline
package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"
)

func main() {
	bin := flag.String("hotline", "./hotline", "hotline binary built with -tags sqlite_fts5")
	sessions := flag.Int("sessions", 20, "sessions at once")
	rounds := flag.Int("rounds", 10, "rounds of keys per session (each round: 10 moves, open+close, 6 letters typed in KB search)")
	tickets := flag.Int("tickets", 2000, "tickets in the demo database")
	timeout := flag.Duration("timeout", 2*time.Second, "longest wait for a key's frame")
	deadline := flag.Duration("deadline", 5*time.Minute, "the whole run stops after this")
	idle := flag.Duration("idle", 0, "before the keys, measure the server's CPU with every session connected and idle for this long (after 5 s of settling)")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *deadline)
	defer cancel()
	if err := run(ctx, *bin, *sessions, *rounds, *tickets, *timeout, *idle); err != nil {
		fmt.Fprintln(os.Stderr, "sshload:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, bin string, n, rounds, nTickets int, timeout, idle time.Duration) error {
	dir, err := os.MkdirTemp("", "hotline-sshload-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	env := append(os.Environ(), "HOME="+dir, "XDG_CONFIG_HOME="+dir, "XDG_DATA_HOME="+dir, "USER=loadadmin")
	dbPath := filepath.Join(dir, "hotline.db")
	hl := func(args ...string) error {
		cmd := exec.CommandContext(ctx, bin, append([]string{"--db", dbPath}, args...)...)
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("hotline %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return nil
	}
	fmt.Printf("demo database of %d tickets…\n", nTickets)
	if err := hl("demo", "--tickets", strconv.Itoa(nTickets)); err != nil {
		return err
	}
	signers := make([]ssh.Signer, n)
	for i := range signers {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return err
		}
		if signers[i], err = ssh.NewSignerFromKey(priv); err != nil {
			return err
		}
		pub := strings.TrimSpace(string(ssh.MarshalAuthorizedKey(signers[i].PublicKey())))
		if err := hl("tech", "add", fmt.Sprintf("tech%02d", i), "--name", fmt.Sprintf("Technicien %d", i), "--language", "fr", "--key", pub); err != nil {
			return err
		}
	}

	port, err := freePort()
	if err != nil {
		return err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	srv := exec.CommandContext(ctx, bin, "--db", dbPath, "serve", "--http", "off", "--ssh", addr)
	srv.Env = append(env, "GOMAXPROCS="+os.Getenv("GOMAXPROCS"))
	stdout, err := srv.StdoutPipe()
	if err != nil {
		return err
	}
	srv.Stderr = io.Discard
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { _ = srv.Process.Signal(os.Interrupt); _ = srv.Wait() }()
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "interface over SSH on") {
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	time.Sleep(300 * time.Millisecond) // let the server settle before reading its memory
	rssIdle, _ := rss(srv.Process.Pid)

	type result struct {
		kind string
		d    time.Duration
	}
	var (
		mu      sync.Mutex
		results []result
		missed  int
		rssBusy int64
	)
	var connected sync.WaitGroup
	connected.Add(n)
	allIn := make(chan struct{})
	var idleCPU time.Duration
	go func() {
		connected.Wait()
		if idle > 0 {
			// Every session shows its queue and nobody types (after the
			// queues' background loads of the first seconds).
			time.Sleep(5 * time.Second)
			c0, _ := cpu(srv.Process.Pid)
			time.Sleep(idle)
			c1, _ := cpu(srv.Process.Pid)
			mu.Lock()
			idleCPU = c1 - c0
			mu.Unlock()
		}
		close(allIn)
	}()
	var cpuStart time.Duration
	go func() {
		<-allIn
		c, _ := cpu(srv.Process.Pid)
		mu.Lock()
		cpuStart = c
		mu.Unlock()
	}()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			s, err := dial(ctx, addr, fmt.Sprintf("tech%02d", i), signers[i])
			if err != nil {
				connected.Done()
				errs <- err
				return
			}
			defer s.close()
			if _, err := s.waitFrame(10*time.Second, "File"); err != nil {
				connected.Done()
				errs <- fmt.Errorf("tech%02d: no queue: %w", i, err)
				return
			}
			connected.Done()
			<-allIn
			measure := func(kind, keys string) {
				d, err := s.key(keys, timeout)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					missed++
					return
				}
				results = append(results, result{kind, d})
			}
			for r := 0; r < rounds && ctx.Err() == nil; r++ {
				for j := 0; j < 5; j++ {
					measure("queue j/k", "j")
					measure("queue j/k", "k")
				}
				measure("open ticket", "\r")
				s.settle(200 * time.Millisecond) // the ticket's side pane arrives in its own frames
				measure("close ticket", "\x1b")
				s.settle(100 * time.Millisecond)
				measure("open kb", "b")
				s.settle(200 * time.Millisecond)
				for _, c := range "vpn 4g" {
					measure("kb typing", string(c))
				}
				s.settle(300 * time.Millisecond)
				measure("close kb", "\x1b")
				s.settle(100 * time.Millisecond)
			}
		}(i)
	}
	go func() {
		<-allIn
		time.Sleep(time.Second)
		v, _ := rss(srv.Process.Pid)
		mu.Lock()
		rssBusy = v
		mu.Unlock()
	}()
	wg.Wait()
	cpuEnd, _ := cpu(srv.Process.Pid)
	close(errs)
	for err := range errs {
		return err
	}

	byKind := map[string][]time.Duration{}
	var all []time.Duration
	for _, r := range results {
		byKind[r.kind] = append(byKind[r.kind], r.d)
		all = append(all, r.d)
	}
	fmt.Printf("\n%d sessions at once, %d keys measured (%d without a frame within %s)\n", n, len(all), missed, timeout)
	fmt.Printf("%-14s %6s %8s %8s %8s %8s\n", "key", "count", "p50", "p90", "p99", "max")
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	for _, k := range append(kinds, "all") {
		ds := byKind[k]
		if k == "all" {
			ds = all
		}
		slices.Sort(ds)
		fmt.Printf("%-14s %6d %8s %8s %8s %8s\n", k, len(ds), pct(ds, 50), pct(ds, 90), pct(ds, 99), pct(ds, 100))
	}
	mu.Lock()
	busy, cpuUsed := rssBusy, cpuEnd-cpuStart
	if idle > 0 {
		fmt.Printf("\nserver CPU with %d idle sessions: %s in %s: %.2f%% of a core per session\n",
			n, idleCPU.Round(time.Millisecond), idle, 100*idleCPU.Seconds()/idle.Seconds()/float64(n))
	}
	mu.Unlock()
	if cpuStart > 0 && len(all)+missed > 0 {
		fmt.Printf("\nserver CPU: %s for %d keys: %.2f ms per key (whatever the machine's load)\n",
			cpuUsed.Round(time.Millisecond), len(all)+missed, float64(cpuUsed.Microseconds())/1000/float64(len(all)+missed))
	}
	if rssIdle > 0 && busy > 0 {
		fmt.Printf("\nserver resident memory: %.1f MiB idle, %.1f MiB with %d sessions: %.2f MiB per session\n",
			mib(rssIdle), mib(busy), n, mib(busy-rssIdle)/float64(n))
	}
	return nil
}

func pct(ds []time.Duration, p int) string {
	if len(ds) == 0 {
		return "-"
	}
	i := min(len(ds)-1, (len(ds)*p+99)/100-1)
	return ds[max(i, 0)].Round(100 * time.Microsecond).String()
}

func mib(b int64) float64 { return float64(b) / (1 << 20) }

// rss reads a process's resident set size (Linux).
func rss(pid int) (int64, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	for _, l := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			f := strings.Fields(rest)
			kb, err := strconv.ParseInt(f[0], 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS")
}

// cpu reads a process's CPU time, user and system (Linux).
func cpu(pid int) (time.Duration, error) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The fields after the command name (which may hold spaces).
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0, errors.New("short /proc stat")
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * 10 * time.Millisecond, nil // clock ticks of 100 Hz
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// session is one SSH client with a terminal.
type session struct {
	client *ssh.Client
	sess   *ssh.Session
	in     io.WriteCloser
	out    chan []byte
	buf    strings.Builder
}

func dial(ctx context.Context, addr, user string, signer ssh.Signer) (*session, error) {
	cfg := &ssh.ClientConfig{User: user, Auth: []ssh.AuthMethod{ssh.PublicKeys(signer)},
		HostKeyCallback: ssh.InsecureIgnoreHostKey(), Timeout: 10 * time.Second} //nolint:gosec // loopback test server
	c, err := ssh.Dial("tcp", addr, cfg)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", user, err)
	}
	s, err := c.NewSession()
	if err != nil {
		c.Close()
		return nil, err
	}
	if err := s.RequestPty("xterm-256color", 30, 100, ssh.TerminalModes{}); err != nil {
		c.Close()
		return nil, err
	}
	in, err := s.StdinPipe()
	if err != nil {
		c.Close()
		return nil, err
	}
	out, err := s.StdoutPipe()
	if err != nil {
		c.Close()
		return nil, err
	}
	if err := s.Shell(); err != nil {
		c.Close()
		return nil, err
	}
	ss := &session{client: c, sess: s, in: in, out: make(chan []byte, 1024)}

	go func() {
		defer close(ss.out)
		b := make([]byte, 32<<10)
		for {
			n, err := out.Read(b)
			if n > 0 {
				ss.out <- append([]byte(nil), b[:n]...)
			}
			if err != nil {
				return
			}
		}
	}()
	return ss, nil
}

func (s *session) close() {
	_, _ = s.in.Write([]byte{3}) // ctrl+c
	s.sess.Close()
	s.client.Close()
}

// waitFrame reads output until it holds want.
func (s *session) waitFrame(limit time.Duration, want string) (time.Duration, error) {
	start := time.Now()
	t := time.NewTimer(limit)
	defer t.Stop()
	for !strings.Contains(s.buf.String(), want) {
		select {
		case b, ok := <-s.out:
			if !ok {
				return 0, errors.New("connection closed")
			}
			s.buf.Write(b)
		case <-t.C:
			return 0, fmt.Errorf("%q not shown within %s (got %q)", want, limit, tail(s.buf.String(), 300))
		}
	}
	s.buf.Reset()
	return time.Since(start), nil
}

// settle drains output until the screen is quiet for d.
func (s *session) settle(d time.Duration) {
	for {
		select {
		case _, ok := <-s.out:
			if !ok {
				return
			}
		case <-time.After(d):
			return
		}
	}
}

// key sends keys and returns the time until the first bytes of the frame
// that answers them.
func (s *session) key(keys string, limit time.Duration) (time.Duration, error) {
	// Drop what earlier frames left in flight.
	for drained := false; !drained; {
		select {
		case <-s.out:
		default:
			drained = true
		}
	}
	start := time.Now()
	if _, err := s.in.Write([]byte(keys)); err != nil {
		return 0, err
	}
	select {
	case _, ok := <-s.out:
		if !ok {
			return 0, errors.New("connection closed")
		}
		return time.Since(start), nil
	case <-time.After(limit):
		return 0, errors.New("no frame")
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
