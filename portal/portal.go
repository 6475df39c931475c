// Package portal is the agents' way into the helpdesk: server-rendered web
// pages (html/template, no JavaScript needed, French by default) to file a
// ticket, find a tutorial and follow a ticket through its private status
// link, and a JSON API for other systems. It talks to the core only through
// app.Desk, so every write goes through the stores.
package portal

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"time"

	"hotline/app"
	"hotline/internal/lifecycle"
)

// Options configure the portal; the zero value of each field is a default.
type Options struct {
	// BaseURL is the address agents use (https://support.ville.fr), for
	// the status links shown and returned by the API; default: the host
	// the request came to.
	BaseURL string
	// Services offered in the form, before "autre".
	Services []string
	// TrustedProxies may set X-Forwarded-For and X-Forwarded-Proto.
	TrustedProxies []netip.Prefix
	// IntakeKey, when set, must be presented (once, as ?cle=) by a device
	// before it can file tickets on the portal.
	IntakeKey string
	// Per client address and minute; defaults 10 and 60.
	TicketsPerMinute, SuggestionsPerMinute int
	// FormLimit caps a form's text (default 64 KB); attachments add their
	// own limit on top.
	FormLimit int64
	Logger    *slog.Logger
	Now       func() time.Time
}

// Server is the portal's HTTP handler.
type Server struct {
	desk    *app.Desk
	opts    Options
	log     *slog.Logger
	now     func() time.Time
	mux     *http.ServeMux
	handler http.Handler
	tickets *limiter
	suggest *limiter
	pages   *pages
}

// New builds the portal on the use cases of desk.
func New(desk *app.Desk, opts Options) (*Server, error) {
	if opts.TicketsPerMinute <= 0 {
		opts.TicketsPerMinute = 10
	}
	if opts.SuggestionsPerMinute <= 0 {
		opts.SuggestionsPerMinute = 60
	}
	if opts.FormLimit <= 0 {
		opts.FormLimit = 64 << 10
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	p, err := loadPages()
	if err != nil {
		return nil, err
	}
	s := &Server{desk: desk, opts: opts, log: opts.Logger, now: opts.Now, mux: http.NewServeMux(), pages: p,
		tickets: newLimiter(opts.TicketsPerMinute, opts.Now), suggest: newLimiter(opts.SuggestionsPerMinute, opts.Now)}
	s.routes()
	s.handler = s.logRequests(gzipResponses(s.securityHeaders(s.mux)))
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.newRequestPage)
	m.HandleFunc("POST /demande", s.submitRequest)
	m.HandleFunc("GET /suivi/{token}", s.statusPage)
	m.HandleFunc("POST /suivi/{token}/reponse", s.replyForm)
	m.HandleFunc("POST /suivi/{token}/resolu", s.solvedForm)
	m.HandleFunc("POST /suivi/{token}/note", s.rateForm)
	m.HandleFunc("GET /suivi/{token}/pj/{id}", s.statusAttachment)
	m.HandleFunc("GET /tutoriels", s.kbPage)
	m.HandleFunc("GET /tutoriels/{id}", s.articlePage)
	m.HandleFunc("POST /tutoriels/{id}/resolu", s.selfServiceForm)
	m.HandleFunc("GET /langue/{lang}", s.switchLanguage)
	m.HandleFunc("GET /merci", s.thanksPage)
	m.HandleFunc("GET /static/{file}", s.static)

	m.HandleFunc("POST /api/tickets", s.apiCreate)
	m.HandleFunc("GET /api/tickets/{token}", s.apiStatus)
	m.HandleFunc("POST /api/tickets/{token}/replies", s.apiReply)
	m.HandleFunc("GET /api/suggest", s.apiSuggest)
	m.HandleFunc("GET /api/kb", s.apiKB)
	m.HandleFunc("GET /api/openapi.json", s.openAPI)
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, apiError{Error: "no such endpoint: see /api/openapi.json", Code: "not_found"})
	})
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusNotFound, s.lang(r).T("err.notfound"))
	})
}

// secretSegment matches the path segment that holds a status token.
var secretSegment = regexp.MustCompile(`^/(suivi|api/tickets)/[^/]+`)

// redactPath is the request path as logged: status tokens replaced.
func redactPath(p string) string {
	return secretSegment.ReplaceAllString(p, "/$1/{token}")
}

type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// logRequests writes one line per request: method, path (tokens
// redacted, no query string: it may hold what an agent typed), status,
// size and duration. No address, no form field, no header.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		s.log.Info("request", "method", r.Method, "path", redactPath(r.URL.Path), "status", rec.status,
			"bytes", rec.bytes, "duration", time.Since(start).Round(time.Microsecond))
	})
}

// baseURL is the address links start with.
func (s *Server) baseURL(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return s.opts.BaseURL
	}
	scheme := "http"
	if s.secure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// HTTP is the portal as a component of `hotline serve`: it listens on
// Addr (TLS when both files are given) and, when its context ends, stops
// taking connections and lets requests in flight finish within
// lifecycle.GracePeriod.
type HTTP struct {
	Addr            string
	TLSCert, TLSKey string
	Handler         http.Handler
	Logger          *slog.Logger
	// Listening, if set, is told the address once the socket is open
	// (tests listen on port 0).
	Listening func(addr net.Addr)
}

// Timeouts that keep a slow client from holding a connection: the
// headers within 10 s, the whole body (attachments over weak 4G) within
// 2 minutes, the response within 1 minute, an idle keep-alive 2 minutes.
const (
	ReadHeaderTimeout = 10 * time.Second
	ReadTimeout       = 2 * time.Minute
	WriteTimeout      = time.Minute
	IdleTimeout       = 2 * time.Minute
)

var _ lifecycle.Component = (*HTTP)(nil)

func (h *HTTP) Name() string { return "http" }

// Run serves until ctx is done.
func (h *HTTP) Run(ctx context.Context) error {
	log := h.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	srv := &http.Server{
		Handler: h.Handler, ReadHeaderTimeout: ReadHeaderTimeout, ReadTimeout: ReadTimeout,
		WriteTimeout: WriteTimeout, IdleTimeout: IdleTimeout, MaxHeaderBytes: 32 << 10,
		ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", h.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", h.Addr, err)
	}
	scheme := "http"
	if h.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(h.TLSCert, h.TLSKey)
		if err != nil {
			ln.Close()
			return fmt.Errorf("TLS certificate %s / key %s: %w", h.TLSCert, h.TLSKey, err)
		}
		srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		ln = tls.NewListener(ln, srv.TLSConfig)
		scheme = "https"
	}
	log.Info("listening", "component", "http", "url", scheme+"://"+ln.Addr().String())
	if h.Listening != nil {
		h.Listening(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve http: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), lifecycle.GracePeriod)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("stop http: requests still running after %s: %w", lifecycle.GracePeriod, err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
