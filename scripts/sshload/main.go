// Command sshload measures the interface over SSH under load, on loopback:
// N technicians connected at once to a real `hotline serve`, each moving in
// the queue, opening and closing tickets and typing in the knowledge-base
// search. It reports the time from a key sent to the first bytes of the
// frame that answers it (p50, p90, p99, max, per kind of key), the keys
// slower than -slow (when, which session), the server's CPU per key and
// its memory per session (resident set before and with the sessions).
//
// The server runs with --ssh-frame-marks: each frame starts with the number
// of keys its session had read, so a frame drawn for something else (a
// colleague opening a ticket marks the queue, a background load) is never
// taken for a key's answer, and a key that changes nothing still gets one.
// Each session starts on the "all" tab, half a page further down than the
// previous one, and moves two rows down each round: the sessions open 200
// different tickets (-spread=false: every session opens the first row of
// its home queue each round, the load of the figures before 2026-11-29).
// -pprof and -profile record the server's profiles.
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
	"net/http"
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
	flag.StringVar(&pprofAddr, "pprof", "", "start the server with --pprof ADDR (Go's profiles, block and mutex profiles on: the figures are then not the reference ones)")
	flag.StringVar(&profileDir, "profile", "", "with -pprof: write the server's CPU profile and execution trace of the first -profile-time of keys, and its block and mutex profiles at the end, to this folder")
	flag.DurationVar(&profileTime, "profile-time", 10*time.Second, "how long -profile records")
	flag.BoolVar(&spread, "spread", true, "sessions open different tickets (false: every session opens the first row of its home queue each round, as before 2026-11-29)")
	flag.DurationVar(&slowKey, "slow", 200*time.Millisecond, "list the keys slower than this (when, which session, which key)")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *deadline)
	defer cancel()
	if err := run(ctx, *bin, *sessions, *rounds, *tickets, *timeout, *idle); err != nil {
		fmt.Fprintln(os.Stderr, "sshload:", err)
		os.Exit(1)
	}
}

var (
	pprofAddr   string
	profileDir  string
	profileTime time.Duration
	slowKey     time.Duration
	spread      bool
)

// fetchProfile saves a profile of the server (its --pprof address) to a
// file of profileDir.
func fetchProfile(ctx context.Context, path, file string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+pprofAddr+"/debug/pprof/"+path, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: %s", path, resp.Status)
	}
	f, err := os.Create(filepath.Join(profileDir, file))
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
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
	args := []string{"--db", dbPath, "serve", "--http", "off", "--ssh", addr, "--ssh-frame-marks"}
	if pprofAddr != "" {
		args = append(args, "--pprof", pprofAddr)
	}
	srv := exec.CommandContext(ctx, bin, args...)
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
		kind    string
		d       time.Duration
		at      time.Time // when the key was sent
		session int
	}
	var (
		mu      sync.Mutex
		results []result
		missed  int
		slow    []result
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
	var began time.Time
	go func() {
		<-allIn
		c, _ := cpu(srv.Process.Pid)
		mu.Lock()
		began, cpuStart = time.Now(), c
		mu.Unlock()
	}()
	var profiles sync.WaitGroup
	if pprofAddr != "" && profileDir != "" {
		if err := os.MkdirAll(profileDir, 0o755); err != nil {
			return err
		}
		secs := strconv.Itoa(max(1, int(profileTime.Seconds())))
		for _, p := range [][2]string{{"profile?seconds=" + secs, "cpu.pb.gz"}, {"trace?seconds=" + secs, "trace.out"}} {
			profiles.Add(1)
			go func() {
				defer profiles.Done()
				<-allIn
				if err := fetchProfile(ctx, p[0], p[1]); err != nil {
					fmt.Fprintln(os.Stderr, "sshload: profile:", err)
				}
			}()
		}
	}
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
			// The "all" tab, each session half a page further down than
			// the previous one: the sessions open different tickets.
			for k, keys := 0, "\x1b[Z"; spread && k <= 2*i; k, keys = k+1, "\x04" {
				if _, err := s.key(keys, "", 10*time.Second); err != nil {
					connected.Done()
					errs <- fmt.Errorf("tech%02d: moving to its rows: %w", i, err)
					return
				}
			}
			connected.Done()
			<-allIn
			measure := func(kind, keys, want string) {
				at := time.Now()
				d, err := s.key(keys, want, timeout)
				mu.Lock()
				defer mu.Unlock()
				if err != nil {
					missed++
					d = timeout
					slow = append(slow, result{kind + " (no frame)", d, at, i})
					return
				}
				results = append(results, result{kind, d, at, i})
				if d >= slowKey {
					slow = append(slow, result{kind, d, at, i})
				}
			}
			for r := 0; r < rounds && ctx.Err() == nil; r++ {
				for j := 0; j < 5; j++ {
					measure("queue j/k", "j", "")
					measure("queue j/k", "k", "")
				}
				// Two rows further down each round: every round opens
				// another ticket.
				if spread {
					measure("queue j/k", "j", "")
					measure("queue j/k", "j", "")
				}
				measure("open ticket", "\r", "Ticket n°")
				s.settle(200 * time.Millisecond) // the ticket's side pane arrives in its own frames
				measure("close ticket", "\x1b", "")
				s.settle(100 * time.Millisecond)
				measure("open kb", "b", "")
				s.settle(200 * time.Millisecond)
				for _, c := range "vpn 4g" {
					measure("kb typing", string(c), "")
				}
				s.settle(300 * time.Millisecond)
				measure("close kb", "\x1b", "")
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
	if pprofAddr != "" && profileDir != "" {
		for _, p := range [][2]string{{"block", "block.pb.gz"}, {"mutex", "mutex.pb.gz"}, {"heap", "heap.pb.gz"}} {
			if err := fetchProfile(ctx, p[0], p[1]); err != nil {
				fmt.Fprintln(os.Stderr, "sshload: profile:", err)
			}
		}
		profiles.Wait()
		fmt.Printf("profiles of the server in %s\n", profileDir)
	}
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
	if len(slow) > 0 {
		slices.SortFunc(slow, func(a, b result) int { return a.at.Compare(b.at) })
		fmt.Printf("\nkeys slower than %s (seconds after the first key, session, key, time to frame):\n", slowKey)
		for _, r := range slow {
			fmt.Printf("  %8.3fs  tech%02d  %-24s %s\n", r.at.Sub(began).Seconds(), r.session, r.kind, r.d.Round(100*time.Microsecond))
		}
	}
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
	sent   uint64 // keys sent
	carry  []byte // the end of the last chunk read, where a frame mark may be cut
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

// frameMark starts every frame of a server run with --ssh-frame-marks:
// the number of keys the session had read when it drew the frame.
const frameMark = "\x1b]7777;keys="

// answer finds, in b (after what the previous chunk left unfinished), the
// first frame mark counting at least want keys, and returns where in b
// that frame starts (0 when its mark began in the previous chunk), or -1.
func (s *session) answer(b []byte, want uint64) int {
	data := append(s.carry, b...)
	carried := len(s.carry)
	at, off := -1, 0
	for at < 0 {
		i := strings.Index(string(data[off:]), frameMark)
		if i < 0 {
			break
		}
		start := off + i
		end := strings.IndexByte(string(data[start+len(frameMark):]), '\a')
		if end < 0 {
			break // cut by the read: kept for the next chunk
		}
		digits := string(data[start+len(frameMark) : start+len(frameMark)+end])
		if n, err := strconv.ParseUint(digits, 10, 64); err == nil && n >= want {
			at = max(start-carried, 0)
		}
		off = start + len(frameMark) + end + 1
	}
	// Keep the end of the data, where a mark may have been cut.
	keep := min(len(data)-off, len(frameMark)+20)
	s.carry = append(s.carry[:0:0], data[len(data)-keep:]...)
	return at
}

// keyCount is how many keys a write sends: one byte each, but an escape
// sequence (shift+tab) is one key.
func keyCount(keys string) uint64 {
	if len(keys) > 1 && keys[0] == '\x1b' {
		return 1
	}
	return uint64(len(keys))
}

// key sends keys and returns the time until the first bytes of the frame
// that answers them: the first frame whose mark counts them (the server
// runs with --ssh-frame-marks, so a frame drawn for something else, a
// colleague's presence or a background load, is not taken for the answer,
// and a key that changes nothing still gets its frame). With want, the
// answer is the first frame from then on that shows want (opening a
// ticket: its screen, once its data are read).
func (s *session) key(keys, want string, limit time.Duration) (time.Duration, error) {
	// Drop what earlier frames left in flight.
	for drained := false; !drained; {
		select {
		case <-s.out:
		default:
			drained = true
		}
	}
	s.carry = s.carry[:0]
	s.sent += keyCount(keys)
	start := time.Now()
	if _, err := s.in.Write([]byte(keys)); err != nil {
		return 0, err
	}
	timer := time.NewTimer(limit)
	defer timer.Stop()
	answered := false
	var shown strings.Builder
	for {
		select {
		case b, ok := <-s.out:
			if !ok {
				return 0, errors.New("connection closed")
			}
			if !answered {
				at := s.answer(b, s.sent)
				if at < 0 {
					continue
				}
				answered = true
				b = b[min(at, len(b)):]
			}
			if want == "" {
				return time.Since(start), nil
			}
			shown.Write(b)
			if strings.Contains(shown.String(), want) {
				return time.Since(start), nil
			}
		case <-timer.C:
			if answered {
				return 0, fmt.Errorf("%q not shown", want)
			}
			return 0, errors.New("no frame")
		}
	}
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
