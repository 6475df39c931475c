package ui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/internal/text"
)

// Tag completion, wherever a tag is typed (triage t, ticket t, the new
// ticket's tags, the queue filter after tag:): the word under the cursor is
// looked up among the tags of tickets and articles, most used first, in a
// command tagged with the completer and a sequence number so a late answer
// for an older prefix is dropped. tab completes the highlighted tag, ↑/↓
// choose.

// completeMode says which words are tags.
type completeMode int

const (
	completeTags     completeMode = iota // every word, with an optional +/- in front
	completeFilter                       // only tag:word
	completeAssignee                     // the whole value is a technician's name
)

// tagSuggestLimit is how many tags the list shows.
const tagSuggestLimit = 8

type tagItem struct {
	tag              string
	tickets, article int
}

// tagsMsg answers a completer's query number seq.
type tagsMsg struct {
	owner  *tagCompleter
	seq    int
	prefix string
	items  []tagItem
	err    error
}

type tagCompleter struct {
	ctx    *Context
	mode   completeMode
	seq    int
	prefix string // the word the list answers
	items  []tagItem
	cursor int

	Complete, Next, Prev key.Binding
}

func newTagCompleter(c *Context, mode completeMode) *tagCompleter {
	return &tagCompleter{ctx: c, mode: mode,
		Complete: bind(c.T, "complete", "tab", "tab"),
		Next:     bind(c.T, "down", "↓", "down"),
		Prev:     bind(c.T, "up", "↑", "up"),
	}
}

// token finds the tag being typed in value before the cursor at pos: where
// it starts (after any +, - or tag:), and its text.
func (tc *tagCompleter) token(value string, pos int) (start int, word string, ok bool) {
	rs := []rune(value)
	pos = clamp(pos, 0, len(rs))
	begin := pos
	for begin > 0 && rs[begin-1] != ' ' && rs[begin-1] != ',' {
		begin--
	}
	w := string(rs[begin:pos])
	switch tc.mode {
	case completeFilter:
		name, val, found := strings.Cut(w, ":")
		if !found || text.Fold(name) != "tag" {
			return 0, "", false
		}
		return begin + len([]rune(name)) + 1, val, true
	case completeAssignee:
		return 0, strings.TrimSpace(string(rs[:pos])), true
	default:
		if strings.HasPrefix(w, "+") || strings.HasPrefix(w, "-") {
			return begin + 1, w[1:], true
		}
		return begin, w, true
	}
}

// active: there is a word and tags that start with it.
func (tc *tagCompleter) active() bool { return tc.prefix != "" && len(tc.items) > 0 }

// changed is called when the field's value changed: it asks for the tags
// starting with the word under the cursor.
func (tc *tagCompleter) changed(in *input) tea.Cmd {
	_, word, ok := tc.token(in.Value(), in.Position())
	word = strings.TrimSpace(word)
	if tc.mode != completeAssignee {
		word = strings.ToLower(word) // tags are stored in lower case
	}
	tc.seq++
	if !ok || word == "" {
		tc.prefix, tc.items, tc.cursor = "", nil, 0
		return nil
	}
	seq, store, kbase, base := tc.seq, tc.ctx.Tickets, tc.ctx.KB, tc.ctx.Base
	if tc.mode == completeAssignee {
		return func() tea.Msg {
			msg := tagsMsg{owner: tc, seq: seq, prefix: word}
			as, err := store.Assignees(base, word, tagSuggestLimit)
			for _, a := range as {
				msg.items = append(msg.items, tagItem{tag: a.Name, tickets: a.Open})
			}
			msg.err = err
			return msg
		}
	}
	return func() tea.Msg {
		msg := tagsMsg{owner: tc, seq: seq, prefix: word}
		byTag := map[string]*tagItem{}
		var order []string
		if store != nil {
			tt, err := store.Tags(base, word, tagSuggestLimit*2)
			if err != nil {
				msg.err = err
				return msg
			}
			for _, t := range tt {
				byTag[t.Tag] = &tagItem{tag: t.Tag, tickets: t.Tickets}
				order = append(order, t.Tag)
			}
		}
		if kbase != nil {
			at, err := kbase.Tags(base, word, tagSuggestLimit*2)
			if err != nil {
				msg.err = err
				return msg
			}
			for _, t := range at {
				if it, ok := byTag[t.Tag]; ok {
					it.article = t.Articles
					continue
				}
				byTag[t.Tag] = &tagItem{tag: t.Tag, article: t.Articles}
				order = append(order, t.Tag)
			}
		}
		for _, tag := range order {
			msg.items = append(msg.items, *byTag[tag])
		}
		slices.SortStableFunc(msg.items, func(a, b tagItem) int {
			return (b.tickets + b.article) - (a.tickets + a.article)
		})
		if len(msg.items) > tagSuggestLimit {
			msg.items = msg.items[:tagSuggestLimit]
		}
		return msg
	}
}

// update handles the completer's own messages and keys; used reports that
// msg was for it.
func (tc *tagCompleter) update(msg tea.Msg, in *input) (used bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case tagsMsg:
		if msg.owner != tc {
			return false, nil
		}
		if msg.seq != tc.seq {
			return true, nil // an older prefix
		}
		if msg.err != nil {
			return true, errStatus(msg.err)
		}
		tc.prefix, tc.items, tc.cursor = msg.prefix, msg.items, 0
		// The word typed is already a whole tag and the only one: nothing
		// to offer.
		if len(tc.items) == 1 && tc.items[0].tag == tc.prefix {
			tc.items = nil
		}
		return true, nil
	case tea.KeyMsg:
		if !tc.active() {
			return false, nil
		}
		switch {
		case key.Matches(msg, tc.Complete):
			tc.complete(in)
			return true, nil
		case key.Matches(msg, tc.Next):
			tc.cursor = (tc.cursor + 1) % len(tc.items)
			return true, nil
		case key.Matches(msg, tc.Prev):
			tc.cursor = (tc.cursor + len(tc.items) - 1) % len(tc.items)
			return true, nil
		}
	}
	return false, nil
}

// complete replaces the word under the cursor with the highlighted tag and
// a space, ready for the next one.
func (tc *tagCompleter) complete(in *input) {
	start, _, ok := tc.token(in.Value(), in.Position())
	if !ok || tc.cursor >= len(tc.items) {
		return
	}
	rs := []rune(in.Value())
	pos := clamp(in.Position(), 0, len(rs))
	end := pos
	for end < len(rs) && rs[end] != ' ' && rs[end] != ',' {
		end++
	}
	tag := []rune(tc.items[tc.cursor].tag + " ")
	if end < len(rs) || tc.mode == completeAssignee {
		tag = tag[:len(tag)-1]
	}
	out := append(append(append([]rune{}, rs[:start]...), tag...), rs[end:]...)
	in.SetValue(string(out))
	in.SetCursor(start + len(tag))
	tc.prefix, tc.items, tc.cursor = "", nil, 0
	tc.seq++ // drop an answer on its way
}

// view is one line: the matching tags, the highlighted one selected, each
// with how many tickets (and articles) carry it.
func (tc *tagCompleter) view(st Styles, t Catalogue, w int) string {
	hint, label := "tags.hint", "tags.label"
	if tc.mode == completeAssignee {
		hint, label = "assignees.hint", "assignees.label"
	}
	if !tc.active() {
		return st.Muted.Render(text.Truncate(t.T(hint), w))
	}
	parts := make([]string, len(tc.items))
	for i, it := range tc.items {
		label := text.SanitizeLine(it.tag) + " " + st.Muted.Render(fmt.Sprint(it.tickets))
		if it.article > 0 {
			label += st.Muted.Render(t.F("tags.articles", it.article))
		}
		if i == tc.cursor {
			label = st.Selected.Render("›" + text.SanitizeLine(it.tag) + " " + fmt.Sprint(it.tickets))
		}
		parts[i] = label
	}
	return truncateStyled(st.Muted.Render(t.T(label))+" "+strings.Join(parts, "  "), w)
}
