package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"hotline/attachments"
	"hotline/internal/db"
	"hotline/kb"
	"hotline/tickets"
)

// lazyFiles is an attachment store set once the harness's database exists.
type lazyFiles struct{ s *attachments.Store }

func (l *lazyFiles) List(ctx context.Context, id int64) ([]attachments.Attachment, error) {
	return l.s.List(ctx, id)
}
func (l *lazyFiles) Open(ctx context.Context, tid, id int64) (*attachments.Attachment, []byte, error) {
	return l.s.Open(ctx, tid, id)
}

func TestTicketScreenListsAttachmentsAndOpensThem(t *testing.T) {
	tmp := t.TempDir()
	files := &lazyFiles{}
	h := newHarness(t, 120, 40, withEnv(map[string]string{"TMPDIR": tmp}), func(o *Options) { o.Attachments = files })
	ctx := context.Background()
	d, err := db.Open(ctx, h.db.Path, tickets.Schema, kb.Schema, attachments.Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	files.s = attachments.NewStore(d.DB, attachments.Limits{}, nil)
	png := append([]byte("\x89PNG\r\n\x1a\n"), make([]byte, 2000)...)
	if _, err := files.s.Add(ctx, h.ids["vpn"], []attachments.Upload{{Name: "capture\x1b[31m.png", Data: png}}, "Jeanne Martin", "portal"); err != nil {
		t.Fatal(err)
	}
	h.selectTicket("vpn")
	h.press("enter")
	h.mustSee("Pièces jointes", "capture[31m.png · 2 KB · Jeanne Martin")
	h.mustNotSee("\x1b[31m")
	h.press("tab", "o")
	if len(h.opened) != 1 || !strings.HasPrefix(h.opened[0], tmp) || filepath.Base(h.opened[0]) != "capture[31m.png" {
		t.Fatalf("opened %v", h.opened)
	}
	if got, _ := os.ReadFile(h.opened[0]); !bytes.Equal(got, png) {
		t.Error("the file written for the opener is not the attachment")
	}
}
