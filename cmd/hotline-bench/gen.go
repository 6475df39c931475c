package main

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"

	"hotline/tickets"
)

// writeImportFile writes n generated tickets to path as JSONL or CSV
// (by extension), into a temporary file renamed at the end, unless the
// file is already there: the same seed always gives the same file.
func writeImportFile(path string, n int) error {
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
	var write func(tickets.Record) error
	cw := csv.NewWriter(w)
	if strings.HasSuffix(path, ".csv") {
		cols := []string{"title", "description", "status", "urgency", "impact", "category", "requester_name", "requester_service",
			"requester_email", "connection", "assignee", "tags", "created_at"}
		if err := cw.Write(cols); err != nil {
			return err
		}
		write = func(r tickets.Record) error {
			return cw.Write([]string{r.Title, r.Description, r.Status, strconv.Itoa(*r.Urgency), strconv.Itoa(*r.Impact), r.Category,
				r.Requester.Name, r.Requester.Service, r.Requester.Email, r.Connection, r.Assignee, strings.Join(r.Tags, " "), r.CreatedAt})
		}
	} else {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		write = func(r tickets.Record) error { return enc.Encode(r) }
	}
	if err := tickets.GenerateRecords(n, 1, write); err != nil {
		return err
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "wrote %s\n", path)
	return os.Rename(tmp, path)
}
