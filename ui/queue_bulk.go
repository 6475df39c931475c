package ui

import (
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"hotline/app"
	"hotline/internal/text"
	"hotline/tickets"
)

// Bulk actions on the tickets marked in the queue: space (or m) marks a
// row, M marks every row of the list, X clears the marks, A opens the
// action menu (assign, status, tags, category, public or private
// follow-up, link an article). The change runs in one transaction in the
// application layer (app.Bulk): all or nothing. Marks remember the version
// each ticket had when marked, so a ticket changed by someone else since
// stops the action and is named.

// bulkArticleMsg is the article picked in the knowledge base for the
// marked tickets.
type bulkArticleMsg struct {
	id    int64
	title string
}

// bulkDoneMsg answers bulkCmd.
type bulkDoneMsg struct {
	change app.BulkChange
	res    *app.BulkResult
	err    error
}

// mark marks t, remembering its version.
func (q *queueScreen) mark(t *tickets.Ticket) {
	q.marked[t.ID] = true
	q.markedVer[t.ID] = t.Version
}

func (q *queueScreen) unmark(id int64) {
	delete(q.marked, id)
	delete(q.markedVer, id)
}

// markAll marks every row of the list loaded (what the technician sees of
// the tab, with its filter).
func (q *queueScreen) markAll() tea.Cmd {
	for i := range q.rows {
		q.mark(&q.rows[i])
	}
	q.updateKeys()
	return nil
}

func (q *queueScreen) clearMarks() {
	q.marked = map[int64]bool{}
	q.markedVer = map[int64]int64{}
	q.updateKeys()
}

// bulkMenu opens the action menu for the marked tickets.
func (q *queueScreen) bulkMenu() tea.Cmd {
	t := q.ctx.T
	switch {
	case q.ctx.readOnly():
		return errStatus(errors.New(t.T("role.readonly")))
	case len(q.marked) == 0:
		return errStatus(errors.New(t.T("why.bulk.nomarks")))
	case q.ctx.Bulk == nil:
		return errStatus(errors.New(t.T("why.bulk.unavailable")))
	case q.bulkBusy:
		return nil
	}
	q.prompt = newChoicePrompt("bulk", countF(t, "bulk.menu", len(q.marked)), []option{
		{"a", t.T("bulk.assign"), "assign"},
		{"s", t.T("bulk.status"), "status"},
		{"t", t.T("bulk.tags"), "tags"},
		{"c", t.T("bulk.category"), "category"},
		{"r", t.T("bulk.comment"), "comment"},
		{"n", t.T("bulk.private"), "private"},
		{"l", t.T("bulk.link"), "link"},
	}).sized(q.width)
	q.updateKeys()
	return nil
}

// updatePrompt gives a key to the open prompt and acts on the answer.
func (q *queueScreen) updatePrompt(msg tea.Msg) tea.Cmd {
	res, cmd := q.prompt.update(msg)
	if !res.done {
		return cmd
	}
	action := q.prompt.action
	q.prompt = nil
	q.updateKeys()
	if res.cancelled {
		return nil
	}
	return q.answerBulk(action, res.value)
}

func (q *queueScreen) answerBulk(action, v string) tea.Cmd {
	t, st, n := q.ctx.T, q.ctx.Styles, len(q.marked)
	w := q.width
	set := func(p *prompt) tea.Cmd {
		q.prompt = p.sized(w)
		q.updateKeys()
		return nil
	}
	switch action {
	case "bulk":
		switch v {
		case "assign":
			return set(newTextPrompt(st, "bulk.assign", countF(t, "bulk.prompt.assign", n), "", w).withTags(q.ctx, completeAssignee))
		case "status":
			return set(newChoicePrompt("bulk.status", countF(t, "bulk.prompt.status", n), statusOptions(t)))
		case "tags":
			return set(newTextPrompt(st, "bulk.tags", countF(t, "bulk.prompt.tags", n), "", w).withTags(q.ctx, completeTags))
		case "category":
			return set(newChoicePrompt("bulk.category", countF(t, "bulk.prompt.category", n), categoryOptions(q.ctx.Categories)))
		case "comment", "private":
			id := "bulk.prompt.comment"
			if v == "private" {
				id = "bulk.prompt.private"
			}
			return set(newCommentPrompt(st, "bulk."+v, countF(t, id, n), "", w-2, tickets.MaxCommentLen))
		case "link":
			return push(newKBBulkPicker(q.ctx, n))
		}
	case "bulk.assign":
		return q.runBulk(app.BulkChange{Assignee: &v})
	case "bulk.status":
		s := tickets.Status(v)
		if s == tickets.StatusClosed {
			return set(newConfirmPrompt("bulk.close", countF(t, "bulk.confirm.close", n)))
		}
		return q.runBulk(app.BulkChange{Status: &s})
	case "bulk.close":
		s := tickets.StatusClosed
		return q.runBulk(app.BulkChange{Status: &s})
	case "bulk.tags":
		add, remove := parseTagEdit(v)
		if len(add)+len(remove) == 0 {
			return nil
		}
		return q.runBulk(app.BulkChange{AddTags: add, RemoveTags: remove})
	case "bulk.category":
		return q.runBulk(app.BulkChange{Category: &v})
	case "bulk.comment", "bulk.private":
		if v == "" {
			return nil
		}
		return q.runBulk(app.BulkChange{Comment: v, Private: action == "bulk.private"})
	}
	return nil
}

// runBulk applies c to the marked tickets in a command.
func (q *queueScreen) runBulk(c app.BulkChange) tea.Cmd {
	if len(q.marked) == 0 || q.ctx.Bulk == nil || q.bulkBusy {
		return nil
	}
	ids := q.markedIDs()
	targets := make([]app.BulkTarget, len(ids))
	for i, id := range ids {
		targets[i] = app.BulkTarget{ID: id, Version: q.markedVer[id]}
	}
	q.bulkBusy = true
	desk, base, user := q.ctx.Bulk, q.ctx.Base, q.ctx.User
	return func() tea.Msg {
		res, err := desk.Bulk(base, targets, c, user)
		return bulkDoneMsg{change: c, res: res, err: err}
	}
}

// bulkDone shows what the action did; the marks go and the tab is read
// again (tickets that left it leave the list). On a refusal the marks stay.
func (q *queueScreen) bulkDone(msg bulkDoneMsg) tea.Cmd {
	q.bulkBusy = false
	if msg.err != nil {
		var stale *app.BulkStaleError
		if errors.As(msg.err, &stale) && q.marked[stale.ID] {
			// Seen now: a second A applies the change over it.
			q.markedVer[stale.ID] = stale.Actual
		}
		if errors.Is(msg.err, app.ErrBulkEmpty) {
			return nil
		}
		return tea.Batch(errStatusText(msg.err, bulkErrorText(q.ctx.T, msg.err)), q.refresh())
	}
	q.clearMarks()
	return tea.Batch(status(bulkSummary(q.ctx.T, msg.res, msg.change)), q.refresh())
}

// errStatusText shows text for err (the root still words a refusal by
// role itself).
func errStatusText(err error, text string) tea.Cmd {
	return func() tea.Msg { return statusMsg{text: text, isErr: true, err: err} }
}

// bulkErrorText words a refused bulk action for the technician.
func bulkErrorText(t Catalogue, err error) string {
	var stale *app.BulkStaleError
	var bad *app.BulkTicketError
	var art *app.BulkArticleError
	var tooMany *app.BulkTooManyError
	var unknown *tickets.UnknownAssigneeError
	switch {
	case errors.As(err, &stale):
		by := stale.By
		if by == "" {
			by = "?"
		}
		return t.F("bulk.err.stale", stale.ID, text.SanitizeLine(by))
	case errors.As(err, &unknown):
		return t.F("bulk.err.assignee", text.SanitizeLine(unknown.Login))
	case errors.As(err, &bad) && errors.Is(err, tickets.ErrNotFound):
		return t.F("bulk.err.gone", bad.ID)
	case errors.As(err, &bad):
		return t.F("bulk.err.ticket", bad.ID, text.SanitizeLine(wordError(t, bad.Err).Error()))
	case errors.As(err, &art):
		return t.F("bulk.err.article", art.ID)
	case errors.As(err, &tooMany):
		return t.F("bulk.err.toomany", tooMany.Count, tooMany.Max)
	}
	return text.SanitizeLine(wordError(t, err).Error())
}

// bulkSummary is the footer line after a bulk action: "12 tickets →
// ndiallo", "3 tickets : statut Résolu, réponse publique".
func bulkSummary(t Catalogue, res *app.BulkResult, c app.BulkChange) string {
	var parts []string
	if c.Assignee != nil {
		who := text.SanitizeLine(*c.Assignee)
		if who == "" {
			who = t.T("bulk.nobody")
		}
		parts = append(parts, "→ "+who)
	}
	if c.Status != nil {
		parts = append(parts, t.F("bulk.sum.status", fmtStatus(t, *c.Status)))
	}
	if c.Category != nil {
		parts = append(parts, t.F("bulk.sum.category", text.SanitizeLine(*c.Category)))
	}
	var tags []string
	for _, tag := range c.AddTags {
		tags = append(tags, "+"+text.SanitizeLine(tag))
	}
	for _, tag := range c.RemoveTags {
		tags = append(tags, "-"+text.SanitizeLine(tag))
	}
	if len(tags) > 0 {
		parts = append(parts, t.F("bulk.sum.tags", strings.Join(tags, " ")))
	}
	if strings.TrimSpace(c.Comment) != "" {
		if c.Private {
			parts = append(parts, t.T("bulk.sum.private"))
		} else {
			parts = append(parts, t.T("bulk.sum.comment"))
		}
	}
	if res.Article != nil {
		parts = append(parts, t.F("bulk.sum.article", oneLine(res.Article.Title)))
	}
	n := len(res.Tickets)
	head := countF(t, "bulk.sum.tickets", n)
	if c.Assignee != nil {
		// "12 tickets → ndiallo, statut …": the arrow reads on.
		return head + " " + strings.Join(parts, ", ")
	}
	return head + " : " + strings.Join(parts, ", ")
}

// countF is the text of id for a count n (see Catalogue.P).
func countF(t Catalogue, id string, n int) string { return t.P(id, n, n) }

// bulkReasons: the bulk keys that do nothing now, and why.
func (q *queueScreen) bulkReasons() []disabledReason {
	why := "why.bulk.nomarks"
	if q.ctx.readOnly() {
		why = "role.readonly"
	}
	return []disabledReason{{q.keys.Bulk, why}, {q.keys.ClearMarks, "why.bulk.nomarks"}}
}

func (q *queueScreen) activePrompt() *prompt { return q.prompt }

// Unsaved: a follow-up being typed for the marked tickets.
func (q *queueScreen) Unsaved() bool {
	return q.prompt != nil && strings.TrimSpace(q.prompt.value()) != ""
}

// bulkKeysEnabled sets the bulk keys for the current state.
func (q *queueScreen) bulkKeysEnabled() {
	k := &q.keys
	has := len(q.rows) > 0 && !q.filtering
	k.MarkAll.SetEnabled(has)
	k.ClearMarks.SetEnabled(!q.filtering && len(q.marked) > 0)
	k.Bulk.SetEnabled(!q.filtering && len(q.marked) > 0 && q.ctx.Bulk != nil && !q.ctx.readOnly())
}

// bulkKey handles the bulk keys; ok is false when msg is none of them.
func (q *queueScreen) bulkKey(msg tea.KeyMsg) (tea.Cmd, bool) {
	switch {
	case key.Matches(msg, q.keys.MarkAll):
		return q.markAll(), true
	case key.Matches(msg, q.keys.ClearMarks):
		q.clearMarks()
		return nil, true
	case key.Matches(msg, q.keys.Bulk):
		return q.bulkMenu(), true
	case slices.Contains(q.keys.Bulk.Keys(), msg.String()):
		if q.ctx.Bulk == nil && len(q.marked) > 0 && !q.ctx.readOnly() {
			return errStatus(errors.New(q.ctx.T.T("why.bulk.unavailable"))), true
		}
		return whyDisabled(q.ctx.T, msg, q.bulkReasons()), true
	case slices.Contains(q.keys.ClearMarks.Keys(), msg.String()):
		return whyDisabled(q.ctx.T, msg, q.bulkReasons()), true
	}
	return nil, false
}
