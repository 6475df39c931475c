package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	"hotline/tickets"
)

// PersonalData is everything Hotline holds about one requester (GDPR
// right of access): who they are as written in their tickets, and each
// ticket in full.
type PersonalData struct {
	Email      string            `json:"email"`
	Names      []string          `json:"names"`
	Phones     []string          `json:"phones"`
	Services   []string          `json:"services"`
	Tickets    []*tickets.Record `json:"tickets"`
	ExportedAt string            `json:"exported_at"`
}

// PrivacyExport gathers what is held about the requester with this email.
func (a *App) PrivacyExport(ctx context.Context, email string) (*PersonalData, error) {
	if err := a.Open(ctx); err != nil {
		return nil, err
	}
	ids, err := a.tickets.RequesterTickets(ctx, email)
	if err != nil {
		return nil, err
	}
	out := &PersonalData{Email: strings.TrimSpace(email), Names: []string{}, Phones: []string{}, Services: []string{}, Tickets: []*tickets.Record{},
		ExportedAt: time.Now().UTC().Format(time.RFC3339)}
	seen := map[string]bool{}
	addTo := func(list *[]string, kind, v string) {
		if v = strings.TrimSpace(v); v != "" && !seen[kind+v] {
			seen[kind+v] = true
			*list = append(*list, v)
		}
	}
	err = a.tickets.ExportTickets(ctx, ids, kbArticles{a.kb}, func(r *tickets.Record) error {
		rec := *r
		out.Tickets = append(out.Tickets, &rec)
		addTo(&out.Names, "n", r.Requester.Name)
		addTo(&out.Phones, "p", r.Requester.Phone)
		addTo(&out.Services, "s", r.Requester.Service)
		return nil
	})
	return out, err
}

// PrivacyErase anonymises the requester with this email in all their
// tickets (GDPR right to erasure); the tickets stay for the statistics.
func (a *App) PrivacyErase(ctx context.Context, email string) (int, error) {
	if err := a.Open(ctx); err != nil {
		return 0, err
	}
	ids, err := a.tickets.RequesterTickets(ctx, email)
	if err != nil {
		return 0, err
	}
	return a.tickets.Anonymise(ctx, ids, "erasure request", a.user)
}

// PrivacyPurge anonymises the requesters of the tickets closed before t.
func (a *App) PrivacyPurge(ctx context.Context, before time.Time) (int, error) {
	if err := a.Open(ctx); err != nil {
		return 0, err
	}
	ids, err := a.tickets.ClosedBefore(ctx, before)
	if err != nil {
		return 0, err
	}
	return a.tickets.Anonymise(ctx, ids, "closed before "+before.Format("2006-01-02"), a.user)
}

// ApplyRetention runs the config's retention rule (privacy.retention_months)
// if there is one: requesters of tickets closed longer ago are anonymised.
// The interface and the server run it at start.
func (a *App) ApplyRetention(ctx context.Context, now time.Time) (int, error) {
	months := a.Config.Privacy.RetentionMonths
	if months <= 0 {
		return 0, nil
	}
	n, err := a.PrivacyPurge(ctx, now.AddDate(0, -months, 0))
	if err != nil {
		return n, fmt.Errorf("retention (privacy.retention_months: %d): %w", months, err)
	}
	return n, nil
}
