package app

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"hotline/attachments"
	"hotline/internal/db"
	"hotline/mailstore"
	"hotline/tickets"
)

// PersonalData is everything Hotline holds about one requester (GDPR
// right of access): who they are as written in their tickets, each ticket
// in full with its attached files, the ratings they gave, the private
// status links of their tickets, and what the mail channel keeps of the
// mails they sent and were sent.
type PersonalData struct {
	Email       string             `json:"email"`
	Names       []string           `json:"names"`
	Phones      []string           `json:"phones"`
	Services    []string           `json:"services"`
	Tickets     []*tickets.Record  `json:"tickets"`
	Ratings     []PersonalRating   `json:"ratings"`
	StatusLinks []PersonalLink     `json:"status_links"`
	Mails       []PersonalMail     `json:"mails"`
	Outbox      []PersonalOutgoing `json:"outbox"`
	ExportedAt  string             `json:"exported_at"`
}

// PersonalRating is a rating the requester gave one of their tickets.
type PersonalRating struct {
	Ticket    int64  `json:"ticket"`
	Score     int    `json:"score"`
	Comment   string `json:"comment"`
	CreatedAt string `json:"created_at"`
}

// PersonalLink is a ticket's private status link: only its existence is
// held (the secret is kept as a hash, and cookies stay on the agent's
// device).
type PersonalLink struct {
	Ticket    int64  `json:"ticket"`
	CreatedAt string `json:"created_at"`
	Note      string `json:"note"`
}

// PersonalMail is a mail read from or written about the requester, as the
// mail channel records it.
type PersonalMail struct {
	MessageID string `json:"message_id"`
	Direction string `json:"direction"`
	Ticket    int64  `json:"ticket,omitempty"`
	Sender    string `json:"sender,omitempty"`
	Outcome   string `json:"outcome"`
	Detail    string `json:"detail,omitempty"`
	At        string `json:"at"`
}

// PersonalOutgoing is a mail of the outbox to the requester, with its text
// as sent (when it was rendered).
type PersonalOutgoing struct {
	Ticket    int64  `json:"ticket"`
	Kind      string `json:"kind"`
	To        string `json:"to"`
	ToName    string `json:"to_name,omitempty"`
	Status    string `json:"status"`
	CreatedAt string `json:"created_at"`
	SentAt    string `json:"sent_at,omitempty"`
	Message   string `json:"message,omitempty"`
}

const linkNote = "a private link to follow the ticket; only a hash of it is kept"

// PrivacyExport gathers what is held about the requester with this email.
func (a *App) PrivacyExport(ctx context.Context, email string) (*PersonalData, error) {
	if err := a.Open(ctx); err != nil {
		return nil, err
	}
	ids, err := a.tickets.RequesterTickets(ctx, email)
	if err != nil {
		return nil, err
	}
	email = strings.TrimSpace(email)
	out := &PersonalData{Email: email, Names: []string{}, Phones: []string{}, Services: []string{}, Tickets: []*tickets.Record{},
		Ratings: []PersonalRating{}, StatusLinks: []PersonalLink{}, Mails: []PersonalMail{}, Outbox: []PersonalOutgoing{},
		ExportedAt: time.Now().UTC().Format(time.RFC3339)}
	seen := map[string]bool{}
	addTo := func(list *[]string, kind, v string) {
		if v = strings.TrimSpace(v); v != "" && !seen[kind+v] {
			seen[kind+v] = true
			*list = append(*list, v)
		}
	}
	files := a.Attachments()
	err = a.tickets.ExportTickets(ctx, ids, kbArticles{a.kb}, func(r *tickets.Record) error {
		rec := *r
		if err := files.ListWithData(ctx, r.ID, func(at attachments.Attachment, data []byte) error {
			rec.Attachments = append(rec.Attachments, tickets.RecordAttachment{ID: at.ID, FollowupID: at.FollowupID, Name: at.Name,
				ContentType: at.ContentType, AddedBy: at.AddedBy, Channel: at.Channel,
				CreatedAt: at.CreatedAt.UTC().Format(time.RFC3339), Content: data})
			return nil
		}); err != nil {
			return fmt.Errorf("attachments of #%d: %w", r.ID, err)
		}
		out.Tickets = append(out.Tickets, &rec)
		addTo(&out.Names, "n", r.Requester.Name)
		addTo(&out.Phones, "p", r.Requester.Phone)
		addTo(&out.Services, "s", r.Requester.Service)
		return nil
	})
	if err != nil {
		return nil, err
	}
	q := a.db.DB
	for start := 0; start < len(ids) || start == 0; start += erasureBatch {
		batch := ids[start:min(start+erasureBatch, len(ids))]
		ratings, err := a.Feedback().RatingsOf(ctx, q, batch)
		if err != nil {
			return nil, err
		}
		for _, r := range ratings {
			out.Ratings = append(out.Ratings, PersonalRating{Ticket: r.TicketID, Score: r.Score, Comment: r.Comment, CreatedAt: stamp(r.CreatedAt)})
		}
		links, err := a.Access().StatusLinksOf(ctx, q, batch)
		if err != nil {
			return nil, err
		}
		for _, l := range links {
			out.StatusLinks = append(out.StatusLinks, PersonalLink{Ticket: l.TicketID, CreatedAt: stamp(l.CreatedAt), Note: linkNote})
		}
		// Mails from the address that belong to no ticket (ignored
		// auto-replies, over the rate limit) come with the first batch.
		var addresses []string
		if start == 0 {
			addresses = []string{strings.ToLower(email)}
		}
		mails, outbox, err := mailstore.NewStore(q, nil).PersonRecords(ctx, q, batch, addresses)
		if err != nil {
			return nil, err
		}
		for _, m := range mails {
			out.Mails = append(out.Mails, PersonalMail{MessageID: m.Key, Direction: m.Direction, Ticket: m.TicketID, Sender: m.Sender,
				Outcome: m.Outcome, Detail: m.Detail, At: stamp(m.At)})
		}
		for _, it := range outbox {
			o := PersonalOutgoing{Ticket: it.TicketID, Kind: it.Kind, To: it.To, ToName: it.ToName, Status: it.Status,
				CreatedAt: stamp(it.CreatedAt), Message: string(it.Raw)}
			if it.SentAt != nil {
				o.SentAt = stamp(*it.SentAt)
			}
			out.Outbox = append(out.Outbox, o)
		}
	}
	return out, nil
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Erasure counts what an erasure or a purge did.
type Erasure struct {
	Tickets     int // tickets whose requester was anonymised
	Attachments int // files removed from them
	Ratings     int // rating comments removed
	StatusLinks int // status links revoked
	Mails       int // mail records whose sender and detail were cleared
	Outbox      int // outbox mails whose address and text were cleared
}

// erasureBatch is how many tickets one transaction of a purge anonymises.
const erasureBatch = 200

// PrivacyErase anonymises the requester with this email in all their
// tickets (GDPR right to erasure), in one transaction: the tickets stay
// for the statistics; their files are removed (a screenshot or a PDF
// cannot be anonymised), the comments of their ratings emptied (the scores
// stay), their status links revoked, and the mail channel's records of the
// mails they sent or were sent keep no address, name or text.
func (a *App) PrivacyErase(ctx context.Context, email string) (Erasure, error) {
	if err := a.Open(ctx); err != nil {
		return Erasure{}, err
	}
	ids, err := a.tickets.RequesterTickets(ctx, email)
	if err != nil {
		return Erasure{}, err
	}
	var e Erasure
	err = db.WithTx(ctx, a.db.DB, func(tx *sql.Tx) error {
		e = Erasure{}
		return a.eraseTx(ctx, tx, ids, []string{strings.ToLower(strings.TrimSpace(email))}, "erasure request", &e)
	})
	if err != nil {
		return Erasure{}, fmt.Errorf("erase %s: %w", email, err)
	}
	db.Checkpoint(ctx, a.db.DB)
	return e, nil
}

// eraseTx erases what is held about the requesters of the tickets in ids
// (and, in the mail channel's records, about addresses and the requesters'
// other addresses) inside tx, adding the counts to e.
func (a *App) eraseTx(ctx context.Context, tx *sql.Tx, ids []int64, addresses []string, reason string, e *Erasure) error {
	return db.SecureDeleteTx(ctx, tx, func() error { return a.erase(ctx, tx, ids, addresses, reason, e) })
}

func (a *App) erase(ctx context.Context, tx *sql.Tx, ids []int64, addresses []string, reason string, e *Erasure) error {
	removed, err := a.Attachments().RemoveTx(ctx, tx, ids)
	if err != nil {
		return err
	}
	notes := map[int64]string{}
	for id, n := range removed {
		e.Attachments += n
		notes[id] = fmt.Sprintf("%d attachment(s) removed", n)
	}
	n, known, err := a.tickets.AnonymiseTx(ctx, tx, ids, tickets.Erasure{Reason: reason, Actor: a.user, Notes: notes})
	if err != nil {
		return err
	}
	e.Tickets += n
	// What the tickets taught the knowledge base's suggestions (their
	// words) is learned again from their anonymised text.
	texts := map[int64]string{}
	for _, id := range ids {
		t, err := a.tickets.GetTx(ctx, tx, id)
		if err != nil {
			return err
		}
		description := t.Description
		if len(description) > 2000 {
			description = description[:2000]
		}
		texts[id] = strings.ReplaceAll(t.Title+"\n"+description, tickets.Erased, " ")
	}
	if err := a.kb.RelearnTicketsTx(ctx, tx, texts); err != nil {
		return err
	}
	if addresses != nil {
		addresses = append(addresses, known...)
	}
	if n, err = a.Feedback().EraseCommentsTx(ctx, tx, ids); err != nil {
		return err
	}
	e.Ratings += n
	if n, err = a.Access().RevokeStatusLinksTx(ctx, tx, ids); err != nil {
		return err
	}
	e.StatusLinks += n
	m, err := mailstore.NewStore(a.db.DB, nil).EraseTx(ctx, tx, ids, addresses)
	if err != nil {
		return err
	}
	e.Mails += m.Records
	e.Outbox += m.Outbox
	return nil
}

// PrivacyPurge anonymises the requesters of the tickets closed before t,
// as PrivacyErase does, in batches of tickets (one transaction each), and
// clears the sender of the mails read before t that belong to no ticket.
// A mail address is erased only with the purged tickets' own mail
// records: the same person may have newer tickets.
func (a *App) PrivacyPurge(ctx context.Context, before time.Time) (Erasure, error) {
	var e Erasure
	if err := a.Open(ctx); err != nil {
		return e, err
	}
	ids, err := a.tickets.ClosedBefore(ctx, before)
	if err != nil {
		return e, err
	}
	reason := "closed before " + before.Format("2006-01-02")
	for start := 0; start < len(ids) || start == 0; start += erasureBatch {
		batch := ids[start:min(start+erasureBatch, len(ids))]
		err := db.WithTx(ctx, a.db.DB, func(tx *sql.Tx) error {
			var b Erasure
			if len(batch) > 0 {
				if err := a.eraseTx(ctx, tx, batch, nil, reason, &b); err != nil {
					return err
				}
			}
			if start == 0 {
				n, err := mailstore.NewStore(a.db.DB, nil).ForgetSendersTx(ctx, tx, before)
				if err != nil {
					return err
				}
				b.Mails += n
			}
			e.Tickets += b.Tickets
			e.Attachments += b.Attachments
			e.Ratings += b.Ratings
			e.StatusLinks += b.StatusLinks
			e.Mails += b.Mails
			e.Outbox += b.Outbox
			return nil
		})
		if err != nil {
			return e, fmt.Errorf("purge (%s): %w", reason, err)
		}
	}
	if e.Tickets > 0 {
		db.Checkpoint(ctx, a.db.DB)
	}
	return e, nil
}

// ApplyRetention runs the config's retention rule (privacy.retention_months)
// if there is one: requesters of tickets closed longer ago are anonymised.
// The interface and the server run it at start.
func (a *App) ApplyRetention(ctx context.Context, now time.Time) (Erasure, error) {
	months := a.Config.Privacy.RetentionMonths
	if months <= 0 {
		return Erasure{}, nil
	}
	e, err := a.PrivacyPurge(ctx, now.AddDate(0, -months, 0))
	if err != nil {
		return e, fmt.Errorf("retention (privacy.retention_months: %d): %w", months, err)
	}
	return e, nil
}
