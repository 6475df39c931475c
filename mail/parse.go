// Package mail is Hotline's mail channel: it reads the helpdesk's mailbox
// (IMAP, mbox, Maildir), turns each mail into a ticket or a follow-up, and
// sends the answers back over SMTP from an outbox.
//
// This file reads one mail with go-message: headers (RFC 2047), bodies
// (quoted-printable, base64), the charsets French Outlook really sends, the
// text to keep and the attachments, within the portal's limits.
package mail

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/mail"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-message"
	"github.com/emersion/go-message/charset"
	gomail "github.com/emersion/go-message/mail"
	"golang.org/x/text/encoding/charmap"
)

func init() {
	// Mails labelled ISO-8859-1 by Outlook are really Windows-1252 (€, ’,
	// « », œ live in 0x80–0x9F): decode them as such, as browsers do.
	charset.RegisterEncoding("iso-8859-1", charmap.Windows1252)
	charset.RegisterEncoding("latin1", charmap.Windows1252)
}

// Limits bound what one mail may bring in.
type Limits struct {
	// MaxAttachmentSize is the largest file kept; larger ones are refused
	// with a note on the ticket, the rest of the mail is kept.
	MaxAttachmentSize int64
	// MaxAttachments is how many files one mail may attach.
	MaxAttachments int
	// MaxTextSize bounds the text kept from the body.
	MaxTextSize int
}

// DefaultLimits are used when a limit is zero.
var DefaultLimits = Limits{MaxAttachmentSize: 10 << 20, MaxAttachments: 10, MaxTextSize: 512 << 10}

func (l Limits) withDefaults() Limits {
	if l.MaxAttachmentSize <= 0 {
		l.MaxAttachmentSize = DefaultLimits.MaxAttachmentSize
	}
	if l.MaxAttachments <= 0 {
		l.MaxAttachments = DefaultLimits.MaxAttachments
	}
	if l.MaxTextSize <= 0 {
		l.MaxTextSize = DefaultLimits.MaxTextSize
	}
	return l
}

// Address is a sender or recipient.
type Address struct {
	Name  string
	Email string // lower-cased
}

// Message is one mail as Hotline understands it.
type Message struct {
	// MessageID is the Message-ID without angle brackets; Key is what makes
	// the mail unique: the Message-ID, else a digest of its bytes.
	MessageID string
	Key       string

	From       Address
	ReplyTo    Address
	To         []Address
	Subject    string // decoded, as sent
	Date       time.Time
	InReplyTo  []string
	References []string

	// Text is the body: text/plain preferred, else the HTML made readable.
	// It is the whole body; see Reply for the part without quotes.
	Text string
	// Attachments are the files kept; Refused lists those over the limits.
	Attachments []Attachment
	Refused     []Refused

	// Auto says why the mail is an automatic answer ("" when a person wrote
	// it); Bounce is a delivery failure report.
	Auto   string
	Bounce bool

	// Problems are parts that could not be read; the rest of the mail was.
	Problems []string
	Size     int64
	// Language is "fr" or "en" when the mailer says (Content-Language,
	// Accept-Language), else "".
	Language string
}

// Attachment is a file kept from a mail.
type Attachment struct {
	Name        string
	ContentType string
	Data        []byte
}

// Refused is a file not kept, and why.
type Refused struct {
	Name   string
	Size   int64
	Reason string
}

// ParseError is a mail that cannot be read at all. Code says why, with
// the header and the value concerned, so that a front end words it in its
// user's language; Error() stays English, for logs.
type ParseError struct {
	Code   ParseCode
	Header string // the address header concerned (From, Reply-To)
	Value  string // its first line, cut at 80 characters
	Detail string // the MIME parser's own words (English)
}

// ParseCode is why a mail could not be read.
type ParseCode string

const (
	CodeBadHeader  ParseCode = "bad-header"  // Detail
	CodeBrokenMIME ParseCode = "broken-mime" // Detail
	CodeNoSender   ParseCode = "no-sender"   // Value: the From header
	CodeNoAddress  ParseCode = "no-address"  // Header, Value
)

// ParseCodes lists every code, for the front ends' tests.
func ParseCodes() []ParseCode {
	return []ParseCode{CodeBadHeader, CodeBrokenMIME, CodeNoSender, CodeNoAddress}
}

func (e *ParseError) Error() string {
	switch e.Code {
	case CodeBadHeader:
		return "unreadable header: " + e.Detail
	case CodeBrokenMIME:
		return "broken MIME structure: " + e.Detail
	case CodeNoSender:
		return fmt.Sprintf("no sender address (From: %q)", e.Value)
	case CodeNoAddress:
		return fmt.Sprintf("%s: no address in %q", e.Header, e.Value)
	}
	return string(e.Code)
}

// Parse reads one mail. A part that cannot be decoded is noted in Problems
// and skipped; only a mail without a readable header or sender fails.
func Parse(r io.Reader, lim Limits) (*Message, error) {
	lim = lim.withDefaults()
	h := sha256.New()
	counter := &countingReader{r: io.TeeReader(r, h)}
	br := bufio.NewReaderSize(counter, 32<<10)
	e, err := message.Read(br)
	if e == nil {
		if err == nil {
			err = errors.New("empty")
		}
		return nil, &ParseError{Code: CodeBadHeader, Detail: err.Error()}
	}
	m := &Message{}
	if err != nil {
		m.Problems = append(m.Problems, err.Error())
	}
	hdr := gomail.Header{Header: e.Header}
	if err := m.readHeader(hdr); err != nil {
		return nil, err
	}
	var plain, html []string
	walkErr := e.Walk(func(path []int, part *message.Entity, err error) error {
		if err != nil {
			m.Problems = append(m.Problems, fmt.Sprintf("part %s: %v", partPath(path), err))
		}
		if part == nil {
			return nil
		}
		mt, params, _ := part.Header.ContentType()
		mt = strings.ToLower(mt)
		if mt == "multipart/report" && strings.EqualFold(params["report-type"], "delivery-status") {
			m.Bounce = true
		}
		if strings.HasPrefix(mt, "multipart/") {
			return nil
		}
		if mt == "message/delivery-status" || mt == "message/global-delivery-status" {
			m.Bounce = true
		}
		disp, dparams, _ := part.Header.ContentDisposition()
		name := dparams["filename"]
		if name == "" {
			name = params["name"]
		}
		name = decodeWord(name)
		isText := (mt == "text/plain" || mt == "text/html" || mt == "") && name == ""
		if strings.EqualFold(disp, "attachment") || !isText {
			if !strings.EqualFold(disp, "attachment") && name == "" && (strings.HasPrefix(mt, "message/") || strings.HasPrefix(mt, "text/")) {
				// Delivery reports and headers of bounced mails: not files.
				_, _ = io.Copy(io.Discard, part.Body)
				return nil
			}
			m.readAttachment(part, mt, name, lim, path)
			return nil
		}
		body, rerr := readText(part, lim.MaxTextSize)
		if rerr != nil {
			m.Problems = append(m.Problems, fmt.Sprintf("part %s: %v", partPath(path), rerr))
		}
		if mt == "text/html" {
			html = append(html, body)
		} else {
			plain = append(plain, body)
		}
		return nil
	})
	if walkErr != nil {
		m.Problems = append(m.Problems, fmt.Sprintf("MIME structure: %v", walkErr))
	}
	// Whatever the structure left unread still counts for the digest.
	_, _ = io.Copy(io.Discard, br)
	m.Size = counter.n
	switch {
	case hasText(plain):
		m.Text = strings.Join(plain, "\n\n")
	case hasText(html):
		parts := make([]string, len(html))
		for i, s := range html {
			parts[i] = HTMLToText(s)
		}
		m.Text = strings.Join(parts, "\n\n")
	}
	m.Text = cleanBody(m.Text)
	if walkErr != nil && m.Text == "" && len(m.Attachments) == 0 {
		return nil, &ParseError{Code: CodeBrokenMIME, Detail: walkErr.Error()}
	}
	if m.MessageID != "" {
		m.Key = m.MessageID
	} else {
		m.Key = "sha256:" + hex.EncodeToString(h.Sum(nil))
	}
	if m.Auto == "" && autoSubject.MatchString(m.Subject) {
		m.Auto = "subject " + fmt.Sprintf("%q", firstLine(m.Subject, 60))
	}
	return m, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func partPath(path []int) string {
	if len(path) == 0 {
		return "1"
	}
	s := make([]string, len(path))
	for i, p := range path {
		s[i] = fmt.Sprint(p + 1)
	}
	return strings.Join(s, ".")
}

func hasText(parts []string) bool {
	for _, p := range parts {
		if strings.TrimSpace(p) != "" {
			return true
		}
	}
	return false
}

var wordDecoder = mime.WordDecoder{CharsetReader: charset.Reader}

// decodeWord decodes RFC 2047 encoded words, keeping s when it cannot.
func decodeWord(s string) string {
	if !strings.Contains(s, "=?") {
		return s
	}
	if d, err := wordDecoder.DecodeHeader(s); err == nil {
		return d
	}
	return s
}

func (m *Message) readHeader(h gomail.Header) error {
	from, err := addressOf(h, "From")
	if err != nil {
		return err
	}
	if from.Email == "" {
		return &ParseError{Code: CodeNoSender, Value: firstLine(h.Get("From"), 80)}
	}
	m.From = from
	if rt, err := addressOf(h, "Reply-To"); err == nil {
		m.ReplyTo = rt
	}
	if to, err := h.AddressList("To"); err == nil {
		for _, a := range to {
			m.To = append(m.To, Address{Name: ensureUTF8(a.Name), Email: ensureUTF8(strings.ToLower(a.Address))})
		}
	}
	if s, err := h.Subject(); err == nil {
		m.Subject = s
	} else {
		m.Subject = decodeWord(h.Get("Subject"))
	}
	m.Subject = ensureUTF8(m.Subject)
	if d, err := h.Date(); err == nil {
		m.Date = d.UTC()
	}
	m.MessageID = firstMsgID(h, "Message-Id")
	m.InReplyTo = msgIDs(h, "In-Reply-To")
	m.References = msgIDs(h, "References")
	m.Auto = autoReason(h)
	m.Language = languageOf(h.Get("Content-Language"), h.Get("Accept-Language"))
	if fromDaemon(m.From.Email) {
		m.Bounce = true
	}
	return nil
}

var angleAddr = regexp.MustCompile(`<([^<>@\s]+@[^<>\s]+)>|([^\s<>"@,;]+@[^\s<>",;]+)`)

// addressOf reads an address header leniently: a strict parse first, then
// net/mail's, then the first thing that looks like an address.
func addressOf(h gomail.Header, key string) (Address, error) {
	a, err := addressOfRaw(h, key)
	a.Name, a.Email = ensureUTF8(a.Name), ensureUTF8(a.Email)
	return a, err
}

func addressOfRaw(h gomail.Header, key string) (Address, error) {
	raw := h.Get(key)
	if strings.TrimSpace(raw) == "" {
		return Address{}, nil
	}
	if l, err := h.AddressList(key); err == nil && len(l) > 0 {
		return Address{Name: ensureUTF8(l[0].Name), Email: strings.ToLower(l[0].Address)}, nil
	}
	if a, err := mail.ParseAddress(raw); err == nil {
		return Address{Name: decodeWord(a.Name), Email: strings.ToLower(a.Address)}, nil
	}
	if mm := angleAddr.FindStringSubmatch(raw); mm != nil {
		email := mm[1]
		if email == "" {
			email = mm[2]
		}
		name := strings.TrimSpace(strings.Trim(strings.SplitN(raw, "<", 2)[0], ` "`))
		return Address{Name: decodeWord(name), Email: strings.ToLower(email)}, nil
	}
	return Address{}, &ParseError{Code: CodeNoAddress, Header: key, Value: firstLine(raw, 80)}
}

var msgIDPattern = regexp.MustCompile(`<([^<>\s]+)>`)

func firstMsgID(h gomail.Header, key string) string {
	if id, err := h.MessageID(); err == nil && id != "" && key == "Message-Id" {
		return id
	}
	if ids := msgIDs(h, key); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

// msgIDs reads a list of message ids leniently (Outlook folds References
// oddly, some mailers forget the angle brackets).
func msgIDs(h gomail.Header, key string) []string {
	if l, err := h.MsgIDList(key); err == nil && len(l) > 0 {
		return l
	}
	raw := h.Get(key)
	var out []string
	for _, m := range msgIDPattern.FindAllStringSubmatch(raw, -1) {
		out = append(out, m[1])
	}
	if len(out) == 0 {
		if f := strings.Fields(raw); len(f) == 1 && strings.Contains(f[0], "@") {
			out = append(out, strings.Trim(f[0], "<>"))
		}
	}
	return out
}

// languageOf reads the first language tag of the headers Outlook sets.
func languageOf(values ...string) string {
	for _, v := range values {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(v, ",", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "fr"):
			return "fr"
		case strings.HasPrefix(tag, "en"):
			return "en"
		}
	}
	return ""
}

// autoReason says why the headers mark an automatic mail, "" when none.
func autoReason(h gomail.Header) string {
	if v := strings.ToLower(strings.TrimSpace(h.Get("Auto-Submitted"))); v != "" && v != "no" {
		return "Auto-Submitted: " + v
	}
	if v := h.Get("X-Auto-Response-Suppress"); v != "" {
		return "X-Auto-Response-Suppress: " + firstLine(v, 40)
	}
	switch v := strings.ToLower(strings.TrimSpace(h.Get("Precedence"))); v {
	case "bulk", "junk", "list", "auto_reply":
		return "Precedence: " + v
	}
	for _, k := range []string{"X-Autoreply", "X-Autorespond", "X-Autoresponder"} {
		if h.Get(k) != "" {
			return k
		}
	}
	return ""
}

// autoSubject matches the subjects of out-of-office answers in French and
// English, as Outlook and Gmail write them.
var autoSubject = regexp.MustCompile(`(?i)^\s*(réponse automatique|reponse automatique|automatic reply|auto(matic)?[- ]?reply|out of (the )?office|absence du bureau|absent du bureau|message d'absence)\b`)

func fromDaemon(email string) bool {
	local, _, _ := strings.Cut(email, "@")
	switch local {
	case "mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon":
		return true
	}
	return false
}

// readText reads a text part, at most max bytes, as UTF-8: a part that
// claims no charset (or a wrong one) but is not UTF-8 is read as
// Windows-1252, the usual case for French mailers.
func readText(part *message.Entity, max int) (string, error) {
	data, err := io.ReadAll(io.LimitReader(part.Body, int64(max)+1))
	if len(data) > max {
		data = data[:max]
		_, _ = io.Copy(io.Discard, part.Body)
	}
	return ensureUTF8(string(data)), err
}

func ensureUTF8(s string) string {
	if utf8.ValidString(s) {
		return fixC1(s)
	}
	if d, err := charmap.Windows1252.NewDecoder().String(s); err == nil && utf8.ValidString(d) {
		return d
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

func (m *Message) readAttachment(part *message.Entity, mt, name string, lim Limits, path []int) {
	if name == "" {
		name = "piece-jointe-" + partPath(path)
		if exts, _ := mime.ExtensionsByType(mt); len(exts) > 0 {
			name += exts[0]
		}
	}
	name = ensureUTF8(name)
	if len(m.Attachments) >= lim.MaxAttachments {
		n, _ := io.Copy(io.Discard, part.Body)
		m.Refused = append(m.Refused, Refused{Name: name, Size: n, Reason: fmt.Sprintf("more than %d files in one mail", lim.MaxAttachments)})
		return
	}
	var buf bytes.Buffer
	n, err := io.Copy(&buf, io.LimitReader(part.Body, lim.MaxAttachmentSize+1))
	if err != nil {
		m.Problems = append(m.Problems, fmt.Sprintf("attachment %q: %v", name, err))
		m.Refused = append(m.Refused, Refused{Name: name, Size: n, Reason: "could not be decoded"})
		_, _ = io.Copy(io.Discard, part.Body)
		return
	}
	if n > lim.MaxAttachmentSize {
		rest, _ := io.Copy(io.Discard, part.Body)
		m.Refused = append(m.Refused, Refused{Name: name, Size: n + rest, Reason: fmt.Sprintf("larger than %s", HumanSize(lim.MaxAttachmentSize))})
		return
	}
	if mt == "" {
		mt = "application/octet-stream"
	}
	m.Attachments = append(m.Attachments, Attachment{Name: name, ContentType: mt, Data: buf.Bytes()})
}

// fixC1 maps C1 control characters to what Windows-1252 puts there: Go's
// RFC 2047 decoder reads ISO-8859-1 words itself, so an Outlook subject's
// "–" (0x96) arrives as U+0096; real text never holds C1 controls.
func fixC1(s string) string {
	if !strings.ContainsFunc(s, isC1) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isC1(r) {
			if d := charmap.Windows1252.DecodeByte(byte(r)); d != utf8.RuneError {
				return d
			}
		}
		return r
	}, s)
}

func isC1(r rune) bool { return r >= 0x80 && r <= 0x9f }

// HumanSize writes a byte count the way people read it.
func HumanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// cleanBody normalises line ends and drops trailing spaces and blank lines.
func cleanBody(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = strings.ReplaceAll(s, "\u00a0", " ")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return strings.Trim(strings.Join(lines, "\n"), "\n")
}

func firstLine(s string, n int) string {
	s, _, _ = strings.Cut(s, "\n")
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
