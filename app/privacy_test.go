package app

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/access"
	"hotline/attachments"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/mailstore"
	"hotline/tickets"
)

// personWorld is a database where Zoé Martin filed tickets through every
// channel (files, status link, rating, mails read and sent) and Paul
// Durand one, whose data must never be touched by what is done to hers.
type personWorld struct {
	a                 *App
	zoe, zoeOld, paul int64
	zoeToken          string
	paulToken         string
	mail              *mailstore.Store
}

const zoeEmail = "Zoe.Martin@ville.fr"

func newPersonWorld(t *testing.T) *personWorld {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	a, err := New(Settings{DBPath: filepath.Join(dir, "h.db"), ConfigPath: filepath.Join(dir, "none.yaml"), User: "tech"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	w := &personWorld{a: a, mail: mailstore.NewStore(a.DB().DB, nil)}
	desk := a.Desk()
	file := func(who, email, text string, files ...attachments.Upload) (int64, string) {
		phone := "01 23 45 67 89"
		if who != "Zoé Martin" {
			phone = "04 99 88 77 66"
		}
		res, err := desk.Intake(ctx, IntakeRequest{
			Ticket: tickets.NewTicket{Title: "Son coupé", Description: text,
				Requester: tickets.Requester{Name: who, Email: email, Phone: phone, Service: "Urbanisme"}},
			Attachments: files, Channel: tickets.ChannelPortal})
		if err != nil {
			t.Fatal(err)
		}
		return res.Ticket.ID, res.Token
	}
	log := []byte("Zoé Martin, poste 4567: le casque ne sort aucun son\n")
	w.zoeOld, _ = file("Zoé Martin", zoeEmail, "Ancien souci de Zoé", attachments.Upload{Name: "zoe-martin-ancien.txt", Data: log})
	w.zoe, w.zoeToken = file("Zoé Martin", zoeEmail, "Casque muet pour Zoé Martin",
		attachments.Upload{Name: "capture-zoe-martin.png", Data: png}, attachments.Upload{Name: "journal.txt", Data: log})
	w.paul, w.paulToken = file("Paul Durand", "paul@ville.fr", "Imprimante", attachments.Upload{Name: "paul.png", Data: png})
	// Zoé answers with a file, her tickets are solved and rated.
	if _, err := desk.Reply(ctx, w.zoeToken, "Toujours muet, Zoé", []attachments.Upload{{Name: "encore.png", Data: png}}, "portal"); err != nil {
		t.Fatal(err)
	}
	for _, r := range []struct {
		token, comment string
	}{{w.zoeToken, "Merci, signé Zoé Martin 01 23 45 67 89"}, {w.paulToken, "Merci, Paul"}} {
		if err := desk.ConfirmSolved(ctx, r.token, "portal"); err != nil {
			t.Fatal(err)
		}
		if err := desk.Rate(ctx, r.token, 4, r.comment); err != nil {
			t.Fatal(err)
		}
	}
	// Both her tickets were solved with a tutorial: their words (her name
	// among them) taught its suggestions.
	kbDir := filepath.Join(dir, "kb")
	os.MkdirAll(kbDir, 0o755)
	os.WriteFile(filepath.Join(kbDir, "casque.md"), []byte("# Casque sans son\n\nChoisir le casque dans Teams.\n"), 0o644)
	if _, err := a.KB().Import(ctx, kbDir, kb.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{w.zoeOld, w.zoe} {
		if err := a.Tickets().Link(ctx, id, 1, "tech"); err != nil {
			t.Fatal(err)
		}
	}
	if err := a.KB().Relearn(ctx, a.Tickets()); err != nil {
		t.Fatal(err)
	}
	// The mail channel: a mail read from her about her ticket, one ignored
	// (an auto-reply, no ticket), a mail sent to her and one waiting.
	for _, r := range []mailstore.Record{
		{Key: "<CAF1@mail.example>", Direction: "in", TicketID: w.zoe, Sender: zoeEmail, Outcome: "reply", Detail: "from Zoé Martin"},
		{Key: "<CAF2@mail.example>", Direction: "in", Sender: zoeEmail, Outcome: mailstore.OutcomeAuto, Detail: "Absence de Zoé Martin"},
		{Key: "<CAF3@mail.example>", Direction: "in", TicketID: w.paul, Sender: "paul@ville.fr", Outcome: "reply", Detail: "from Paul"},
	} {
		if err := w.mail.Record(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	enqueue := func(ticket int64, to, name, link string) int64 {
		var id int64
		err := db.WithTx(ctx, a.DB().DB, func(tx *sql.Tx) error {
			var err error
			id, err = w.mail.EnqueueTx(ctx, tx, mailstore.Outgoing{TicketID: ticket, Kind: mailstore.KindSolved, To: to, ToName: name, LinkToken: link}, "ville.fr")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	sent := enqueue(w.zoe, zoeEmail, "Zoé Martin", "zoe-secret-link")
	if ok, err := w.mail.Claim(ctx, sent, []byte("To: Zoé Martin <"+zoeEmail+">\r\n\r\nBonjour Zoé, votre demande est résolue.")); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if err := w.mail.MarkSent(ctx, sent); err != nil {
		t.Fatal(err)
	}
	enqueue(w.zoe, zoeEmail, "Zoé Martin", "zoe-secret-link-2")
	enqueue(w.paul, "paul@ville.fr", "Paul Durand", "paul-link")
	return w
}

// dump reads every text and blob of every table (full-text shadow tables
// aside: their terms are checked through fts5vocab) as one lower-cased
// string.
func dump(t *testing.T, d *sql.DB) string {
	t.Helper()
	rows, err := d.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var b bytes.Buffer
	for _, table := range tables {
		rows, err := d.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			b.WriteString(table + ":")
			for _, v := range vals {
				switch v := v.(type) {
				case string:
					b.WriteString(v + "|")
				case []byte:
					b.Write(v)
					b.WriteString("|")
				}
			}
			b.WriteString("\n")
		}
		rows.Close()
	}
	return strings.ToLower(b.String())
}

func TestPrivacyExportListsEverythingHeldAboutThePerson(t *testing.T) {
	w := newPersonWorld(t)
	ctx := context.Background()
	data, err := w.a.PrivacyExport(ctx, "ZOE.martin@ville.fr")
	if err != nil {
		t.Fatal(err)
	}
	if len(data.Tickets) != 2 {
		t.Fatalf("%d tickets exported, want her 2", len(data.Tickets))
	}
	var files []string
	for _, tk := range data.Tickets {
		for _, f := range tk.Attachments {
			if len(f.Content) == 0 {
				t.Errorf("file %s exported without its content", f.Name)
			}
			files = append(files, f.Name)
		}
	}
	if strings.Join(files, ",") != "zoe-martin-ancien.txt,capture-zoe-martin.png,journal.txt,encore.png" {
		t.Errorf("files exported: %v", files)
	}
	if len(data.Ratings) != 1 || data.Ratings[0].Comment != "Merci, signé Zoé Martin 01 23 45 67 89" || data.Ratings[0].Ticket != w.zoe {
		t.Errorf("ratings exported: %+v", data.Ratings)
	}
	if len(data.StatusLinks) != 2 {
		t.Errorf("status links exported: %+v", data.StatusLinks)
	}
	var keys []string
	for _, m := range data.Mails {
		keys = append(keys, m.MessageID)
	}
	// The two she sent (one about no ticket) and the two written to her.
	if len(data.Mails) != 4 || !strings.Contains(strings.Join(keys, " "), "<CAF2@mail.example>") || strings.Contains(strings.Join(keys, " "), "CAF3") {
		t.Errorf("mails exported: %v", keys)
	}
	if len(data.Outbox) != 2 || !strings.Contains(data.Outbox[0].Message, "Bonjour Zoé") || data.Outbox[0].To != zoeEmail {
		t.Errorf("outbox exported: %+v", data.Outbox)
	}
	for _, m := range data.Mails {
		if m.Sender == "paul@ville.fr" {
			t.Error("Paul's mail is in Zoé's export")
		}
	}
}

func TestPrivacyEraseLeavesNothingOfThePersonAndKeepsOthers(t *testing.T) {
	w := newPersonWorld(t)
	ctx := context.Background()
	d := w.a.DB().DB
	before := dump(t, d)
	var learnedBefore int
	d.QueryRow(`SELECT count(*) FROM learned_vocab WHERE term = 'zoe'`).Scan(&learnedBefore)
	if learnedBefore != 1 || !strings.Contains(before, "martin") {
		t.Fatalf("the world does not hold her name where it should (learned %d)", learnedBefore)
	}
	e, err := w.a.PrivacyErase(ctx, zoeEmail)
	if err != nil {
		t.Fatal(err)
	}
	// Mails: the two she sent (the ones written to her hold no sender).
	want := Erasure{Tickets: 2, Attachments: 4, Ratings: 1, StatusLinks: 2, Mails: 2, Outbox: 2}
	if e != want {
		t.Errorf("erasure did %+v, want %+v", e, want)
	}
	after := dump(t, d)
	for _, gone := range []string{"zoé", "zoe", "martin", "23 45 67", "zoe-secret-link", "casque ne sort aucun son"} {
		if strings.Contains(after, gone) {
			i := strings.Index(after, gone)
			t.Errorf("%q is still held after erasure: …%s…", gone, after[max(0, i-80):min(len(after), i+40)])
		}
	}
	// Paul's data is all there.
	for _, kept := range []string{"paul durand", "paul@ville.fr", "paul.png", "merci, paul", "from paul", "04 99 88 77 66", "paul-link"} {
		if !strings.Contains(after, kept) || !strings.Contains(before, kept) {
			t.Errorf("%q of another requester was lost", kept)
		}
	}
	// The full-text index does not find her any more.
	if _, err := d.Exec(`CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, tickets_fts, 'row')`); err != nil {
		t.Fatal(err)
	}
	var terms, learned int
	d.QueryRow(`SELECT count(*) FROM temp.terms WHERE term IN ('zoe', 'zoé', 'martin')`).Scan(&terms)
	d.QueryRow(`SELECT count(*) FROM learned_vocab WHERE term IN ('zoe', 'martin')`).Scan(&learned)
	if terms != 0 || learned != 0 {
		t.Errorf("the search index still holds %d of her terms, the tutorial's learned words %d", terms, learned)
	}
	// Statistics stay: the tickets, the rating's score, the mails' keys.
	var score, mails int
	d.QueryRow(`SELECT score FROM ratings WHERE ticket_id = ?`, w.zoe).Scan(&score)
	d.QueryRow(`SELECT count(*) FROM mail_messages WHERE key IN ('<CAF1@mail.example>', '<CAF2@mail.example>')`).Scan(&mails)
	if score != 4 || mails != 2 {
		t.Errorf("rating score %d, mail keys %d: statistics and threading lost", score, mails)
	}
	tk, err := w.a.Tickets().Get(ctx, w.zoe)
	if err != nil || tk.Requester.Name != tickets.Erased || tk.Requester.Service != "Urbanisme" || tk.Status != tickets.StatusSolved {
		t.Errorf("ticket after erasure: %+v %v", tk, err)
	}
	// Her status link is dead, Paul's works; the mail waiting for her is
	// never sent.
	if _, err := w.a.Desk().Status(ctx, w.zoeToken); !errors.Is(err, access.ErrUnknownToken) {
		t.Errorf("her status link after erasure: %v", err)
	}
	if _, err := w.a.Desk().Status(ctx, w.paulToken); err != nil {
		t.Errorf("Paul's status link: %v", err)
	}
	due, _ := w.mail.Due(ctx, 10)
	if len(due) != 1 || due[0].To != "paul@ville.fr" {
		t.Errorf("mails due after erasure: %+v", due)
	}
	// The history says what was done, without the erased values.
	hist, _ := w.a.Tickets().History(ctx, w.zoe)
	last := hist[len(hist)-1]
	if last.Field != "privacy" || !strings.Contains(last.New, "3 attachment(s) removed") {
		t.Errorf("last history entry: %+v", last)
	}
}

func TestPrivacyPurgeErasesOldClosedTicketsEverywhere(t *testing.T) {
	w := newPersonWorld(t)
	ctx := context.Background()
	d := w.a.DB().DB
	// Her old ticket was closed long ago; her other ticket is recent.
	if _, err := d.Exec(`UPDATE tickets SET status = 'closed', closed_at = ?, solved_at = ? WHERE id = ?`,
		time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix(), w.zoeOld); err != nil {
		t.Fatal(err)
	}
	// An auto-reply from someone, about no ticket, long ago.
	if err := w.mail.Record(ctx, mailstore.Record{Key: "<OLD@mail.example>", Direction: "in", Sender: "ancien@ville.fr",
		Outcome: mailstore.OutcomeAuto, Detail: "Absent", At: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	e, err := w.a.PrivacyPurge(ctx, time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if e.Tickets != 1 || e.Attachments != 1 || e.StatusLinks != 1 || e.Mails != 1 {
		t.Errorf("purge did %+v, want 1 ticket, 1 file, 1 link, 1 old mail sender", e)
	}
	var oldFiles, newFiles, links int
	var sender string
	d.QueryRow(`SELECT count(*) FROM attachments WHERE ticket_id = ?`, w.zoeOld).Scan(&oldFiles)
	d.QueryRow(`SELECT count(*) FROM attachments WHERE ticket_id = ?`, w.zoe).Scan(&newFiles)
	d.QueryRow(`SELECT count(*) FROM status_tokens WHERE ticket_id = ?`, w.zoeOld).Scan(&links)
	d.QueryRow(`SELECT sender FROM mail_messages WHERE key = '<OLD@mail.example>'`).Scan(&sender)
	if oldFiles != 0 || links != 0 || sender != "" {
		t.Errorf("after purge: old ticket %d files %d links, old mail sender %q", oldFiles, links, sender)
	}
	// Her recent ticket and its mails are hers still: a purge is by date.
	if newFiles != 3 {
		t.Errorf("her recent ticket has %d files after the purge, want 3", newFiles)
	}
	tk, _ := w.a.Tickets().Get(ctx, w.zoe)
	if tk.Requester.Email != zoeEmail {
		t.Errorf("her recent ticket was anonymised: %+v", tk.Requester)
	}
	data, _ := w.a.PrivacyExport(ctx, zoeEmail)
	if len(data.Outbox) != 2 || len(data.Mails) < 3 {
		t.Errorf("her recent mails after the purge: %d outbox, %d records", len(data.Outbox), len(data.Mails))
	}
}
