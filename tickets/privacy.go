package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"hotline/internal/db"
)

// Erased replaces a requester's personal data in anonymised tickets.
const Erased = "[effacé]"

// RequesterTickets returns the ids of the tickets filed by the requester
// with this email address (case-insensitive), oldest first.
func (s *Store) RequesterTickets(ctx context.Context, email string) ([]int64, error) {
	email = strings.TrimSpace(email)
	if email == "" {
		return nil, refused("requester", CodeMissing)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM tickets WHERE requester_email = ? COLLATE NOCASE ORDER BY id`, email)
	if err != nil {
		return nil, fmt.Errorf("find the requester's tickets: %w", err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ExportTickets calls each with the full record (fields, follow-ups,
// history, links, problems) of every ticket in ids, in pages.
func (s *Store) ExportTickets(ctx context.Context, ids []int64, articles ArticleNamer, each func(*Record) error) error {
	for len(ids) > 0 {
		n := min(len(ids), exportPage)
		page := make([]Ticket, 0, n)
		for _, id := range ids[:n] {
			t, err := getTicket(ctx, s.db, id)
			if err != nil {
				return err
			}
			page = append(page, *t)
		}
		if err := s.exportPage(ctx, page, articles, each); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// ClosedBefore returns the ids of closed tickets closed before t whose
// requester is not anonymised yet, for the retention rule.
func (s *Store) ClosedBefore(ctx context.Context, t time.Time) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM tickets
		WHERE status = 'closed' AND closed_at < ? AND (requester_name != ? OR requester_email != '' OR requester_phone != '')
		ORDER BY id`, t.Unix(), Erased)
	if err != nil {
		return nil, fmt.Errorf("find tickets closed before %s: %w", t.Format("2006-01-02"), err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// Anonymise erases the requester of each ticket in ids: name, email and
// phone become empty or Erased, and every mention of them (the name, its
// parts, the address, the phone, written any case) in the title,
// description, follow-ups, follow-up authors and history values is
// replaced by Erased. The service, category, times and status stay, so the
// tickets still count in the reports. One history entry per ticket records
// the erasure, without the erased values. It runs in batches of tickets,
// one transaction each; AnonymiseTx is one batch inside the caller's
// transaction (app erases the rest of what is held about the person in
// the same transaction).
func (s *Store) Anonymise(ctx context.Context, ids []int64, reason, actor string) (int, error) {
	done := 0
	for start := 0; start < len(ids); start += 200 {
		batch := ids[start:min(start+200, len(ids))]
		var n int
		err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
			var err error
			n, _, err = s.AnonymiseTx(ctx, tx, batch, Erasure{Reason: reason, Actor: actor})
			return err
		})
		if err != nil {
			return done, fmt.Errorf("anonymise: %w", err)
		}
		done += n
	}
	return done, nil
}

// Erasure says why and by whom requesters are anonymised, and what else
// was removed from each ticket (Notes, for its history entry: "2
// attachments removed").
type Erasure struct {
	Reason, Actor string
	Notes         map[int64]string
}

// AnonymiseTx is Anonymise of one batch inside the caller's transaction.
// It returns how many tickets it anonymised and every email address the
// requesters had (now and in the history of edits), lower-cased, so that
// the caller can erase what other stores keep under them.
func (s *Store) AnonymiseTx(ctx context.Context, tx *sql.Tx, ids []int64, e Erasure) (int, []string, error) {
	now := s.now()
	// History is append-only; erasing personal data is the one rewrite
	// allowed, inside this transaction, and the guard comes back with it.
	if _, err := tx.ExecContext(ctx, `DROP TRIGGER IF EXISTS ticket_history_append_only_update`); err != nil {
		return 0, nil, err
	}
	done := 0
	addresses := map[string]bool{}
	for _, id := range ids {
		t, err := getTicket(ctx, tx, id)
		if err != nil {
			return 0, nil, err
		}
		erase := mentions(t.Requester)
		if t.Requester.Email != "" {
			addresses[strings.ToLower(strings.TrimSpace(t.Requester.Email))] = true
		}
		// Earlier names, addresses and phones of the requester, kept in
		// the history of edits, are theirs too.
		old, err := previousIdentities(ctx, tx, id)
		if err != nil {
			return 0, nil, fmt.Errorf("#%d: %w", id, err)
		}
		for _, r := range old {
			erase = append(erase, mentions(r)...)
			if strings.Contains(r.Email, "@") {
				addresses[strings.ToLower(strings.TrimSpace(r.Email))] = true
			}
		}
		sort.Slice(erase, func(i, j int) bool { return len(erase[i]) > len(erase[j]) })
		if len(erase) == 0 && t.Requester.Name == Erased && e.Notes[id] == "" {
			continue
		}
		scrub := func(s string) string { return scrubText(s, erase) }
		if _, err := tx.ExecContext(ctx, `UPDATE tickets SET requester_name = ?, requester_email = '', requester_phone = '',
				title = ?, description = ?, updated_at = ?, version = version + 1 WHERE id = ?`,
			Erased, scrub(t.Title), scrub(t.Description), now.Unix(), id); err != nil {
			return 0, nil, fmt.Errorf("#%d: %w", id, err)
		}
		if err := rewrite(ctx, tx, `SELECT id, body, author FROM followups WHERE ticket_id = ?`, id,
			`UPDATE followups SET body = ?, author = ? WHERE id = ?`, scrub); err != nil {
			return 0, nil, fmt.Errorf("#%d follow-ups: %w", id, err)
		}
		if err := rewrite(ctx, tx, `SELECT id, old_value, new_value FROM ticket_history WHERE ticket_id = ?`, id,
			`UPDATE ticket_history SET old_value = ?, new_value = ? WHERE id = ?`, scrub); err != nil {
			return 0, nil, fmt.Errorf("#%d history: %w", id, err)
		}
		// Who made a change: the requester, when they filed or answered
		// through the portal or by mail (rewrite binds actor, '', id).
		if err := rewrite(ctx, tx, `SELECT id, actor, '' FROM ticket_history WHERE ticket_id = ?`, id,
			`UPDATE ticket_history SET actor = ?1 WHERE id = ?3`, scrub); err != nil {
			return 0, nil, fmt.Errorf("#%d history: %w", id, err)
		}
		entry := "requester anonymised (" + e.Reason + ")"
		if note := e.Notes[id]; note != "" {
			entry += "; " + note
		}
		if err := addHistory(ctx, tx, id, now, e.Actor, "privacy", "", entry); err != nil {
			return 0, nil, err
		}
		if err := reindex(ctx, tx, id); err != nil {
			return 0, nil, err
		}
		done++
	}
	if _, err := tx.ExecContext(ctx, `CREATE TRIGGER ticket_history_append_only_update BEFORE UPDATE ON ticket_history
BEGIN SELECT RAISE(ABORT, 'ticket history is append-only'); END`); err != nil {
		return 0, nil, err
	}
	list := make([]string, 0, len(addresses))
	for a := range addresses {
		list = append(list, a)
	}
	sort.Strings(list)
	return done, list, nil
}

// previousIdentities reads the requester values a ticket's history holds
// (fields requester.name, requester.email, requester.phone, whatever their
// spelling), one Requester per value.
func previousIdentities(ctx context.Context, tx *sql.Tx, id int64) ([]Requester, error) {
	rows, err := tx.QueryContext(ctx, `SELECT field, old_value, new_value FROM ticket_history
		WHERE ticket_id = ? AND field LIKE 'requester%' AND field NOT LIKE '%service%'`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Requester
	for rows.Next() {
		var field, a, b string
		if err := rows.Scan(&field, &a, &b); err != nil {
			return nil, err
		}
		for _, v := range []string{a, b} {
			switch {
			case strings.Contains(field, "email"):
				out = append(out, Requester{Email: v})
			case strings.Contains(field, "phone"):
				out = append(out, Requester{Phone: v})
			default:
				out = append(out, Requester{Name: v})
			}
		}
	}
	return out, rows.Err()
}

// rewrite applies scrub to the two text columns of every row the query
// returns (id, a, b) and writes back those that changed.
func rewrite(ctx context.Context, tx *sql.Tx, query string, id int64, update string, scrub func(string) string) error {
	rows, err := tx.QueryContext(ctx, query, id)
	if err != nil {
		return err
	}
	type row struct {
		id   int64
		a, b string
	}
	var changed []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.a, &r.b); err != nil {
			rows.Close()
			return err
		}
		if a, b := scrub(r.a), scrub(r.b); a != r.a || b != r.b {
			changed = append(changed, row{r.id, a, b})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range changed {
		if _, err := tx.ExecContext(ctx, update, r.a, r.b, r.id); err != nil {
			return err
		}
	}
	return nil
}

// mentions lists what identifies the requester in free text: the whole
// name, each part of it of three letters or more, the email address and its
// local part, the phone number (digits compared without spaces or dots).
func mentions(r Requester) []string {
	var out []string
	add := func(s string) {
		s = strings.TrimSpace(s)
		if utf8.RuneCountInString(s) >= 3 && s != Erased {
			out = append(out, s)
		}
	}
	add(r.Name)
	if r.Name != Erased {
		for _, part := range strings.FieldsFunc(r.Name, func(c rune) bool { return c == ' ' || c == '-' || c == '.' || c == ',' }) {
			add(part)
		}
	}
	add(r.Email)
	if local, _, ok := strings.Cut(r.Email, "@"); ok {
		add(local)
		for _, part := range strings.FieldsFunc(local, func(c rune) bool { return c == '.' || c == '_' || c == '-' }) {
			add(part)
		}
	}
	add(r.Phone)
	// Longest first, so "Zoé Martin" goes before "Zoé".
	sort.Slice(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

var nonDigit = regexp.MustCompile(`\D`)

// scrubText replaces each mention (case-insensitive, whole words) by Erased;
// a phone number is matched whatever its separators.
func scrubText(s string, erase []string) string {
	for _, m := range erase {
		var re *regexp.Regexp
		if digits := nonDigit.ReplaceAllString(m, ""); len(digits) >= 6 && len(digits)*2 >= len(m) {
			// +33 1 23 45 67 89, 01.23.45.67.89, 0123456789…
			parts := strings.Split(strings.TrimPrefix(digits, "33"), "")
			re = regexp.MustCompile(`(?:\+?33[\s.\-]?|0)?` + strings.Join(parts, `[\s.\-]?`))
			if strings.HasPrefix(digits, "33") || strings.HasPrefix(digits, "0") {
				parts = strings.Split(strings.TrimPrefix(strings.TrimPrefix(digits, "33"), "0"), "")
				re = regexp.MustCompile(`(?:\+?33[\s.\-]?(?:\(0\))?|0)` + strings.Join(parts, `[\s.\-]?`))
			}
		} else {
			re = regexp.MustCompile(`(?i)(^|[^\pL\pN])` + regexp.QuoteMeta(m) + `($|[^\pL\pN])`)
			s = re.ReplaceAllString(s, "${1}"+Erased+"${2}")
			// A second pass catches mentions next to each other.
			s = re.ReplaceAllString(s, "${1}"+Erased+"${2}")
			continue
		}
		s = re.ReplaceAllString(s, Erased)
	}
	return s
}
