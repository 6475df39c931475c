package kb

import (
	"context"
	"os"
	"testing"

	"hotline/tickets"
)

// A phrasing no tutorial uses fails on a fresh base, finds the tutorial
// once two tickets worded that way were solved with it, and fades when the
// links are removed.
func TestSuggestionsLearnFromLinkedTickets(t *testing.T) {
	if _, err := os.Stat(demoContent); err != nil {
		t.Skip("demo content absent")
	}
	ctx := context.Background()
	s, d := openStore(t, true)
	if _, err := s.ImportFS(ctx, os.DirFS(demoContent), ".", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	ts := tickets.NewStore(d.DB, tickets.Options{})
	micro, err := s.ByKey(ctx, "demo/teams-micro-on-ne-m-entend-pas.md")
	if err != nil {
		t.Fatal(err)
	}
	ask := SuggestInput{Title: "muette en visio", Description: "je suis muette pour les autres, ils me voient bouger les lèvres"}
	firstIs := func(id int64) bool {
		t.Helper()
		rs, err := s.Suggest(ctx, ask, 3)
		if err != nil {
			t.Fatal(err)
		}
		return len(rs) > 0 && rs[0].ID == id
	}
	searchFinds := func(id int64) bool {
		t.Helper()
		rs, err := s.Search(ctx, "muette", SearchOptions{NoRecord: true})
		if err != nil {
			t.Fatal(err)
		}
		return len(rs) > 0 && rs[0].ID == id
	}
	if firstIs(micro.ID) || searchFinds(micro.ID) {
		t.Fatal("the phrasing already finds the tutorial on a fresh base: the test proves nothing")
	}
	var ids []int64
	for _, text := range [][2]string{
		{"Muette en réunion", "Je suis muette sur Teams, les collègues me voient parler sans m'entendre."},
		{"muette pendant la visio", "en visio je suis muette depuis ce matin"},
	} {
		tk, err := ts.Create(ctx, tickets.NewTicket{Title: text[0], Description: text[1]}, "bob")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
		if err := ts.Link(ctx, tk.ID, micro.ID, "bob"); err != nil {
			t.Fatal(err)
		}
		// One ticket already makes the tutorial "solved a similar
		// ticket" for suggestions, but its words are not learned yet.
		if len(ids) == 1 && searchFinds(micro.ID) {
			t.Error("one ticket is enough to teach a word: want two")
		}
	}
	if !firstIs(micro.ID) {
		rs, _ := s.Suggest(ctx, ask, 3)
		t.Errorf("after two linked tickets, suggestions are %q", titles(rs))
	}
	if !searchFinds(micro.ID) {
		rs, _ := s.Search(ctx, "muette", SearchOptions{NoRecord: true})
		t.Errorf("after two linked tickets, search finds %q", titles(rs))
	}
	a, _ := s.Get(ctx, micro.ID)
	if a.Links != 2 {
		t.Errorf("links of the tutorial = %d, want 2", a.Links)
	}
	// Below its own text: a search for the tutorial's own words still
	// ranks it by them, and the learned word never beats a title.
	if err := ts.Unlink(ctx, ids[0], micro.ID, "bob"); err != nil {
		t.Fatal(err)
	}
	if searchFinds(micro.ID) {
		t.Error("the word stays after a link was removed: it should fade")
	}
	if err := ts.Unlink(ctx, ids[1], micro.ID, "bob"); err != nil {
		t.Fatal(err)
	}
	if firstIs(micro.ID) || searchFinds(micro.ID) {
		t.Error("the tutorial still comes first once no ticket links it")
	}
	if a, _ := s.Get(ctx, micro.ID); a.Links != 0 {
		t.Errorf("links of the tutorial = %d, want 0", a.Links)
	}
}
