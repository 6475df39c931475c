package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// newManCmd writes a man page for every command, from the same texts as
// --help (cobra/doc), so packagers install them under man1/.
func newManCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "man DIR",
		Short: "write the man pages of every command into DIR (hotline.1, hotline-ticket-add.1…)",
		Long: "Write one man page (section 1) per command into DIR, created if missing: hotline.1,\n" +
			"hotline-ticket.1, hotline-ticket-add.1… Install them with e.g.\n" +
			"  hotline man /usr/local/share/man/man1",
		Annotations: map[string]string{noConfig: "true"},
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 || strings.TrimSpace(args[0]) == "" {
				return usageT("usage.man")
			}
			dir := args[0]
			if err := os.MkdirAll(dir, 0o755); err != nil {
				return fmt.Errorf("man: create %s: %w", dir, err)
			}
			root := cmd.Root()
			root.DisableAutoGenTag = true // the pages stay the same from one run to the next
			header := &doc.GenManHeader{Title: "HOTLINE", Section: "1", Source: "hotline " + e.version, Manual: "Hotline manual"}
			if err := doc.GenManTree(root, header, dir); err != nil {
				return fmt.Errorf("man: write the pages into %s: %w", dir, err)
			}
			n, _ := filepath.Glob(filepath.Join(dir, "hotline*.1"))
			fmt.Fprintf(e.stdout, "%d man pages written to %s\n", len(n), dir)
			return nil
		},
	}
}
