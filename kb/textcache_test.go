package kb

import (
	"slices"
	"testing"
)

// The articles' words are kept between suggestions, and an edit is seen by
// the next one: the words it added count.
func TestSuggestionsSeeAnEditedArticle(t *testing.T) {
	s, _ := openStore(t, false)
	ctx := t.Context()
	a, err := s.Add(ctx, Article{Title: "Imprimante du deuxième étage", Body: "Ouvrir le capot et retirer la feuille coincée."})
	if err != nil {
		t.Fatal(err)
	}
	in := SuggestInput{TicketID: 1, Title: "Imprimante : bourrage papier", Description: "bourrage papier sur l'imprimante"}
	matched := func() []string {
		t.Helper()
		rs, err := s.Suggest(ctx, in, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if r.ID == a.ID {
				return r.Matched
			}
		}
		t.Fatalf("article #%d not suggested: %+v", a.ID, rs)
		return nil
	}
	before := matched()
	if slices.Contains(before, "bourrage") {
		t.Fatalf("matched %v before the edit", before)
	}
	if again := matched(); !slices.Equal(again, before) {
		t.Fatalf("asked again: matched %v, first %v", again, before)
	}
	body := "En cas de bourrage papier : ouvrir le capot et retirer la feuille coincée."
	if _, err := s.Edit(ctx, a.ID, ArticleEdit{Body: &body}); err != nil {
		t.Fatal(err)
	}
	if after := matched(); !slices.Contains(after, "bourrage") {
		t.Fatalf("after the edit: matched %v, want bourrage", after)
	}
}
