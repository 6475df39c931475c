package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"hotline/internal/text"
	"hotline/tickets"
)

func newTicketImportCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "import tickets from a .csv or .jsonl file",
		Long: "Import tickets from a .csv file (header row; columns as in `ticket export --format csv`,\n" +
			"title or description required) or a .jsonl file (one JSON ticket per line). Each bad\n" +
			"row is reported as file:line: reason; every good row is imported. Exits 1 if any row\nfailed.",
	}
	cmd.Flags().StringVar(&format, "format", "", "csv or jsonl (default: from the file extension)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if len(args) != 1 {
			return usageErrorf("ticket import: give one file (.csv or .jsonl)")
		}
		path := args[0]
		f := format
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
		if err := e.open(ctx); err != nil {
			return err
		}
		name := text.SanitizeLine(path)
		sum, err := e.core.Tickets().Import(ctx, file, f, e.core.User(), func(r tickets.ImportResult) {
			if r.Err != nil {
				fmt.Fprintf(e.stderr, "%s:%d: %s\n", name, r.Line, text.SanitizeLine(r.Err.Error()))
			}
		})
		fmt.Fprintf(e.stdout, "imported %d, failed %d\n", sum.Imported, sum.Failed)
		if err != nil {
			return fmt.Errorf("ticket import %s: %w", name, err)
		}
		if sum.Failed > 0 {
			return errReported
		}
		return nil
	}
	return cmd
}

func newTicketExportCmd(e *env) *cobra.Command {
	var format, status string
	cmd := &cobra.Command{
		Use:   "export [--format csv|jsonl] [--status S]",
		Short: "export every ticket as csv or jsonl",
		Long: "Write every ticket (all statuses by default) to standard output, oldest first, a page\n" +
			"at a time. The output imports back with `ticket import`.",
	}
	cmd.Flags().StringVar(&format, "format", "jsonl", "csv or jsonl")
	cmd.Flags().StringVar(&status, "status", "all", "statuses to export, as for ticket list")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if format != "csv" && format != "jsonl" {
			return usageErrorf("ticket export: --format %q: use csv or jsonl", format)
		}
		var f tickets.Filter
		if err := parseStatusFilter(status, &f); err != nil {
			return usageErrorf("ticket export: %v", err)
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		var write func(t *tickets.Ticket) error
		var flush func() error
		if format == "csv" {
			w := csv.NewWriter(e.stdout)
			if err := w.Write(tickets.CSVColumns); err != nil {
				return err
			}
			write = func(t *tickets.Ticket) error { return w.Write(tickets.CSVRow(t)) }
			flush = func() error { w.Flush(); return w.Error() }
		} else {
			enc := json.NewEncoder(e.stdout)
			enc.SetEscapeHTML(false)
			write = func(t *tickets.Ticket) error { return enc.Encode(tickets.RecordOf(t)) }
			flush = func() error { return nil }
		}
		cursor := ""
		for {
			page, err := e.core.Tickets().List(ctx, f, tickets.SortID, tickets.MaxPageSize, cursor)
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
	return cmd
}
