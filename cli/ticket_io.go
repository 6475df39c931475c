package cli

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"hotline/internal/progress"
	"hotline/internal/text"
	"hotline/reasons"
	"hotline/tickets"
)

func newTicketImportCmd(e *env) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "import FILE",
		Short: "import tickets from a .csv or .jsonl file",
		Long: "Import tickets from a .jsonl file (one JSON ticket per line, as `ticket export` writes:\n" +
			"follow-ups, history, article links and times are restored) or a .csv file (header row;\n" +
			"the flat columns of `ticket export --format csv`, title or description required).\n" +
			"Each bad row is reported as file:line: reason and stores nothing; every good row is\n" +
			"imported. Running the same import again adds only the rows not imported yet (after\n" +
			"an interruption, or once the bad rows are fixed). Stops at the first storage error\n" +
			"(disk full). Exits 1 if any row failed or a linked article was not found.",
	}
	cmd.Flags().StringVar(&format, "format", "", "csv or jsonl (default: from the file extension)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if len(args) != 1 {
			return usageT("usage.import.file")
		}
		path := args[0]
		f := format
		if f == "" {
			f = strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
		}
		if f != "csv" && f != "jsonl" {
			return usageT("usage.import.format", path, f)
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
		report := func(r tickets.ImportResult) {
			switch {
			case r.Err != nil:
				fmt.Fprintf(e.stderr, "%s:%d: %s\n", name, r.Line, text.SanitizeLine(e.rowReason(r.Err)))
			case r.Warn != nil:
				fmt.Fprintf(e.stderr, "%s:%d: %s\n", name, r.Line, text.SanitizeLine(e.importWarning(r.Warn)))
			}
		}
		opts := tickets.ImportOptions{Actor: e.core.User(), Each: report}
		var size int64
		if st, err := file.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
		// A large file bringing more tickets than the base has (an empty
		// one, the rest of an interrupted import) builds most indexes at the end.
		opts.SizeHint = size
		// A progress line only on a terminal: a script's output stays
		// the list of bad rows and the summary.
		if f, ok := e.stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			line := progress.New(e.stderr, size, e.t.T("progress.tickets"))
			defer line.Done()
			rows := 0
			opts.Progress = func(p tickets.ImportProgress) { rows = p.Rows; line.Update(p.Rows, p.Bytes) }
			opts.Each = func(r tickets.ImportResult) { line.Done(); report(r) }
			opts.Indexing = func(done, total int) { line.Phase(rows, fmt.Sprintf(e.t.T("progress.indexes"), done+1, total)) }
		}
		sum, err := e.core.ImportTickets(ctx, file, f, opts)
		if opts.Progress != nil {
			opts.Each(tickets.ImportResult{}) // erases the progress line
		}
		fmt.Fprintf(e.stdout, e.t.T("ticket.imported"), sum.Imported, sum.Skipped, sum.Failed)
		var header *tickets.FieldError
		if errors.As(err, &header) {
			// The file as a whole (an empty file, a bad CSV header):
			// worded, and a runtime error as before.
			fmt.Fprintf(e.stderr, "hotline: ticket import: %s: %s\n", name, text.SanitizeLine(e.rowReason(header)))
			return errReported
		}
		if err != nil {
			return fmt.Errorf("ticket import %s: %w", name, err)
		}
		if sum.Failed > 0 || sum.Warnings > 0 {
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
		Args:  noArgs,
		Short: "export every ticket as csv or jsonl",
		Long: "Write every ticket (all statuses by default) to standard output, oldest first, a page\n" +
			"at a time. JSONL (the default) holds everything a ticket has: its fields and times\n" +
			"(first response, solved, closed, pending), follow-ups (public and private, author,\n" +
			"time), history, links to articles (by their knowledge-base key, not a row id) and\n" +
			"problems; `ticket import` of it restores the tickets as they were. CSV is a flat\n" +
			"subset for spreadsheets (the columns of the ticket itself: no follow-ups, history,\n" +
			"links or problems, and only the creation time is read back).",
	}
	cmd.Flags().StringVar(&format, "format", "jsonl", "csv or jsonl")
	cmd.Flags().StringVar(&status, "status", "all", "statuses to export, as for ticket list")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if format != "csv" && format != "jsonl" {
			return usageT("usage.export.format", format)
		}
		var f tickets.Filter
		if err := parseStatusFilter(status, &f); err != nil {
			return err
		}
		if err := e.open(ctx); err != nil {
			return err
		}
		out := e.inert(e.stdout)
		defer out.Close()
		if format == "jsonl" {
			enc := json.NewEncoder(out)
			enc.SetEscapeHTML(false)
			err := e.core.ExportTickets(ctx, f, func(r *tickets.Record) error { return enc.Encode(r) })
			if err != nil {
				return fmt.Errorf("ticket export: %w", err)
			}
			return nil
		}
		w := csv.NewWriter(out)
		if err := w.Write(tickets.CSVColumns); err != nil {
			return err
		}
		flush := func() error { w.Flush(); return w.Error() }
		cursor := ""
		for {
			page, err := e.core.Tickets().List(ctx, f, tickets.SortID, tickets.MaxPageSize, cursor)
			if err != nil {
				return fmt.Errorf("ticket export: %w", err)
			}
			for i := range page.Tickets {
				if err := w.Write(text.SpreadsheetRow(tickets.CSVRow(&page.Tickets[i]))); err != nil {
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

// rowReason words why an imported row was refused, in the user's
// language: a field is named as in the file (a JSON key, a CSV column).
func (e *env) rowReason(err error) string {
	var fe *tickets.FieldError
	if errors.As(err, &fe) {
		if fe.Field == "" {
			return reasons.Text(e.t.Lang(), fe)
		}
		return e.t.F("err.field", text.SanitizeLine(fe.Field), reasons.Text(e.t.Lang(), fe))
	}
	return e.explain(err)
}

// importWarning words what an imported ticket was stored without.
func (e *env) importWarning(w *tickets.ImportWarning) string {
	var parts []string
	if len(w.MissingArticles) > 0 {
		names := make([]string, len(w.MissingArticles))
		for i, a := range w.MissingArticles {
			names[i] = fmt.Sprintf("%q (%s)", a.Title, a.Key)
		}
		parts = append(parts, e.t.F("import.warn.articles", w.Ticket, strings.Join(names, ", ")))
	}
	if w.Files > 0 {
		parts = append(parts, e.t.F("import.warn.files", w.Ticket, w.Files))
	}
	return strings.Join(parts, "; ")
}
