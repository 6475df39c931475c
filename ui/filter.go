package ui

import (
	"fmt"
	"slices"
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

// filterVocab is what the filter's values are matched against.
type filterVocab struct {
	user       string
	categories []string
	// services are the known services (loaded once); svc: matches them by
	// folded prefix and words. Empty: svc: matches a service exactly.
	services []string
}

// filterKeys are the keys the filter knows, for the error that lists them.
const filterKeys = "tag: status: cat: conn: prio: svc: @moi @nom @personne"

// connWords maps what a technician types after conn: (the words the
// screens show, in French or English, and the codes) to connections.
var connWords = map[string]tickets.Connection{
	"home": tickets.ConnHome, "maison": tickets.ConnHome, "box": tickets.ConnHome, "domicile": tickets.ConnHome,
	"4g": tickets.Conn4G, "partage": tickets.Conn4G, "telephone": tickets.Conn4G,
	"vpn":    tickets.ConnVPN,
	"office": tickets.ConnOffice, "bureau": tickets.ConnOffice,
	"unknown": tickets.ConnUnknown, "inconnue": tickets.ConnUnknown, "inconnu": tickets.ConnUnknown,
}

// parseFilter applies a filter string to base and returns the result.
// Tokens: tag:X status:X cat:X conn:X prio:N svc:X @me/@moi/@name @none;
// every other word is full text; a quoted value may hold spaces
// (svc:"ressources humaines"). Token values are matched without case or
// accents; a category or a service may be given by its beginning or the
// beginning of one of its words (cat:reseau, svc:eau). An unknown key
// (stauts:) is an error that lists the keys.
//
// The filter narrows base (a tab): a status or an assignee typed where the
// tab has its own keeps only what both allow, never replaces the tab's.
func parseFilter(s string, v filterVocab, base tickets.Filter) (tickets.Filter, error) {
	f := base
	var words []string
	for _, tok := range filterTokens(s) {
		name, val, hasColon := strings.Cut(tok, ":")
		if strings.HasPrefix(tok, "@") && len(tok) > 1 {
			who := tok[1:]
			switch text.Fold(who) {
			case "me", "moi":
				who = v.user
			case "none", "personne", "-":
				who = ""
			}
			if base.Assignee != nil && *base.Assignee != who {
				f.Nothing = true // the tab's own assignee is someone else
				continue
			}
			f.Assignee = &who
			continue
		}
		if !hasColon || strings.HasPrefix(tok, "#") || strings.Contains(name, "/") || strings.Contains(val, "//") {
			words = append(words, tok)
			continue
		}
		val = strings.Trim(val, `"`)
		if val == "" {
			return f, fmt.Errorf("%s: ? (%s)", name, filterKeys)
		}
		switch text.Fold(name) {
		case "tag":
			f.Tag = val
		case "status", "statut", "st":
			switch text.Fold(val) {
			case "all", "tous":
				if base.Statuses == nil && !base.Overdue {
					f.All, f.Statuses, f.Overdue = true, nil, false
				}
				continue
			case "overdue", "retard":
				f.Overdue = true
				continue
			}
			st, ok := statusWords[text.Fold(val)]
			if !ok {
				return f, fmt.Errorf("status:%s ? (nouveau, assigne, planifie, attente, resolu, clos, ouvert, retard, tous)", val)
			}
			if f.Statuses = narrowStatuses(base, st); len(f.Statuses) == 0 {
				f.Nothing, f.Statuses = true, base.Statuses
			} else {
				f.All = false
			}
		case "cat", "category", "categorie":
			c, err := matchCategoryPrefix(v.categories, val)
			if err != nil {
				return f, err
			}
			f.Category = c
		case "conn", "connection", "connexion":
			c, ok := connWords[text.Fold(val)]
			if !ok {
				return f, fmt.Errorf("conn:%s ? (maison, 4g, vpn, bureau, inconnue)", val)
			}
			f.Connection = c
		case "prio", "priority", "priorite", "p":
			n, err := strconv.Atoi(val)
			if err != nil || n < 1 || n > 6 {
				return f, fmt.Errorf("prio:%s ? (1-6)", val)
			}
			f.Priority = n
		case "svc", "service":
			val = strings.ReplaceAll(val, "_", " ")
			if len(v.services) == 0 {
				f.Service = val
				continue
			}
			found := matchServices(v.services, val)
			if len(found) == 0 {
				return f, fmt.Errorf("svc:%s ? (%s)", val, strings.Join(firstN(v.services, 8), ", "))
			}
			f.Services = found
		default:
			return f, fmt.Errorf("%s: ? (%s)", name, filterKeys)
		}
	}
	if len(words) > 0 {
		f.Text = strings.TrimSpace(strings.Join(append([]string{f.Text}, words...), " "))
	}
	return f, nil
}

// narrowStatuses keeps the typed statuses the tab allows.
func narrowStatuses(base tickets.Filter, typed []tickets.Status) []tickets.Status {
	allowed := base.Statuses
	if allowed == nil && !base.All {
		allowed = tickets.OpenStatuses
	}
	if allowed == nil {
		return typed
	}
	var out []tickets.Status
	for _, st := range typed {
		if slices.Contains(allowed, st) {
			out = append(out, st)
		}
	}
	return out // empty: the filter contradicts the tab
}

// filterTokens splits a filter on spaces, keeping key:"quoted words"
// together.
func filterTokens(s string) []string {
	var out []string
	var cur strings.Builder
	quoted := false
	for _, r := range s {
		switch {
		case r == '"':
			quoted = !quoted
			cur.WriteRune(r)
		case (r == ' ' || r == '\t') && !quoted:
			if cur.Len() > 0 {
				out = append(out, cur.String())
				cur.Reset()
			}
		default:
			cur.WriteRune(r)
		}
	}
	if cur.Len() > 0 {
		out = append(out, cur.String())
	}
	return out
}

// matchServices are the services whose folded name, or one of its words,
// starts with the folded value (all its words, for several).
func matchServices(services []string, val string) []string {
	want := strings.Fields(text.Fold(val))
	if len(want) == 0 {
		return nil
	}
	var out []string
	for _, svc := range services {
		f := text.Fold(svc)
		if strings.HasPrefix(f, strings.Join(want, " ")) {
			out = append(out, svc)
			continue
		}
		words := strings.FieldsFunc(f, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' || r == '/' })
		all := true
		for _, w := range want {
			if !slices.ContainsFunc(words, func(x string) bool { return strings.HasPrefix(x, w) }) {
				all = false
				break
			}
		}
		if all {
			out = append(out, svc)
		}
	}
	return out
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "…")
	}
	return s
}

// ticketNumber reads "#370" or "370": the filter then goes to the ticket.
func ticketNumber(s string) (int64, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "#")
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil && n > 0
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
