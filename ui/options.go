package ui

import (
	"strconv"
	"strings"

	"hotline/tickets"
)

// Single-key options shared by the ticket screen and triage.

// statusOptions: n new, a assigned, p planned, w waiting, r resolved,
// x closed (asks y/N).
func statusOptions(t Catalogue) []option {
	keys := map[tickets.Status]string{
		tickets.StatusNew: "n", tickets.StatusAssigned: "a", tickets.StatusPlanned: "p",
		tickets.StatusPending: "w", tickets.StatusSolved: "r", tickets.StatusClosed: "x",
	}
	out := make([]option, 0, len(tickets.Statuses))
	for _, st := range tickets.Statuses {
		out = append(out, option{key: keys[st], label: fmtStatus(t, st), value: string(st)})
	}
	return out
}

func editOptions(t Catalogue) []option {
	return []option{
		{"t", t.T("field.title"), "title"},
		{"c", t.T("field.category"), "category"},
		{"u", t.T("field.urgency"), "urgency"},
		{"i", t.T("field.impact"), "impact"},
		{"n", t.T("field.connection"), "connection"},
		{"d", t.T("field.description"), "description"},
		{"o", t.T("field.device"), "device"},
		{"r", t.T("field.requester"), "requester"},
		{"v", t.T("field.service"), "service"},
		{"m", t.T("field.email"), "email"},
		{"p", t.T("field.phone"), "phone"},
	}
}

// categoryOptions number the categories 1–9 then a, b, c…
func categoryOptions(categories []string) []option {
	out := make([]option, 0, len(categories))
	for i, c := range categories {
		out = append(out, option{key: categoryKey(i), label: c, value: c})
	}
	return out
}

func categoryKey(i int) string {
	if i < 9 {
		return strconv.Itoa(i + 1)
	}
	return string(rune('a' + i - 9))
}

func levelOptions() []option {
	out := make([]option, 5)
	for i := range out {
		n := strconv.Itoa(i + 1)
		out[i] = option{key: n, label: "", value: n}
	}
	return out
}

func connectionOptions(t Catalogue) []option {
	keys := map[tickets.Connection]string{
		tickets.ConnHome: "h", tickets.Conn4G: "4", tickets.ConnVPN: "v", tickets.ConnOffice: "o", tickets.ConnUnknown: "u",
	}
	out := make([]option, 0, len(tickets.Connections))
	for _, c := range tickets.Connections {
		out = append(out, option{key: keys[c], label: t.T("conn." + string(c)), value: string(c)})
	}
	return out
}

// parseTagEdit reads "vpn +teams -imprimante": words add, -words remove.
func parseTagEdit(s string) (add, remove []string) {
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' }) {
		switch {
		case strings.HasPrefix(w, "-") && len(w) > 1:
			remove = append(remove, w[1:])
		case strings.HasPrefix(w, "+") && len(w) > 1:
			add = append(add, w[1:])
		case w != "+" && w != "-":
			add = append(add, w)
		}
	}
	return add, remove
}
