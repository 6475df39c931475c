// Package live tells every open interface that the database changed, and
// who is looking at which ticket.
//
// One mechanism for both places a change can come from:
//   - another process (a CLI command, a local interface, the server): the Hub
//     asks SQLite for PRAGMA data_version on a connection of its own every
//     Interval; the number moves when any other connection committed, and
//     reading it touches no table, so watching costs the same on an empty
//     database and on a million tickets;
//   - the same process (`hotline serve`: the portal, the mail poller, every
//     SSH session): writers call Notify after their commit, and subscribers
//     hear at once instead of at the next poll.
//
// Subscribers get a channel that holds at most one pending signal: a burst of
// changes wakes a slow interface once, and nobody's writes ever wait for a
// reader.
package live

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sync"
	"time"
)

// DefaultInterval is how often other processes' changes are looked for.
const DefaultInterval = 250 * time.Millisecond

// Kind says what changed.
type Kind uint8

const (
	// Data: rows in the database (tickets, follow-ups, problems…).
	Data Kind = 1 << iota
	// Presence: who is looking at or writing on which ticket.
	Presence
)

// Hub watches one database and fans changes out to subscribers.
type Hub struct {
	db       *sql.DB
	interval time.Duration
	now      func() time.Time
	token    func(ctx context.Context, q Querier) (string, error)

	// Presence shared with other processes (see presence.go).
	shared    bool
	heartbeat time.Duration
	process   string
	dirty     chan struct{}

	mu         sync.Mutex
	subs       map[*Sub]struct{}
	sessions   map[uint64]*Session
	nextID     uint64
	changes    uint64 // data changes seen, for tests and figures
	remote     []remoteViewer
	remoteNext time.Time // the earliest expiry among remote
}

// Options tune a Hub.
type Options struct {
	// Interval between two looks at data_version; 0 is DefaultInterval.
	Interval time.Duration
	// Now is the clock; nil is time.Now.
	Now func() time.Time
	// Token, when set, is read (on the hub's connection) after
	// data_version moved: only a new token is a change for the
	// interfaces. It keeps writes they do not show (a search that found
	// nothing, recorded for the reports) from reloading every screen.
	Token func(ctx context.Context, q Querier) (string, error)
	// Shared presence: once started, the hub writes who has which ticket
	// open in this process to the presence table (the database must have
	// Schema) and reads the other processes' rows; without it, presence
	// stays within the process.
	Shared bool
	// Heartbeat is how often shared presence is renewed; 0 is
	// DefaultHeartbeat.
	Heartbeat time.Duration
}

// Querier is what Token reads with (the hub's own connection).
type Querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// conn is the hub's own connection as the watch uses it.
type conn interface {
	Querier
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// New returns a Hub on db. Call Start to watch other processes' changes;
// without it, only Notify wakes subscribers.
func New(db *sql.DB, opts Options) *Hub {
	h := &Hub{db: db, interval: opts.Interval, now: opts.Now, token: opts.Token,
		subs: map[*Sub]struct{}{}, sessions: map[uint64]*Session{},
		shared: opts.Shared && db != nil, heartbeat: opts.Heartbeat, process: newProcessID(), dirty: make(chan struct{}, 1)}
	if h.interval <= 0 {
		h.interval = DefaultInterval
	}
	if h.heartbeat <= 0 {
		h.heartbeat = DefaultHeartbeat
	}
	if h.now == nil {
		h.now = time.Now
	}
	return h
}

// Start begins watching the database: it takes one connection of the pool
// for itself (data_version is per connection, and a connection that never
// writes sees every other writer's commits, this process's included) and
// reads the current version before returning, so any commit after Start is
// seen. The watch ends with ctx or stop, which waits for it and returns
// what stopped it early, if anything. With shared presence, the hub also
// publishes this process's presence until then, and removes it when it
// stops. Stop may be called more than once.
func (h *Hub) Start(ctx context.Context) (stop func() error, err error) {
	conn, err := h.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("watch database changes: %w", err)
	}
	last, err := dataVersion(ctx, conn)
	if err != nil {
		conn.Close()
		return nil, fmt.Errorf("watch database changes: %w", err)
	}
	tok := ""
	if h.token != nil {
		if tok, err = h.token(ctx, conn); err != nil {
			conn.Close()
			return nil, fmt.Errorf("watch database changes: %w", err)
		}
	}
	if h.shared {
		// A database without the table (or a damaged one) only keeps
		// presence within the process.
		_, _ = h.readPresence(ctx, conn)
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	published := make(chan struct{})
	go func() {
		defer conn.Close()
		done <- h.watch(ctx, conn, last, tok)
	}()
	if h.shared {
		go func() {
			defer close(published)
			h.publish(ctx)
		}()
		h.touch() // sessions that joined before Start
	} else {
		close(published)
	}
	var once sync.Once
	var werr error
	return func() error {
		once.Do(func() { cancel(); werr = <-done; <-published })
		return werr
	}, nil
}

func (h *Hub) watch(ctx context.Context, conn conn, last int64, tok string) error {
	t := time.NewTicker(h.interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
		v, err := dataVersion(ctx, conn)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("watch database changes: %w", err)
		}
		if v == last {
			// Nothing written; a row of another process may have expired.
			if h.shared && h.expiredRemote() {
				if changed, _ := h.readPresence(ctx, conn); changed {
					h.broadcast(Presence)
				}
			}
			continue
		}
		last = v
		var k Kind
		if h.shared {
			if changed, _ := h.readPresence(ctx, conn); changed {
				k |= Presence
			}
		}
		changed := true
		if h.token != nil {
			t, err := h.token(ctx, conn)
			if err != nil {
				if ctx.Err() != nil {
					return nil
				}
				return fmt.Errorf("watch database changes: %w", err)
			}
			changed = t != tok // else a write no interface shows
			tok = t
		}
		if changed {
			k |= Data
		}
		if k != 0 {
			h.broadcast(k)
		}
	}
}

func dataVersion(ctx context.Context, conn Querier) (int64, error) {
	var v int64
	err := conn.QueryRowContext(ctx, `PRAGMA main.data_version`).Scan(&v)
	return v, err
}

// Notify tells every subscriber that this process just committed a change.
func (h *Hub) Notify() { h.broadcast(Data) }

// Changes is how many data changes the Hub has passed on.
func (h *Hub) Changes() uint64 {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.changes
}

func (h *Hub) broadcast(k Kind) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if k&Data != 0 {
		h.changes++
	}
	for s := range h.subs {
		s.signal(k)
	}
}

// Sub is one subscriber: an interface waiting for changes.
type Sub struct {
	hub     *Hub
	c       chan struct{}
	mu      sync.Mutex
	pending Kind
	closed  bool
}

// Subscribe returns a subscriber; Close it when the interface ends.
func (h *Hub) Subscribe() *Sub {
	s := &Sub{hub: h, c: make(chan struct{}, 1)}
	h.mu.Lock()
	h.subs[s] = struct{}{}
	h.mu.Unlock()
	return s
}

func (s *Sub) signal(k Kind) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return
	}
	s.pending |= k
	select {
	case s.c <- struct{}{}:
	default: // a signal is already waiting: it will carry this one too
	}
}

// Wait blocks until something changed and says what; ok is false once the
// subscriber is closed.
func (s *Sub) Wait() (k Kind, ok bool) {
	if _, ok := <-s.c; !ok {
		return 0, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k, s.pending = s.pending, 0
	return k, true
}

// Close stops the subscription and releases whoever waits.
func (s *Sub) Close() {
	s.hub.mu.Lock()
	delete(s.hub.subs, s)
	s.hub.mu.Unlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.c)
	}
}

// Viewer is someone with a ticket open, as others see them.
type Viewer struct {
	Session uint64
	Login   string
	Name    string
	Ticket  int64
	Writing bool // an answer is being typed
	Since   time.Time
	// Elsewhere: an interface of another process (Session is then that
	// process's number, not this one's).
	Elsewhere bool
}

// Session is one interface's presence: which ticket it shows and whether an
// answer is being written. Presence is kept by the process that runs the
// interfaces (every SSH session of `hotline serve` shares it).
type Session struct {
	hub *Hub
	v   Viewer
}

// Join registers an interface for presence.
func (h *Hub) Join(login, name string) *Session {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.nextID++
	s := &Session{hub: h, v: Viewer{Session: h.nextID, Login: login, Name: name}}
	h.sessions[s.v.Session] = s
	return s
}

// ID identifies the session among the viewers.
func (s *Session) ID() uint64 { return s.v.Session }

// Look says which ticket the interface shows (0: none) and whether an answer
// is being written on it; others hear only when that changes.
func (s *Session) Look(ticket int64, writing bool) {
	h := s.hub
	h.mu.Lock()
	if _, ok := h.sessions[s.v.Session]; !ok || (s.v.Ticket == ticket && s.v.Writing == writing) {
		h.mu.Unlock()
		return
	}
	if s.v.Ticket != ticket {
		s.v.Since = h.now()
	}
	s.v.Ticket, s.v.Writing = ticket, writing
	h.mu.Unlock()
	h.broadcast(Presence)
	h.touch()
}

// Leave removes the session from presence at once (the interface ended or
// the connection dropped).
func (s *Session) Leave() {
	h := s.hub
	h.mu.Lock()
	_, ok := h.sessions[s.v.Session]
	delete(h.sessions, s.v.Session)
	had := s.v.Ticket != 0
	h.mu.Unlock()
	if ok && had {
		h.broadcast(Presence)
		h.touch()
	}
}

// Viewers lists who has a ticket open, in this process and (with shared
// presence) in others, by ticket then arrival.
func (h *Hub) Viewers() []Viewer {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []Viewer
	for _, s := range h.sessions {
		if s.v.Ticket != 0 {
			out = append(out, s.v)
		}
	}
	now := h.now()
	for _, r := range h.remote {
		if now.Before(r.expires) {
			out = append(out, r.v)
		}
	}
	slices.SortFunc(out, func(a, b Viewer) int {
		if a.Ticket != b.Ticket {
			return int(a.Ticket - b.Ticket)
		}
		return a.Since.Compare(b.Since)
	})
	return out
}
