package portal

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"hotline/access"
	"hotline/app"
	"hotline/attachments"
	"hotline/kb"
	"hotline/tickets"
)

type apiError struct {
	Error  string           `json:"error"`
	Code   string           `json:"code"`
	Fields []app.FieldError `json:"fields,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// apiKey checks the Authorization: Bearer key of a request to the ticket
// endpoints, answering 401 itself when it is missing or wrong.
func (s *Server) apiKey(w http.ResponseWriter, r *http.Request) bool {
	auth := r.Header.Get("Authorization")
	secret, ok := strings.CutPrefix(auth, "Bearer ")
	if ok {
		if _, err := s.desk.Access.CheckKey(r.Context(), strings.TrimSpace(secret)); err == nil {
			return true
		} else if !errors.Is(err, access.ErrUnknownKey) {
			s.log.Error("check API key", "err", err)
			writeJSON(w, http.StatusInternalServerError, apiError{Error: "internal error: try again", Code: "internal"})
			return false
		}
	}
	w.Header().Set("WWW-Authenticate", `Bearer realm="hotline"`)
	writeJSON(w, http.StatusUnauthorized, apiError{Error: "missing or invalid API key: send Authorization: Bearer hk_… (hotline apikey add NAME)", Code: "unauthorized"})
	return false
}

// apiUpload is an attachment in a JSON request.
type apiUpload struct {
	Name    string `json:"name"`
	Content string `json:"content_base64"`
}

// readJSON decodes the body (at most limit bytes) into v, answering 413 or
// 400 itself.
func readJSON(w http.ResponseWriter, r *http.Request, limit int64, v any) bool {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		writeJSON(w, http.StatusUnsupportedMediaType, apiError{Error: "send JSON with Content-Type: application/json", Code: "unsupported_media_type"})
		return false
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeJSON(w, http.StatusRequestEntityTooLarge, apiError{Error: "request body larger than " + strconv.FormatInt(limit, 10) + " bytes", Code: "too_large"})
		return false
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "could not read the body: " + err.Error(), Code: "bad_request"})
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "invalid JSON: " + strings.TrimPrefix(err.Error(), "json: "), Code: "bad_json",
			Fields: []app.FieldError{{Field: "body", Reason: strings.TrimPrefix(err.Error(), "json: ")}}})
		return false
	}
	if dec.More() {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "more than one JSON value: send one object", Code: "bad_json"})
		return false
	}
	return true
}

func decodeUploads(in []apiUpload) ([]attachments.Upload, *app.FieldError) {
	out := make([]attachments.Upload, 0, len(in))
	for i, u := range in {
		data, err := base64.StdEncoding.DecodeString(u.Content)
		if err != nil {
			return nil, &app.FieldError{Field: "attachments[" + strconv.Itoa(i) + "].content_base64", Reason: "is not standard base64"}
		}
		out = append(out, attachments.Upload{Name: u.Name, Data: data})
	}
	return out, nil
}

// jsonLimit is the body limit of a JSON request with files (base64 grows
// them by a third).
func (s *Server) jsonLimit() int64 {
	lim := s.desk.Attachments.Limits()
	return s.opts.FormLimit + int64(lim.MaxFiles)*(lim.MaxSize*4/3+4) + 16<<10
}

func validationJSON(w http.ResponseWriter, ve *app.ValidationError) {
	writeJSON(w, http.StatusUnprocessableEntity, apiError{Error: ve.Error(), Code: "invalid", Fields: ve.Fields})
}

type apiTicketCreated struct {
	ID          int64  `json:"id"`
	Status      string `json:"status"`
	Token       string `json:"token"`
	StatusURL   string `json:"status_url"`
	Attachments int    `json:"attachments"`
}

// apiCreate: POST /api/tickets. The body is a ticket as `ticket import`
// reads it (same fields, same validation) plus optional attachments.
// API keys are for trusted systems filing for many agents (often from
// one address), so the per-address limit does not apply to them.
func (s *Server) apiCreate(w http.ResponseWriter, r *http.Request) {
	if !s.apiKey(w, r) {
		return
	}
	var body struct {
		tickets.Record
		Attachments []apiUpload `json:"attachments"`
	}
	if !readJSON(w, r, s.jsonLimit(), &body) {
		return
	}
	n, err := body.Record.NewTicket()
	var ve app.ValidationError
	var fe *tickets.FieldError
	if errors.As(err, &fe) {
		ve.Fields = append(ve.Fields, app.FieldError{Field: strings.ReplaceAll(fe.Field, " ", "."), Reason: fe.Reason(), Why: fe, Err: err})
	}
	ups, bad := decodeUploads(body.Attachments)
	if bad != nil {
		ve.Fields = append(ve.Fields, *bad)
	}
	if len(ve.Fields) > 0 {
		validationJSON(w, &ve)
		return
	}
	res, err := s.desk.Intake(r.Context(), app.IntakeRequest{Ticket: n, Attachments: ups, Channel: tickets.ChannelAPI})
	if pve := (*app.ValidationError)(nil); errors.As(err, &pve) {
		validationJSON(w, pve)
		return
	}
	if err != nil {
		s.log.Error("api create", "err", err)
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "internal error: nothing was saved; try again", Code: "internal"})
		return
	}
	w.Header().Set("Location", "/api/tickets/"+res.Token)
	writeJSON(w, http.StatusCreated, apiTicketCreated{ID: res.Ticket.ID, Status: string(res.Ticket.Status), Token: res.Token,
		StatusURL: s.baseURL(r) + "/suivi/" + res.Token, Attachments: len(res.Attachments)})
}

type apiAttachment struct {
	ID          int64     `json:"id"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
	CreatedAt   time.Time `json:"created_at"`
}

type apiFollowup struct {
	FromRequester bool            `json:"from_requester"`
	Author        string          `json:"author,omitempty"`
	Body          string          `json:"body"`
	At            time.Time       `json:"at"`
	Attachments   []apiAttachment `json:"attachments,omitempty"`
}

type apiArticle struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Kind  string `json:"kind"`
	URL   string `json:"url"`
}

type apiStatus struct {
	ID          int64           `json:"id"`
	Title       string          `json:"title"`
	Description string          `json:"description"`
	Status      string          `json:"status"`
	Category    string          `json:"category"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
	SolvedAt    *time.Time      `json:"solved_at,omitempty"`
	Followups   []apiFollowup   `json:"followups"`
	Articles    []apiArticle    `json:"articles"`
	Attachments []apiAttachment `json:"attachments"`
	Rating      *int            `json:"rating,omitempty"`
}

func apiAttachments(in []attachments.Attachment) []apiAttachment {
	out := []apiAttachment{}
	for _, a := range in {
		out = append(out, apiAttachment{ID: a.ID, Name: a.Name, ContentType: a.ContentType, Size: a.Size, CreatedAt: a.CreatedAt})
	}
	return out
}

func (s *Server) tokenJSONError(w http.ResponseWriter, err error) {
	switch {
	case errors.Is(err, access.ErrUnknownToken):
		writeJSON(w, http.StatusNotFound, apiError{Error: "unknown status token", Code: "not_found"})
	case errors.Is(err, app.ErrClosed):
		writeJSON(w, http.StatusConflict, apiError{Error: "the ticket is closed: file a new one", Code: "closed"})
	default:
		s.log.Error("api", "err", err)
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "internal error: nothing was saved; try again", Code: "internal"})
	}
}

func (s *Server) apiStatus(w http.ResponseWriter, r *http.Request) {
	if !s.apiKey(w, r) {
		return
	}
	p, err := s.desk.Status(r.Context(), r.PathValue("token"))
	if err != nil {
		s.tokenJSONError(w, err)
		return
	}
	out := apiStatus{ID: p.ID, Title: p.Title, Description: p.Description, Status: string(p.Status), Category: p.Category,
		CreatedAt: p.CreatedAt, UpdatedAt: p.UpdatedAt, SolvedAt: p.SolvedAt, Followups: []apiFollowup{}, Articles: []apiArticle{},
		Attachments: apiAttachments(p.Attachments)}
	for _, f := range p.Followups {
		out.Followups = append(out.Followups, apiFollowup{FromRequester: f.FromRequester, Author: f.Author, Body: f.Body, At: f.At, Attachments: apiAttachments(f.Attachments)})
	}
	for _, a := range p.Articles {
		out.Articles = append(out.Articles, apiArticle{ID: a.ID, Title: a.Title, Kind: string(a.Kind), URL: s.baseURL(r) + "/tutoriels/" + strconv.FormatInt(a.ID, 10)})
	}
	if p.Rating != nil {
		out.Rating = &p.Rating.Score
	}
	writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiReply(w http.ResponseWriter, r *http.Request) {
	if !s.apiKey(w, r) {
		return
	}
	var body struct {
		Text        string      `json:"text"`
		Attachments []apiUpload `json:"attachments"`
	}
	if !readJSON(w, r, s.jsonLimit(), &body) {
		return
	}
	ups, bad := decodeUploads(body.Attachments)
	if bad != nil {
		validationJSON(w, &app.ValidationError{Fields: []app.FieldError{*bad}})
		return
	}
	f, err := s.desk.Reply(r.Context(), r.PathValue("token"), body.Text, ups, tickets.ChannelAPI)
	if ve := (*app.ValidationError)(nil); errors.As(err, &ve) {
		validationJSON(w, ve)
		return
	}
	if err != nil {
		s.tokenJSONError(w, err)
		return
	}
	writeJSON(w, http.StatusCreated, map[string]any{"id": f.ID, "at": f.CreatedAt})
}

type apiResult struct {
	ID      int64    `json:"id"`
	Title   string   `json:"title"`
	Kind    string   `json:"kind"`
	URL     string   `json:"url"` // the portal's page for the article
	Snippet string   `json:"snippet,omitempty"`
	At      *float64 `json:"at,omitempty"`
}

func (s *Server) results(r *http.Request, in []kb.Result) []apiResult {
	out := []apiResult{}
	strip := strings.NewReplacer(kb.SnippetOpen, "", kb.SnippetClose, "")
	for _, h := range in {
		out = append(out, apiResult{ID: h.ID, Title: h.Title, Kind: string(h.Kind), URL: "/tutoriels/" + strconv.FormatInt(h.ID, 10),
			Snippet: strip.Replace(h.Snippet), At: h.At})
	}
	return out
}

// apiSuggest: GET /api/suggest?q= — the tutorials matching what an agent
// is typing (the portal's script calls it; no key, per-address limit).
func (s *Server) apiSuggest(w http.ResponseWriter, r *http.Request) {
	if !s.limit(s.suggest, w, r, true) {
		return
	}
	hits, err := s.suggestions(r.Context(), r.URL.Query().Get("q"), r.URL.Query().Get("categorie"))
	if err != nil {
		s.log.Error("api suggest", "err", err)
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "internal error", Code: "internal"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": s.results(r, hits)})
}

// apiKB: GET /api/kb?q= — search the knowledge base (same ranking as the
// technicians' interface).
func (s *Server) apiKB(w http.ResponseWriter, r *http.Request) {
	if !s.limit(s.suggest, w, r, true) {
		return
	}
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		writeJSON(w, http.StatusBadRequest, apiError{Error: "give the words to search with ?q=", Code: "invalid",
			Fields: []app.FieldError{{Field: "q", Reason: "is empty"}}})
		return
	}
	if len(q) > 500 {
		q = q[:500]
	}
	hits, err := s.desk.KB.Search(r.Context(), q, kb.SearchOptions{Limit: 20})
	if err != nil {
		s.log.Error("api kb", "err", err)
		writeJSON(w, http.StatusInternalServerError, apiError{Error: "internal error", Code: "internal"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"results": s.results(r, hits)})
}

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) {
	data, _ := staticFiles.ReadFile("static/openapi.json")
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write(data)
}
