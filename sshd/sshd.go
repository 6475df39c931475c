// Package sshd serves Hotline's interface over SSH (charmbracelet/wish): each
// connection gets its own interface, with its own renderer (colours and
// NO_COLOR follow that client's terminal), its own size and its language,
// on the database of `hotline serve`. Technicians are known by their public
// key alone (no passwords): the identity is the technician who owns the key
// that authenticated the connection.
package sshd

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	bm "github.com/charmbracelet/wish/bubbletea"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"hotline/app"
	"hotline/internal/clipboard"
	"hotline/internal/live"
	"hotline/tickets"
	"hotline/ui"
)

// Defaults of `hotline serve --ssh`.
const (
	DefaultAddr        = "127.0.0.1:2222"
	DefaultMaxSessions = 50
	DefaultIdle        = 30 * time.Minute
	// HostKeyName is the host key's file, next to the database.
	HostKeyName = "hotline_ssh_host_ed25519"
)

// Options configure the server.
type Options struct {
	Addr        string
	HostKeyPath string        // generated on first start when missing
	Idle        time.Duration // a session without a key pressed for that long ends; 0: never
	MaxSessions int           // sessions at once; 0: DefaultMaxSessions
	Log         *slog.Logger
	// Listening is told the address once the server listens.
	Listening func(net.Addr)
	// Now is the clock of idle timeouts; nil is time.Now.
	Now func() time.Time
	// FrameMarks starts every frame with the number of keys read (see
	// FrameMark), for scripts/sshload to tell which frame answers a key.
	FrameMarks bool
}

// Server is the SSH part of `hotline serve`.
type Server struct {
	core *app.App
	hub  *live.Hub
	opts Options
	srv  *ssh.Server

	sessions atomic.Int64
	mu       sync.Mutex
	stopping context.Context // cancelled when the server stops: every session ends
}

// New builds the server on an opened App; the host key is created now if
// it does not exist, so a broken path fails at start.
func New(core *app.App, hub *live.Hub, o Options) (*Server, error) {
	if o.Addr == "" {
		o.Addr = DefaultAddr
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = DefaultMaxSessions
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Server{core: core, hub: hub, opts: o, stopping: context.Background()}
	srv, err := wish.NewServer(
		wish.WithAddress(o.Addr),
		wish.WithHostKeyPath(o.HostKeyPath),
		wish.WithPublicKeyAuth(s.publicKey),
		// Offered no known key, a client falls back to keyboard-interactive,
		// which is let through without a question only so that the session
		// can say which key was refused and who can add it: nothing is ever
		// served to a session without an authenticated public key.
		wish.WithKeyboardInteractiveAuth(func(ssh.Context, gossh.KeyboardInteractiveChallenge) bool { return true }),
		wish.WithMiddleware(s.session),
	)
	if err != nil {
		return nil, fmt.Errorf("ssh server: %w (host key %s)", err, o.HostKeyPath)
	}
	s.srv = srv
	return s, nil
}

// Name names the part in logs.
func (s *Server) Name() string { return "ssh" }

// Run serves until ctx ends, then ends every session and stops within the
// grace period.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.opts.Addr)
	if err != nil {
		return fmt.Errorf("ssh: listen on %s: %w", s.opts.Addr, err)
	}
	stopWatch, err := s.hub.Start(ctx)
	if err != nil {
		ln.Close()
		return err
	}
	defer stopWatch()
	stopping, stop := context.WithCancel(context.Background())
	s.mu.Lock()
	s.stopping = stopping
	s.mu.Unlock()
	s.opts.Log.Info("ssh: interface over SSH", "addr", ln.Addr().String())
	if s.opts.Listening != nil {
		s.opts.Listening(ln.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- s.srv.Serve(ln) }()
	select {
	case err := <-done:
		stop()
		if errors.Is(err, ssh.ErrServerClosed) {
			return nil
		}
		return fmt.Errorf("ssh: %w", err)
	case <-ctx.Done():
	}
	stop() // every session's interface quits and restores the client's terminal
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.srv.Shutdown(sctx); err != nil {
		_ = s.srv.Close()
	}
	<-done
	return nil
}

type offeredKey struct{}

// publicKey accepts a key registered to an enabled technician. Other keys
// are remembered only to be quoted in the refusal.
func (s *Server) publicKey(ctx ssh.Context, key ssh.PublicKey) bool {
	t, err := s.core.Tickets().TechnicianByKey(ctx, gossh.FingerprintSHA256(key))
	if err == nil && !t.Disabled {
		return true
	}
	ctx.SetValue(offeredKey{}, key)
	return false
}

// session is the whole life of one connection: identify, count, run the
// interface, log.
func (s *Server) session(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		start := s.opts.Now()
		from := sess.RemoteAddr().String()
		// The identity comes from the key that authenticated this
		// connection, looked up again now (never from a key only offered).
		key := sess.PublicKey()
		if key == nil {
			s.refuse(sess, from)
			return
		}
		fp := gossh.FingerprintSHA256(key)
		tech, err := s.core.Tickets().TechnicianByKey(sess.Context(), fp)
		if err != nil || tech.Disabled {
			s.opts.Log.Warn("ssh: refused", "from", from, "key", fp, "reason", "key no longer registered")
			fmt.Fprintf(sess.Stderr(), "hotline: this key (%s) is no longer registered.\r\n", fp)
			_ = sess.Exit(1)
			return
		}
		if n := s.sessions.Add(1); n > int64(s.opts.MaxSessions) {
			s.sessions.Add(-1)
			s.opts.Log.Warn("ssh: refused", "login", tech.Login, "from", from, "reason", "too many sessions", "max", s.opts.MaxSessions)
			fmt.Fprintf(sess.Stderr(), "hotline: the server already has %d sessions open (its maximum): try again in a moment.\r\n", s.opts.MaxSessions)
			_ = sess.Exit(1)
			return
		}
		// The place is free again before the client hears the session
		// end, so that reconnecting at once is never refused.
		var released sync.Once
		release := func() { released.Do(func() { s.sessions.Add(-1) }) }
		defer release()
		s.opts.Log.Info("ssh: session start", "login", tech.Login, "from", from, "key", fp)
		reason := s.run(sess, tech, release)
		s.opts.Log.Info("ssh: session end", "login", tech.Login, "from", from, "duration", s.opts.Now().Sub(start).Round(time.Second).String(), "reason", reason)
		next(sess)
	}
}

// refuse tells a client without a registered key who can let it in.
func (s *Server) refuse(sess ssh.Session, from string) {
	ctx := sess.Context()
	var admins []string
	if list, err := s.core.Tickets().Technicians(ctx); err == nil {
		for _, t := range list {
			if t.Role == tickets.RoleAdmin && !t.Disabled {
				admins = append(admins, t.Login)
			}
		}
	}
	who := "an admin of Hotline"
	if len(admins) > 0 {
		who = "an admin (" + strings.Join(admins, ", ") + ")"
	}
	w := sess.Stderr()
	fmt.Fprintf(w, "hotline: your SSH key is not registered, so this server does not know who you are.\r\n")
	line := "ssh-ed25519 AAAA… (the content of your ~/.ssh/id_ed25519.pub)"
	fp := "none offered"
	if k, ok := ctx.Value(offeredKey{}).(ssh.PublicKey); ok {
		line = strings.TrimSpace(string(gossh.MarshalAuthorizedKey(k)))
		fp = gossh.FingerprintSHA256(k)
	}
	fmt.Fprintf(w, "Ask %s to run on the server:\r\n\r\n  hotline tech key add YOUR_LOGIN '%s'\r\n\r\n(or `hotline tech add YOUR_LOGIN --name \"…\" --key '…'` if you are new).\r\n", who, line)
	s.opts.Log.Warn("ssh: refused", "from", from, "user", sess.User(), "key", fp, "reason", "unknown key")
	_ = sess.Exit(1)
}

// run runs one technician's interface until they quit, the connection
// drops, they stay idle too long, or the server stops; it says which.
func (s *Server) run(sess ssh.Session, tech *tickets.Technician, release func()) string {
	pty, winCh, ok := sess.Pty()
	if !ok {
		fmt.Fprintf(sess.Stderr(), "hotline: the interface needs a terminal: connect with `ssh -t`.\r\n")
		_ = sess.Exit(1)
		return "no terminal"
	}
	env := sess.Environ()
	// The interface reads the client's terminal and language settings
	// only; where files go on the server (drafts of tutorials) is the
	// server's choice, one folder per technician next to the database: the
	// client's environment never names a path on the server.
	getenv := func(k string) string {
		switch k {
		case "TERM":
			return pty.Term
		case "XDG_DATA_HOME":
			return SessionDataDir(s.core.DBPath(), tech.Login)
		case "LANG", "LC_ALL", "LC_MESSAGES", "NO_COLOR", "COLORTERM":
			for _, kv := range env {
				if v, ok := strings.CutPrefix(kv, k+"="); ok {
					return v
				}
			}
		}
		return ""
	}
	cfg := s.core.Config
	if tech.Language != "" {
		cfg.Language = tech.Language
	} else if cfg.Language == "" && getenv("LANG") == "" && getenv("LC_ALL") == "" && getenv("LC_MESSAGES") == "" {
		cfg.Language = "fr" // a French helpdesk, unless the client says otherwise
	}
	s.mu.Lock()
	stopping := s.stopping
	s.mu.Unlock()
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	copier := clipboard.Writer{W: sess}
	// With an SMTP server, a public answer can also go by mail (M).
	var mailer ui.MailDesk
	if cfg.Mail.SMTP.Configured() {
		mailer = s.core.Mailroom()
	}
	m := ui.New(ui.Options{
		Mail:        mailer,
		Bulk:        s.core.BulkDesk(),
		ArticleDesk: s.core.ArticleDesk(),
		Calls:       s.core.Calls(),
		Tickets:     s.core.Tickets(),
		KB:          s.core.KB(),
		Attachments: s.core.Attachments(),
		Replies:     s.core.Replies(),
		SidePanes:   s.core.SidePanes(),
		Feedback:    s.core.Feedback(),
		User:        tech.Login,
		UserName:    tech.DisplayName(),
		Role:        tech.Role,
		Live:        s.hub,
		Remote:      true,
		DBPath:      s.core.DBPath(),
		Config:      cfg,
		Renderer:    renderer(sess, pty.Term),
		Getenv:      getenv,
		Copy:        copier.Copy,
		Open:        func(string) error { return errors.New("no browser over SSH") },
		Context:     ctx,
	})
	defer m.Close()
	// The session's own screen draws frames when they change (see
	// screen.go), in place of Bubble Tea's renderer, which wakes 60 times
	// a second even when nothing changes.
	scr := newScreen(sess, s.opts.FrameMarks)
	sm := &sessionModel{inner: m, screen: scr, idle: s.opts.Idle, now: s.opts.Now, last: s.opts.Now()}
	opts := append(bm.MakeOptions(sess), tea.WithoutRenderer(), tea.WithoutSignalHandler())
	p := tea.NewProgram(sm, opts...)
	reason := "quit"
	go func() {
		for {
			select {
			case <-ctx.Done():
				p.Quit()
				return
			case <-stopping.Done():
				p.Quit()
				return
			case w := <-winCh:
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	if _, err := p.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		reason = "error: " + err.Error()
	}
	p.Kill()
	scr.close()
	cancel()
	switch {
	case sm.timedOut:
		reason = "idle"
		fmt.Fprintf(sess, "hotline: session closed after %s without a key pressed.\r\n", s.opts.Idle)
	case stopping.Err() != nil:
		reason = "server stopping"
	case sess.Context().Err() != nil && reason == "quit":
		reason = "connection dropped"
	}
	release()
	_ = sess.Exit(0)
	return reason
}

// SessionDataDir is the data folder of a technician's sessions, next to
// the database: their drafts of tutorials are in its hotline/drafts.
func SessionDataDir(dbPath, login string) string {
	return filepath.Join(filepath.Dir(dbPath), "hotline-ssh", login)
}

// sessionModel wraps the interface with the idle timeout: a session
// without a key pressed for Idle ends (changes shown live do not count).
type sessionModel struct {
	inner    *ui.Model
	screen   *screen
	idle     time.Duration
	now      func() time.Time
	last     time.Time
	timedOut bool
	keys     uint64 // keys read, for FrameMarks
}

type idleCheckMsg struct{}

func (m *sessionModel) idleTick(d time.Duration) tea.Cmd {
	return tea.Tick(d, func(time.Time) tea.Msg { return idleCheckMsg{} })
}

func (m *sessionModel) Init() tea.Cmd {
	if m.idle <= 0 {
		return m.inner.Init()
	}
	return tea.Batch(m.inner.Init(), m.idleTick(m.idle))
}

func (m *sessionModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	m.screen.update(msg)
	switch msg := msg.(type) {
	case tea.KeyMsg:
		m.last = m.now()
		// Letters read together come as one message (the interface
		// takes them one by one).
		n := 1
		if msg.Type == tea.KeyRunes && !msg.Paste {
			n = max(1, len(msg.Runes))
		}
		m.keys += uint64(n)
	case tea.MouseMsg:
		m.last = m.now()
	case idleCheckMsg:
		left := m.idle - m.now().Sub(m.last)
		if left <= 0 {
			m.timedOut = true
			return m, tea.Quit
		}
		return m, m.idleTick(left)
	}
	_, cmd := m.inner.Update(msg)
	return m, cmd
}

// View hands the frame to the session's screen, which draws it if it
// changed (Bubble Tea calls View after every message and draws nothing
// itself).
func (m *sessionModel) View() string {
	v := m.inner.View()
	m.screen.show(v, m.keys)
	return v
}

// renderer is the session's own lipgloss renderer: its colour profile comes
// from that client's TERM and COLORTERM (NO_COLOR is the interface's). The
// terminal is not asked for its background colour (wish's MakeRenderer
// does, and a client that never answers would block the session until its
// first key, which the question would then eat): the config's theme says
// light or dark, dark by default.
func renderer(sess ssh.Session, term string) *lipgloss.Renderer {
	if term == "" || term == "dumb" {
		return lipgloss.NewRenderer(sess, termenv.WithProfile(termenv.Ascii))
	}
	env := sessionEnv(append(sess.Environ(), "TERM="+term))
	r := lipgloss.NewRenderer(sess, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithColorCache(true))
	r.SetHasDarkBackground(true)
	return r
}

// sessionEnv is the client's environment as termenv reads it.
type sessionEnv []string

func (e sessionEnv) Environ() []string { return e }

func (e sessionEnv) Getenv(k string) string {
	v := ""
	for _, kv := range e {
		if rest, ok := strings.CutPrefix(kv, k+"="); ok {
			v = rest // the last one wins, as TERM is appended
		}
	}
	return v
}
