package ui

import (
	"fmt"
	"strconv"
	"strings"

	"hotline/internal/text"
	"hotline/tickets"
)

// statusWords maps what a technician types after status: (English or
// French, accents optional) to statuses; "open" and "all" widen the view.
var statusWords = map[string][]tickets.Status{
	"new": {tickets.StatusNew}, "nouveau": {tickets.StatusNew},
	"assigned": {tickets.StatusAssigned}, "assigne": {tickets.StatusAssigned},
	"planned": {tickets.StatusPlanned}, "planifie": {tickets.StatusPlanned},
	"pending": {tickets.StatusPending}, "attente": {tickets.StatusPending},
	"solved": {tickets.StatusSolved}, "resolu": {tickets.StatusSolved},
	"closed": {tickets.StatusClosed}, "clos": {tickets.StatusClosed},
	"open": tickets.OpenStatuses, "ouvert": tickets.OpenStatuses,
}

// parseFilter applies a filter string to base and returns the result.
// Tokens: tag:X status:X cat:X conn:X prio:N svc:X @me/@moi/@name @none;
// every other word is full text. Token values are matched without case or
// accents; a category may be given by its beginning (cat:reseau).
func parseFilter(s, user string, categories []string, base tickets.Filter) (tickets.Filter, error) {
	f := base
	var words []string
	for _, tok := range strings.Fields(s) {
		name, val, hasColon := strings.Cut(tok, ":")
		if strings.HasPrefix(tok, "@") && len(tok) > 1 {
			who := tok[1:]
			switch text.Fold(who) {
			case "me", "moi":
				who = user
			case "none", "personne", "-":
				who = ""
			}
			f.Assignee = &who
			continue
		}
		if !hasColon || val == "" {
			words = append(words, tok)
			continue
		}
		switch text.Fold(name) {
		case "tag":
			f.Tag = val
		case "status", "statut", "st":
			switch text.Fold(val) {
			case "all", "tous":
				f.All, f.Statuses, f.Overdue = true, nil, false
				continue
			case "overdue", "retard":
				f.Overdue = true
				continue
			}
			st, ok := statusWords[text.Fold(val)]
			if !ok {
				return f, fmt.Errorf("status:%s ?", val)
			}
			f.Statuses, f.All = st, false
		case "cat", "category", "categorie":
			c, err := matchCategoryPrefix(categories, val)
			if err != nil {
				return f, err
			}
			f.Category = c
		case "conn", "connection", "connexion":
			c, err := tickets.ParseConnection(val)
			if err != nil {
				return f, err
			}
			f.Connection = c
		case "prio", "priority", "priorite", "p":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 || n > 6 {
				return f, fmt.Errorf("prio:%s ? (1-6)", val)
			}
			f.Priority = n
		case "svc", "service":
			f.Service = strings.ReplaceAll(val, "_", " ")
		default:
			words = append(words, tok)
		}
	}
	if len(words) > 0 {
		f.Text = strings.TrimSpace(strings.Join(append([]string{f.Text}, words...), " "))
	}
	return f, nil
}

// matchCategoryPrefix finds the one category whose folded name starts with
// the folded value: typing cat:reseau is enough for "Réseau/VPN".
func matchCategoryPrefix(categories []string, val string) (string, error) {
	want := text.Fold(strings.ReplaceAll(val, "_", " "))
	var found []string
	for _, c := range categories {
		fc := text.Fold(c)
		if fc == want {
			return c, nil
		}
		if strings.HasPrefix(fc, want) {
			found = append(found, c)
		}
	}
	if len(found) == 1 {
		return found[0], nil
	}
	return "", fmt.Errorf("cat:%s ? (%s)", val, strings.Join(categories, ", "))
}
