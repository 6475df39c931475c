package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"hotline/feedback"
)

// fakeFeedback answers the reports with fixed ratings and self-service
// answers, and remembers the period asked.
type fakeFeedback struct {
	r        *feedback.Report
	from, to time.Time
}

func (f *fakeFeedback) Between(_ context.Context, from, to time.Time) (*feedback.Report, error) {
	f.from, f.to = from, to
	return f.r, nil
}

// The reports screen shows what agents said back through the portal:
// ratings per category, technician and article used, and the tutorials
// that answered them before any ticket; "—" when there is none.
func TestReportsShowAgentsRatingsAndSelfService(t *testing.T) {
	h := newHarness(t, 120, 200)
	h.press("r")
	h.mustSee("Satisfaction des agents", "notes des tickets résolus : — (aucune sur la période)", "par catégorie : —",
		"par technicien : —", "par article utilisé : —", "Libre-service", "réponses par un tutoriel avant tout ticket : — (aucune sur la période)")

	art := h.ids["teletravail"]
	fb := &fakeFeedback{r: &feedback.Report{Ratings: 3, Average: 11.0 / 3,
		ByCategory:   []feedback.Score{{Key: "Teams", Count: 2, Average: 4.5}, {Key: "Réseau/VPN", Count: 1, Average: 2}},
		ByTechnician: []feedback.Score{{Key: "karim", Count: 2, Average: 3}, {Key: "", Count: 1, Average: 5}},
		ByArticle:    []feedback.Score{{ID: art, Count: 2, Average: 4.5}},
		SelfService:  4, Deflections: []feedback.Deflection{{ArticleID: art, Count: 3}, {ArticleID: 999999, Count: 1}},
	}}
	h = newHarness(t, 120, 200, func(o *Options) { o.Feedback = fb })
	h.press("r", "2")
	h.mustSee("notes des tickets résolus : 3, moyenne 3,7/5",
		"par catégorie :", "4,5/5  2 notes    Teams", "2,0/5  1 note     Réseau/VPN",
		"par technicien :", "3,0/5  2 notes    karim", "5,0/5  1 note     (non renseigné)",
		"par article utilisé :", "4,5/5  2 notes    Télétravail : préparer son poste",
		"réponses par un tutoriel avant tout ticket : 4", "3 réponses   Télétravail : préparer son poste", "1 réponse    (article 999999)")
	rs := h.top().(*reportsScreen)
	if !fb.from.Equal(rs.report.From) || !fb.to.Equal(rs.report.To) {
		t.Errorf("feedback asked for %v–%v, the report covers %v–%v", fb.from, fb.to, rs.report.From, rs.report.To)
	}
	if strings.Contains(h.view(), "aucune sur la période") {
		t.Errorf("the dash shows beside figures:\n%s", h.view())
	}

	h = newHarness(t, 120, 200, withLang("en"), func(o *Options) { o.Feedback = fb })
	h.press("r")
	h.mustSee("Agents' satisfaction", "ratings of solved tickets: 3, average 3.7/5", "4.5/5  2 ratings  Teams", "Self-service",
		"answered by a tutorial before any ticket: 4")
}
