package app

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"runtime"
	"testing"

	"hotline/attachments"
	"hotline/tickets"
)

// waitCheckpoint waits until no background checkpoint runs.
func waitCheckpoint(d *Desk) {
	for d.ckpt.running.Load() {
		runtime.Gosched()
	}
}

// The portal's commits leave the checkpoint to the background, and the
// background does it: the tickets reach the database file itself, not only
// the write-ahead log, and the connection the commit used goes back to the
// pool with SQLite's automatic checkpoint on, for the other writers of
// the process.
func TestGroupCommitsCheckpointInTheBackground(t *testing.T) {
	old := checkpointEvery
	checkpointEvery = 0
	defer func() { checkpointEvery = old }()
	desk, d := newTestDesk(t, DeskOptions{})
	desk.Attachments = attachments.NewStore(d.DB, attachments.Limits{}, nil)
	d.DB.SetMaxOpenConns(1) // the pragma below reads the connection the commits used
	ctx := context.Background()
	path := d.Path
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	before := info.Size()
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{7}, 40<<10)...)
	for i := 0; i < 30; i++ {
		png[len(png)-1] = byte(i)
		if _, err := desk.Intake(ctx, IntakeRequest{Ticket: tickets.NewTicket{Title: fmt.Sprint("VPN coupé ", i), Requester: tickets.Requester{Name: "Agent"}},
			Attachments: []attachments.Upload{{Name: "ecran.png", Data: png}}, Channel: "api"}); err != nil {
			t.Fatal(err)
		}
		waitCheckpoint(desk)
	}
	var auto int
	if err := d.DB.QueryRowContext(ctx, "PRAGMA wal_autocheckpoint").Scan(&auto); err != nil {
		t.Fatal(err)
	}
	if auto != 1000 {
		t.Errorf("after a group commit the connection's wal_autocheckpoint is %d, want SQLite's 1000 back", auto)
	}
	info, err = os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	// 30 files of 40 KB: 1.2 MB that only a checkpoint moves from the log
	// into the file (the commits' own automatic checkpoint is off).
	if grown := info.Size() - before; grown < 1<<20 {
		t.Errorf("the database file grew by %d bytes for 1.2 MB of files: no checkpoint ran", grown)
	}
}
