package mail

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParse: whatever arrives in the mailbox, reading it never panics, and
// what it gives is valid UTF-8 within the limits.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.eml")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("From: a@b\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>hi<br><a href=x>y</a>\r\n--x--\r\n"))
	lim := Limits{MaxAttachmentSize: 1 << 10, MaxAttachments: 2, MaxTextSize: 4 << 10}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := Parse(bytes.NewReader(raw), lim)
		if err != nil {
			return
		}
		for _, s := range []string{m.Subject, m.Text, m.From.Name, m.From.Email, Title(m.Subject), Reply(m.Text)} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8: %q", s)
			}
		}
		if len(m.Text) > 4*lim.MaxTextSize*2+16 {
			t.Fatalf("text of %d bytes over the limit", len(m.Text))
		}
		for _, a := range m.Attachments {
			if int64(len(a.Data)) > lim.MaxAttachmentSize {
				t.Fatalf("attachment of %d bytes over the limit", len(a.Data))
			}
		}
		if len(m.Attachments) > lim.MaxAttachments {
			t.Fatalf("%d attachments over the limit", len(m.Attachments))
		}
		_ = HTMLToText(string(raw))
	})
}
