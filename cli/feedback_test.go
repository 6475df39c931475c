package cli

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/app"
	"hotline/attachments"
	"hotline/kb"
	"hotline/tickets"
)

func TestReportFeedbackCountsSelfServiceAndRatings(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	core, err := app.New(app.Settings{DBPath: c.db, ConfigPath: filepath.Join(t.TempDir(), "none.yaml"), User: "paul"})
	if err != nil {
		t.Fatal(err)
	}
	if err := core.Open(ctx); err != nil {
		t.Fatal(err)
	}
	defer core.Close()
	a, err := core.KB().Add(ctx, kb.Article{Title: "Réinitialiser son mot de passe", Body: "…"})
	if err != nil {
		t.Fatal(err)
	}
	desk := core.Desk()
	for i := 0; i < 3; i++ {
		if err := desk.SelfServiceAnswer(ctx, a.ID, tickets.ChannelPortal); err != nil {
			t.Fatal(err)
		}
	}
	res, err := desk.Intake(ctx, app.IntakeRequest{Ticket: tickets.NewTicket{Title: "Mot de passe", Category: "Comptes et mots de passe", Assignee: "paul"}, Channel: "portal"})
	if err != nil {
		t.Fatal(err)
	}
	core.Tickets().Link(ctx, res.Ticket.ID, a.ID, "paul")
	if err := desk.ConfirmSolved(ctx, res.Token, "portal"); err != nil {
		t.Fatal(err)
	}
	if err := desk.Rate(ctx, res.Token, 4, "rapide"); err != nil {
		t.Fatal(err)
	}
	out := c.ok("report", "feedback")
	for _, w := range []string{"Answered by a tutorial before any ticket: 3", "Réinitialiser son mot de passe", "Ratings of solved tickets: 1, average 4.0/5",
		"Comptes et mots de passe", "paul"} {
		if !strings.Contains(out, w) {
			t.Errorf("report lacks %q:\n%s", w, out)
		}
	}
	var j struct {
		SelfService int `json:"self_service_answers"`
		ByArticle   []struct {
			Article int64   `json:"article"`
			Average float64 `json:"average"`
		} `json:"by_article"`
	}
	json.Unmarshal([]byte(c.ok("report", "feedback", "--json")), &j)
	if j.SelfService != 3 || len(j.ByArticle) != 1 || j.ByArticle[0].Article != a.ID || j.ByArticle[0].Average != 4 {
		t.Errorf("json: %+v", j)
	}
	if r := c.run("", "report", "feedback", "--since", "hier"); r.code != 2 {
		t.Errorf("bad date: %d", r.code)
	}
	// The main report a technician reads carries them too, in the
	// interface's language.
	c.env["LANG"] = "fr_FR.UTF-8"
	out = c.ok("report")
	for _, w := range []string{"SATISFACTION DES AGENTS", "notes des tickets résolus : 1, moyenne 4,0/5", "4,0/5    1 note  Comptes et mots de passe",
		"4,0/5    1 note  paul", "4,0/5    1 note  Réinitialiser son mot de passe",
		"réponses par un tutoriel avant tout ticket : 3", "  3 réponses  Réinitialiser son mot de passe"} {
		if !strings.Contains(out, w) {
			t.Errorf("hotline report lacks %q:\n%s", w, out)
		}
	}
	c.env["LANG"] = "en_GB.UTF-8"
	out = c.ok("report")
	for _, w := range []string{"AGENTS' SATISFACTION", "ratings of solved tickets: 1, average 4.0/5", "4.0/5    1 rating  Comptes et mots de passe",
		"answered by a tutorial before any ticket: 3", "  3 answers  Réinitialiser son mot de passe", "BY CONNECTION", "unknown "} {
		if !strings.Contains(out, w) {
			t.Errorf("hotline report in English lacks %q:\n%s", w, out)
		}
	}
	var main struct {
		Satisfaction struct {
			Ratings int      `json:"ratings"`
			Average *float64 `json:"average"`
		} `json:"satisfaction"`
		SelfService struct {
			Answers   int `json:"answers"`
			ByArticle []struct {
				Article int64 `json:"article"`
				Answers int   `json:"answers"`
			} `json:"by_article"`
		} `json:"self_service"`
	}
	if err := json.Unmarshal([]byte(c.ok("report", "--format", "json")), &main); err != nil {
		t.Fatal(err)
	}
	if main.Satisfaction.Ratings != 1 || main.Satisfaction.Average == nil || *main.Satisfaction.Average != 4 ||
		main.SelfService.Answers != 3 || len(main.SelfService.ByArticle) != 1 || main.SelfService.ByArticle[0].Article != a.ID {
		t.Errorf("hotline report --format json: %+v", main)
	}
}

func TestExportImportCarriesAttachments(t *testing.T) {
	c := newCLI(t)
	ctx := context.Background()
	core, err := app.New(app.Settings{DBPath: c.db, ConfigPath: filepath.Join(t.TempDir(), "none.yaml"), User: "paul"})
	if err != nil {
		t.Fatal(err)
	}
	if err := core.Open(ctx); err != nil {
		t.Fatal(err)
	}
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 300)...)
	res, err := core.Desk().Intake(ctx, app.IntakeRequest{Ticket: tickets.NewTicket{Title: "Écran noir", Requester: tickets.Requester{Name: "Léa"}},
		Attachments: []attachments.Upload{{Name: "ecran.png", Data: png}}, Channel: "portal"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := core.Desk().Reply(ctx, res.Token, "voici le journal", []attachments.Upload{{Name: "journal.txt", Data: []byte("erreur 7\n")}}, "portal"); err != nil {
		t.Fatal(err)
	}
	core.Close()
	export := c.ok("ticket", "export", "--format", "jsonl")
	file := filepath.Join(t.TempDir(), "export.jsonl")
	os.WriteFile(file, []byte(export), 0o644)
	c2 := newCLI(t)
	c2.ok("ticket", "import", file)
	list := c2.ok("ticket", "attachment", "list", "1")
	for _, w := range []string{"ecran.png", "image/png", "journal.txt", "text/plain", "Léa", "portal"} {
		if !strings.Contains(list, w) {
			t.Errorf("imported attachments lack %q:\n%s", w, list)
		}
	}
	out := c2.ok("ticket", "attachment", "get", "1", "2", "-o", "-")
	if out != "erreur 7\n" {
		t.Errorf("restored bytes %q", out)
	}
	var js []struct {
		FollowupID int64 `json:"followup_id"`
	}
	json.Unmarshal([]byte(c2.ok("ticket", "attachment", "list", "1", "--json")), &js)
	if len(js) != 2 || js[0].FollowupID != 0 || js[1].FollowupID == 0 {
		t.Errorf("the reply's file lost its follow-up: %+v", js)
	}
}
