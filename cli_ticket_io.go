package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"hotline/internal/text"
	"hotline/tickets"
)

func runTicketImport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket import", "hotline ticket import FILE",
		"Import tickets from a .csv file (header row; columns as in `ticket export --format csv`,\ntitle or description required) or a .jsonl file (one JSON ticket per line). Each bad\nrow is reported as file:line: reason; every good row is imported. Exits 1 if any row\nfailed.")
	format := fs.String("format", "", "csv or jsonl (default: from the file extension)")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf("ticket import: give one file (.csv or .jsonl)")
	}
	path := fs.Arg(0)
	f := *format
	if f == "" {
		f = strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	}
	if f != "csv" && f != "jsonl" {
		return usageErrorf("ticket import: %s: unknown format %q: use a .csv or .jsonl file, or --format csv|jsonl", path, f)
	}
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("ticket import: %w", err)
	}
	defer file.Close()
	if err := a.open(ctx); err != nil {
		return err
	}
	name := text.SanitizeLine(path)
	sum, err := a.tickets.Import(ctx, file, f, a.user(), func(r tickets.ImportResult) {
		if r.Err != nil {
			fmt.Fprintf(a.stderr, "%s:%d: %s\n", name, r.Line, text.SanitizeLine(r.Err.Error()))
		}
	})
	fmt.Fprintf(a.stdout, "imported %d, failed %d\n", sum.Imported, sum.Failed)
	if err != nil {
		return fmt.Errorf("ticket import %s: %w", name, err)
	}
	if sum.Failed > 0 {
		return errReported
	}
	return nil
}

func runTicketExport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("ticket export", "hotline ticket export [--format csv|jsonl] [--status S]",
		"Write every ticket (all statuses by default) to standard output, oldest first, a page\nat a time. The output imports back with `ticket import`.")
	format := fs.String("format", "jsonl", "csv or jsonl")
	status := fs.String("status", "all", "statuses to export, as for ticket list")
	if err := a.parse(fs, args); err != nil {
		return err
	}
	if *format != "csv" && *format != "jsonl" {
		return usageErrorf("ticket export: --format %q: use csv or jsonl", *format)
	}
	var f tickets.Filter
	if err := parseStatusFilter(*status, &f); err != nil {
		return usageErrorf("ticket export: %v", err)
	}
	if err := a.open(ctx); err != nil {
		return err
	}
	var write func(t *tickets.Ticket) error
	var flush func() error
	if *format == "csv" {
		w := csv.NewWriter(a.stdout)
		if err := w.Write(tickets.CSVColumns); err != nil {
			return err
		}
		write = func(t *tickets.Ticket) error { return w.Write(tickets.CSVRow(t)) }
		flush = func() error { w.Flush(); return w.Error() }
	} else {
		enc := json.NewEncoder(a.stdout)
		enc.SetEscapeHTML(false)
		write = func(t *tickets.Ticket) error { return enc.Encode(tickets.RecordOf(t)) }
		flush = func() error { return nil }
	}
	cursor := ""
	for {
		page, err := a.tickets.List(ctx, f, tickets.SortID, tickets.MaxPageSize, cursor)
		if err != nil {
			return fmt.Errorf("ticket export: %w", err)
		}
		for i := range page.Tickets {
			if err := write(&page.Tickets[i]); err != nil {
				return fmt.Errorf("ticket export: %w", err)
			}
		}
		if page.Next == "" {
			break
		}
		cursor = page.Next
	}
	return flush()
}
