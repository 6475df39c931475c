package tickets

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// Record is a ticket as written by `ticket export` and read by `ticket
// import` and `ticket add --json-in`: the JSON field names of the command
// line. Fields only the store sets (id, version, updated_at, due_at…) are
// accepted so an export imports back, and ignored.
type Record struct {
	ID          int64     `json:"id,omitempty"`
	Title       string    `json:"title"`
	Description string    `json:"description"`
	Status      string    `json:"status"`
	Priority    int       `json:"priority,omitempty"`
	Major       bool      `json:"major,omitempty"`
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
	Overdue         bool   `json:"overdue,omitempty"`
	Version         int64  `json:"version,omitempty"`
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
		t, err := time.Parse(time.RFC3339, r.CreatedAt)
		if err != nil {
			return n, invalid("created_at", "%q is not an RFC 3339 time like 2026-11-28T09:30:00Z", r.CreatedAt)
		}
		n.CreatedAt = &t
	}
	return n, nil
}

// RecordOf is the export form of a ticket.
func RecordOf(t *Ticket) Record {
	r := Record{
		ID: t.ID, Title: t.Title, Description: t.Description, Status: string(t.Status),
		Priority: t.Priority, Major: t.Major, Urgency: &t.Urgency, Impact: &t.Impact,
		Category: t.Category, Requester: t.Requester, Connection: string(t.Connection),
		Device: t.Device, Assignee: t.Assignee, Tags: t.Tags,
		CreatedAt: t.CreatedAt.UTC().Format(time.RFC3339), UpdatedAt: t.UpdatedAt.UTC().Format(time.RFC3339),
		DueAt: t.DueAt.UTC().Format(time.RFC3339), Version: t.Version,
	}
	if r.Tags == nil {
		r.Tags = []string{}
	}
	return r
}

// DecodeRecord reads one JSON ticket object, rejecting unknown fields so a
// typo ("titel") is an error, not a silently empty title.
func DecodeRecord(data []byte) (NewTicket, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var r Record
	if err := dec.Decode(&r); err != nil {
		return NewTicket{}, fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	if dec.More() {
		return NewTicket{}, errors.New("more than one JSON value: give one ticket object")
	}
	return r.NewTicket()
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

// ImportResult is the outcome of one row of an import file.
type ImportResult struct {
	Line int
	ID   int64 // the created ticket, 0 when Err is set
	Err  error
}

// ImportSummary counts an import.
type ImportSummary struct{ Imported, Failed int }

// Import reads tickets from r (format "csv" with a header row, or "jsonl":
// one JSON object per line) and creates each in its own transaction: a bad
// row is reported through each and skipped, and never half-written. Import
// stops early only if r cannot be read or the context ends.
func (s *Store) Import(ctx context.Context, r io.Reader, format, actor string, each func(ImportResult)) (ImportSummary, error) {
	var sum ImportSummary
	emit := func(res ImportResult) {
		if res.Err != nil {
			sum.Failed++
		} else {
			sum.Imported++
		}
		if each != nil {
			each(res)
		}
	}
	create := func(line int, n NewTicket) {
		if n.Channel == "" {
			n.Channel = ChannelImport
		}
		t, err := s.Create(ctx, n, actor)
		if err != nil {
			emit(ImportResult{Line: line, Err: errors.Unwrap(err)})
			return
		}
		emit(ImportResult{Line: line, ID: t.ID})
	}
	switch format {
	case "jsonl":
		sc := bufio.NewScanner(r)
		sc.Buffer(make([]byte, 64<<10), MaxDescriptionLen+256<<10)
		line := 0
		for sc.Scan() {
			line++
			if err := ctx.Err(); err != nil {
				return sum, err
			}
			raw := bytes.TrimSpace(sc.Bytes())
			if len(raw) == 0 {
				continue
			}
			n, err := DecodeRecord(raw)
			if err != nil {
				emit(ImportResult{Line: line, Err: err})
				continue
			}
			create(line, n)
		}
		if err := sc.Err(); err != nil {
			if errors.Is(err, bufio.ErrTooLong) {
				emit(ImportResult{Line: line + 1, Err: fmt.Errorf("line longer than %d bytes: the rest of the file was not read", MaxDescriptionLen+256<<10)})
				return sum, nil
			}
			return sum, fmt.Errorf("read line %d: %w", line+1, err)
		}
	case "csv":
		if err := importCSV(ctx, r, emit, create); err != nil {
			return sum, err
		}
	default:
		return sum, fmt.Errorf("unknown import format %q: use a .csv or .jsonl file", format)
	}
	return sum, nil
}

func importCSV(ctx context.Context, r io.Reader, emit func(ImportResult), create func(int, NewTicket)) error {
	count := emit
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return errors.New("the file is empty: expected a header row such as title,description,category")
	}
	if err != nil {
		return fmt.Errorf("line 1: %v", err)
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")))
		h = strings.ReplaceAll(strings.ReplaceAll(h, ".", "_"), " ", "_")
		if !contains(CSVColumns, h) {
			return fmt.Errorf("line 1: unknown column %q: use columns among %s", header[i], strings.Join(CSVColumns, ", "))
		}
		cols[h] = i
	}
	if _, ok := cols["title"]; !ok {
		if _, ok := cols["description"]; !ok {
			return errors.New("line 1: the header needs a title or a description column")
		}
	}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := cr.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				count(ImportResult{Line: pe.StartLine, Err: fmt.Errorf("malformed CSV: %v", pe.Err)})
				continue
			}
			return err
		}
		get := func(name string) string {
			if i, ok := cols[name]; ok && i < len(row) {
				return row[i]
			}
			return ""
		}
		rec := Record{
			Title: get("title"), Description: get("description"), Status: get("status"),
			Category: get("category"), Connection: get("connection"), Device: get("device"), Assignee: get("assignee"),
			Requester: Requester{Name: get("requester_name"), Service: get("requester_service"), Email: get("requester_email"), Phone: get("requester_phone")},
			Tags:      strings.FieldsFunc(get("tags"), func(r rune) bool { return r == ' ' || r == ';' || r == ',' }),
			CreatedAt: get("created_at"),
		}
		if get("priority") == "6" {
			rec.Major = true
		}
		bad := false
		for _, f := range []struct {
			name string
			dst  *int
		}{{"urgency", new(int)}, {"impact", new(int)}} {
			if v := strings.TrimSpace(get(f.name)); v != "" {
				n, err := strconv.Atoi(v)
				if err != nil {
					count(ImportResult{Line: line, Err: invalid(f.name, "%q is not a number: use 1 to 5", v)})
					bad = true
					break
				}
				*f.dst = n
				if f.name == "urgency" {
					rec.Urgency = f.dst
				} else {
					rec.Impact = f.dst
				}
			}
		}
		if bad {
			continue
		}
		n, err := rec.NewTicket()
		if err != nil {
			count(ImportResult{Line: line, Err: err})
			continue
		}
		create(line, n)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
