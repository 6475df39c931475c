package mailstore_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/mailstore"
	"hotline/tickets"
)

type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func open(t *testing.T) (*mailstore.Store, *tickets.Store, *clock) {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "h.db"), tickets.Schema, mailstore.Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	c := &clock{t: time.Date(2025, 3, 3, 10, 0, 0, 0, time.UTC)}
	return mailstore.NewStore(d.DB, c.now), tickets.NewStore(d.DB, tickets.Options{Now: c.now}), c
}

func TestRecordIsIdempotentAndThreads(t *testing.T) {
	ms, ts, _ := open(t)
	ctx := context.Background()
	tk, err := ts.Create(ctx, tickets.NewTicket{Title: "VPN"}, "x")
	if err != nil {
		t.Fatal(err)
	}
	r := mailstore.Record{Key: "a@x", Direction: mailstore.DirectionIn, TicketID: tk.ID, Sender: "Agent@X", Outcome: mailstore.OutcomeCreated}
	if err := ms.Record(ctx, r); err != nil {
		t.Fatal(err)
	}
	if err := ms.Record(ctx, r); !errors.Is(err, mailstore.ErrDuplicate) {
		t.Fatalf("second record: %v, want ErrDuplicate", err)
	}
	got, err := ms.TicketOf(ctx, ms.DB(), []string{"unknown@y", "a@x"})
	if err != nil || got != tk.ID {
		t.Fatalf("TicketOf = %d, %v", got, err)
	}
	if n, _ := ms.CountFrom(ctx, ms.DB(), "agent@x", time.Time{}); n != 1 {
		t.Fatalf("CountFrom = %d (addresses compare lower-cased)", n)
	}
}

func TestOutboxClaimSendFailRetry(t *testing.T) {
	ms, ts, c := open(t)
	ctx := context.Background()
	tk, _ := ts.Create(ctx, tickets.NewTicket{Title: "VPN"}, "x")
	var id int64
	err := db.WithTx(ctx, ms.DB(), func(tx *sql.Tx) error {
		var err error
		id, err = ms.EnqueueTx(ctx, tx, mailstore.Outgoing{TicketID: tk.ID, Kind: mailstore.KindCreated, To: "agent@x", LinkToken: "secret"}, "mairie.example")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	due, _ := ms.Due(ctx, 10)
	if len(due) != 1 || due[0].LinkToken != "secret" {
		t.Fatalf("due = %+v", due)
	}
	// Its Message-ID threads a reply.
	if got, _ := ms.TicketOf(ctx, ms.DB(), []string{due[0].MessageID}); got != tk.ID {
		t.Fatalf("the outgoing Message-ID does not find the ticket")
	}
	ok, err := ms.Claim(ctx, id, []byte("raw mail"))
	if err != nil || !ok {
		t.Fatalf("claim: %v %v", ok, err)
	}
	if ok, _ := ms.Claim(ctx, id, []byte("other")); ok {
		t.Fatal("claimed twice")
	}
	if err := ms.MarkFailed(ctx, id, errors.New("451 busy"), false); err != nil {
		t.Fatal(err)
	}
	it, _ := ms.Get(ctx, id)
	if it.Status != mailstore.StatusWaiting || string(it.Raw) != "raw mail" || it.LinkToken != "" || !it.NextAttemptAt.After(c.t) {
		t.Fatalf("after a failure: %+v", it)
	}
	if due, _ := ms.Due(ctx, 10); len(due) != 0 {
		t.Fatal("due again before its backoff")
	}
	if n, _ := ms.Stuck(ctx); n != 1 {
		t.Fatalf("stuck = %d, want 1", n)
	}
	c.t = c.t.Add(time.Hour)
	if ok, _ := ms.Claim(ctx, id, []byte("other")); !ok {
		t.Fatal("not claimable after its backoff")
	}
	if err := ms.MarkSent(ctx, id); err != nil {
		t.Fatal(err)
	}
	it, _ = ms.Get(ctx, id)
	if it.Status != mailstore.StatusSent || string(it.Raw) != "raw mail" || it.SentAt == nil {
		t.Fatalf("after sending: %+v (the raw mail is the first rendering)", it)
	}
	if n, _ := ms.Stuck(ctx); n != 0 {
		t.Fatalf("stuck = %d, want 0", n)
	}
}

func TestInterruptedSendingIsSetAsideNotResent(t *testing.T) {
	ms, ts, c := open(t)
	ctx := context.Background()
	tk, _ := ts.Create(ctx, tickets.NewTicket{Title: "VPN"}, "x")
	var id int64
	_ = db.WithTx(ctx, ms.DB(), func(tx *sql.Tx) error {
		id, _ = ms.EnqueueTx(ctx, tx, mailstore.Outgoing{TicketID: tk.ID, Kind: mailstore.KindSolved, To: "agent@x"}, "")
		return nil
	})
	if ok, _ := ms.Claim(ctx, id, []byte("raw")); !ok {
		t.Fatal("claim")
	}
	// The process dies here. Soon after, another process must not take it
	// (it may be sending right now); later it is set aside, not resent.
	if n, _ := ms.SetAsideInterrupted(ctx); n != 0 {
		t.Fatal("set aside a mail being sent")
	}
	c.t = c.t.Add(time.Hour)
	if n, _ := ms.SetAsideInterrupted(ctx); n != 1 {
		t.Fatal("interrupted mail not set aside")
	}
	if due, _ := ms.Due(ctx, 10); len(due) != 0 {
		t.Fatal("interrupted mail due again on its own")
	}
	if n, _ := ms.Stuck(ctx); n != 1 {
		t.Fatalf("stuck = %d, want 1", n)
	}
	if err := ms.Retry(ctx, id); err != nil {
		t.Fatal(err)
	}
	if due, _ := ms.Due(ctx, 10); len(due) != 1 {
		t.Fatal("retried mail not due")
	}
	if err := ms.Retry(ctx, 999); err == nil {
		t.Fatal("retry of an unknown mail accepted")
	}
}

func TestBackoff(t *testing.T) {
	for attempts, want := range map[int]time.Duration{1: time.Minute, 2: 2 * time.Minute, 3: 4 * time.Minute, 20: time.Hour} {
		if got := mailstore.Backoff(attempts); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", attempts, got, want)
		}
	}
}
