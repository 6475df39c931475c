package report

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"hotline/feedback"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// TestReportShowsAgentsFeedback: the ratings of solved tickets (per
// category, technician and article used) and the tutorials that answered
// agents before any ticket show in the main report, text and JSON, for the
// report's period only; "—" when there is none.
func TestReportShowsAgentsFeedback(t *testing.T) {
	ctx := context.Background()
	d, err := db.Open(ctx, filepath.Join(t.TempDir(), "f.db"), tickets.Schema, kb.Schema, feedback.Schema)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	clock := now.Add(-3 * 24 * time.Hour)
	tick := func() time.Time { return clock }
	ts := tickets.NewStore(d.DB, tickets.Options{Now: tick})
	ks := kb.NewStore(d.DB, kb.Options{Now: tick})
	fs := feedback.NewStore(d.DB, tick)

	// Nothing recorded yet: every line says "—".
	empty, err := Build(ctx, ts, ks, Options{Now: now, Feedback: fs})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := empty.Write(&b, "text", 100); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"SATISFACTION DES AGENTS", "notes des tickets résolus : — (aucune sur la période)", "par catégorie : —",
		"par technicien : —", "par article utilisé : —", "LIBRE-SERVICE", "réponses par un tutoriel avant tout ticket : — (aucune sur la période)"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("report without feedback lacks %q:\n%s", want, b.String())
		}
	}
	var j map[string]any
	b.Reset()
	empty.Write(&b, "json", 0)
	if err := json.Unmarshal(b.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	if sat := j["satisfaction"].(map[string]any); sat["average"] != nil || sat["ratings"] != 0.0 {
		t.Errorf("JSON without ratings: satisfaction = %v, want ratings 0 and average null", sat)
	}

	camera, err := ks.Add(ctx, kb.Article{Kind: kb.KindTutorial, Title: "Teams : la caméra ne fonctionne pas", Body: "Redémarrez Teams."})
	if err != nil {
		t.Fatal(err)
	}
	vpn, err := ks.Add(ctx, kb.Article{Kind: kb.KindTutorial, Title: "VPN : se reconnecter", Body: "Relancez le VPN."})
	if err != nil {
		t.Fatal(err)
	}
	rate := func(title, category, assignee string, score int, article int64) {
		t.Helper()
		tk, err := ts.Create(ctx, tickets.NewTicket{Title: title, Category: category, Assignee: assignee}, "agent")
		if err != nil {
			t.Fatal(err)
		}
		if article != 0 {
			if err := ts.Link(ctx, tk.ID, article, "bob"); err != nil {
				t.Fatal(err)
			}
		}
		st := tickets.StatusSolved
		if _, err := ts.Update(ctx, tk.ID, 0, tickets.Patch{Status: &st}, "bob"); err != nil {
			t.Fatal(err)
		}
		err = db.WithTx(ctx, d.DB, func(tx *sql.Tx) error {
			return fs.RateTx(ctx, tx, feedback.Rating{TicketID: tk.ID, Score: score, Category: category, Technician: assignee})
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Before the period: not counted.
	clock = now.Add(-200 * 24 * time.Hour)
	rate("ancien", "Teams", "bob", 1, camera.ID)
	fs.SelfService(ctx, vpn.ID, "portal")
	clock = now.Add(-2 * 24 * time.Hour)
	rate("caméra noire", "Teams", "bob", 5, camera.ID)
	rate("caméra figée", "Teams", "alice", 4, camera.ID)
	rate("VPN coupé", "Réseau/VPN", "alice", 2, 0)
	for i := 0; i < 3; i++ {
		fs.SelfService(ctx, camera.ID, "portal")
	}
	fs.SelfService(ctx, vpn.ID, "portal")

	r, err := Build(ctx, ts, ks, Options{Now: now, Feedback: fs})
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := r.Write(&b, "text", 100); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"notes des tickets résolus : 3, moyenne 3,7/5",
		"4,5/5    2 notes  Teams", "2,0/5    1 note  Réseau/VPN",
		"3,0/5    2 notes  alice", "5,0/5    1 note  bob",
		"4,5/5    2 notes  Teams : la caméra ne fonctionne pas",
		"réponses par un tutoriel avant tout ticket : 4",
		"  3 réponses  Teams : la caméra ne fonctionne pas", "  1 réponse  VPN : se reconnecter",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	b.Reset()
	r.Write(&b, "json", 0)
	var v struct {
		Satisfaction struct {
			Ratings    int      `json:"ratings"`
			Average    *float64 `json:"average"`
			ByCategory []Score  `json:"by_category"`
			ByArticle  []Score  `json:"by_article"`
		} `json:"satisfaction"`
		SelfService struct {
			Answers   int                  `json:"answers"`
			ByArticle []SelfServiceArticle `json:"by_article"`
		} `json:"self_service"`
	}
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	if v.Satisfaction.Ratings != 3 || v.Satisfaction.Average == nil || *v.Satisfaction.Average < 3.6 || *v.Satisfaction.Average > 3.7 {
		t.Errorf("JSON satisfaction = %+v, want 3 ratings averaging 3.67", v.Satisfaction)
	}
	if len(v.Satisfaction.ByCategory) != 2 || v.Satisfaction.ByCategory[0] != (Score{Key: "Teams", Ratings: 2, Average: 4.5}) {
		t.Errorf("JSON by category = %+v", v.Satisfaction.ByCategory)
	}
	if len(v.Satisfaction.ByArticle) != 1 || v.Satisfaction.ByArticle[0].ArticleID != camera.ID || v.Satisfaction.ByArticle[0].Title != camera.Title {
		t.Errorf("JSON by article = %+v", v.Satisfaction.ByArticle)
	}
	want := []SelfServiceArticle{{camera.ID, camera.Title, 3}, {vpn.ID, vpn.Title, 1}}
	if v.SelfService.Answers != 4 || len(v.SelfService.ByArticle) != 2 || v.SelfService.ByArticle[0] != want[0] || v.SelfService.ByArticle[1] != want[1] {
		t.Errorf("JSON self-service = %+v, want 4 answers %+v", v.SelfService, want)
	}
}
