package mail

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Poller is the mail part of `hotline serve`: every Every it reads the
// mailbox (when IMAP is set) and sends what the outbox holds (when SMTP
// is set), and says in the log what it took.
type Poller struct {
	IMAP     *IMAP // nil: no reading
	Receiver Receiver
	Limits   Limits
	Outbox   *Outbox // nil: no sending
	Every    time.Duration
	Log      *slog.Logger

	reported map[string]bool // failures already logged, to log each once
}

// Name names the part in logs.
func (p *Poller) Name() string { return "mail" }

// Run polls until ctx is done. A pass that fails (the server is down) is
// logged and tried again at the next tick: mail never stops the server.
func (p *Poller) Run(ctx context.Context) error {
	if p.Every <= 0 {
		p.Every = time.Minute
	}
	what := []string{}
	if p.IMAP != nil {
		what = append(what, "reading "+p.IMAP.Addr)
	}
	if p.Outbox != nil {
		what = append(what, "sending through "+p.Outbox.SMTP.Addr)
	}
	p.Log.Info("mail: "+strings.Join(what, ", "), "every", p.Every.String())
	t := time.NewTicker(p.Every)
	defer t.Stop()
	for {
		p.Pass(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Pass reads the mailbox once and flushes the outbox once.
func (p *Poller) Pass(ctx context.Context) {
	if p.reported == nil {
		p.reported = map[string]bool{}
	}
	if p.IMAP != nil {
		rep, err := p.IMAP.Fetch(ctx, p.Receiver, p.Limits, 0)
		if rep != nil {
			for _, f := range rep.Failed {
				if !p.reported[f.String()] {
					p.reported[f.String()] = true
					p.Log.Warn("mail: left in the mailbox", "mail", f.Where, "reason", f.Reason)
				}
			}
			if rep.Read > 0 {
				p.Log.Info("mail: "+rep.Summary(), "tickets", ticketList(rep.Tickets))
			}
		}
		if err != nil && ctx.Err() == nil {
			p.Log.Error("mail: reading the mailbox failed; trying again at the next pass", "err", err)
		}
	}
	if p.Outbox != nil && ctx.Err() == nil {
		rep, err := p.Outbox.Flush(ctx)
		if rep.Sent > 0 || rep.Failed > 0 || rep.Interrupted > 0 {
			p.Log.Info("mail: outbox", "sent", rep.Sent, "failed", rep.Failed, "interrupted", rep.Interrupted)
		}
		if err != nil && ctx.Err() == nil {
			p.Log.Error("mail: sending failed; trying again at the next pass", "err", err)
		}
	}
}

func ticketList(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprintf("#%d", id)
	}
	return strings.Join(parts, " ")
}
