package tickets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Record is a ticket as written by `ticket export` and read by `ticket
// import` and `ticket add --json-in`: the JSON field names of the command
// line. An export holds everything a ticket has (its times, follow-ups,
// history, article links and problems), and importing it restores the
// ticket as it was. A hand-written record needs only a title or a
// description: the times it lacks are set as for a new ticket.
//
// New kinds of data (attachments) are added as new optional fields: older
// files stay valid, and an older Hotline refuses a newer file's unknown
// field instead of dropping it.
type Record struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Status      string    `json:"status"`
	Priority    int       `json:"priority"`
	Major       bool      `json:"major"`
	Urgency     *int      `json:"urgency"`
	Impact      *int      `json:"impact"`
	Category    string    `json:"category"`
	Requester   Requester `json:"requester"`
	Connection  string    `json:"connection"`
	Device      string    `json:"device"`
	Assignee    string    `json:"assignee"`
	Tags        []string  `json:"tags"`
	CreatedAt   string    `json:"created_at,omitempty"`

	UpdatedAt       string `json:"updated_at,omitempty"`
	DueAt           string `json:"due_at,omitempty"`
	FirstResponseAt string `json:"first_response_at,omitempty"`
	SolvedAt        string `json:"solved_at,omitempty"`
	ClosedAt        string `json:"closed_at,omitempty"`
	PendingSince    string `json:"pending_since,omitempty"`
	PendingSeconds  int64  `json:"pending_seconds,omitempty"`
	Overdue         bool   `json:"overdue"` // computed; accepted and ignored
	Version         int64  `json:"version"`

	Comments []RecordComment `json:"comments,omitempty"`
	History  []RecordChange  `json:"history,omitempty"`
	Articles []RecordArticle `json:"articles,omitempty"`
	Problems []RecordProblem `json:"problems,omitempty"`
	// Attachments are the ticket's files with their bytes (base64 in
	// JSON); the application layer fills them on export and restores
	// them on import (ImportOptions.Attachments).
	Attachments []RecordAttachment `json:"attachments,omitempty"`
}

// RecordAttachment is an attached file in an export.
type RecordAttachment struct {
	ID          int64  `json:"id,omitempty"`
	FollowupID  int64  `json:"followup_id,omitempty"` // the follow-up (its number in the export) it came with
	Name        string `json:"name"`
	ContentType string `json:"content_type,omitempty"` // informative: found again from the content
	AddedBy     string `json:"added_by,omitempty"`
	Channel     string `json:"channel,omitempty"`
	CreatedAt   string `json:"created_at,omitempty"`
	Content     []byte `json:"content_base64"`
}

// RecordComment is a follow-up in an export.
type RecordComment struct {
	ID        int64  `json:"id,omitempty"`
	Author    string `json:"author"`
	Body      string `json:"body"`
	Private   bool   `json:"private"`
	CreatedAt string `json:"created_at"`
	// FromRequester marks a reply of the agent who asked; Channel is how
	// it arrived (portal, api, mail…).
	FromRequester bool   `json:"from_requester,omitempty"`
	Channel       string `json:"channel,omitempty"`
}

// RecordChange is a history entry in an export.
type RecordChange struct {
	At    string `json:"at"`
	Actor string `json:"actor"`
	Field string `json:"field"`
	Old   string `json:"old,omitempty"`
	New   string `json:"new,omitempty"`
}

// RecordArticle is a link to a knowledge-base article in an export. Key is
// the article's stable key in the knowledge base (never its row id, which
// differs from one database to another); the title names it in messages
// when the target's knowledge base lacks it.
type RecordArticle struct {
	Key   string `json:"key"`
	Title string `json:"title,omitempty"`
	ID    int64  `json:"id,omitempty"` // in the exporting database, to translate history entries
	// Kind and URL are shown by ticket show (the import reads the key).
	Kind     string `json:"kind,omitempty"`
	URL      string `json:"url,omitempty"`
	LinkedBy string `json:"linked_by"`
	LinkedAt string `json:"linked_at"`
}

// RecordProblem is a problem the ticket is an incident of, with enough of
// the problem to recreate it in a database that does not have it.
type RecordProblem struct {
	ID         int64  `json:"id"`
	Title      string `json:"title"`
	RootCause  string `json:"root_cause,omitempty"`
	Workaround string `json:"workaround,omitempty"`
	Status     string `json:"status"`
	ArticleKey string `json:"article_key,omitempty"`
	CreatedBy  string `json:"created_by"`
	CreatedAt  string `json:"created_at"`
	UpdatedAt  string `json:"updated_at"`
	SolvedAt   string `json:"solved_at,omitempty"`
	Version    int64  `json:"version"`
	LinkedBy   string `json:"linked_by"`
	LinkedAt   string `json:"linked_at"`

	articleID int64 // in the exporting database
}

// Sane bounds for imported times: before 1990 or more than a day ahead is
// a wrong year, not a ticket.
var minRecordTime = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// checkTime refuses a time outside the sane bounds.
func checkTime(field string, t time.Time, now time.Time) error {
	if t.Before(minRecordTime) {
		return &FieldError{Field: field, Code: CodeTooOld, Value: t.UTC().Format(time.RFC3339)}
	}
	if t.After(now.Add(24 * time.Hour)) {
		return &FieldError{Field: field, Code: CodeFuture, Value: t.UTC().Format(time.RFC3339)}
	}
	return nil
}

// parseRecordTime reads an RFC 3339 time within the sane bounds; empty
// gives nil.
func parseRecordTime(field, v string, now time.Time) (*time.Time, error) {
	if v == "" {
		return nil, nil
	}
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
	if err != nil {
		return nil, &FieldError{Field: field, Code: CodeNotTime, Value: v}
	}
	if err := checkTime(field, t, now); err != nil {
		return nil, err
	}
	t = t.UTC().Truncate(time.Second)
	return &t, nil
}

// NewTicket turns a record into what Create takes.
func (r Record) NewTicket() (NewTicket, error) {
	n := NewTicket{
		Title: r.Title, Description: r.Description, Status: r.Status, Major: r.Major,
		Category: r.Category, Requester: r.Requester,
		Connection: r.Connection, Device: r.Device, Assignee: r.Assignee, Tags: r.Tags,
	}
	// Absent means the default; a 0 that was written is out of range.
	for _, lv := range []struct {
		name string
		v    *int
		dst  *int
	}{{"urgency", r.Urgency, &n.Urgency}, {"impact", r.Impact, &n.Impact}} {
		if lv.v != nil {
			if err := checkLevel(lv.name, *lv.v); err != nil {
				return n, err
			}
			*lv.dst = *lv.v
		}
	}
	if r.CreatedAt != "" {
		t, err := time.Parse(time.RFC3339, strings.TrimSpace(r.CreatedAt))
		if err != nil {
			return n, &FieldError{Field: "created_at", Code: CodeNotTime, Value: r.CreatedAt}
		}
		n.CreatedAt = &t
	}
	return n, nil
}

// RecordAt is RecordOf with overdue computed at now.
func RecordAt(t *Ticket, now time.Time) Record {
	r := RecordOf(t)
	r.Overdue = t.Overdue(now)
	return r
}

// RecordOf is the form of a ticket's own fields: the one JSON shape of a
// ticket, in exports, `ticket show/list --json` and imports alike
// (ExportTickets adds follow-ups, history, links and problems; Overdue is
// set by RecordAt).
func RecordOf(t *Ticket) Record {
	r := Record{
		ID: t.ID, Title: t.Title, Description: t.Description, Status: string(t.Status),
		Priority: t.Priority, Major: t.Major, Urgency: &t.Urgency, Impact: &t.Impact,
		Category: t.Category, Requester: t.Requester, Connection: string(t.Connection),
		Device: t.Device, Assignee: t.Assignee, Tags: t.Tags,
		CreatedAt: rfc3339(t.CreatedAt), UpdatedAt: rfc3339(t.UpdatedAt),
		DueAt: rfc3339(t.DueAt), FirstResponseAt: rfc3339Ptr(t.FirstResponseAt),
		SolvedAt: rfc3339Ptr(t.SolvedAt), ClosedAt: rfc3339Ptr(t.ClosedAt),
		PendingSince: rfc3339Ptr(t.PendingSince), PendingSeconds: t.PendingSeconds,
		Version: t.Version,
	}
	if r.Tags == nil {
		r.Tags = []string{}
	}
	return r
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func rfc3339Ptr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return rfc3339(*t)
}

// DecodeRecord reads one JSON ticket object, rejecting unknown fields so a
// typo ("titel") is an error, not a silently empty title.
func DecodeRecord(data []byte) (NewTicket, error) {
	r, err := decodeRecord(data)
	if err != nil {
		return NewTicket{}, err
	}
	return r.NewTicket()
}

// decodeRecord parses one JSON object into a Record, with errors worded
// for the person who wrote the file.
func decodeRecord(data []byte) (Record, error) {
	var r Record
	if !utf8.Valid(data) {
		return r, &FieldError{Code: CodeNotUTF8, N: int64(invalidUTF8At(data) + 1)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, jsonError(err)
	}
	if dec.More() {
		return r, &FieldError{Code: CodeMoreThanOne}
	}
	return r, nil
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(b)
}

// jsonError rewords encoding/json's errors, which name Go types and
// struct fields, in the words of the file's format.
func jsonError(err error) error {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		if te.Field == "" {
			return &FieldError{Code: CodeNotObject, Other: jsonKind(te.Value)}
		}
		return &FieldError{Field: te.Field, Code: CodeWrongType, Value: goKind(te.Type), Other: jsonKind(te.Value)}
	case errors.As(err, &se):
		return &FieldError{Code: CodeBadJSON, N: se.Offset, Detail: strings.TrimPrefix(se.Error(), "json: ")}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &FieldError{Code: CodeCutShort}
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	if f, ok := strings.CutPrefix(msg, "unknown field "); ok {
		return &FieldError{Code: CodeUnknownField, Value: strings.Trim(f, `"`),
			Valid: []string{"title", "description", "status", "urgency", "impact", "category", "requester", "connection", "device", "assignee", "tags", "created_at"}}
	}
	return fmt.Errorf("not valid JSON: %s", msg)
}

// The kinds of JSON value a WrongType or NotObject error names (Value,
// Other): stable words each front end translates.
const (
	KindText   = "text"
	KindNumber = "number"
	KindBool   = "boolean"
	KindList   = "list"
	KindObject = "object"
)

func jsonKind(v string) string {
	switch {
	case v == "string":
		return KindText
	case v == "number", strings.HasPrefix(v, "number "):
		return KindNumber
	case v == "bool":
		return KindBool
	case v == "array":
		return KindList
	case v == "object":
		return KindObject
	}
	return v
}

func goKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return KindText
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Float64:
		return KindNumber
	case reflect.Bool:
		return KindBool
	case reflect.Slice:
		return KindList
	case reflect.Struct, reflect.Map:
		return KindObject
	case reflect.Pointer:
		return goKind(t.Elem())
	}
	return t.Kind().String()
}

// CSVColumns is the header of `ticket export --format csv`; import accepts
// any subset in any order (title or description required).
var CSVColumns = []string{"id", "title", "description", "status", "priority", "urgency", "impact", "category",
	"requester_name", "requester_service", "requester_email", "requester_phone",
	"connection", "device", "assignee", "tags", "created_at", "updated_at", "due_at", "version"}

// CSVRow is a ticket as a CSV row in CSVColumns order; tags are
// space-separated.
func CSVRow(t *Ticket) []string {
	return []string{strconv.FormatInt(t.ID, 10), t.Title, t.Description, string(t.Status), strconv.Itoa(t.Priority),
		strconv.Itoa(t.Urgency), strconv.Itoa(t.Impact), t.Category,
		t.Requester.Name, t.Requester.Service, t.Requester.Email, t.Requester.Phone,
		string(t.Connection), t.Device, t.Assignee, strings.Join(t.Tags, " "),
		t.CreatedAt.UTC().Format(time.RFC3339), t.UpdatedAt.UTC().Format(time.RFC3339), t.DueAt.UTC().Format(time.RFC3339),
		strconv.FormatInt(t.Version, 10)}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
