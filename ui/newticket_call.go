package ui

import (
	"slices"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
	"hotline/kb"
	"hotline/tickets"
)

// What helps the technician during a call: the requesters who called
// before (looked up as the name or the address is typed), the known
// services, and the tutorials that match what the caller describes.

// requesterLookupLimit is how many known requesters the list shows.
const requesterLookupLimit = 5

// requestersMsg answers lookup number seq, typed in field.
type requestersMsg struct {
	form  *ticketForm
	seq   int
	field int
	items []tickets.KnownRequester
	err   error
}

type requesterLookup struct {
	seq    int
	field  int // the field the list answers
	items  []tickets.KnownRequester
	cursor int
}

func (l *requesterLookup) active(field int) bool { return len(l.items) > 0 && l.field == field }

func (l *requesterLookup) close() {
	l.items, l.cursor = nil, 0
	l.seq++ // drop an answer on its way
}

func (l *requesterLookup) moveCursor(d int) {
	if len(l.items) > 0 {
		l.cursor = (l.cursor + d + len(l.items)) % len(l.items)
	}
}

func (l *requesterLookup) chosen() *tickets.KnownRequester {
	if l.cursor < len(l.items) {
		r := l.items[l.cursor]
		return &r
	}
	return nil
}

// ask looks up the requesters whose name or address starts with value;
// the store answers with a few index seeks (tickets.Store.Requesters).
func (l *requesterLookup) ask(f *ticketForm, field int, value string) tea.Cmd {
	l.seq++
	value = strings.TrimSpace(value)
	if value == "" {
		l.items, l.cursor = nil, 0
		return nil
	}
	seq, store, base := l.seq, f.ctx.Tickets, f.ctx.Base
	return func() tea.Msg {
		items, err := store.Requesters(base, value, requesterLookupLimit)
		return requestersMsg{form: f, seq: seq, field: field, items: items, err: err}
	}
}

func (l *requesterLookup) answered(msg requestersMsg) {
	if msg.seq != l.seq || msg.err != nil {
		return // an older prefix; a failed lookup only offers nothing
	}
	l.field, l.items, l.cursor = msg.field, msg.items, 0
}

// view lists the requesters found, one a line, and the keys.
func (l *requesterLookup) view(st Styles, t Catalogue, indent string, w int) []string {
	out := make([]string, 0, len(l.items)+1)
	for i, r := range l.items {
		parts := []string{oneLine(r.Name)}
		for _, v := range []string{r.Service, r.Email} {
			if v = oneLine(v); v != "" {
				parts = append(parts, v)
			}
		}
		line := strings.Join(parts, " · ")
		more := " " + t.F(plural("form.lookup.tickets", r.Tickets), r.Tickets)
		if i == l.cursor {
			out = append(out, indent+st.Selected.Render(text.Truncate("› "+line, w-text.Width(more)))+st.Muted.Render(more))
		} else {
			out = append(out, indent+text.Truncate("  "+line, w-text.Width(more))+st.Muted.Render(more))
		}
	}
	return append(out, indent+st.Muted.Render(text.Truncate(t.T("form.lookup.keys"), w)))
}

// formServicesMsg brings the known services to the form.
type formServicesMsg struct {
	form     *ticketForm
	services []string
	err      error
}

// serviceCompletion offers the known services (the config's and those on
// tickets) whose name or a word of it starts with what is typed; anything
// else is kept as typed and shown as a new service.
type serviceCompletion struct {
	known   []string
	matches []string
	cursor  int
}

// serviceListLimit is how many services the completion line offers.
const serviceListLimit = 6

func (s *serviceCompletion) load(f *ticketForm) tea.Cmd {
	store, base := f.ctx.Tickets, f.ctx.Base
	cfg := append([]string(nil), f.ctx.Config.Portal.Services...)
	return func() tea.Msg {
		seen, err := store.ServiceNames(base, 0)
		all := cfg
		for _, v := range seen {
			if !slices.ContainsFunc(all, func(x string) bool { return text.Fold(x) == text.Fold(v) }) {
				all = append(all, v)
			}
		}
		return formServicesMsg{form: f, services: all, err: err}
	}
}

func (s *serviceCompletion) loaded(f *ticketForm, msg formServicesMsg) {
	s.known = msg.services
	if f.focus == fService {
		s.match(f.fields[fService].value())
		f.updateKeys()
	}
}

func (s *serviceCompletion) match(v string) {
	s.matches, s.cursor = nil, 0
	if strings.TrimSpace(v) == "" {
		return
	}
	m := matchServices(s.known, v)
	// The value typed is already a whole service and the only one: nothing
	// to offer.
	if len(m) == 1 && text.Fold(m[0]) == text.Fold(v) {
		return
	}
	if len(m) > serviceListLimit {
		m = m[:serviceListLimit]
	}
	s.matches = m
}

func (s *serviceCompletion) active() bool { return len(s.matches) > 0 }
func (s *serviceCompletion) close()       { s.matches, s.cursor = nil, 0 }

func (s *serviceCompletion) moveCursor(d int) {
	if len(s.matches) > 0 {
		s.cursor = (s.cursor + d + len(s.matches)) % len(s.matches)
	}
}

func (s *serviceCompletion) choose(in *input) {
	if s.cursor < len(s.matches) {
		in.SetValue(s.matches[s.cursor])
		in.CursorEnd()
	}
	s.close()
}

// isNew: the value is none of the known services (case and accents
// ignored).
func (s *serviceCompletion) isNew(v string) bool {
	if s.known == nil {
		return false // not loaded yet: say nothing rather than something wrong
	}
	fv := text.Fold(strings.TrimSpace(v))
	return !slices.ContainsFunc(s.known, func(x string) bool { return text.Fold(x) == fv })
}

func (s *serviceCompletion) view(st Styles, t Catalogue, w int) string {
	parts := make([]string, len(s.matches))
	for i, m := range s.matches {
		if i == s.cursor {
			parts[i] = st.Selected.Render("›" + text.SanitizeLine(m))
		} else {
			parts[i] = text.SanitizeLine(m)
		}
	}
	return truncateStyled(st.Muted.Render(t.T("form.services"))+" "+strings.Join(parts, "  "), w)
}

// Suggested tutorials: once typing in the title or the description pauses
// (suggestDebounce), the knowledge base is asked for the articles that
// match; the answer is tagged with its sequence number and dropped when
// the technician typed on since.

const (
	suggestDebounce = 300 * time.Millisecond
	suggestLimit    = 5
)

type suggestTickMsg struct {
	form *ticketForm
	seq  int
}

type formSuggestionsMsg struct {
	form  *ticketForm
	seq   int
	items []kb.Result
	err   error
}

type tutorialSuggestions struct {
	seq    int
	items  []kb.Result
	cursor int
	asked  string // the text the items answer
}

// typed: the title or the description changed; ask once typing pauses.
func (s *tutorialSuggestions) typed(f *ticketForm) tea.Cmd {
	s.seq++
	seq := s.seq
	return f.ctx.Tick(suggestDebounce, func(time.Time) tea.Msg { return suggestTickMsg{form: f, seq: seq} })
}

func (s *tutorialSuggestions) tick(f *ticketForm, msg suggestTickMsg) tea.Cmd {
	if msg.seq != s.seq || f.ctx.KB == nil {
		return nil // typing went on
	}
	in := kb.SuggestInput{Title: f.get("title"), Description: f.get("description"), Category: f.get("category")}
	q := in.Title + "\n" + in.Description
	if strings.TrimSpace(q) == "" {
		s.items, s.cursor, s.asked = nil, 0, ""
		f.updateKeys()
		return nil
	}
	if q == s.asked {
		return nil
	}
	seq, kbase, base := s.seq, f.ctx.KB, f.ctx.Base
	return func() tea.Msg {
		items, err := kbase.Suggest(base, in, suggestLimit)
		return formSuggestionsMsg{form: f, seq: seq, items: items, err: err}
	}
}

func (s *tutorialSuggestions) answered(msg formSuggestionsMsg) tea.Cmd {
	if msg.seq != s.seq {
		return nil
	}
	if msg.err != nil {
		return errStatus(msg.err)
	}
	// Keep the highlighted article when it is still suggested.
	keep := int64(0)
	if s.cursor < len(s.items) {
		keep = s.items[s.cursor].ID
	}
	s.items, s.cursor = msg.items, 0
	for i, r := range s.items {
		if r.ID == keep {
			s.cursor = i
		}
	}
	return nil
}

func (s *tutorialSuggestions) moveCursor(d int) {
	if len(s.items) > 0 {
		s.cursor = (s.cursor + d + len(s.items)) % len(s.items)
	}
}

func (s *tutorialSuggestions) chosen() (kb.Result, bool) {
	if s.cursor < len(s.items) {
		return s.items[s.cursor], true
	}
	return kb.Result{}, false
}

// panel is the column beside the form (wide screens): every suggestion,
// the highlighted one marked, and the keys.
func (s *tutorialSuggestions) panel(f *ticketForm, w, h int) []string {
	st, t := f.ctx.Styles, f.ctx.T
	out := []string{" " + st.Title.Render(text.Truncate(t.T("form.suggest.title"), w-1))}
	if len(s.items) == 0 {
		for _, l := range strings.Split(wrapSpaces(t.T("form.suggest.none"), w-2), "\n") {
			out = append(out, " "+st.Muted.Render(l))
		}
		return out
	}
	for i, r := range s.items {
		line := kindMark(r.Kind) + " " + oneLine(r.Title)
		if i == s.cursor {
			out = append(out, " "+st.Selected.Render(text.Truncate("›"+line, w-1)))
		} else {
			out = append(out, "  "+text.Truncate(line, w-2))
		}
		if i == s.cursor {
			sum := oneLine(plainSnippet(r.Snippet))
			sum = strings.TrimSpace(strings.TrimPrefix(sum, oneLine(r.Title)))
			if sum != "" {
				out = append(out, "   "+st.Muted.Render(text.Truncate(sum, w-3)))
			}
		}
	}
	out = append(out, "")
	for _, l := range strings.Split(wrapSpaces(t.T("form.suggest.keys"), w-2), "\n") {
		out = append(out, " "+st.Muted.Render(l))
	}
	if len(out) > h {
		out = out[:h]
	}
	return out
}

// below is the same on a small screen, under the form: the highlighted
// suggestion and its keys, two lines, nothing when there is none.
func (s *tutorialSuggestions) below(f *ticketForm, w int) []string {
	st, t := f.ctx.Styles, f.ctx.T
	r, ok := s.chosen()
	if !ok {
		return nil
	}
	head := t.F("form.suggest.one", s.cursor+1, len(s.items))
	line := st.Label.Render(head) + " " + st.Selected.Render(text.Truncate(kindMark(r.Kind)+" "+oneLine(r.Title), max(w-text.Width(head)-1, 5)))
	return []string{line, st.Muted.Render(text.Truncate(t.T("form.suggest.keys"), w))}
}
