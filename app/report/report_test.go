package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// seeded builds a small helpdesk: a VPN outage this week with no article,
// camera tickets solved with an article, and a search that found nothing.
func seeded(t *testing.T) (*tickets.Store, *kb.Store, time.Time) {
	t.Helper()
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "r.db"), tickets.Schema, kb.Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	clock := now.Add(-20 * 24 * time.Hour)
	ts := tickets.NewStore(d.DB, tickets.Options{Now: func() time.Time { return clock }})
	ks := kb.NewStore(d.DB, kb.Options{Now: func() time.Time { return clock }})
	art, err := ks.Add(ctx, kb.Article{Kind: kb.KindTutorial, Title: "Teams : la caméra ne fonctionne pas", Body: "Redémarrez Teams.", URL: "https://intranet/camera"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		clock = now.Add(-time.Duration(15-i) * 24 * time.Hour)
		tk, err := ts.Create(ctx, tickets.NewTicket{Title: "caméra noire", Category: "Teams", Tags: []string{"camera"}, Connection: "home"}, "agent")
		if err != nil {
			t.Fatal(err)
		}
		clock = clock.Add(time.Hour)
		ts.Link(ctx, tk.ID, art.ID, "bob")
		st := tickets.StatusSolved
		ts.Update(ctx, tk.ID, 0, tickets.Patch{Status: &st}, "bob")
	}
	for i := 0; i < 6; i++ {
		clock = now.Add(-time.Duration(6-i) * 24 * time.Hour)
		ts.Create(ctx, tickets.NewTicket{Title: "VPN coupé", Category: "Réseau/VPN", Tags: []string{"vpn"}, Connection: "4g", Requester: tickets.Requester{Service: "Voirie"}}, "agent")
	}
	ks.Search(ctx, "badge parking", kb.SearchOptions{})
	return ts, ks, now
}

func TestReportShowsWhatKeepsComingBack(t *testing.T) {
	ts, ks, now := seeded(t)
	r, err := Build(context.Background(), ts, ks, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if r.Stats.Created != 10 || r.Stats.Solved != 4 || r.Deflection() != 1 {
		t.Errorf("created %d solved %d deflection %.2f", r.Stats.Created, r.Stats.Solved, r.Deflection())
	}
	if len(r.Clusters) != 2 || r.Clusters[0].Key != "tag:vpn" || !r.Clusters[0].Recurring {
		t.Fatalf("clusters = %+v", r.Clusters)
	}
	if len(r.Gaps) != 1 || r.Gaps[0].Key != "tag:vpn" {
		t.Errorf("gaps = %+v (the VPN outage has no article)", r.Gaps)
	}
	if len(r.MissedSearches) != 1 || r.MissedSearches[0].Query != "badge parking" {
		t.Errorf("missed searches = %+v", r.MissedSearches)
	}
	if len(r.TopArticles) != 1 || r.TopArticles[0].Tickets != 4 || !strings.Contains(r.TopArticles[0].Title, "caméra") {
		t.Errorf("top articles = %+v", r.TopArticles)
	}

	var txt bytes.Buffer
	if err := r.Write(&txt, "text", 80); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"10 tickets créés, 4 résolus", "! #vpn", "article : AUCUN · connexions 4G 6", "#vpn — 6 tickets sans article lié", `"badge parking"`, "déflexion : 100 %"} {
		if !strings.Contains(txt.String(), want) {
			t.Errorf("text report lacks %q:\n%s", want, txt.String())
		}
	}
	for i, l := range strings.Split(txt.String(), "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line %d is %d wide (limit 80): %q", i+1, w, l)
		}
	}
	var md bytes.Buffer
	r.Write(&md, "markdown", 80)
	if !strings.HasPrefix(md.String(), "# Hotline") || !strings.Contains(md.String(), "| !#vpn |") {
		t.Errorf("markdown report:\n%s", md.String())
	}
	var js bytes.Buffer
	r.Write(&js, "json", 0)
	var v jsonView
	if err := json.Unmarshal(js.Bytes(), &v); err != nil || v.Created != 10 || len(v.Gaps) != 1 || v.Recurring[0].Key != "tag:vpn" {
		t.Errorf("json report: %v %+v", err, v)
	}
	var cs bytes.Buffer
	r.Write(&cs, "csv", 0)
	rows, err := csv.NewReader(&cs).ReadAll()
	if err != nil || rows[0][0] != "section" {
		t.Fatalf("csv: %v", err)
	}
	found := false
	for _, row := range rows {
		if row[0] == "kb_gap" && row[1] == "tag:vpn" && row[2] == "6" {
			found = true
		}
	}
	if !found {
		t.Errorf("csv lacks the kb_gap row: %v", rows)
	}
	if err := r.Write(&cs, "pdf", 0); err == nil {
		t.Error("unknown format accepted")
	}
}

// The text report uses the interface's connection labels, not the codes
// (box maison, 4G, VPN, bureau, inconnue), French plurals and "j" for days;
// JSON keeps the codes.
func TestReportTextIsFrench(t *testing.T) {
	ts, ks, now := seeded(t)
	ctx := context.Background()
	if _, err := ts.Create(ctx, tickets.NewTicket{Title: "imprimante", Category: "Impression"}, "agent"); err != nil {
		t.Fatal(err)
	}
	r, err := Build(ctx, ts, ks, Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var txt bytes.Buffer
	if err := r.Write(&txt, "text", 80); err != nil {
		t.Fatal(err)
	}
	out := txt.String()
	sec := out[strings.Index(out, "PAR CONNEXION"):strings.Index(out, "DÉLAIS")]
	for _, want := range []string{"box maison", "4G", "inconnue"} {
		if !strings.Contains(sec, want) {
			t.Errorf("connections section lacks %q:\n%s", want, sec)
		}
	}
	for _, code := range []string{"home", "4g ", "unknown"} {
		if strings.Contains(sec, code) {
			t.Errorf("connections section shows the code %q:\n%s", code, sec)
		}
	}
	if !strings.Contains(out, "  4 tickets  Teams : la caméra") {
		t.Errorf("top articles:\n%s", out)
	}
	var js bytes.Buffer
	r.Write(&js, "json", 0)
	if !strings.Contains(js.String(), `"key": "home"`) {
		t.Errorf("json lost the codes:\n%s", js.String())
	}
	if got := Dur(50 * time.Hour); got != "2 j 2 h" {
		t.Errorf("Dur(50h) = %q, want 2 j 2 h", got)
	}
	if got := plural(1, "ticket", "tickets") + " " + plural(0, "résolu", "résolus"); got != "ticket résolu" {
		t.Errorf("plural: %q", got)
	}
}
