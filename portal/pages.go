package portal

import (
	"bytes"
	"context"
	"embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"hotline/access"
	"hotline/app"
	"hotline/attachments"
	"hotline/feedback"
	"hotline/kb"
	"hotline/reasons"
	"hotline/tickets"
)

//go:embed templates/*.html
var templateFiles embed.FS

//go:embed static/*
var staticFiles embed.FS

type pages struct{ byName map[string]*template.Template }

var funcs = template.FuncMap{
	// snippet turns the knowledge base's match markers into <mark>,
	// escaping everything else.
	"snippet": func(s string) template.HTML {
		var b strings.Builder
		for s != "" {
			i := strings.Index(s, kb.SnippetOpen)
			if i < 0 {
				b.WriteString(template.HTMLEscapeString(s))
				break
			}
			b.WriteString(template.HTMLEscapeString(s[:i]))
			s = s[i+len(kb.SnippetOpen):]
			j := strings.Index(s, kb.SnippetClose)
			if j < 0 {
				j = len(s)
			}
			b.WriteString("<mark>" + template.HTMLEscapeString(s[:j]) + "</mark>")
			s = strings.TrimPrefix(s[j:], kb.SnippetClose)
		}
		return template.HTML(b.String())
	},
	"clock": func(d time.Duration) string {
		sec := int(d / time.Second)
		if sec >= 3600 {
			return strconv.Itoa(sec/3600) + ":" + pad2(sec/60%60) + ":" + pad2(sec%60)
		}
		return strconv.Itoa(sec/60) + ":" + pad2(sec%60)
	},
	"seconds": func(d time.Duration) int { return int(d / time.Second) },
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func loadPages() (*pages, error) {
	p := &pages{byName: map[string]*template.Template{}}
	for _, name := range []string{"new", "status", "kb", "article", "message"} {
		t, err := template.New("base.html").Funcs(funcs).ParseFS(templateFiles, "templates/base.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		p.byName[name] = t
	}
	return p, nil
}

// page is what every template gets.
type page struct {
	L     lang
	Title string
	CSRF  string
	// Here is the path of this page, for the language switch to come back.
	Here   string
	Script bool // load the suggestion script
	Data   any
}

func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name, title string, data any) {
	l := s.lang(r)
	p := page{L: l, Title: title, CSRF: s.csrfToken(w, r), Here: r.URL.Path, Data: data, Script: name == "new"}
	var buf bytes.Buffer
	if err := s.pages.byName[name].Execute(&buf, p); err != nil {
		s.log.Error("render page", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Vary", "Accept-Language, Cookie")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

type messageData struct {
	Heading, Text string
	Status        int
	Link, LinkTo  string
}

func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	l := s.lang(r)
	s.render(w, r, status, "message", l.T("err.title"), messageData{Heading: l.T("err.title"), Text: msg, Status: status})
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	data, err := staticFiles.ReadFile("static/" + name)
	if err != nil || strings.Contains(name, "/") {
		http.NotFound(w, r)
		return
	}
	switch {
	case strings.HasSuffix(name, ".css"):
		w.Header().Set("Content-Type", "text/css; charset=utf-8")
	case strings.HasSuffix(name, ".js"):
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	_, _ = w.Write(data)
}

// ---- the new request form ----

type option struct {
	Value, Label string
}

// form is the new request form's fields, as typed.
type form struct {
	Name, Service, ServiceOther, Email, Phone, Connection, Category, Description string
	Block                                                                        int
	Remember                                                                     bool
}

type newData struct {
	Form        form
	Errors      map[string]string
	Services    []string
	Categories  []option
	Connections []option
	Blocks      []option
	Suggested   bool // the "voir les tutoriels" step was taken
	Suggestions []kb.Result
	FilesAgain  bool
	Blocked     string // the whole form is refused (kiosk key)
}

// agentCookie keeps the agent's details on their device (no secret: what
// they typed about themselves).
const agentCookie = "hotline_agent"
const kioskCookie = "hotline_kiosk"

type remembered struct {
	N, S, E, P, C string
}

func (s *Server) rememberedForm(r *http.Request) form {
	f := form{Block: 3}
	c, err := r.Cookie(agentCookie)
	if err != nil {
		return f
	}
	raw, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil {
		return f
	}
	var m remembered
	if json.Unmarshal(raw, &m) != nil {
		return f
	}
	f.Name, f.Email, f.Phone, f.Connection, f.Remember = m.N, m.E, m.P, m.C, true
	f.Service = m.S
	if m.S != "" && !contains(s.opts.Services, m.S) {
		f.Service, f.ServiceOther = "autre", m.S
	}
	return f
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (s *Server) newData(r *http.Request, f form) *newData {
	l := s.lang(r)
	d := &newData{Form: f, Errors: map[string]string{}, Services: s.opts.Services}
	for _, c := range s.desk.Tickets.Categories() {
		d.Categories = append(d.Categories, option{c, l.categoryLabel(c)})
	}
	for _, c := range []string{"home", "4g", "vpn", "office", "unknown"} {
		d.Connections = append(d.Connections, option{c, l.T("conn." + c)})
	}
	for _, b := range []string{"5", "4", "3", "2"} {
		d.Blocks = append(d.Blocks, option{b, l.T("block." + b)})
	}
	return d
}

func (s *Server) kioskAllowed(r *http.Request) bool {
	if s.opts.IntakeKey == "" {
		return true
	}
	c, err := r.Cookie(kioskCookie)
	return err == nil && equalSecret(c.Value, s.opts.IntakeKey)
}

func (s *Server) newRequestPage(w http.ResponseWriter, r *http.Request) {
	l := s.lang(r)
	if key := r.URL.Query().Get("cle"); key != "" && s.opts.IntakeKey != "" {
		if !equalSecret(key, s.opts.IntakeKey) {
			s.renderError(w, r, http.StatusForbidden, l.T("err.kiosk"))
			return
		}
		http.SetCookie(w, s.cookie(r, kioskCookie, key, 10*365*24*3600))
		// Drop the key from the address bar (and the browser history).
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	d := s.newData(r, s.rememberedForm(r))
	if !s.kioskAllowed(r) {
		d.Blocked = l.T("err.kiosk")
	}
	s.render(w, r, http.StatusOK, "new", l.T("new.title"), d)
}

// bodyLimit is the most a form with files may weigh: the text limit plus
// every file at its largest, plus the multipart framing.
func (s *Server) bodyLimit() int64 {
	lim := s.desk.Attachments.Limits()
	return s.opts.FormLimit + int64(lim.MaxFiles)*lim.MaxSize + 16<<10
}

// parseForm reads a POSTed form (multipart or not) under the size limits.
// It answers the client itself (413, 400, 403) and returns false when the
// form cannot be used.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request, files bool) bool {
	l := s.lang(r)
	limit := s.opts.FormLimit
	if files {
		limit = s.bodyLimit()
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(limit)
		if err == nil && r.MultipartForm != nil {
			// Text fields are bounded by the text limit, whatever the files.
			var n int64
			for _, vs := range r.MultipartForm.Value {
				for _, v := range vs {
					n += int64(len(v))
				}
			}
			if n > s.opts.FormLimit {
				err = &http.MaxBytesError{Limit: s.opts.FormLimit}
			}
			if !files && len(r.MultipartForm.File) > 0 {
				err = &http.MaxBytesError{Limit: s.opts.FormLimit}
			}
		}
	} else {
		err = r.ParseForm()
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		s.renderError(w, r, http.StatusRequestEntityTooLarge, l.F("err.toolarge", l.Size(s.bodyLimit())))
		return false
	case err != nil:
		s.renderError(w, r, http.StatusBadRequest, l.T("err.form"))
		return false
	}
	if !s.checkCSRF(r) {
		s.renderError(w, r, http.StatusForbidden, l.T("err.csrf"))
		return false
	}
	return true
}

// uploads reads the non-empty files of field name (a file input left empty
// sends a part with no name and no bytes).
func uploads(r *http.Request, name string) ([]attachments.Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []attachments.Upload
	for _, fh := range r.MultipartForm.File[name] {
		if fh.Filename == "" && fh.Size == 0 {
			continue
		}
		data, err := readPart(fh)
		if err != nil {
			return nil, err
		}
		out = append(out, attachments.Upload{Name: fh.Filename, Data: data})
	}
	return out, nil
}

func readPart(fh *multipart.FileHeader) ([]byte, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}

func formOf(r *http.Request) form {
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	b, _ := strconv.Atoi(v("bloquant"))
	return form{Name: v("nom"), Service: v("service"), ServiceOther: v("service_autre"), Email: v("email"), Phone: v("telephone"),
		Connection: v("connexion"), Category: v("categorie"), Description: v("description"), Block: b, Remember: v("memoriser") != ""}
}

// ticketOf maps the form to a new ticket: the blocking level is the
// urgency; the service is the chosen one or the one typed after "autre".
func (f form) ticket() tickets.NewTicket {
	service := f.Service
	if service == "autre" || service == "" {
		service = f.ServiceOther
	}
	urgency := f.Block
	if urgency < 1 || urgency > 5 {
		urgency = 3
	}
	return tickets.NewTicket{
		Description: f.Description, Category: f.Category, Connection: f.Connection, Urgency: urgency,
		Requester: tickets.Requester{Name: f.Name, Service: service, Email: f.Email, Phone: f.Phone},
	}
}

func (s *Server) submitRequest(w http.ResponseWriter, r *http.Request) {
	l := s.lang(r)
	if !s.parseForm(w, r, true) {
		return
	}
	if r.PostFormValue("site_web") != "" {
		// The honeypot: a field people never see, that bots fill. Answer as
		// if all went well, file nothing.
		s.log.Info("honeypot: request dropped")
		http.Redirect(w, r, "/merci", http.StatusSeeOther)
		return
	}
	f := formOf(r)
	d := s.newData(r, f)
	if !s.kioskAllowed(r) {
		s.renderError(w, r, http.StatusForbidden, l.T("err.kiosk"))
		return
	}
	files, err := uploads(r, "fichiers")
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, l.T("err.form"))
		return
	}
	if r.PostFormValue("etape") == "tutoriels" {
		if !s.limit(s.suggest, w, r, false) {
			return
		}
		d.Suggested = true
		d.FilesAgain = len(files) > 0
		if d.Suggestions, err = s.suggestions(r.Context(), f.Description, f.Category); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, "new", l.T("new.title"), d)
		return
	}
	if f.Name == "" {
		d.Errors["nom"] = l.T("v.name")
	}
	if f.Email == "" && f.Phone == "" {
		d.Errors["email"] = l.T("v.contact")
	}
	if f.Description == "" {
		d.Errors["description"] = l.T("v.description")
	}
	req := app.IntakeRequest{Ticket: f.ticket(), Attachments: files, Channel: tickets.ChannelPortal}
	if err := s.desk.Validate(req); err != nil {
		var ve *app.ValidationError
		if !errors.As(err, &ve) {
			s.serverError(w, r, err)
			return
		}
		for _, fe := range ve.Fields {
			if k, msg := formField(l, fe); d.Errors[k] == "" {
				d.Errors[k] = msg
			}
		}
	}
	if len(d.Errors) > 0 {
		d.FilesAgain = len(files) > 0
		s.render(w, r, http.StatusUnprocessableEntity, "new", l.T("new.title"), d)
		return
	}
	if !s.limit(s.tickets, w, r, false) {
		return
	}
	res, err := s.desk.Intake(r.Context(), req)
	if err != nil {
		var ve *app.ValidationError
		if errors.As(err, &ve) {
			for _, fe := range ve.Fields {
				k, msg := formField(l, fe)
				d.Errors[k] = msg
			}
			s.render(w, r, http.StatusUnprocessableEntity, "new", l.T("new.title"), d)
			return
		}
		s.serverError(w, r, err)
		return
	}
	if f.Remember {
		service := f.ticket().Requester.Service
		raw, _ := json.Marshal(remembered{N: f.Name, S: service, E: f.Email, P: f.Phone, C: f.Connection})
		http.SetCookie(w, s.cookie(r, agentCookie, base64.RawURLEncoding.EncodeToString(raw), 365*24*3600))
	} else if _, err := r.Cookie(agentCookie); err == nil {
		http.SetCookie(w, s.cookie(r, agentCookie, "", -1))
	}
	http.Redirect(w, r, "/suivi/"+res.Token+"?ok=envoye", http.StatusSeeOther)
}

// formField maps a use-case field error to a form field and a message in
// the agent's language, worded from the typed reason (never its English).
func formField(l lang, fe app.FieldError) (string, string) {
	why := fe.Reason
	if fe.Why != nil {
		why = reasons.Text(l.words(), fe.Why)
	}
	switch {
	case fe.Field == "title" || fe.Field == "description":
		if fe.Why != nil && fe.Why.Code == tickets.CodeNoTitle {
			return "description", l.T("v.description")
		}
		return "description", l.F("v.field", why)
	case fe.Field == "requester.email":
		return "email", l.T("v.email")
	case fe.Field == "requester.name":
		return "nom", l.F("v.field", why)
	case fe.Field == "requester.service":
		return "service", l.F("v.field", why)
	case fe.Field == "requester.phone":
		return "telephone", l.F("v.field", why)
	case fe.Field == "attachments":
		return "fichiers", l.F("v.attachments", attachmentReason(l, fe.Err))
	case fe.Field == "text":
		return "texte", l.T("v.text")
	case fe.Field == "rating":
		return "note", l.T("v.rating")
	case fe.Field == "category":
		return "categorie", l.F("v.field", why)
	case fe.Field == "connection":
		return "connexion", l.F("v.field", why)
	}
	return fe.Field, l.F("v.field", why)
}

func attachmentReason(l lang, err error) string {
	var ae *attachments.Error
	if !errors.As(err, &ae) {
		return err.Error()
	}
	if l == "en" {
		return ae.Error()
	}
	switch ae.Kind {
	case attachments.ErrTooLarge:
		return ae.Name + " dépasse " + l.Size(ae.Limit) + " : envoyez un fichier plus petit (une capture de la partie utile)."
	case attachments.ErrType:
		return ae.Name + " n'est ni une image PNG ou JPEG, ni un PDF, ni un texte (vérifié d'après son contenu)."
	case attachments.ErrTooMany:
		return strconv.FormatInt(ae.Limit, 10) + " fichiers au plus."
	case attachments.ErrEmpty:
		return ae.Name + " est vide."
	}
	return ae.Error()
}

func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return
	}
	s.log.Error("request failed", "path", redactPath(r.URL.Path), "err", err)
	s.renderError(w, r, http.StatusInternalServerError, s.lang(r).T("err.server"))
}

func (s *Server) suggestions(ctx context.Context, text, category string) ([]kb.Result, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil, nil
	}
	if len(text) > 2000 {
		text = text[:2000]
	}
	return s.desk.KB.Suggest(ctx, kb.SuggestInput{Description: text, Category: category}, 5)
}

func (s *Server) thanksPage(w http.ResponseWriter, r *http.Request) {
	l := s.lang(r)
	s.render(w, r, http.StatusOK, "message", l.T("thanks.title"), messageData{Heading: l.T("thanks.title")})
}

func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) {
	lg := r.PathValue("lang")
	if lg != "fr" && lg != "en" {
		lg = "fr"
	}
	http.SetCookie(w, s.cookie(r, langCookie, lg, 365*24*3600))
	back := r.URL.Query().Get("retour")
	if u, err := url.Parse(back); err != nil || !strings.HasPrefix(back, "/") || strings.HasPrefix(back, "//") || strings.HasPrefix(back, "/\\") || u.Host != "" {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
}

// ---- the status page ----

type statusData struct {
	T       *app.PublicTicket
	Token   string
	Link    string // the full status link, shown once after sending
	Flash   string
	Errors  map[string]string
	Reply   string
	Comment string
}

func (s *Server) statusData(w http.ResponseWriter, r *http.Request) (*statusData, bool) {
	tok := r.PathValue("token")
	p, err := s.desk.Status(r.Context(), tok)
	if errors.Is(err, access.ErrUnknownToken) {
		s.renderError(w, r, http.StatusNotFound, s.lang(r).T("err.token"))
		return nil, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return &statusData{T: p, Token: tok, Errors: map[string]string{}}, true
}

func (s *Server) statusPage(w http.ResponseWriter, r *http.Request) {
	l := s.lang(r)
	d, ok := s.statusData(w, r)
	if !ok {
		return
	}
	switch r.URL.Query().Get("ok") {
	case "envoye":
		d.Link = s.baseURL(r) + "/suivi/" + d.Token
	case "reponse":
		d.Flash = l.T("st.replied")
	case "resolu":
		d.Flash = l.T("st.solvedok")
	case "note":
		d.Flash = l.T("st.ratedok")
	}
	s.render(w, r, http.StatusOK, "status", l.F("st.title", d.T.ID), d)
}

func (s *Server) tokenError(w http.ResponseWriter, r *http.Request, err error) {
	l := s.lang(r)
	switch {
	case errors.Is(err, access.ErrUnknownToken):
		s.renderError(w, r, http.StatusNotFound, l.T("err.token"))
	case errors.Is(err, app.ErrClosed):
		s.renderError(w, r, http.StatusConflict, l.T("err.closed"))
	default:
		s.serverError(w, r, err)
	}
}

func (s *Server) replyForm(w http.ResponseWriter, r *http.Request) {
	l := s.lang(r)
	if !s.parseForm(w, r, true) {
		return
	}
	tok := r.PathValue("token")
	files, err := uploads(r, "fichiers")
	if err != nil {
		s.renderError(w, r, http.StatusBadRequest, l.T("err.form"))
		return
	}
	text := r.PostFormValue("texte")
	_, err = s.desk.Reply(r.Context(), tok, text, files, tickets.ChannelPortal)
	var ve *app.ValidationError
	if errors.As(err, &ve) {
		d, ok := s.statusData(w, r)
		if !ok {
			return
		}
		for _, fe := range ve.Fields {
			k, msg := formField(l, fe)
			d.Errors[k] = msg
		}
		d.Reply = text
		s.render(w, r, http.StatusUnprocessableEntity, "status", l.F("st.title", d.T.ID), d)
		return
	}
	if err != nil {
		s.tokenError(w, r, err)
		return
	}
	http.Redirect(w, r, "/suivi/"+tok+"?ok=reponse", http.StatusSeeOther)
}

func (s *Server) solvedForm(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r, false) {
		return
	}
	tok := r.PathValue("token")
	if err := s.desk.ConfirmSolved(r.Context(), tok, tickets.ChannelPortal); err != nil {
		s.tokenError(w, r, err)
		return
	}
	http.Redirect(w, r, "/suivi/"+tok+"?ok=resolu", http.StatusSeeOther)
}

func (s *Server) rateForm(w http.ResponseWriter, r *http.Request) {
	l := s.lang(r)
	if !s.parseForm(w, r, false) {
		return
	}
	tok := r.PathValue("token")
	score, _ := strconv.Atoi(r.PostFormValue("note"))
	comment := r.PostFormValue("commentaire")
	err := s.desk.Rate(r.Context(), tok, score, comment)
	var ve *app.ValidationError
	switch {
	case errors.As(err, &ve):
		d, ok := s.statusData(w, r)
		if !ok {
			return
		}
		for _, fe := range ve.Fields {
			k, msg := formField(l, fe)
			d.Errors[k] = msg
		}
		d.Comment = comment
		s.render(w, r, http.StatusUnprocessableEntity, "status", l.F("st.title", d.T.ID), d)
	case errors.Is(err, app.ErrNotSolved):
		s.renderError(w, r, http.StatusConflict, l.T("err.notsolved"))
	case errors.Is(err, feedback.ErrAlreadyRated):
		s.renderError(w, r, http.StatusConflict, l.T("err.rated"))
	case err != nil:
		s.tokenError(w, r, err)
	default:
		http.Redirect(w, r, "/suivi/"+tok+"?ok=note", http.StatusSeeOther)
	}
}

func (s *Server) statusAttachment(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, s.lang(r).T("err.notfound"))
		return
	}
	a, data, err := s.desk.Attachment(r.Context(), r.PathValue("token"), id)
	if errors.Is(err, attachments.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound, s.lang(r).T("err.notfound"))
		return
	}
	if err != nil {
		s.tokenError(w, r, err)
		return
	}
	serveAttachment(w, a, data)
}

// serveAttachment sends a stored file as a download, with the type found
// from its content and a name that cannot break the header.
func serveAttachment(w http.ResponseWriter, a *attachments.Attachment, data []byte) {
	ct := a.ContentType
	if ct == attachments.TypeText {
		ct += "; charset=utf-8"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Length", strconv.Itoa(len(data)))
	h.Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(a.Name))
	h.Set("Cache-Control", "private, no-store")
	_, _ = w.Write(data)
}

// ---- tutorials ----

type kbData struct {
	Query   string
	Results []kb.Result
}

func (s *Server) kbPage(w http.ResponseWriter, r *http.Request) {
	l := s.lang(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if len(q) > 500 {
		q = q[:500]
	}
	d := kbData{Query: q}
	if q != "" {
		if !s.limit(s.suggest, w, r, false) {
			return
		}
		var err error
		if d.Results, err = s.desk.KB.Search(r.Context(), q, kb.SearchOptions{Limit: 20}); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.render(w, r, http.StatusOK, "kb", l.T("kb.title"), d)
}

type articleData struct {
	A      *kb.Article
	Body   template.HTML
	Video  string // an http(s) link to the video, if any
	Thanks bool
}

func (s *Server) articlePage(w http.ResponseWriter, r *http.Request) {
	l := s.lang(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, l.T("err.article"))
		return
	}
	a, err := s.desk.KB.Get(r.Context(), id)
	if errors.Is(err, kb.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound, l.T("err.article"))
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	body, err := renderMarkdown(a.Body)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := articleData{A: a, Body: body, Thanks: r.URL.Query().Get("ok") == "merci"}
	if u, err := url.Parse(a.URL); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
		d.Video = a.URL
	}
	s.render(w, r, http.StatusOK, "article", a.Title, d)
}

func (s *Server) selfServiceForm(w http.ResponseWriter, r *http.Request) {
	l := s.lang(r)
	if !s.parseForm(w, r, false) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderError(w, r, http.StatusNotFound, l.T("err.article"))
		return
	}
	err = s.desk.SelfServiceAnswer(r.Context(), id, tickets.ChannelPortal)
	if errors.Is(err, kb.ErrNotFound) {
		s.renderError(w, r, http.StatusNotFound, l.T("err.article"))
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, "/tutoriels/"+strconv.FormatInt(id, 10)+"?ok=merci", http.StatusSeeOther)
}
