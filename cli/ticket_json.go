package cli

import (
	"time"

	"hotline/tickets"
)

// ticketJSON is the ticket as scripts see it (`--json`); field names are a
// public contract documented in the README.
type ticketJSON struct {
	ID              int64             `json:"id"`
	Title           string            `json:"title"`
	Description     string            `json:"description"`
	Status          string            `json:"status"`
	Priority        int               `json:"priority"`
	Major           bool              `json:"major"`
	Urgency         int               `json:"urgency"`
	Impact          int               `json:"impact"`
	Category        string            `json:"category"`
	Requester       tickets.Requester `json:"requester"`
	Connection      string            `json:"connection"`
	Device          string            `json:"device"`
	Assignee        string            `json:"assignee"`
	Tags            []string          `json:"tags"`
	CreatedAt       string            `json:"created_at"`
	UpdatedAt       string            `json:"updated_at"`
	DueAt           string            `json:"due_at"`
	FirstResponseAt *string           `json:"first_response_at,omitempty"`
	SolvedAt        *string           `json:"solved_at,omitempty"`
	ClosedAt        *string           `json:"closed_at,omitempty"`
	Overdue         bool              `json:"overdue"`
	Version         int64             `json:"version"`
}

// ticketDetailJSON is `ticket show --json`: the ticket, its comments and
// its linked articles.
type ticketDetailJSON struct {
	ticketJSON
	Comments []commentJSON       `json:"comments"`
	Articles []linkedArticleJSON `json:"articles"`
}

type commentJSON struct {
	ID        int64  `json:"id"`
	Author    string `json:"author"`
	Body      string `json:"body"`
	Private   bool   `json:"private"`
	CreatedAt string `json:"created_at"`
}

type linkedArticleJSON struct {
	ID       int64  `json:"id"`
	Title    string `json:"title"`
	Kind     string `json:"kind"`
	URL      string `json:"url"`
	LinkedBy string `json:"linked_by"`
	LinkedAt string `json:"linked_at"`
}

type changeJSON struct {
	At    string `json:"at"`
	Actor string `json:"actor"`
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func rfc3339Ptr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := rfc3339(*t)
	return &s
}

func toTicketJSON(t *tickets.Ticket, now time.Time) ticketJSON {
	tags := t.Tags
	if tags == nil {
		tags = []string{}
	}
	return ticketJSON{
		ID: t.ID, Title: t.Title, Description: t.Description, Status: string(t.Status),
		Priority: t.Priority, Major: t.Major, Urgency: t.Urgency, Impact: t.Impact,
		Category: t.Category, Requester: t.Requester, Connection: string(t.Connection),
		Device: t.Device, Assignee: t.Assignee, Tags: tags,
		CreatedAt: rfc3339(t.CreatedAt), UpdatedAt: rfc3339(t.UpdatedAt), DueAt: rfc3339(t.DueAt),
		FirstResponseAt: rfc3339Ptr(t.FirstResponseAt), SolvedAt: rfc3339Ptr(t.SolvedAt), ClosedAt: rfc3339Ptr(t.ClosedAt),
		Overdue: t.Overdue(now), Version: t.Version,
	}
}
