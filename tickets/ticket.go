// Package tickets is the ticket domain: tickets raised by remote agents,
// their follow-ups, their history and their SQLite storage.
package tickets

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Status is where a ticket stands in its life.
type Status string

const (
	StatusNew      Status = "new"
	StatusAssigned Status = "assigned"
	StatusPlanned  Status = "planned"
	StatusPending  Status = "pending"
	StatusSolved   Status = "solved"
	StatusClosed   Status = "closed"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{StatusNew, StatusAssigned, StatusPlanned, StatusPending, StatusSolved, StatusClosed}

// OpenStatuses are the statuses of tickets still needing work.
var OpenStatuses = []Status{StatusNew, StatusAssigned, StatusPlanned, StatusPending}

// ParseStatus validates a status typed by a person.
func ParseStatus(s string) (Status, error) {
	st := Status(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Statuses {
		if v == st {
			return st, nil
		}
	}
	return "", unknownValue("status", s, Statuses)
}

// IsOpen reports whether the ticket still needs work.
func (s Status) IsOpen() bool { return s != StatusSolved && s != StatusClosed }

// Connection is how the agent reaches the network, which often explains the
// problem (4G tethering through the work phone, VPN, home broadband).
type Connection string

const (
	ConnHome    Connection = "home"
	Conn4G      Connection = "4g"
	ConnVPN     Connection = "vpn"
	ConnOffice  Connection = "office"
	ConnUnknown Connection = "unknown"
)

// Connections lists every connection type.
var Connections = []Connection{ConnHome, Conn4G, ConnVPN, ConnOffice, ConnUnknown}

// ParseConnection validates a connection type; empty means unknown.
func ParseConnection(s string) (Connection, error) {
	c := Connection(strings.ToLower(strings.TrimSpace(s)))
	if c == "" {
		return ConnUnknown, nil
	}
	for _, v := range Connections {
		if v == c {
			return c, nil
		}
	}
	return "", unknownValue("connection", s, Connections)
}

// DefaultCategories are the categories a fresh install offers.
var DefaultCategories = []string{
	"Teams", "Messagerie", "Réseau/VPN", "Matériel", "Comptes et mots de passe",
	"Logiciels métier", "Impression", "Téléphonie", "Autre",
}

// PriorityMajor is the manual override above the matrix.
const PriorityMajor = 6

// priorityMatrix is GLPI's: rows are urgency 1–5, columns impact 1–5.
var priorityMatrix = [5][5]int{
	{1, 1, 2, 2, 2},
	{1, 2, 2, 3, 3},
	{2, 2, 3, 4, 4},
	{2, 3, 4, 4, 5},
	{2, 3, 4, 5, 5},
}

// ComputePriority gives the priority (1 very low … 5 very high) of an
// urgency and an impact, both 1–5.
func ComputePriority(urgency, impact int) int {
	if urgency < 1 || urgency > 5 || impact < 1 || impact > 5 {
		return 0
	}
	return priorityMatrix[urgency-1][impact-1]
}

// PriorityLabel names a priority in English; the UI has its own catalogue.
func PriorityLabel(p int) string {
	switch p {
	case 1:
		return "very low"
	case 2:
		return "low"
	case 3:
		return "medium"
	case 4:
		return "high"
	case 5:
		return "very high"
	case 6:
		return "major"
	}
	return "?"
}

// Requester is the agent who raised the ticket.
type Requester struct {
	Name    string `json:"name"`
	Service string `json:"service"`
	Email   string `json:"email"`
	Phone   string `json:"phone"`
}

// Ticket is one request from an agent.
type Ticket struct {
	ID              int64
	Title           string
	Description     string
	Status          Status
	Priority        int
	Major           bool // priority forced to 6 by hand
	Urgency         int
	Impact          int
	Category        string
	Requester       Requester
	Connection      Connection
	Device          string
	Assignee        string
	Tags            []string
	CreatedAt       time.Time
	UpdatedAt       time.Time
	FirstResponseAt *time.Time
	SolvedAt        *time.Time
	ClosedAt        *time.Time
	PendingSince    *time.Time
	PendingSeconds  int64 // time the SLA clock stood still while pending, in the clock's time
	DueAt           time.Time
	Version         int64
}

// Overdue reports whether the ticket is past its due time at now. The SLA
// clock stops while a ticket is pending, so a pending ticket is never late.
func (t *Ticket) Overdue(now time.Time) bool {
	return t.Status.IsOpen() && t.Status != StatusPending && now.After(t.DueAt)
}

// Followup is a comment on a ticket; private ones are for technicians only.
type Followup struct {
	ID        int64
	TicketID  int64
	Author    string
	Body      string
	Private   bool
	CreatedAt time.Time
	// FromRequester marks a reply of the agent who asked (portal, API,
	// mail), as opposed to a technician's follow-up.
	FromRequester bool
	Channel       string // how it arrived (see Channel*); "" for the interface or CLI
}

// Change is one entry of a ticket's append-only history.
type Change struct {
	ID       int64
	TicketID int64
	At       time.Time
	Actor    string
	Field    string
	Old      string
	New      string
}

// Link ties a ticket to a knowledge-base article that helps solve it.
type Link struct {
	TicketID  int64
	ArticleID int64
	LinkedBy  string
	LinkedAt  time.Time
}

// Errors callers can test with errors.Is.
var (
	ErrNotFound = errors.New("ticket not found")
	ErrConflict = errors.New("ticket was changed by someone else")
	ErrInvalid  = errors.New("invalid ticket")
)

// ConflictError tells which version was expected and which one is stored.
type ConflictError struct {
	ID       int64
	Expected int64
	Actual   int64
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("ticket #%d was changed by someone else (you had version %d, it is now at %d): reload it and apply your change again", e.ID, e.Expected, e.Actual)
}

func (e *ConflictError) Unwrap() error { return ErrConflict }

// NotFoundError names the missing ticket.
type NotFoundError struct{ ID int64 }

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("ticket #%d does not exist", e.ID)
}
func (e *NotFoundError) Unwrap() error { return ErrNotFound }
