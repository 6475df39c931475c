package cli

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}
func (l *lockedBuffer) String() string { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// serve starts `hotline serve` on a free port and returns its address and
// a function that stops it (as SIGINT would: the context ends) and returns
// its exit code and standard error.
func (c *cli) serve(args ...string) (string, func() (int, string)) {
	c.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr lockedBuffer
	done := make(chan int, 1)
	go func() {
		streams := IO{Stdin: strings.NewReader(""), Stdout: pw, Stderr: &stderr, Getenv: func(k string) string { return c.env[k] }}
		done <- Run(ctx, streams, "test", append([]string{"--db", c.db, "--config", filepath.Join(filepath.Dir(c.db), "none.yaml"), "serve", "--http", "127.0.0.1:0", "--ssh", "off"}, args...))
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	addr := ""
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "hotline serve: portal and API on "); ok {
			addr = strings.TrimSuffix(rest, "/")
			break
		}
	}
	if addr == "" {
		cancel()
		c.t.Fatalf("serve did not say where it listens: exit %d, stderr %s", <-done, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	return addr, func() (int, string) {
		cancel()
		return <-done, stderr.String()
	}
}

func TestServeFilesFromThePortalAndStopsCleanly(t *testing.T) {
	c := newCLI(t)
	key := strings.TrimSpace(c.ok("apikey", "add", "intranet"))
	if !strings.HasPrefix(key, "hk_") {
		t.Fatalf("apikey add printed %q", key)
	}
	addr, stop := c.serve()
	r, err := http.Get(addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if r.StatusCode != 200 || !strings.Contains(string(body), "Que se passe-t-il ?") {
		t.Fatalf("portal home: %d", r.StatusCode)
	}
	png := base64.StdEncoding.EncodeToString(append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 32)...))
	req, _ := http.NewRequest("POST", addr+"/api/tickets", strings.NewReader(`{"title":"Imprimante hors ligne","requester":{"name":"Léa"},"attachments":[{"name":"ecran.png","content_base64":"`+png+`"}]}`))
	req.Header.Set("Authorization", "Bearer "+key)
	req.Header.Set("Content-Type", "application/json")
	r, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var created struct {
		ID    int64  `json:"id"`
		Token string `json:"token"`
	}
	json.NewDecoder(r.Body).Decode(&created)
	r.Body.Close()
	if r.StatusCode != 201 || created.ID != 1 {
		t.Fatalf("api create: %d", r.StatusCode)
	}
	code, logs := stop()
	if code != 0 {
		t.Fatalf("serve exit %d\n%s", code, logs)
	}
	if !strings.Contains(logs, "method=POST path=/api/tickets status=201") || !strings.Contains(logs, "msg=listening") {
		t.Errorf("request log:\n%s", logs)
	}
	if strings.Contains(logs, created.Token) || strings.Contains(logs, key) || strings.Contains(logs, "Léa") {
		t.Errorf("logs hold a secret or personal data:\n%s", logs)
	}
	// The CLI sees what the portal filed: the ticket and its file.
	if out := c.ok("ticket", "attachment", "list", "1"); !strings.Contains(out, "ecran.png") || !strings.Contains(out, "image/png") || !strings.Contains(out, "api") {
		t.Errorf("attachment list:\n%s", out)
	}
	dest := filepath.Join(t.TempDir(), "out.png")
	c.ok("ticket", "attachment", "get", "1", "1", "-o", dest)
	if data, _ := os.ReadFile(dest); !bytes.HasPrefix(data, []byte("\x89PNG")) {
		t.Error("attachment get wrote the wrong bytes")
	}
	if r := c.run("", "ticket", "attachment", "get", "1", "1", "-o", dest); r.code == 0 || !strings.Contains(r.stderr, "--force") {
		t.Errorf("get over an existing file: %d %s", r.code, r.stderr)
	}
	if r := c.run("", "ticket", "attachment", "get", "1", "9", "-o", "-"); r.code != 1 || !strings.Contains(r.stderr, "no attachment 9") {
		t.Errorf("unknown attachment: %d %s", r.code, r.stderr)
	}
	if out := c.ok("ticket", "history", "1"); !strings.Contains(out, "api") {
		t.Errorf("history lacks the channel:\n%s", out)
	}
}

func TestServeRefusesBadFlags(t *testing.T) {
	c := newCLI(t)
	for _, args := range [][]string{{"serve", "--http", "nonsense"}, {"serve", "--tls-cert", "a.pem"}, {"serve", "--http", "off", "--ssh", "off"}, {"serve", "--ssh", "nonsense"}, {"serve", "--pprof", "0.0.0.0:6060"}, {"serve", "--pprof", "nonsense"}} {
		if r := c.run("", args...); r.code != 2 {
			t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
}

func TestAPIKeyAddListRevoke(t *testing.T) {
	c := newCLI(t)
	key := strings.TrimSpace(c.ok("apikey", "add", "intranet"))
	list := c.ok("apikey", "list")
	if !strings.Contains(list, "intranet") || !strings.Contains(list, key[:9]) || strings.Contains(list, key) || !strings.Contains(list, "active") {
		t.Errorf("list shows the key or lacks it:\n%s", list)
	}
	if r := c.run("", "apikey", "add", "intranet"); r.code != 2 {
		t.Errorf("duplicate name: %d", r.code)
	}
	c.ok("apikey", "revoke", "intranet")
	if list := c.ok("apikey", "list"); !strings.Contains(list, "revoked") {
		t.Errorf("not revoked:\n%s", list)
	}
	if r := c.run("", "apikey", "revoke", "intranet"); r.code != 2 {
		t.Errorf("revoking twice: %d", r.code)
	}
	c.ok("apikey", "add", "intranet") // the name is free again
}
