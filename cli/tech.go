package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"hotline/internal/text"
	"hotline/tickets"
)

// The technicians directory: who works the helpdesk, the name that signs
// their messages, their role and the SSH keys they connect with. Every
// command here is an admin's (until the directory has an admin, whoever
// runs Hotline locally may set it up).

func newTechCmd(e *env) *cobra.Command {
	return group("tech", "manage the technicians: names, roles, SSH keys",
		newTechAddCmd(e),
		newTechListCmd(e),
		group("key", "add or remove a technician's SSH public keys", newTechKeyAddCmd(e), newTechKeyRemoveCmd(e)),
		newTechRoleCmd(e),
		newTechDisableCmd(e, true),
		newTechDisableCmd(e, false),
		newTechSetCmd(e),
	)
}

// adminOpen opens the database and checks that the acting technician may
// manage the directory.
func (e *env) adminOpen(ctx context.Context) error {
	if err := e.open(ctx); err != nil {
		return err
	}
	return e.core.Require(ctx, tickets.PermAdmin)
}

// readKeys turns --key values into public keys: the key itself
// ('ssh-ed25519 AAAA… me@laptop') or a file holding one or more (a .pub
// file, an authorized_keys file).
func readKeys(values []string) ([]string, error) {
	var keys []string
	for _, v := range values {
		v = strings.TrimSpace(v)
		if looksLikeKey(v) {
			keys = append(keys, v)
			continue
		}
		b, err := os.ReadFile(v)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil, usageT("usage.tech.key", v)
			}
			return nil, fmt.Errorf("--key %s: %w", v, err)
		}
		n := 0
		for _, line := range strings.Split(string(b), "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			keys = append(keys, line)
			n++
		}
		if n == 0 {
			return nil, usageT("usage.tech.nokey", v)
		}
	}
	return keys, nil
}

func looksLikeKey(v string) bool {
	for _, p := range []string{"ssh-", "ecdsa-", "sk-"} {
		if strings.HasPrefix(v, p) {
			return true
		}
	}
	return false
}

func newTechAddCmd(e *env) *cobra.Command {
	var name, role, lang string
	var keys []string
	cmd := &cobra.Command{
		Use:   "add LOGIN --name \"Marie Lefebvre\" [--key FILE|'ssh-ed25519 …']... [--role admin|technician|observer] [--language fr|en]",
		Short: "add a technician (with the SSH keys they connect with)",
		Long: "Add a technician to the directory. The name signs their messages to agents; the role says what\n" +
			"they may do (admin: also manage technicians, tag merges and API keys; technician: work tickets,\n" +
			"articles and problems; observer: read only); --key takes a public key or a file of them (.pub).",
		Args: exactArgs(1),
	}
	cmd.Flags().StringVar(&name, "name", "", "full name, which signs their messages (default: the login)")
	cmd.Flags().StringArrayVar(&keys, "key", nil, "SSH public key, or a file holding keys (repeatable)")
	cmd.Flags().StringVar(&role, "role", "technician", "admin, technician or observer")
	cmd.Flags().StringVar(&lang, "language", "", "language of their interface over SSH: fr or en (default: French)")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		r, err := tickets.ParseRole(role)
		if err != nil {
			return err
		}
		ks, err := readKeys(keys)
		if err != nil {
			return err
		}
		if err := e.adminOpen(ctx); err != nil {
			return err
		}
		t, err := e.core.Tickets().AddTechnician(ctx, tickets.NewTechnician{Login: args[0], Name: name, Role: r, Language: lang, Keys: ks})
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, e.t.T("tech.added"), t.Login, text.SanitizeLine(t.DisplayName()), t.Role, len(t.Keys))
		return nil
	}
	return cmd
}

func newTechListCmd(e *env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list [--json]",
		Short: "list the technicians with their role, keys and open tickets",
		Args:  noArgs,
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print a JSON array")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		if err := e.open(ctx); err != nil {
			return err
		}
		list, err := e.core.Tickets().Technicians(ctx)
		if err != nil {
			return err
		}
		if asJSON {
			type key struct {
				Fingerprint string    `json:"fingerprint"`
				Type        string    `json:"type"`
				Comment     string    `json:"comment"`
				AddedAt     time.Time `json:"added_at"`
			}
			type row struct {
				Login    string `json:"login"`
				Name     string `json:"name"`
				Role     string `json:"role"`
				Language string `json:"language"`
				Disabled bool   `json:"disabled"`
				Open     int    `json:"open_tickets"`
				Keys     []key  `json:"keys"`
			}
			rows := []row{}
			for _, t := range list {
				r := row{Login: t.Login, Name: t.Name, Role: string(t.Role), Language: t.Language, Disabled: t.Disabled, Open: t.Open, Keys: []key{}}
				for _, k := range t.Keys {
					r.Keys = append(r.Keys, key{k.Fingerprint, k.Type, k.Comment, k.AddedAt})
				}
				rows = append(rows, r)
			}
			return e.printJSON(rows)
		}
		if len(list) == 0 {
			fmt.Fprintln(e.stdout, e.t.T("tech.none"))
			return nil
		}
		fmt.Fprintf(e.stdout, "%s %s %s %s  %s\n", pad(e.t.T("col.login"), 14), pad(e.t.T("col.name"), 22), pad(e.t.T("col.role"), 10), fitLeft(e.t.T("col.open"), 4), e.t.T("col.keys"))
		for _, t := range list {
			role := string(t.Role)
			if t.Disabled {
				role += " (disabled)"
			}
			var keys []string
			for _, k := range t.Keys {
				keys = append(keys, k.Fingerprint+" "+text.SanitizeLine(k.Comment))
			}
			fmt.Fprintf(e.stdout, "%s %s %-10s %4d  %s\n", pad(t.Login, 14), pad(t.Name, 22), role, t.Open, strings.Join(keys, "; "))
		}
		return nil
	}
	return cmd
}

func newTechKeyAddCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "add LOGIN FILE|'ssh-ed25519 …'",
		Short: "add an SSH public key to a technician",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			ks, err := readKeys(args[1:])
			if err != nil {
				return err
			}
			if err := e.adminOpen(ctx); err != nil {
				return err
			}
			for _, k := range ks {
				pk, err := e.core.Tickets().AddKey(ctx, args[0], k)
				if err != nil {
					return err
				}
				fmt.Fprintf(e.stdout, e.t.T("tech.key.added"), pk.Fingerprint, args[0])
			}
			return nil
		},
	}
}

func newTechKeyRemoveCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "remove LOGIN FINGERPRINT",
		Short: "remove one of a technician's SSH keys (by fingerprint, as `tech list` shows it)",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := e.adminOpen(ctx); err != nil {
				return err
			}
			k, err := e.core.Tickets().RemoveKey(ctx, args[0], args[1])
			if err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("tech.key.removed"), k.Fingerprint, args[0])
			return nil
		},
	}
}

func newTechRoleCmd(e *env) *cobra.Command {
	return &cobra.Command{
		Use:   "role LOGIN admin|technician|observer",
		Short: "change a technician's role",
		Args:  exactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			r, err := tickets.ParseRole(args[1])
			if err != nil {
				return err
			}
			if err := e.adminOpen(ctx); err != nil {
				return err
			}
			if err := e.core.Tickets().SetRole(ctx, args[0], r); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, e.t.T("tech.role"), args[0], r)
			return nil
		},
	}
}

func newTechDisableCmd(e *env, disable bool) *cobra.Command {
	use, short, done := "disable LOGIN", "disable a technician: no connection, no new tickets (their history stays)", "disabled"
	if !disable {
		use, short, done = "enable LOGIN", "enable a disabled technician again", "enabled"
	}
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  exactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if err := e.adminOpen(ctx); err != nil {
				return err
			}
			if err := e.core.Tickets().SetDisabled(ctx, args[0], disable); err != nil {
				return err
			}
			fmt.Fprintf(e.stdout, "%s %s\n", args[0], done)
			return nil
		},
	}
}

func newTechSetCmd(e *env) *cobra.Command {
	var name, lang string
	cmd := &cobra.Command{
		Use:   "set LOGIN [--name \"…\"] [--language fr|en]",
		Short: "change a technician's name or interface language",
		Args:  exactArgs(1),
	}
	cmd.Flags().StringVar(&name, "name", "", "full name, which signs their messages")
	cmd.Flags().StringVar(&lang, "language", "", "fr or en")
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		ctx := cmd.Context()
		var p tickets.TechnicianPatch
		if cmd.Flags().Changed("name") {
			p.Name = &name
		}
		if cmd.Flags().Changed("language") {
			p.Language = &lang
		}
		if p.Name == nil && p.Language == nil {
			return usageT("usage.tech.nothing")
		}
		if err := e.adminOpen(ctx); err != nil {
			return err
		}
		if err := e.core.Tickets().UpdateTechnician(ctx, args[0], p); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, e.t.T("tech.changed"), args[0])
		return nil
	}
	return cmd
}
