package tickets

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"hotline/internal/db"
)

// Patch is a change to a ticket; nil fields are left as they are.
type Patch struct {
	Title       *string
	Description *string
	Status      *Status
	Assignee    *string
	Urgency     *int
	Impact      *int
	Major       *bool
	Category    *string
	Connection  *Connection
	Device      *string
	Requester   *Requester
	// RequesterName, RequesterService, RequesterEmail and RequesterPhone
	// change one part of the requester (over Requester when both are set).
	RequesterName, RequesterService, RequesterEmail, RequesterPhone *string
	AddTags                                                         []string
	RemoveTags                                                      []string
}

// Empty reports whether the patch changes nothing.
func (p Patch) Empty() bool {
	return p.Title == nil && p.Description == nil && p.Status == nil && p.Assignee == nil &&
		p.Urgency == nil && p.Impact == nil && p.Major == nil && p.Category == nil &&
		p.Connection == nil && p.Device == nil && p.Requester == nil &&
		p.RequesterName == nil && p.RequesterService == nil && p.RequesterEmail == nil && p.RequesterPhone == nil &&
		len(p.AddTags) == 0 && len(p.RemoveTags) == 0
}

// Update applies p to ticket id as actor. With expectedVersion > 0 the update
// is optimistic: if the ticket is no longer at that version nothing changes
// and a *ConflictError is returned. Every changed field gets a history row;
// the ticket, its history, its tags and its full-text row are written in one
// transaction.
func (s *Store) Update(ctx context.Context, id, expectedVersion int64, p Patch, actor string) (*Ticket, error) {
	if err := s.allow(ctx, actor, PermWrite); err != nil {
		return nil, fmt.Errorf("update ticket #%d: %w", id, err)
	}
	var out *Ticket
	err := db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		var err error
		out, err = s.updateTx(ctx, tx, id, expectedVersion, p, actor, s.now().UTC().Truncate(time.Second))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("update ticket #%d: %w", id, err)
	}
	return out, nil
}

// updateTx is Update inside the caller's transaction.
func (s *Store) updateTx(ctx context.Context, tx *sql.Tx, id, expectedVersion int64, p Patch, actor string, now time.Time) (*Ticket, error) {
	t, err := getTicket(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if expectedVersion > 0 && t.Version != expectedVersion {
		return nil, &ConflictError{ID: id, Expected: expectedVersion, Actual: t.Version}
	}
	before := t.Assignee
	changes, err := s.apply(t, p, now)
	if err != nil {
		return nil, err
	}
	if t.Assignee != before {
		if err := checkAssignee(ctx, tx, t.Assignee); err != nil {
			return nil, err
		}
	}
	if len(changes) == 0 {
		return t, nil
	}
	t.UpdatedAt = now
	res, err := tx.ExecContext(ctx, `UPDATE tickets SET
		title=?, description=?, status=?, urgency=?, impact=?, priority=?, major=?, category=?,
		requester_name=?, requester_service=?, requester_email=?, requester_phone=?,
		connection=?, device=?, assignee=?, tags=?, updated_at=?,
		first_response_at=?, solved_at=?, closed_at=?, pending_since=?, pending_seconds=?, due_at=?,
		version = version + 1
		WHERE id = ? AND version = ?`,
		t.Title, t.Description, t.Status, t.Urgency, t.Impact, t.Priority, t.Major, t.Category,
		t.Requester.Name, t.Requester.Service, t.Requester.Email, t.Requester.Phone,
		t.Connection, t.Device, t.Assignee, strings.Join(t.Tags, " "), t.UpdatedAt.Unix(),
		unixOrNil(t.FirstResponseAt), unixOrNil(t.SolvedAt), unixOrNil(t.ClosedAt), unixOrNil(t.PendingSince), t.PendingSeconds, t.DueAt.Unix(),
		id, t.Version)
	if err != nil {
		return nil, err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return nil, &ConflictError{ID: id, Expected: t.Version, Actual: t.Version + 1}
	}
	t.Version++
	for _, c := range changes {
		if err := addHistory(ctx, tx, id, now, actor, c.Field, c.Old, c.New); err != nil {
			return nil, err
		}
	}
	if err := syncTags(ctx, tx, id, t.Tags); err != nil {
		return nil, err
	}
	if err := reindex(ctx, tx, id); err != nil {
		return nil, err
	}
	return t, nil
}

type fieldChange struct{ Field, Old, New string }

// apply changes t in memory and lists what changed, enforcing the workflow.
func (s *Store) apply(t *Ticket, p Patch, now time.Time) ([]fieldChange, error) {
	var changes []fieldChange
	set := func(field, old, new string) {
		if old != new {
			changes = append(changes, fieldChange{field, old, new})
		}
	}
	if p.Title != nil {
		v := strings.TrimSpace(*p.Title)
		if v == "" {
			return nil, refused("title", CodeMissing)
		}
		if err := checkText("title", v, 4*MaxTitleLen); err != nil {
			return nil, err
		}
		if len([]rune(v)) > MaxTitleLen {
			return nil, &FieldError{Field: "title", Code: CodeTooLong, N: int64(len([]rune(v))), Limit: MaxTitleLen}
		}
		set("title", t.Title, v)
		t.Title = v
	}
	if p.Description != nil {
		v := strings.TrimSpace(*p.Description)
		if err := checkText("description", v, MaxDescriptionLen); err != nil {
			return nil, err
		}
		set("description", t.Description, v)
		t.Description = v
	}
	if p.Category != nil {
		c, err := MatchCategory(s.categories, *p.Category)
		if err != nil {
			return nil, err
		}
		set("category", t.Category, c)
		t.Category = c
	}
	if p.Connection != nil {
		c, err := ParseConnection(string(*p.Connection))
		if err != nil {
			return nil, err
		}
		set("connection", string(t.Connection), string(c))
		t.Connection = c
	}
	if p.Device != nil {
		v := strings.TrimSpace(*p.Device)
		if err := checkText("device", v, MaxFieldLen); err != nil {
			return nil, err
		}
		set("device", t.Device, v)
		t.Device = v
	}
	if req := p.requester(t.Requester); req != nil {
		r := trimRequester(*req)
		for field, v := range map[string]string{"requester name": r.Name, "requester service": r.Service, "requester email": r.Email, "requester phone": r.Phone} {
			if err := checkText(field, v, MaxFieldLen); err != nil {
				return nil, err
			}
		}
		// As Create refuses it; an address stored before stays until changed.
		if r.Email != t.Requester.Email && r.Email != "" && !strings.Contains(r.Email, "@") {
			return nil, &FieldError{Field: "requester email", Code: CodeNotEmail, Value: r.Email}
		}
		set("requester.name", t.Requester.Name, r.Name)
		set("requester.service", t.Requester.Service, r.Service)
		set("requester.email", t.Requester.Email, r.Email)
		set("requester.phone", t.Requester.Phone, r.Phone)
		t.Requester = r
	}
	if p.Urgency != nil {
		if err := checkLevel("urgency", *p.Urgency); err != nil {
			return nil, err
		}
		set("urgency", strconv.Itoa(t.Urgency), strconv.Itoa(*p.Urgency))
		t.Urgency = *p.Urgency
	}
	if p.Impact != nil {
		if err := checkLevel("impact", *p.Impact); err != nil {
			return nil, err
		}
		set("impact", strconv.Itoa(t.Impact), strconv.Itoa(*p.Impact))
		t.Impact = *p.Impact
	}
	if p.Major != nil {
		t.Major = *p.Major
	}
	if prio := effectivePriority(t.Urgency, t.Impact, t.Major); prio != t.Priority {
		set("priority", strconv.Itoa(t.Priority), strconv.Itoa(prio))
		t.Priority = prio
	}
	if len(p.AddTags) > 0 || len(p.RemoveTags) > 0 {
		add, err := normalizeTags(p.AddTags)
		if err != nil {
			return nil, err
		}
		remove, err := normalizeTags(p.RemoveTags)
		if err != nil {
			return nil, err
		}
		tags := slices.Clone(t.Tags)
		for _, a := range add {
			if !slices.Contains(tags, a) {
				tags = append(tags, a)
				changes = append(changes, fieldChange{"tag", "", a})
			}
		}
		for _, r := range remove {
			if i := slices.Index(tags, r); i >= 0 {
				tags = slices.Delete(tags, i, i+1)
				changes = append(changes, fieldChange{"tag", r, ""})
			}
		}
		if len(tags) > MaxTicketTags && len(tags) > len(t.Tags) {
			return nil, &FieldError{Field: "tags", Code: CodeTooMany, N: int64(len(tags)), Limit: MaxTicketTags}
		}
		t.Tags = tags
	}
	if p.Assignee != nil {
		v := strings.TrimSpace(*p.Assignee)
		if err := checkText("assignee", v, MaxFieldLen); err != nil {
			return nil, err
		}
		set("assignee", t.Assignee, v)
		t.Assignee = v
		// GLPI's rule: giving a new ticket to someone assigns it; taking
		// the last technician off an assigned one puts it back in triage.
		if p.Status == nil {
			if v != "" && t.Status == StatusNew {
				s := StatusAssigned
				p.Status = &s
			} else if v == "" && t.Status == StatusAssigned {
				s := StatusNew
				p.Status = &s
			}
		}
	}
	if p.Status != nil && *p.Status != t.Status {
		old := t.Status
		if err := transition(t, *p.Status, now, s.clock); err != nil {
			return nil, err
		}
		set("status", string(old), string(t.Status))
	}
	if p.Status != nil || p.Assignee != nil {
		if err := checkAssigned(t.Status, t.Assignee); err != nil {
			return nil, err
		}
	}
	t.DueAt = s.sla.dueAt(s.clock, t.CreatedAt, t.Priority, t.PendingSeconds)
	return changes, nil
}

// transition moves t to status to, keeping the SLA clock and the solved and
// closed times right. A solved or closed ticket can only be reopened or,
// when solved, closed: reopened as pending or planned when that is asked,
// else back to assigned (new when nobody holds it).
func transition(t *Ticket, to Status, now time.Time, clock Clock) error {
	if _, err := ParseStatus(string(to)); err != nil {
		return err
	}
	from := t.Status
	if !from.IsOpen() {
		switch {
		case from == StatusSolved && to == StatusClosed:
		case to == StatusPending || to == StatusPlanned:
			// Reopened straight into the asked state: `--status pending
			// --assignee bob` on a solved ticket waits for the agent, as
			// asked, held by bob.
		case to.IsOpen():
			to = StatusAssigned // reopen
			if t.Assignee == "" {
				to = StatusNew // with nobody on it: back to triage
			}
		default:
			return &FieldError{Field: "status", Code: CodeClosed, ID: t.ID}
		}
	}
	if from == StatusPending && t.PendingSince != nil {
		t.PendingSeconds += int64(clock.Paused(*t.PendingSince, now) / time.Second)
		t.PendingSince = nil
	}
	switch to {
	case StatusPending:
		t.PendingSince = &now
	case StatusSolved:
		t.SolvedAt = &now
		if t.FirstResponseAt == nil {
			t.FirstResponseAt = &now
		}
	case StatusClosed:
		if t.SolvedAt == nil {
			t.SolvedAt = &now
		}
		t.ClosedAt = &now
	}
	if to.IsOpen() {
		t.SolvedAt, t.ClosedAt = nil, nil
	}
	t.Status = to
	return nil
}

func syncTags(ctx context.Context, tx *sql.Tx, id int64, tags []string) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM ticket_tags WHERE ticket_id = ?`, id); err != nil {
		return err
	}
	for _, tag := range tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO ticket_tags(ticket_id, tag, created_at) SELECT id, ?, created_at FROM tickets WHERE id = ?`, tag, id); err != nil {
			return err
		}
	}
	return nil
}

// requester is the requester p sets over current, or nil when p leaves it.
func (p Patch) requester(current Requester) *Requester {
	if p.Requester == nil && p.RequesterName == nil && p.RequesterService == nil && p.RequesterEmail == nil && p.RequesterPhone == nil {
		return nil
	}
	r := current
	if p.Requester != nil {
		r = *p.Requester
	}
	for _, f := range []struct {
		v   *string
		dst *string
	}{{p.RequesterName, &r.Name}, {p.RequesterService, &r.Service}, {p.RequesterEmail, &r.Email}, {p.RequesterPhone, &r.Phone}} {
		if f.v != nil {
			*f.dst = *f.v
		}
	}
	return &r
}
