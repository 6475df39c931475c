package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strings"
	"time"

	"hotline/tickets"
)

// writeImportSQL writes the SQL a sqlite3 import of the same n tickets
// runs: the rows Hotline's import writes (ticket, tag, history entry,
// full-text row, import key), in one transaction, into the same schema.
func writeImportSQL(path string, n int) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	fmt.Fprintln(w, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;\nBEGIN;")
	id := 0
	err = tickets.GenerateRecords(n, 1, func(r tickets.Record) error {
		id++
		created, _ := time.Parse(time.RFC3339, r.CreatedAt)
		prio := tickets.ComputePriority(*r.Urgency, *r.Impact)
		due := created.Add(tickets.DefaultSLA.For(prio)).Unix()
		var solved, closed any = "NULL", "NULL"
		switch r.Status {
		case "solved":
			solved = created.Unix()
		case "closed":
			solved, closed = created.Unix(), created.Unix()
		}
		tags := strings.Join(r.Tags, " ")
		fmt.Fprintf(w, "INSERT INTO tickets(id,title,description,status,urgency,impact,priority,major,category,requester_name,requester_service,requester_email,requester_phone,connection,device,assignee,tags,created_at,updated_at,solved_at,closed_at,due_at,version) VALUES (%d,%s,%s,%s,%d,%d,%d,0,%s,%s,%s,%s,'',%s,'',%s,%s,%d,%d,%v,%v,%d,1);\n",
			id, q(r.Title), q(r.Description), q(r.Status), *r.Urgency, *r.Impact, prio, q(r.Category), q(r.Requester.Name), q(r.Requester.Service),
			q(r.Requester.Email), q(r.Connection), q(r.Assignee), q(tags), created.Unix(), created.Unix(), solved, closed, due)
		for _, t := range r.Tags {
			fmt.Fprintf(w, "INSERT INTO ticket_tags(ticket_id,tag,created_at) VALUES (%d,%s,%d);\n", id, q(t), created.Unix())
		}
		fmt.Fprintf(w, "INSERT INTO ticket_history(ticket_id,at,actor,field,old_value,new_value) VALUES (%d,%d,'bench','created','',%s);\n", id, created.Unix(), q(r.Title))
		fmt.Fprintf(w, "INSERT INTO tickets_fts(rowid,title,description,tags,followups,requester) VALUES (%d,%s,%s,%s,'',%s);\n",
			id, q(r.Title), q(r.Description), q(tags), q(r.Requester.Name+" "+r.Requester.Service))
		h := sha256.Sum256([]byte(fmt.Sprint(id, r.Title, r.CreatedAt)))
		fmt.Fprintf(w, "INSERT INTO ticket_import_keys(key,ticket_id) VALUES (X'%s',%d);\n", hex.EncodeToString(h[:16]), id)
		return nil
	})
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "COMMIT;")
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

func q(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
