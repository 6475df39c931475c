package ui

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	tea "github.com/charmbracelet/bubbletea"

	"hotline/attachments"
	"hotline/internal/text"
)

// AttachmentStore is what the interface needs of the files agents attach
// to their tickets (attachments.Store implements it).
type AttachmentStore interface {
	List(ctx context.Context, ticketID int64) ([]attachments.Attachment, error)
	Open(ctx context.Context, ticketID, id int64) (*attachments.Attachment, []byte, error)
}

// attachmentLabel is an attachment's side-pane line: name, size, who, when.
func (s *ticketScreen) attachmentLabel(a *attachments.Attachment) string {
	return fmt.Sprintf("▪ %s · %s · %s · %s", text.SanitizeLine(a.Name), attachments.HumanSize(a.Size),
		text.SanitizeLine(a.AddedBy), fmtTime(s.ctx, a.CreatedAt))
}

// openAttachmentCmd writes the file to a private temporary folder and
// opens it with the platform opener. Over SSH the opener would run on the
// server: the footer says how to save it instead.
func openAttachmentCmd(c *Context, a attachments.Attachment) tea.Cmd {
	store, base, open, remote, t, getenv := c.Attachments, c.Base, c.Open, c.Remote, c.T, c.Getenv
	return func() tea.Msg {
		if remote {
			return statusMsg{text: t.F("attach.remote", a.TicketID, a.ID)}
		}
		_, data, err := store.Open(base, a.TicketID, a.ID)
		if err != nil {
			return openedMsg{target: a.Name, err: openFailure(t, err)}
		}
		dir := getenv("TMPDIR")
		if dir == "" {
			dir = os.TempDir()
		}
		dir, err = os.MkdirTemp(dir, "hotline-attachment-")
		if err != nil {
			return openedMsg{target: a.Name, err: openFailure(t, err)}
		}
		// The stored name is already a bare, cleaned file name.
		path := filepath.Join(dir, attachments.CleanName(a.Name))
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return openedMsg{target: a.Name, err: openFailure(t, err)}
		}
		return openedMsg{target: path, err: openFailure(t, open(path))}
	}
}
