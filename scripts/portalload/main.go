// Command portalload loads a running `hotline serve` on loopback: C
// clients file N tickets through POST /api/tickets (one in ten with a
// screenshot), then S suggestion calls go to /api/suggest; it prints the
// throughput and latency percentiles, counts what the database holds
// against what was accepted, and fails (exit 1) when a target is missed.
// Bounded in count and in time. scripts/portal-load.sh runs it.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	addr := flag.String("addr", "http://127.0.0.1:8080", "portal address")
	key := flag.String("key", "", "API key")
	dbPath := flag.String("db", "", "database file, to count the tickets")
	clients := flag.Int("clients", 16, "concurrent clients")
	n := flag.Int("tickets", 10000, "tickets to file")
	suggestions := flag.Int("suggestions", 3000, "suggestion calls")
	limit := flag.Duration("max", 2*time.Minute, "stop after this long whatever the counts")
	pid := flag.Int("pid", 0, "the server's process id, to report its CPU time while filing")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), *limit)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: *clients * 2}, Timeout: 30 * time.Second}

	before := count(*dbPath)
	cpu0 := cpuTime(*pid)
	png := base64.StdEncoding.EncodeToString(append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 40<<10)...))
	words := []string{"Teams", "VPN", "Outlook", "imprimante", "mot de passe", "OneDrive", "4G", "caméra", "micro", "écran", "lenteur", "connexion"}
	var next, accepted, failed, locked atomic.Int64
	lat := make([][]time.Duration, *clients)
	var wg sync.WaitGroup
	// Slow filings (over 50 ms) per second of the run: spread out, the
	// tail is waiting for a CPU; bunched, a pause of the server.
	slow := map[int]int{}
	var slowMu sync.Mutex
	start := time.Now()
	for c := 0; c < *clients; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(c), 42))
			for ctx.Err() == nil {
				i := next.Add(1)
				if i > int64(*n) {
					return
				}
				body := map[string]any{
					"title":       fmt.Sprintf("%s ne marche plus (%d)", words[r.IntN(len(words))], i),
					"description": fmt.Sprintf("Depuis ce matin %s coupe, puis %s. Client %d.", words[r.IntN(len(words))], words[r.IntN(len(words))], c),
					"requester":   map[string]any{"name": fmt.Sprintf("Agent %d", i), "email": fmt.Sprintf("agent%d@ville.fr", i)},
					"connection":  []string{"home", "4g", "vpn", "office"}[r.IntN(4)],
					"urgency":     1 + r.IntN(5),
				}
				if i%10 == 0 {
					body["attachments"] = []map[string]string{{"name": "ecran.png", "content_base64": png}}
				}
				raw, _ := json.Marshal(body)
				req, _ := http.NewRequestWithContext(ctx, "POST", *addr+"/api/tickets", bytes.NewReader(raw))
				req.Header.Set("Authorization", "Bearer "+*key)
				req.Header.Set("Content-Type", "application/json")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					if ctx.Err() == nil {
						failed.Add(1)
						fmt.Fprintln(os.Stderr, "request:", err)
					}
					continue
				}
				out, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				lat[c] = append(lat[c], d)
				if d > 50*time.Millisecond {
					slowMu.Lock()
					slow[int(t0.Sub(start)/time.Second)]++
					slowMu.Unlock()
				}
				if resp.StatusCode == http.StatusCreated {
					accepted.Add(1)
				} else {
					failed.Add(1)
					if strings.Contains(string(out), "locked") {
						locked.Add(1)
					}
					fmt.Fprintf(os.Stderr, "status %d: %s", resp.StatusCode, out)
				}
			}
		}(c)
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu := cpuTime(*pid) - cpu0
	var all []time.Duration
	for _, l := range lat {
		all = append(all, l...)
	}
	after := count(*dbPath)
	stored := after - before
	rate := float64(accepted.Load()) / elapsed.Seconds()
	fmt.Printf("filing: %d clients, %d accepted, %d failed, %d 'database is locked', in %s: %.0f tickets/s\n",
		*clients, accepted.Load(), failed.Load(), locked.Load(), elapsed.Round(time.Millisecond), rate)
	fmt.Printf("filing latency: p50 %s  p90 %s  p99 %s  max %s\n", pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 100))
	fmt.Printf("in the database: %d new tickets (accepted %d): %d lost\n", stored, accepted.Load(), accepted.Load()-stored)
	var perSecond []string
	for s := 0; s <= int(elapsed/time.Second); s++ {
		perSecond = append(perSecond, fmt.Sprint(slow[s]))
	}
	fmt.Printf("filings over 50 ms, per second of the run: %s\n", strings.Join(perSecond, " "))
	if *pid > 0 && accepted.Load() > 0 {
		fmt.Printf("server CPU while filing: %s (user+system) for %s of wall: %.2f ms per ticket, %.0f%% of one core\n",
			cpu.Round(time.Millisecond), elapsed.Round(time.Millisecond), float64(cpu.Microseconds())/1000/float64(accepted.Load()), 100*cpu.Seconds()/elapsed.Seconds())
	}

	// Suggestions: 4 clients; the queries are ticket-like sentences and
	// the titles of 500 articles of the corpus, cycled.
	qs := []string{"teams coupe en 4g", "mot de passe expiré", "outlook ne démarre pas", "vpn erreur 809", "imprimante hors ligne"}
	articles, titles := corpus(*dbPath)
	qs = append(qs, titles...)
	fmt.Printf("suggestions on %d articles\n", articles)
	// One client, as an agent typing, then 4 at once.
	var p99one time.Duration
	var sfailAll int64
	for _, sc := range []int{1, 4} {
		var slat []time.Duration
		var smu sync.Mutex
		var snext, sfail atomic.Int64
		sstart := time.Now()
		for c := 0; c < sc; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					i := snext.Add(1)
					if i > int64(*suggestions) {
						return
					}
					q := qs[int(i)%len(qs)]
					t0 := time.Now()
					resp, err := client.Get(*addr + "/api/suggest?q=" + urlQuery(q))
					if err != nil {
						sfail.Add(1)
						continue
					}
					io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					d := time.Since(t0)
					if resp.StatusCode != 200 {
						sfail.Add(1)
						continue
					}
					smu.Lock()
					slat = append(slat, d)
					smu.Unlock()
				}
			}()
		}
		wg.Wait()
		fmt.Printf("suggestions, %d client(s): %d calls (%d failed) in %s; latency p50 %s  p90 %s  p99 %s  max %s\n",
			sc, len(slat), sfail.Load(), time.Since(sstart).Round(time.Millisecond), pct(slat, 50), pct(slat, 90), pct(slat, 99), pct(slat, 100))
		if sc == 1 {
			p99one = pct(slat, 99)
		}
		sfailAll += sfail.Load()
	}

	ok := rate >= 500 && pct(all, 99) < 50*time.Millisecond && accepted.Load() == stored && locked.Load() == 0 && failed.Load() == 0 &&
		p99one < 20*time.Millisecond && sfailAll == 0 && ctx.Err() == nil
	if !ok {
		fmt.Println("FAIL: a target was missed (≥500 tickets/s, p99 < 50 ms, 0 lost, 0 locked, suggestions p99 < 20 ms, within the time bound)")
		os.Exit(1)
	}
	fmt.Println("PASS: every target met")
}

// cpuTime is the user+system CPU time of process pid so far (0 when
// unknown).
func cpuTime(pid int) time.Duration {
	if pid <= 0 {
		return 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name in parentheses: state is 3rd, utime
	// the 14th and stime the 15th of the whole line, in clock ticks (100
	// a second on Linux).
	rest := string(b[strings.LastIndexByte(string(b), ')')+2:])
	f := strings.Fields(rest)
	if len(f) < 13 {
		return 0
	}
	var ut, st int64
	fmt.Sscan(f[11], &ut)
	fmt.Sscan(f[12], &st)
	return time.Duration(ut+st) * 10 * time.Millisecond
}

func urlQuery(q string) string {
	r := strings.NewReplacer(" ", "+", "&", "%26", "#", "%23", "?", "%3F", "+", "%2B")
	return r.Replace(q)
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	i := (len(s)*p + 99) / 100
	if i < 1 {
		i = 1
	}
	if i > len(s) {
		i = len(s)
	}
	return s[i-1].Round(10 * time.Microsecond)
}

func corpus(path string) (int, []string) {
	if path == "" {
		return 0, nil
	}
	d, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		return 0, nil
	}
	defer d.Close()
	var n int
	d.QueryRow(`SELECT COUNT(*) FROM articles WHERE archived = 0`).Scan(&n)
	rows, err := d.Query(`SELECT title FROM articles WHERE archived = 0 ORDER BY id LIMIT 500`)
	if err != nil {
		return n, nil
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if rows.Scan(&t) == nil {
			out = append(out, t)
		}
	}
	return n, out
}

func count(path string) int64 {
	if path == "" {
		return 0
	}
	d, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=10000")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer d.Close()
	var n int64
	if err := d.QueryRow(`SELECT COUNT(*) FROM tickets`).Scan(&n); err != nil {
		fmt.Fprintln(os.Stderr, "count tickets:", err)
		os.Exit(2)
	}
	return n
}
