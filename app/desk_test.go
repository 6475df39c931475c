package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"hotline/access"
	"hotline/attachments"
	"hotline/feedback"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

var png = append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 64)...)

func newTestDesk(t testing.TB, opts DeskOptions) (*Desk, *db.DB) {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"),
		tickets.Schema, kb.Schema, attachments.Schema, access.Schema, feedback.Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	ts := tickets.NewStore(d.DB, tickets.Options{})
	return NewDesk(d.DB, ts, kb.NewStore(d.DB, kb.Options{Links: ts}), attachments.NewStore(d.DB, attachments.Limits{MaxSize: 1024}, nil),
		access.NewStore(d.DB, nil), feedback.NewStore(d.DB, nil), opts), d
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestIntakeFilesTicketAttachmentsTokenAndChannelTogether(t *testing.T) {
	ctx := context.Background()
	desk, _ := newTestDesk(t, DeskOptions{})
	res, err := desk.Intake(ctx, IntakeRequest{
		Ticket:      tickets.NewTicket{Description: "Teams coupe en 4G", Requester: tickets.Requester{Name: "Marie", Email: "marie@ville.fr"}},
		Attachments: []attachments.Upload{{Name: "capture.png", Data: png}, {Name: "log.txt", Data: []byte("erreur 42\n")}},
		Channel:     tickets.ChannelPortal,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Token) < 43 {
		t.Fatalf("token %q is shorter than 256 bits", res.Token)
	}
	hist, _ := desk.Tickets.History(ctx, res.Ticket.ID)
	var channel string
	for _, h := range hist {
		if h.Field == "channel" {
			channel = h.New
		}
		if h.Actor != "Marie" {
			t.Errorf("history actor %q, want the requester", h.Actor)
		}
	}
	if channel != "portal" {
		t.Errorf("history channel %q, want portal", channel)
	}
	atts, _ := desk.Attachments.List(ctx, res.Ticket.ID)
	if len(atts) != 2 || atts[0].ContentType != "image/png" || atts[1].ContentType != "text/plain" {
		t.Fatalf("attachments %+v", atts)
	}
	p, err := desk.Status(ctx, res.Token)
	if err != nil || p.ID != res.Ticket.ID {
		t.Fatalf("status by token: %v %+v", err, p)
	}
	if _, err := desk.Status(ctx, res.Token[:len(res.Token)-1]+"x"); !errors.Is(err, access.ErrUnknownToken) {
		t.Errorf("a wrong token opened a ticket: %v", err)
	}
}

func TestIntakeWritesNothingWhenAnyPartIsRefused(t *testing.T) {
	ctx := context.Background()
	desk, d := newTestDesk(t, DeskOptions{AcceptedEmailDomains: []string{"ville.fr"}})
	_, err := desk.Intake(ctx, IntakeRequest{
		Ticket:      tickets.NewTicket{Requester: tickets.Requester{Email: "x@gmail.com"}, Urgency: 9},
		Attachments: []attachments.Upload{{Name: "virus.exe", Data: []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00")}},
		Channel:     tickets.ChannelAPI,
	})
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("want a ValidationError, got %v", err)
	}
	for _, f := range []string{"title", "requester.email", "attachments"} {
		if !ve.Has(f) {
			t.Errorf("field %s not named in %v", f, ve)
		}
	}
	// Too large: refused as a whole.
	_, err = desk.Intake(ctx, IntakeRequest{
		Ticket:      tickets.NewTicket{Description: "ok"},
		Attachments: []attachments.Upload{{Name: "a.png", Data: png}, {Name: "big.txt", Data: []byte(strings.Repeat("a", 2000))}},
	})
	if !errors.As(err, &ve) || !errors.Is(ve.Fields[0].Err, attachments.ErrTooLarge) {
		t.Fatalf("want too large, got %v", err)
	}
	for _, table := range []string{"tickets", "attachments", "status_tokens"} {
		if n := count(t, d, table); n != 0 {
			t.Errorf("%s holds %d rows after refused intakes", table, n)
		}
	}
}

func TestReplySolveRate(t *testing.T) {
	ctx := context.Background()
	desk, _ := newTestDesk(t, DeskOptions{})
	res, err := desk.Intake(ctx, IntakeRequest{Ticket: tickets.NewTicket{Description: "VPN", Requester: tickets.Requester{Name: "Marie"}}, Channel: "portal"})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Ticket.ID
	pending := tickets.StatusPending
	assignee := "paul"
	if _, err := desk.Tickets.Update(ctx, id, 0, tickets.Patch{Assignee: &assignee}, "paul"); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Tickets.Comment(ctx, id, "paul", "note interne", true); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Tickets.Comment(ctx, id, "paul", "Redémarrez la box", false); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Tickets.Update(ctx, id, 0, tickets.Patch{Status: &pending}, "paul"); err != nil {
		t.Fatal(err)
	}
	if _, err := desk.Reply(ctx, res.Token, "  ", nil, "portal"); err == nil {
		t.Error("an empty reply was accepted")
	}
	if _, err := desk.Reply(ctx, res.Token, "Toujours pareil", []attachments.Upload{{Name: "c.png", Data: png}}, "portal"); err != nil {
		t.Fatal(err)
	}
	tk, _ := desk.Tickets.Get(ctx, id)
	if tk.Status != tickets.StatusAssigned {
		t.Errorf("status after the agent's reply %s, want assigned", tk.Status)
	}
	p, _ := desk.Status(ctx, res.Token)
	if len(p.Followups) != 2 || p.Followups[0].Author != "" || p.Followups[1].Author != "Marie" || !p.Followups[1].FromRequester {
		t.Fatalf("public follow-ups %+v", p.Followups)
	}
	for _, f := range p.Followups {
		if strings.Contains(f.Body, "interne") {
			t.Error("a private follow-up reached the public view")
		}
	}
	if len(p.Followups[1].Attachments) != 1 {
		t.Errorf("the reply's attachment is not listed")
	}
	if err := desk.Rate(ctx, res.Token, 5, ""); !errors.Is(err, ErrNotSolved) {
		t.Errorf("rating an open ticket: %v", err)
	}
	if err := desk.ConfirmSolved(ctx, res.Token, "portal"); err != nil {
		t.Fatal(err)
	}
	if tk, _ = desk.Tickets.Get(ctx, id); tk.Status != tickets.StatusSolved {
		t.Errorf("status %s after c'est résolu", tk.Status)
	}
	if err := desk.Rate(ctx, res.Token, 4, "merci"); err != nil {
		t.Fatal(err)
	}
	if err := desk.Rate(ctx, res.Token, 1, "encore"); !errors.Is(err, feedback.ErrAlreadyRated) {
		t.Errorf("a second rating: %v", err)
	}
	rep, _ := desk.Feedback.Report(ctx, tk.CreatedAt.AddDate(0, 0, -1))
	if rep.Ratings != 1 || rep.ByTechnician[0].Key != "paul" || rep.ByTechnician[0].Average != 4 {
		t.Errorf("report %+v", rep)
	}
	desk.opts.ShowTechnicianNames = true
	if p, _ = desk.Status(ctx, res.Token); p.Followups[0].Author != "paul" {
		t.Errorf("technician names configured but not shown: %q", p.Followups[0].Author)
	}
}

func TestGroupCommitKeepsEachWriteWholeOrAbsent(t *testing.T) {
	ctx := context.Background()
	desk, d := newTestDesk(t, DeskOptions{})
	const n = 64
	errs := make(chan error, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			err := desk.write(ctx, func(tx *sql.Tx) error {
				if _, err := tx.ExecContext(ctx, `INSERT INTO tickets(title, status, urgency, impact, priority, category, created_at, updated_at, due_at)
					VALUES (?, 'new', 3, 3, 3, 'Autre', 0, 0, 0)`, fmt.Sprint("t", i)); err != nil {
					return err
				}
				if i%4 == 0 {
					return errors.New("refused after writing") // its row must go
				}
				return nil
			})
			if (err != nil) != (i%4 == 0) {
				errs <- fmt.Errorf("write %d: %v", i, err)
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if got := count(t, d, "tickets"); got != n-n/4 {
		t.Errorf("%d tickets stored, want %d", got, n-n/4)
	}
	// Many agents filing at once: every ticket whole, each with its token.
	var wg2 sync.WaitGroup
	tokens := make(chan string, 40)
	for i := 0; i < 40; i++ {
		wg2.Add(1)
		go func(i int) {
			defer wg2.Done()
			res, err := desk.Intake(ctx, IntakeRequest{Ticket: tickets.NewTicket{Description: fmt.Sprint("panne ", i)},
				Attachments: []attachments.Upload{{Name: "a.png", Data: png}}, Channel: "portal"})
			if err != nil {
				t.Error(err)
				return
			}
			tokens <- res.Token
		}(i)
	}
	wg2.Wait()
	close(tokens)
	for tok := range tokens {
		if _, err := desk.Status(ctx, tok); err != nil {
			t.Errorf("token of a filed ticket: %v", err)
		}
	}
	if got := count(t, d, "attachments"); got != 40 {
		t.Errorf("%d attachments, want 40", got)
	}
}

// More writers waiting than a group holds: each still returns once its own
// work is committed (a caller that commits a group not holding its work
// goes on with the next).
func TestGroupCommitWithMoreWaitingThanAGroup(t *testing.T) {
	old := maxGroup
	maxGroup = 1
	defer func() { maxGroup = old }()
	ctx := context.Background()
	desk, d := newTestDesk(t, DeskOptions{})
	var wg sync.WaitGroup
	for i := 0; i < 24; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if _, err := desk.Intake(ctx, IntakeRequest{Ticket: tickets.NewTicket{Description: fmt.Sprint("panne ", i)}, Channel: "api"}); err != nil {
				t.Error(err)
			}
		}(i)
	}
	wg.Wait()
	if got := count(t, d, "tickets"); got != 24 {
		t.Errorf("%d tickets, want 24", got)
	}
}
