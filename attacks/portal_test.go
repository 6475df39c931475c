package attacks

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// sentTicket is one ticket a client tried to file: its marker (in its
// description, unique), the files it carried, and whether the server said
// it was filed (201 from the API, 303 to the status page from the form).
type sentTicket struct {
	marker   string
	files    []sentFile
	accepted bool
}

type sentFile struct {
	name   string
	size   int
	sha256 string
}

// intakeClient files tickets against one server until it stops answering,
// alternating the JSON API and the agents' form, one ticket in two with 1
// to 3 files.
type intakeClient struct {
	id     int
	base   string
	key    string
	http   *http.Client
	rng    *rand.Rand
	mu     *sync.Mutex
	sent   *[]*sentTicket
	serial *int
}

// file sends tickets until a request fails (the server was killed) or ctx
// ends.
func (c *intakeClient) file(ctx context.Context) {
	for ctx.Err() == nil {
		c.mu.Lock()
		*c.serial++
		n := *c.serial
		c.mu.Unlock()
		s := &sentTicket{marker: fmt.Sprintf("[attaque c%d n%d]", c.id, n)}
		var uploads [][2]string // name, content
		if n%2 == 0 {
			for i := 0; i < 1+c.rng.Intn(3); i++ {
				// A PNG as the server sniffs it, random bytes after the
				// signature so every file differs, 10 to 200 KB.
				data := make([]byte, 10<<10+c.rng.Intn(190<<10))
				c.rng.Read(data)
				copy(data, "\x89PNG\r\n\x1a\n")
				sum := sha256.Sum256(data)
				name := fmt.Sprintf("ecran-%d-%d.png", n, i)
				s.files = append(s.files, sentFile{name, len(data), hex.EncodeToString(sum[:])})
				uploads = append(uploads, [2]string{name, string(data)})
			}
		}
		// Recorded before sending: a ticket the server committed without
		// answering must be whole too.
		c.mu.Lock()
		*c.sent = append(*c.sent, s)
		c.mu.Unlock()
		var ok bool
		var err error
		if n%3 == 0 {
			ok, err = c.form(ctx, s, uploads)
		} else {
			ok, err = c.api(ctx, s, uploads)
		}
		c.mu.Lock()
		s.accepted = ok
		c.mu.Unlock()
		if err != nil {
			return
		}
	}
}

func (c *intakeClient) api(ctx context.Context, s *sentTicket, uploads [][2]string) (bool, error) {
	body := map[string]any{
		"title":       "VPN coupé " + s.marker,
		"description": "Le VPN coupe toutes les dix minutes " + s.marker,
		"requester":   map[string]any{"name": "Agent attaque", "email": "agent@ville.fr"},
		"connection":  "4g",
		"urgency":     3,
	}
	var files []map[string]string
	for _, u := range uploads {
		files = append(files, map[string]string{"name": u[0], "content_base64": base64.StdEncoding.EncodeToString([]byte(u[1]))})
	}
	if files != nil {
		body["attachments"] = files
	}
	raw, _ := json.Marshal(body)
	req, _ := http.NewRequestWithContext(ctx, "POST", c.base+"/api/tickets", bytes.NewReader(raw))
	req.Header.Set("Authorization", "Bearer "+c.key)
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return false, err
	}
	b, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		// The status came but not the whole body: the ticket is filed
		// only if the status said so.
		return resp.StatusCode == http.StatusCreated, err
	}
	if resp.StatusCode != http.StatusCreated {
		return false, fmt.Errorf("POST /api/tickets: %d %s", resp.StatusCode, b)
	}
	return true, nil
}

func (c *intakeClient) form(ctx context.Context, s *sentTicket, uploads [][2]string) (bool, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	csrf := strings.Repeat("a", 43) // a browser's double-submit value
	for k, v := range map[string]string{"csrf": csrf, "nom": "Agent formulaire", "email": "agent@ville.fr", "connexion": "home",
		"categorie": "Réseau/VPN", "bloquant": "3", "description": "Plus de réseau depuis ce matin " + s.marker} {
		mw.WriteField(k, v)
	}
	for _, u := range uploads {
		w, _ := mw.CreateFormFile("fichiers", u[0])
		io.WriteString(w, u[1])
	}
	mw.Close()
	req, _ := http.NewRequestWithContext(ctx, "POST", c.base+"/demande", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: "hotline_csrf", Value: csrf})
	resp, err := c.http.Do(req)
	if err != nil {
		return false, err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/suivi/") {
		return false, fmt.Errorf("POST /demande: %d to %q", resp.StatusCode, loc)
	}
	return true, nil
}

// startServe starts `hotline serve` on a free loopback port and returns
// the process and its address once it listens.
func startServe(t *testing.T, w *world) (*os.Process, string, func() error, func() *os.ProcessState, *bytes.Buffer) {
	t.Helper()
	// The portal alone: the interface over SSH would take port 2222,
	// which another serve (a developer's, another test's) may hold.
	cmd := w.command(context.Background(), "serve", "--http", "127.0.0.1:0", "--ssh", "off")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "hotline serve: portal and API on "); ok {
				addr <- strings.TrimSuffix(a, "/")
			}
		}
		close(addr)
	}()
	a, ok := <-addr
	if !ok {
		cmd.Wait()
		t.Fatalf("hotline serve did not start:\n%s", errb.String())
	}
	return cmd.Process, a, cmd.Wait, func() *os.ProcessState { return cmd.ProcessState }, &errb
}

// A SIGKILL of `hotline serve` at a random moment while clients file
// tickets through the API and the form (issue 14: kills during a portal
// intake): after each, `hotline check` passes; every ticket the server
// acknowledged (201, or 303 to its status page) is in the database once,
// with its status link and every file byte for byte; and any ticket
// committed without an answer is whole too, never half-written.
func TestKillServeDuringPortalIntake(t *testing.T) {
	if testing.Short() {
		t.Skip("crash test skipped with -short")
	}
	kills := size(5, 30)
	w := newWorld(t)
	if err := os.MkdirAll(filepath.Join(w.dir, "hotline"), 0o755); err != nil {
		t.Fatal(err)
	}
	// Every client is 127.0.0.1: the per-address limit would refuse most
	// form posts (the API key is not limited).
	if err := os.WriteFile(filepath.Join(w.dir, "hotline", "config.yaml"), []byte("portal:\n  tickets_per_minute: 1000000\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	key := strings.TrimSpace(w.ok("apikey", "add", "attaque"))
	var (
		mu     sync.Mutex
		sent   []*sentTicket
		serial int
	)
	rng := rand.New(rand.NewSource(14))
	killed := 0
	for i := 0; i < kills; i++ {
		proc, addr, wait, state, stderr := startServe(t, w)
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		var wg sync.WaitGroup
		for c := 0; c < 4; c++ {
			cl := &intakeClient{id: c, base: addr, key: key, rng: rand.New(rand.NewSource(int64(i*10 + c))), mu: &mu, sent: &sent, serial: &serial,
				http: &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{},
					// The 303 to the status page is the answer.
					CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
			wg.Add(1)
			go func() { defer wg.Done(); cl.file(ctx) }()
		}
		// A random moment of the filing: 20 to 600 ms after it starts.
		time.Sleep(time.Duration(20+rng.Intn(580)) * time.Millisecond)
		if err := proc.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		err := wait()
		cancel() // a client still waiting stops
		wg.Wait()
		if ws, ok := state().Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			killed++
		} else {
			t.Fatalf("run %d: hotline serve ended before its SIGKILL (%v):\n%s", i, err, stderr.String())
		}
		w.check(fmt.Sprintf("after kill %d", i))
		verifyIntake(t, w.db, sent, fmt.Sprintf("after kill %d", i))
	}
	accepted, found := 0, 0
	for _, s := range sent {
		if s.accepted {
			accepted++
		}
	}
	found = countSQL(t, w.db, "SELECT count(*) FROM tickets WHERE description LIKE '%[attaque c%'")
	if accepted == 0 {
		t.Fatal("no ticket was accepted before the kills: the attack attacked nothing")
	}
	t.Logf("FIGURES portal intake: %d kills by SIGKILL, %d tickets sent, %d acknowledged (201/303), %d in the database (%d committed without an answer), check passed after each, every acknowledged ticket whole with its files",
		killed, len(sent), accepted, found, found-accepted)
}

// verifyIntake checks the database against what the clients sent: each
// acknowledged ticket there exactly once, whole; each ticket there (even
// unacknowledged) with all its files, its status link and its history.
func verifyIntake(t *testing.T, dbPath string, sent []*sentTicket, when string) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+dbPath+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, s := range sent {
		rows, err := conn.Query("SELECT id FROM tickets WHERE description LIKE ?", "%"+s.marker)
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for rows.Next() {
			var id int64
			rows.Scan(&id)
			ids = append(ids, id)
		}
		rows.Close()
		switch {
		case len(ids) > 1:
			t.Fatalf("%s: ticket %s filed %d times", when, s.marker, len(ids))
		case len(ids) == 0 && s.accepted:
			t.Fatalf("%s: ticket %s was acknowledged but is not in the database: lost", when, s.marker)
		case len(ids) == 0:
			continue
		}

		id := ids[0]
		var tokens, history int
		conn.QueryRow("SELECT count(*) FROM status_tokens WHERE ticket_id = ?", id).Scan(&tokens)
		conn.QueryRow("SELECT count(*) FROM ticket_history WHERE ticket_id = ?", id).Scan(&history)
		if tokens != 1 || history == 0 {
			t.Fatalf("%s: ticket #%d (%s) has %d status links and %d history rows: half-written", when, id, s.marker, tokens, history)
		}
		rows, err = conn.Query(`SELECT a.name, a.size, a.sha256, length(d.data), d.data FROM attachments a
			LEFT JOIN attachment_data d ON d.attachment_id = a.id WHERE a.ticket_id = ? ORDER BY a.id`, id)
		if err != nil {
			t.Fatal(err)
		}
		var got []sentFile
		for rows.Next() {
			var f sentFile
			var stored sql.NullInt64
			var data []byte
			if err := rows.Scan(&f.name, &f.size, &f.sha256, &stored, &data); err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(data)
			if !stored.Valid || int(stored.Int64) != f.size || hex.EncodeToString(sum[:]) != f.sha256 {
				t.Fatalf("%s: ticket #%d: file %s stored with %v bytes, listed as %d bytes sha256 %s: half-written", when, id, f.name, stored, f.size, f.sha256)
			}
			got = append(got, f)
		}
		rows.Close()
		if len(got) != len(s.files) {
			t.Fatalf("%s: ticket #%d (%s) has %d files, %d were sent with it", when, id, s.marker, len(got), len(s.files))
		}
		for i := range got {
			if got[i] != s.files[i] {
				t.Fatalf("%s: ticket #%d file %d is %+v, sent %+v", when, id, i, got[i], s.files[i])
			}
		}
	}
}
