package kb

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"hotline/tickets"
)

func TestEditArchiveAndReview(t *testing.T) {
	ctx := context.Background()
	s, d := openStore(t, true)
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"vpn.md":   "---\ntitle: VPN lent\nverified: 2026-05-20\nurl: https://intranet/vpn\n---\nRelancez FortiClient.",
		"old.md":   "---\ntitle: Vieille procédure\nverified: 2025-01-10\nurl: https://intranet/old\n---\nTexte.",
		"video.md": "---\ntitle: Vidéo sans lien\nkind: video\nverified: 2026-05-20\n---\nTexte.",
		"bad.md":   "---\ntitle: Lien cassé\nverified: 2026-05-20\nurl: \"http://\"\n---\nTexte.",
		"never.md": "---\nurl: https://intranet/never\n---\n# Jamais vérifié\nTexte.",
	})
	if _, err := s.Import(ctx, dir, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	byTitle := map[string]int64{}
	arts, _ := s.List(ctx, ListOptions{})
	for _, a := range arts {
		byTitle[a.Title] = a.ID
	}
	// A ticket solved with "VPN lent" is reopened.
	ts := tickets.NewStore(d.DB, tickets.Options{})
	tk, err := ts.Create(ctx, tickets.NewTicket{Title: "vpn lent"}, "bob")
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.Link(ctx, tk.ID, byTitle["VPN lent"], "bob"); err != nil {
		t.Fatal(err)
	}
	for _, st := range []tickets.Status{"solved", "assigned"} {
		st := st
		if _, err := ts.Update(ctx, tk.ID, 0, tickets.Patch{Status: &st, Assignee: ptrS("bob")}, "bob"); err != nil {
			t.Fatal(err)
		}
	}
	items, err := s.ReviewList(ctx, ReviewOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]ReviewReason{}
	for _, it := range items {
		got[it.Article.Title] = it.Reasons
	}
	want := map[string][]ReviewReason{
		"VPN lent":          {Reopened},
		"Vieille procédure": {NotReviewed},
		"Vidéo sans lien":   {MissingLink},
		"Lien cassé":        {BrokenLink},
		"Jamais vérifié":    {NeverVerified, NotReviewed},
	}
	for title, w := range want {
		if !slices.Equal(got[title], w) {
			t.Errorf("%s: reasons %v, want %v", title, got[title], w)
		}
	}
	// Editing reviews it: the old procedure leaves the list.
	title, tags, coll, yes := "Procédure revue", []string{"vpn", "Réseau"}, "equipe-revue", true
	a, err := s.Edit(ctx, byTitle["Vieille procédure"], ArticleEdit{Title: &title, Tags: &tags, Collection: &coll, Verified: &yes})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != title || !slices.Equal(a.Tags, []string{"vpn", "réseau"}) || a.Collection != coll || a.Verified == nil ||
		a.ReviewedAt == nil || !a.ReviewedAt.Equal(time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("after edit: %+v", a)
	}
	if rs, _ := s.Search(ctx, "procedure revue", SearchOptions{NoRecord: true}); len(rs) != 1 || rs[0].ID != a.ID {
		t.Errorf("edited title not searchable: %v", titles(rs))
	}
	items, _ = s.ReviewList(ctx, ReviewOptions{})
	for _, it := range items {
		if it.Article.ID == a.ID {
			t.Errorf("a reviewed article is still to review: %v", it.Reasons)
		}
	}
	// The body of an imported article is edited in its file.
	body := "nouveau"
	if _, err := s.Edit(ctx, a.ID, ArticleEdit{Body: &body}); !errors.Is(err, ErrFileBased) {
		t.Errorf("body edit of a file-based article: %v", err)
	}
	// An article written in Hotline is edited in place.
	h, err := s.Add(ctx, Article{Title: "Écrit ici", Body: "ancien"})
	if err != nil {
		t.Fatal(err)
	}
	if h, err = s.Edit(ctx, h.ID, ArticleEdit{Body: &body}); err != nil || h.Body != "nouveau" || h.Collection != DefaultCollection {
		t.Errorf("in-place edit: %+v %v", h, err)
	}
	// Archived: hidden from search and the review list, kept for links.
	if err := s.Archive(ctx, byTitle["VPN lent"], true); err != nil {
		t.Fatal(err)
	}
	if rs, _ := s.Search(ctx, "vpn lent", SearchOptions{NoRecord: true}); slices.ContainsFunc(rs, func(r Result) bool { return r.ID == byTitle["VPN lent"] }) {
		t.Error("archived article still found")
	}
	if rs, _ := s.Suggest(ctx, SuggestInput{Title: "vpn lent"}, 5); slices.ContainsFunc(rs, func(r Result) bool { return r.ID == byTitle["VPN lent"] }) {
		t.Error("archived article still suggested")
	}
	if got, err := s.Get(ctx, byTitle["VPN lent"]); err != nil || !got.Archived {
		t.Errorf("archived article for old links: %+v %v", got, err)
	}
	if links, _ := ts.ArticleTickets(ctx, byTitle["VPN lent"], 10); len(links) != 1 || links[0].ID != tk.ID {
		t.Errorf("its tickets: %+v", links)
	}
}

// Missed searches group by their meaningful words, whatever the order,
// plural or small words.
func TestMissedSearchesGroupBySimilarWords(t *testing.T) {
	s := fixtureStore(t, false)
	ctx := context.Background()
	for _, q := range []string{"badgeuse réseau", "la badgeuse du réseau", "réseau badgeuses", "parapheur"} {
		if err := s.RecordMiss(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	ms, err := s.MissedSearches(ctx, time.Time{}, 10)
	if err != nil || len(ms) != 2 || ms[0].Count != 3 || ms[0].Query != "réseau badgeuses" || ms[1].Count != 1 {
		t.Errorf("missed searches: %+v %v", ms, err)
	}
}

func ptrS(s string) *string { return &s }
