package kb

import (
	"context"
	"strings"
	"testing"
)

// A detail only the video's transcript has makes the video the first
// suggestion, opened where it is said; the reason says where, in the
// interface's language, without stopwords or the category's name.
func TestSuggestionPointsIntoTheVideo(t *testing.T) {
	s := demoStore(t)
	ctx := context.Background()
	rs, err := s.Suggest(ctx, SuggestInput{Title: "les élus n'entendent pas la vidéo", Description: "je partage une vidéo en réunion mais les élus n'entendent pas le son", Category: "Téléphonie"}, 3)
	if err != nil || len(rs) == 0 {
		t.Fatalf("suggest: %v %v", rs, err)
	}
	r := rs[0]
	if !strings.Contains(r.Title, "partager mon écran") {
		t.Fatalf("first suggestion %q, want the screen-sharing video", titles(rs))
	}
	if r.At == nil || int(*r.At) != 34 || !strings.HasSuffix(r.URL, "#t=34") {
		t.Errorf("At = %v, URL %q: want the cue at 0:34 (Inclure le son)", r.At, r.URL)
	}
	if !strings.Contains(r.Reason, "à 0:34") || !strings.Contains(Why(r, "en"), "at 0:34") {
		t.Errorf("reason %q / %q does not say where", r.Reason, Why(r, "en"))
	}
	for _, w := range r.Matched {
		for _, x := range strings.Fields(w) {
			if isStopword(foldWord(x)) || foldWord(x) == "telephonie" {
				t.Errorf("reason shows %q (a stopword or the category): %v", x, r.Matched)
			}
		}
	}
	if strings.HasPrefix(Why(r, "en"), "mot") || !strings.HasPrefix(Why(r, "en"), "word") {
		t.Errorf("English reason %q", Why(r, "en"))
	}
}

func TestWhyWordsInBothLanguages(t *testing.T) {
	at := 149.0
	r := Result{Matched: []string{"caméra", "teams"}, Solved: 3, At: &at}
	if got := Why(r, "fr"); got != "mots : caméra, teams · à 2:29 · a résolu 3 tickets similaires" {
		t.Errorf("fr: %q", got)
	}
	if got := Why(r, "en"); got != "words: caméra, teams · at 2:29 · solved 3 similar tickets" {
		t.Errorf("en: %q", got)
	}
}
