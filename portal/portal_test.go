package portal

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"hotline/access"
	"hotline/app"
	"hotline/attachments"
	"hotline/feedback"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

var pngData = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 100)...)

// env is a portal on a fresh database, with a test clock and a browser
// that keeps cookies and does not follow redirects.
type env struct {
	t     *testing.T
	db    *db.DB
	desk  *app.Desk
	srv   *Server
	ts    *httptest.Server
	c     *http.Client
	clock *fakeClock
	logs  *bytes.Buffer
	video int64 // a video article id
	tuto  int64 // a tutorial article id
}

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type envOpt func(*Options, *app.DeskOptions)

func newEnv(t *testing.T, opts ...envOpt) *env {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "h.db"), tickets.Schema, kb.Schema, attachments.Schema, access.Schema, feedback.Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	ts := tickets.NewStore(d.DB, tickets.Options{})
	ks := kb.NewStore(d.DB, kb.Options{Links: ts})
	o := Options{Services: []string{"Voirie", "État civil"}}
	var dopts app.DeskOptions
	for _, f := range opts {
		f(&o, &dopts)
	}
	desk := app.NewDesk(d.DB, ts, ks, attachments.NewStore(d.DB, attachments.Limits{MaxSize: 64 << 10}, nil),
		access.NewStore(d.DB, nil), feedback.NewStore(d.DB, nil), dopts)
	clock := &fakeClock{t: time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)}
	logs := &bytes.Buffer{}
	o.Now = clock.Now
	o.Logger = slog.New(slog.NewTextHandler(&lockedWriter{w: logs}, nil))
	srv, err := New(desk, o)
	if err != nil {
		t.Fatal(err)
	}
	e := &env{t: t, db: d, desk: desk, srv: srv, clock: clock, logs: logs}
	e.ts = httptest.NewServer(srv)
	t.Cleanup(e.ts.Close)
	e.c = e.client()
	v, err := ks.Add(ctx, kb.Article{Kind: kb.KindVideo, Title: "Teams coupe en partage 4G", URL: "https://videos.example/teams4g.mp4",
		Body:       "Quand **Teams** coupe en 4G, passez en audio seul.\n\n<script>alert(1)</script>\n\n[piège](javascript:alert(1)) ![logo](https://cdn.example/x.png)",
		Tags:       []string{"teams", "4g"},
		Transcript: []kb.Segment{{Start: 0, End: 5 * time.Second, Text: "Bonjour"}, {Start: 65 * time.Second, End: 70 * time.Second, Text: "Désactivez la vidéo en partage 4G"}}})
	if err != nil {
		t.Fatal(err)
	}
	tu, err := ks.Add(ctx, kb.Article{Title: "Réinitialiser son mot de passe", Body: "Allez sur la page **mot de passe**.", Tags: []string{"compte"}})
	if err != nil {
		t.Fatal(err)
	}
	e.video, e.tuto = v.ID, tu.ID
	return e
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func (e *env) client() *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type resp struct {
	*http.Response
	body string
}

func (e *env) do(c *http.Client, req *http.Request) resp {
	e.t.Helper()
	r, err := c.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer r.Body.Close()
	b, _ := io.ReadAll(r.Body)
	return resp{r, string(b)}
}

func (e *env) get(path string, hdr ...string) resp {
	e.t.Helper()
	req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return e.do(e.c, req)
}

var csrfField = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf loads a page to get the form's CSRF value (and its cookie).
func (e *env) csrf(path string) string {
	e.t.Helper()
	r := e.get(path)
	m := csrfField.FindStringSubmatch(r.body)
	if m == nil {
		e.t.Fatalf("no CSRF field on %s:\n%s", path, r.body)
	}
	return m[1]
}

type file struct {
	name string
	data []byte
}

// post sends a multipart form.
func (e *env) post(path string, fields map[string]string, files ...file) resp {
	e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		w, _ := mw.CreateFormFile("fichiers", f.name)
		w.Write(f.data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return e.do(e.c, req)
}

func (e *env) count(table string) int {
	e.t.Helper()
	var n int
	if err := e.db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		e.t.Fatal(err)
	}
	return n
}

func goodForm(csrf string) map[string]string {
	return map[string]string{"csrf": csrf, "nom": "Marie Curie", "service": "Voirie", "email": "marie@ville.fr", "telephone": "0601020304",
		"connexion": "4g", "categorie": "Teams", "description": "Teams coupe pendant les réunions en partage 4G", "bloquant": "5", "etape": "envoyer"}
}

// file a ticket through the form and return its status path.
func (e *env) file(fields map[string]string, files ...file) string {
	e.t.Helper()
	r := e.post("/demande", fields, files...)
	if r.StatusCode != http.StatusSeeOther {
		e.t.Fatalf("filing: status %d\n%s", r.StatusCode, r.body)
	}
	loc := r.Header.Get("Location")
	if !strings.HasPrefix(loc, "/suivi/") {
		e.t.Fatalf("filing redirected to %q", loc)
	}
	return loc
}

func tokenOf(statusPath string) string {
	return strings.TrimPrefix(strings.SplitN(statusPath, "?", 2)[0], "/suivi/")
}

func TestFormFilesTicketWithAttachmentsAndShowsStatusLink(t *testing.T) {
	e := newEnv(t)
	form := goodForm(e.csrf("/"))
	form["memoriser"] = "1"
	loc := e.file(form, file{"capture.png", pngData}, file{"journal.txt", []byte("erreur 0x80\n")})
	if e.count("tickets") != 1 || e.count("attachments") != 2 {
		t.Fatalf("tickets %d attachments %d", e.count("tickets"), e.count("attachments"))
	}
	tk, err := e.desk.Tickets.Get(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Urgency != 5 || tk.Connection != tickets.Conn4G || tk.Requester.Service != "Voirie" || tk.Category != "Teams" {
		t.Errorf("ticket %+v", tk)
	}
	hist, _ := e.desk.Tickets.History(context.Background(), 1)
	if hist[len(hist)-1].Field != "channel" || hist[len(hist)-1].New != "portal" {
		t.Errorf("history does not record the portal channel: %+v", hist)
	}
	page := e.get(loc)
	if page.StatusCode != 200 || !strings.Contains(page.body, "Demande n°1 envoyée") || !strings.Contains(page.body, e.ts.URL+"/suivi/"+tokenOf(loc)) {
		t.Fatalf("status page after sending:\n%s", page.body)
	}
	for _, w := range []string{"capture.png", "journal.txt", "Reçue, en attente d&#39;un technicien"} {
		if !strings.Contains(page.body, w) {
			t.Errorf("status page lacks %q", w)
		}
	}
	if len(tokenOf(loc)) < 43 {
		t.Errorf("token %q shorter than 256 bits", tokenOf(loc))
	}
	// The details are remembered on this device: the next form is filled.
	next := e.get("/")
	if !strings.Contains(next.body, `value="Marie Curie"`) || !strings.Contains(next.body, `value="0601020304"`) {
		t.Error("the agent's details were not remembered")
	}
	u, _ := url.Parse(e.ts.URL)
	for _, c := range e.c.Jar.Cookies(u) {
		if c.Name == agentCookie {
			raw, _ := base64.RawURLEncoding.DecodeString(c.Value)
			if strings.Contains(string(raw), tokenOf(loc)) || strings.Contains(string(raw), "csrf") {
				t.Error("the details cookie holds a secret")
			}
		}
	}
}

func TestFormCookiesAreHttpOnlySameSiteAndSecureUnderTLS(t *testing.T) {
	e := newEnv(t, func(o *Options, _ *app.DeskOptions) {
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	})
	check := func(proto string, wantSecure bool) {
		t.Helper()
		req, _ := http.NewRequest("GET", e.ts.URL+"/", nil)
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
		}
		r := e.do(&http.Client{}, req)
		cs := r.Cookies()
		if len(cs) == 0 {
			t.Fatal("no cookie set")
		}
		for _, c := range cs {
			if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Secure != wantSecure {
				t.Errorf("proto %q: cookie %s HttpOnly=%v SameSite=%v Secure=%v", proto, c.Name, c.HttpOnly, c.SameSite, c.Secure)
			}
		}
	}
	check("", false)
	check("https", true)

	// Real TLS.
	tls := httptest.NewTLSServer(e.srv)
	defer tls.Close()
	r, err := tls.Client().Get(tls.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	r.Body.Close()
	for _, c := range r.Cookies() {
		if !c.Secure {
			t.Errorf("cookie %s not Secure under TLS", c.Name)
		}
	}
	if r.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS under TLS")
	}
}

func TestForwardedHeadersIgnoredUnlessProxyTrusted(t *testing.T) {
	e := newEnv(t, func(o *Options, _ *app.DeskOptions) { o.TicketsPerMinute = 1 })
	// An untrusted client cannot claim another address to escape limits,
	// nor claim https.
	req, _ := http.NewRequest("GET", e.ts.URL+"/", nil)
	req.Header.Set("X-Forwarded-Proto", "https")
	r := e.do(&http.Client{}, req)
	for _, c := range r.Cookies() {
		if c.Secure {
			t.Error("X-Forwarded-Proto believed from an untrusted peer")
		}
	}
	form := goodForm(e.csrf("/"))
	e.file(form)
	for i, fwd := range []string{"203.0.113.7", "198.51.100.1"} {
		req := func() resp {
			var buf bytes.Buffer
			mw := multipart.NewWriter(&buf)
			for k, v := range form {
				mw.WriteField(k, v)
			}
			mw.Close()
			rq, _ := http.NewRequest("POST", e.ts.URL+"/demande", &buf)
			rq.Header.Set("Content-Type", mw.FormDataContentType())
			rq.Header.Set("X-Forwarded-For", fwd)
			return e.do(e.c, rq)
		}()
		if req.StatusCode != http.StatusTooManyRequests {
			t.Errorf("attempt %d with X-Forwarded-For %s escaped the limit: %d", i, fwd, req.StatusCode)
		}
	}
	// Trusted: each forwarded client has its own allowance.
	e2 := newEnv(t, func(o *Options, _ *app.DeskOptions) {
		o.TicketsPerMinute = 1
		o.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}
	})
	r1, _ := http.NewRequest("GET", "/", nil)
	r1.RemoteAddr = "127.0.0.1:5000"
	r1.Header.Set("X-Forwarded-For", "1.2.3.4, 203.0.113.9")
	if got := e2.srv.clientAddr(r1); got != "203.0.113.9" {
		t.Errorf("client behind a trusted proxy: %s", got)
	}
	r1.RemoteAddr = "192.0.2.1:5000"
	if got := e2.srv.clientAddr(r1); got != "192.0.2.1" {
		t.Errorf("client not behind a trusted proxy: %s", got)
	}
}

func TestTutorialsStepWithoutJavaScriptFilesNothing(t *testing.T) {
	e := newEnv(t)
	form := goodForm(e.csrf("/"))
	form["etape"] = "tutoriels"
	r := e.post("/demande", form, file{"capture.png", pngData})
	if r.StatusCode != 200 {
		t.Fatalf("status %d", r.StatusCode)
	}
	if !strings.Contains(r.body, "Ces tutoriels peuvent vous aider") || !strings.Contains(r.body, "Teams coupe en partage 4G") {
		t.Errorf("suggestions not shown:\n%s", r.body)
	}
	if !strings.Contains(r.body, "choisissez-les de nouveau") {
		t.Error("the agent is not told to choose the files again")
	}
	if !strings.Contains(r.body, "Teams coupe pendant les réunions") || !strings.Contains(r.body, `value="Marie Curie"`) {
		t.Error("the typed fields were lost")
	}
	if e.count("tickets") != 0 {
		t.Error("the tutorials step filed a ticket")
	}
}

func TestFormRefusesBadInputNamingFieldsAndWritesNothing(t *testing.T) {
	e := newEnv(t, func(_ *Options, d *app.DeskOptions) { d.AcceptedEmailDomains = []string{"ville.fr"} })
	csrf := e.csrf("/")
	r := e.post("/demande", map[string]string{"csrf": csrf, "etape": "envoyer", "email": "x@gmail.com"})
	if r.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", r.StatusCode)
	}
	for _, w := range []string{"Indiquez votre nom", "Décrivez le problème", "adresse professionnelle"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("no message %q", w)
		}
	}
	form := goodForm(csrf)
	// An executable renamed .png: refused by its content.
	r = e.post("/demande", form, file{"capture.png", pngData}, file{"photo.png", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\xff\xff")})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "photo.png n&#39;est ni une image") {
		t.Errorf("a fake PNG was not refused: %d\n%s", r.StatusCode, r.body)
	}
	r = e.post("/demande", form, file{"a.png", pngData}, file{"b.png", pngData}, file{"c.png", pngData}, file{"d.png", pngData})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "3 fichiers au plus") {
		t.Errorf("4 files accepted: %d", r.StatusCode)
	}
	big := append(append([]byte{}, pngData...), make([]byte, 65<<10)...)
	r = e.post("/demande", form, file{"big.png", big})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "dépasse 64 Ko") {
		t.Errorf("a file over the limit was accepted: %d", r.StatusCode)
	}
	if e.count("tickets") != 0 || e.count("attachments") != 0 {
		t.Errorf("refused forms wrote %d tickets, %d attachments", e.count("tickets"), e.count("attachments"))
	}
}

func TestEveryFormNeedsItsCSRFValue(t *testing.T) {
	e := newEnv(t)
	loc := e.file(goodForm(e.csrf("/")))
	tok := tokenOf(loc)
	for _, path := range []string{"/demande", "/suivi/" + tok + "/reponse", "/suivi/" + tok + "/resolu", "/suivi/" + tok + "/note", "/tutoriels/1/resolu"} {
		for _, csrf := range []string{"", strings.Repeat("A", 43)} {
			f := goodForm(csrf)
			f["texte"], f["note"] = "réponse", "5"
			r := e.post(path, f)
			if r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "rechargez la page") {
				t.Errorf("%s with csrf %q: status %d", path, csrf, r.StatusCode)
			}
		}
	}
	// A browser without the cookie (another site posting) is refused too.
	form := goodForm(e.csrf("/"))
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range form {
		mw.WriteField(k, v)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+"/demande", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if r := e.do(&http.Client{}, req); r.StatusCode != http.StatusForbidden {
		t.Errorf("a POST without the CSRF cookie: %d", r.StatusCode)
	}
	fus, _ := e.desk.Tickets.Followups(context.Background(), 1)
	if e.count("tickets") != 1 || len(fus) != 0 || e.count("self_service") != 0 || e.count("ratings") != 0 {
		t.Error("a form without its CSRF value changed something")
	}
}

func TestHoneypotFilesNothing(t *testing.T) {
	e := newEnv(t)
	form := goodForm(e.csrf("/"))
	form["site_web"] = "http://spam.example"
	r := e.post("/demande", form)
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/merci" {
		t.Errorf("honeypot: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if e.count("tickets") != 0 {
		t.Error("a bot filled the honeypot and filed a ticket")
	}
}

func TestRateLimitsAnswer429InFrenchWithRetryAfter(t *testing.T) {
	e := newEnv(t, func(o *Options, _ *app.DeskOptions) { o.TicketsPerMinute, o.SuggestionsPerMinute = 2, 3 })
	form := goodForm(e.csrf("/"))
	e.file(form)
	e.file(form)
	r := e.post("/demande", form)
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.body, "Trop de demandes") {
		t.Fatalf("third ticket in a minute: %d Retry-After=%q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if e.count("tickets") != 2 {
		t.Errorf("%d tickets, want 2", e.count("tickets"))
	}
	e.clock.Add(31 * time.Second)
	e.file(form) // one token back after 30 s
	for i := 0; i < 3; i++ {
		if r := e.get("/api/suggest?q=teams+4g"); r.StatusCode != 200 {
			t.Fatalf("suggestion %d: %d", i, r.StatusCode)
		}
	}
	r = e.get("/api/suggest?q=teams+4g")
	var body apiError
	json.Unmarshal([]byte(r.body), &body)
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") != "20" || !strings.Contains(body.Error, "réessayez dans 20 s") {
		t.Errorf("fourth suggestion: %d Retry-After=%q %q", r.StatusCode, r.Header.Get("Retry-After"), body.Error)
	}
}

func TestBodiesOverTheLimitAre413(t *testing.T) {
	e := newEnv(t)
	csrf := e.csrf("/")
	form := goodForm(csrf)
	// Four files at the limit exceed the body cap before any parsing.
	huge := make([]byte, 100<<10)
	r := e.post("/demande", form, file{"a.txt", huge}, file{"b.txt", huge}, file{"c.txt", huge})
	if r.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(r.body, "trop volumineux") {
		t.Errorf("oversized upload: %d", r.StatusCode)
	}
	// Text fields over 64 KB even without files.
	form["description"] = strings.Repeat("x", 70<<10)
	if r := e.post("/demande", form); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized text: %d", r.StatusCode)
	}
	// A form without files has the text cap only.
	tok := tokenOf(e.file(goodForm(csrf)))
	if r := e.post("/suivi/"+tok+"/note", map[string]string{"csrf": csrf, "commentaire": strings.Repeat("x", 70<<10)}); r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized rating: %d", r.StatusCode)
	}
	if e.count("tickets") != 1 {
		t.Error("an oversized request filed a ticket")
	}
}

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	e := newEnv(t)
	for _, p := range []string{"/", "/tutoriels?q=teams", "/tutoriels/1", "/static/style.css", "/api/kb?q=teams", "/nowhere", "/suivi/nope"} {
		r := e.get(p)
		csp := r.Header.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if r.Header.Get("X-Content-Type-Options") != "nosniff" || r.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s: nosniff %q referrer %q", p, r.Header.Get("X-Content-Type-Options"), r.Header.Get("Referrer-Policy"))
		}
	}
	// No inline script or style anywhere (CSP would block it).
	for _, p := range []string{"/", "/tutoriels/1", "/tutoriels?q=teams"} {
		body := e.get(p).body
		if strings.Contains(body, "<script>") || strings.Contains(body, "style=") || strings.Contains(body, "<style") || strings.Contains(body, " on") && regexp.MustCompile(`\son[a-z]+=`).MatchString(body) {
			t.Errorf("%s has inline script or style", p)
		}
	}
}

func TestOutsideTextIsEscaped(t *testing.T) {
	e := newEnv(t)
	form := goodForm(e.csrf("/"))
	form["description"] = `<script>alert("x")</script> <img src=x onerror=alert(1)>`
	form["nom"] = `"><b>Marie</b>`
	loc := e.file(form)
	body := e.get(loc).body
	if strings.Contains(body, "<script>alert") || strings.Contains(body, "<img src=x") || strings.Contains(body, "<b>Marie") {
		t.Errorf("outside text reached the page as HTML:\n%s", body)
	}
	if !strings.Contains(body, "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") {
		t.Error("the title is not shown as text")
	}
}

func TestStatusPageShowsOnlyWhatIsPublic(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	loc := e.file(goodForm(e.csrf("/")))
	tok := tokenOf(loc)
	other := e.file(goodForm(e.csrf("/")))
	_ = other
	paul := "paul.martin"
	e.desk.Tickets.Update(ctx, 1, 0, tickets.Patch{Assignee: &paul}, paul)
	e.desk.Tickets.Comment(ctx, 1, paul, "SECRET note interne: mot de passe admin", true)
	e.desk.Tickets.Comment(ctx, 1, paul, "Essayez de couper la caméra.", false)
	e.desk.Tickets.Link(ctx, 1, e.video, paul)
	body := e.get("/suivi/" + tok).body
	for _, bad := range []string{"SECRET", "paul.martin", "paul", "Demande n°2", "assignee", "history"} {
		if strings.Contains(body, bad) {
			t.Errorf("the status page shows %q", bad)
		}
	}
	for _, w := range []string{"Prise en charge par un technicien", "Essayez de couper la caméra.", "L&#39;assistance", "Teams coupe en partage 4G"} {
		if !strings.Contains(body, w) {
			t.Errorf("the status page lacks %q", w)
		}
	}
	if strings.Contains(body, "Demande n°1 envoyée") {
		t.Error("the 'sent' banner shows on later visits")
	}
	r := e.get("/suivi/" + tok[:len(tok)-2] + "zz")
	if r.StatusCode != 404 || !strings.Contains(r.body, "lien de suivi n&#39;est pas valable") {
		t.Errorf("a wrong token: %d", r.StatusCode)
	}
	if r := e.get("/suivi/x"); r.StatusCode != 404 {
		t.Errorf("a short token: %d", r.StatusCode)
	}
}

// The walk of the "done when": a technician answers a new ticket
// in the interface (a public follow-up, nothing else): the status page
// shows the answer and no longer says the request waits for a technician.
func TestStatusPageAfterAnAnswerToANewTicket(t *testing.T) {
	e := newEnv(t)
	tok := tokenOf(e.file(goodForm(e.csrf("/"))))
	body := e.get("/suivi/" + tok).body
	if !strings.Contains(body, "État : <strong>Reçue, en attente d&#39;un technicien</strong>") {
		t.Fatalf("a new ticket's status page:\n%s", body)
	}
	if _, err := e.desk.Tickets.Comment(context.Background(), 1, "paul", "Relancez Teams.", false); err != nil {
		t.Fatal(err)
	}
	body = e.get("/suivi/" + tok).body
	if !strings.Contains(body, "Relancez Teams.") || !strings.Contains(body, "État : <strong>Prise en charge par un technicien</strong>") {
		t.Errorf("after the helpdesk's answer:\n%s", body)
	}
	if body := e.get("/suivi/"+tok, "Accept-Language", "en").body; !strings.Contains(body, "Status: <strong>Being handled by a technician</strong>") {
		t.Errorf("in English:\n%s", body)
	}
}

func TestReplySolveAndRateOnce(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	csrf := e.csrf("/")
	tok := tokenOf(e.file(goodForm(csrf)))
	paul, pending := "paul", tickets.StatusPending
	e.desk.Tickets.Update(ctx, 1, 0, tickets.Patch{Assignee: &paul}, paul)
	e.desk.Tickets.Update(ctx, 1, 0, tickets.Patch{Status: &pending}, paul)

	r := e.post("/suivi/"+tok+"/reponse", map[string]string{"csrf": csrf, "texte": "  "})
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Écrivez votre message") {
		t.Errorf("empty reply: %d", r.StatusCode)
	}
	r = e.post("/suivi/"+tok+"/reponse", map[string]string{"csrf": csrf, "texte": "Toujours coupé ce matin"}, file{"ecran.png", pngData})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", r.StatusCode, r.body)
	}
	tk, _ := e.desk.Tickets.Get(ctx, 1)
	fus, _ := e.desk.Tickets.Followups(ctx, 1)
	if tk.Status != tickets.StatusAssigned || len(fus) != 1 || !fus[0].FromRequester || fus[0].Private || fus[0].Channel != "portal" {
		t.Fatalf("after the reply: status %s follow-ups %+v", tk.Status, fus)
	}
	page := e.get(r.Header.Get("Location")).body
	if !strings.Contains(page, "Votre réponse a été ajoutée") || !strings.Contains(page, "ecran.png") || !strings.Contains(page, "Vous ·") {
		t.Error("the reply is not shown")
	}
	if r := e.post("/suivi/"+tok+"/note", map[string]string{"csrf": csrf, "note": "5"}); r.StatusCode != http.StatusConflict {
		t.Errorf("rating an open ticket: %d", r.StatusCode)
	}
	if r := e.post("/suivi/"+tok+"/resolu", map[string]string{"csrf": csrf}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("c'est résolu: %d", r.StatusCode)
	}
	if tk, _ = e.desk.Tickets.Get(ctx, 1); tk.Status != tickets.StatusSolved {
		t.Fatalf("status %s after c'est résolu", tk.Status)
	}
	page = e.get("/suivi/" + tok).body
	if !strings.Contains(page, `name="note"`) {
		t.Error("no rating form on a solved ticket")
	}
	if r := e.post("/suivi/"+tok+"/note", map[string]string{"csrf": csrf, "note": "9"}); r.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("rating 9: %d", r.StatusCode)
	}
	if r := e.post("/suivi/"+tok+"/note", map[string]string{"csrf": csrf, "note": "4", "commentaire": "Rapide"}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("rating: %d", r.StatusCode)
	}
	if r := e.post("/suivi/"+tok+"/note", map[string]string{"csrf": csrf, "note": "1"}); r.StatusCode != http.StatusConflict {
		t.Errorf("second rating: %d", r.StatusCode)
	}
	rt, _ := e.desk.Feedback.RatingOf(ctx, 1)
	if rt == nil || rt.Score != 4 || rt.Comment != "Rapide" || rt.Technician != "paul" {
		t.Errorf("rating %+v", rt)
	}
	if page = e.get("/suivi/" + tok).body; !strings.Contains(page, "Merci pour votre note : 4/5") || strings.Contains(page, `name="note"`) {
		t.Error("the rating is not shown once given")
	}
}

func TestAttachmentsDownloadOnlyWithTheirTicketsToken(t *testing.T) {
	e := newEnv(t)
	csrf := e.csrf("/")
	tok1 := tokenOf(e.file(goodForm(csrf), file{"a b é.txt", []byte("bonjour\n")}))
	tok2 := tokenOf(e.file(goodForm(csrf)))
	r := e.get("/suivi/" + tok1 + "/pj/1")
	if r.StatusCode != 200 || r.body != "bonjour\n" || r.Header.Get("Content-Type") != "text/plain; charset=utf-8" ||
		!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment;") {
		t.Errorf("download: %d %q %v", r.StatusCode, r.body, r.Header)
	}
	if r := e.get("/suivi/" + tok2 + "/pj/1"); r.StatusCode != 404 {
		t.Errorf("another ticket's token opened the file: %d", r.StatusCode)
	}
}

func TestArticlePageRendersSafeMarkdownVideoAndTranscript(t *testing.T) {
	e := newEnv(t)
	r := e.get("/tutoriels/1")
	if r.StatusCode != 200 {
		t.Fatalf("%d", r.StatusCode)
	}
	if !strings.Contains(r.body, "<strong>Teams</strong>") {
		t.Error("Markdown not rendered")
	}
	if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "javascript:") || strings.Contains(r.body, `<img`) {
		t.Errorf("unsafe HTML passed through:\n%s", r.body)
	}
	for _, w := range []string{`href="https://videos.example/teams4g.mp4"`, "Voir la vidéo", `#t=65`, "1:05", "Désactivez la vidéo en partage 4G"} {
		if !strings.Contains(r.body, w) {
			t.Errorf("article page lacks %q", w)
		}
	}
	if r := e.get("/tutoriels/999"); r.StatusCode != 404 {
		t.Errorf("unknown article: %d", r.StatusCode)
	}
}

func TestSelfServiceAnswerRecordsAndFilesNothing(t *testing.T) {
	e := newEnv(t)
	csrf := e.csrf("/tutoriels/1")
	r := e.post("/tutoriels/1/resolu", map[string]string{"csrf": csrf})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("%d", r.StatusCode)
	}
	if page := e.get(r.Header.Get("Location")).body; !strings.Contains(page, "aucune demande n&#39;a été créée") {
		t.Error("no thanks")
	}
	if r := e.post("/tutoriels/999/resolu", map[string]string{"csrf": csrf}); r.StatusCode != 404 {
		t.Errorf("unknown article: %d", r.StatusCode)
	}
	rep, _ := e.desk.Feedback.Report(context.Background(), time.Time{})
	if e.count("tickets") != 0 || rep.SelfService != 1 || rep.Deflections[0].ArticleID != 1 {
		t.Errorf("tickets %d, report %+v", e.count("tickets"), rep)
	}
}

func TestKnowledgeBaseSearchPage(t *testing.T) {
	e := newEnv(t)
	r := e.get("/tutoriels?q=mot+de+passe")
	if !strings.Contains(r.body, "Réinitialiser son mot de passe") || !strings.Contains(r.body, "<mark>") {
		t.Errorf("search results:\n%s", r.body)
	}
	if r := e.get("/tutoriels?q=zzzqqq"); !strings.Contains(r.body, "Aucun tutoriel trouvé pour « zzzqqq »") {
		t.Error("no 'nothing found'")
	}
}

func TestLanguageFromHeaderAndSwitch(t *testing.T) {
	e := newEnv(t)
	if r := e.get("/"); !strings.Contains(r.body, `lang="fr"`) || !strings.Contains(r.body, "Que se passe-t-il ?") {
		t.Error("not French by default")
	}
	if r := e.get("/", "Accept-Language", "en-GB,en;q=0.9,fr;q=0.5"); !strings.Contains(r.body, "What happens?") {
		t.Error("Accept-Language en ignored")
	}
	if r := e.get("/", "Accept-Language", "de-DE,fr;q=0.8,en;q=0.5"); !strings.Contains(r.body, "Que se passe-t-il ?") {
		t.Error("a French-preferring browser got English")
	}
	r := e.get("/langue/en?retour=/tutoriels")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/tutoriels" {
		t.Errorf("switch: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := e.get("/", "Accept-Language", "fr"); !strings.Contains(r.body, "What happens?") {
		t.Error("the switch does not win over the header")
	}
	for _, evil := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example"} {
		if r := e.get("/langue/fr?retour=" + url.QueryEscape(evil)); r.Header.Get("Location") != "/" {
			t.Errorf("open redirect to %q: %s", evil, r.Header.Get("Location"))
		}
	}
}

func TestKioskIntakeKey(t *testing.T) {
	e := newEnv(t, func(o *Options, _ *app.DeskOptions) { o.IntakeKey = "borne-mairie-2026" })
	csrf := e.csrf("/tutoriels/1")
	if body := e.get("/").body; !strings.Contains(body, "pas autorisé") || strings.Contains(body, `name="description"`) {
		t.Error("the form shows without the kiosk key")
	}
	if r := e.post("/demande", goodForm(csrf)); r.StatusCode != http.StatusForbidden {
		t.Errorf("filing without the kiosk key: %d", r.StatusCode)
	}
	if r := e.get("/?cle=wrong"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a wrong kiosk key: %d", r.StatusCode)
	}
	if r := e.get("/?cle=borne-mairie-2026"); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/" {
		t.Errorf("the kiosk key: %d", r.StatusCode)
	}
	e.file(goodForm(csrf))
	if e.count("tickets") != 1 {
		t.Error("the kiosk could not file")
	}
}

func TestLogsHoldNoTokenNoQueryNoPersonalData(t *testing.T) {
	e := newEnv(t)
	loc := e.file(goodForm(e.csrf("/")))
	e.get(loc)
	e.get("/tutoriels?q=marie+curie+mot+de+passe")
	logs := e.logs.String()
	for _, bad := range []string{tokenOf(loc), "Marie", "marie@ville.fr", "0601020304", "curie", "127.0.0.1"} {
		if strings.Contains(logs, bad) {
			t.Errorf("logs hold %q:\n%s", bad, logs)
		}
	}
	if !strings.Contains(logs, "path=/suivi/{token}") || !strings.Contains(logs, "status=303") || !strings.Contains(logs, "duration=") {
		t.Errorf("logs lack the request lines:\n%s", logs)
	}
}

func TestPagesWeighUnder30KB(t *testing.T) {
	e := newEnv(t)
	css := len(e.get("/static/style.css").body)
	tok := tokenOf(e.file(goodForm(e.csrf("/")), file{"capture.png", pngData}))
	for _, p := range []string{"/", "/suivi/" + tok, "/tutoriels?q=teams", "/tutoriels/1"} {
		n := len(e.get(p).body)
		if n+css > 30<<10 {
			t.Errorf("%s weighs %d bytes with its CSS", p, n+css)
		}
	}
	if js := len(e.get("/static/suggest.js").body); js > 3<<10 {
		t.Errorf("the suggestion script weighs %d bytes", js)
	}
	// Sent gzipped to browsers that accept it; attachments as they are.
	if r := e.get("/", "Accept-Encoding", "gzip"); r.Header.Get("Content-Encoding") != "gzip" || len(r.body) > 3<<10 {
		t.Errorf("home page not gzipped: %q, %d bytes", r.Header.Get("Content-Encoding"), len(r.body))
	}
	if r := e.get("/suivi/"+tok+"/pj/1", "Accept-Encoding", "gzip"); r.Header.Get("Content-Encoding") != "" || r.body != string(pngData) {
		t.Errorf("attachment re-encoded: %q", r.Header.Get("Content-Encoding"))
	}
	// A body under one packet goes as it is: gzip would save nothing and
	// cost the most (the answer to a filed ticket, an empty suggestion).
	if r := e.get("/api/suggest?q=zzzzqx", "Accept-Encoding", "gzip"); r.StatusCode != 200 || r.Header.Get("Content-Encoding") != "" ||
		!json.Valid([]byte(r.body)) || len(r.body) >= gzipMin {
		t.Errorf("small JSON: %d %q, %d bytes: %q", r.StatusCode, r.Header.Get("Content-Encoding"), len(r.body), r.body)
	}
}

func TestEveryMessageHasBothLanguages(t *testing.T) {
	for k, m := range messages {
		if m[0] == "" || m[1] == "" {
			t.Errorf("message %s lacks a language", k)
		}
	}
	e := newEnv(t)
	tok := tokenOf(e.file(goodForm(e.csrf("/"))))
	for _, lang := range []string{"fr", "en"} {
		for _, p := range []string{"/", "/suivi/" + tok, "/tutoriels?q=teams", "/tutoriels/1", "/nowhere"} {
			body := e.get(p, "Accept-Language", lang).body
			if m := regexp.MustCompile(`\b(err|st|f|btn|kb|sugg|nav|new|v|conn|block)\.[a-z.]+\b`).FindString(body); m != "" && !strings.Contains(body, "videos.example") {
				t.Errorf("%s in %s shows the raw key %q", p, lang, m)
			}
		}
	}
}
