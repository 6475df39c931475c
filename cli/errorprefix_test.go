package cli

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// Every command words its errors the same way, one line on standard
// error: "hotline: <command>: <what was being done>: <why>", with exit
// code 2 for a mistake in the call and 1 for a failure. One bad call per
// command; a new command must add its own here.
func TestEveryCommandErrorHasThePrefixAndCode(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "VPN coupé", "--description", "plus de VPN")
	bad := map[string]struct {
		args []string
		code int
	}{
		"apikey add":               {[]string{}, 2},
		"apikey list":              {[]string{"extra"}, 2},
		"apikey revoke":            {[]string{"nothing"}, 2},
		"backup":                   {[]string{}, 2},
		"check":                    {[]string{"extra"}, 2},
		"demo":                     {[]string{"extra"}, 2},
		"kb add":                   {[]string{"--title", "x"}, 2},
		"kb import":                {[]string{}, 2},
		"kb list":                  {[]string{"--limit", "-1"}, 2},
		"kb search":                {[]string{}, 2},
		"kb show":                  {[]string{"99"}, 1},
		"kb rm":                    {[]string{"99"}, 1},
		"mail check":               {[]string{"extra"}, 2},
		"mail fetch":               {[]string{}, 2},
		"mail import":              {[]string{"/nonexistent/mbox"}, 1},
		"mail outbox":              {[]string{"--retry", "x"}, 2},
		"mail send":                {[]string{"extra"}, 2},
		"man":                      {[]string{}, 2},
		"privacy erase":            {[]string{}, 2},
		"privacy export":           {[]string{}, 2},
		"privacy purge":            {[]string{"extra"}, 2},
		"problem add":              {[]string{}, 2},
		"problem link":             {[]string{"1"}, 2},
		"problem list":             {[]string{"--status", "bogus"}, 2},
		"problem show":             {[]string{"99"}, 1},
		"problem solve":            {[]string{"99"}, 1},
		"problem unlink":           {[]string{"1"}, 2},
		"problem update":           {[]string{"99", "--title", "x"}, 1},
		"report":                   {[]string{"--from", "bogus"}, 2},
		"report feedback":          {[]string{"--since", "bogus"}, 2},
		"restore":                  {[]string{}, 2},
		"serve":                    {[]string{"extra"}, 2},
		"tag list":                 {[]string{"extra"}, 2},
		"tag merge":                {[]string{"a"}, 2},
		"tag rename":               {[]string{"a"}, 2},
		"tech add":                 {[]string{}, 2},
		"tech disable":             {[]string{"nobody"}, 1},
		"tech enable":              {[]string{"nobody"}, 1},
		"tech key add":             {[]string{}, 2},
		"tech key remove":          {[]string{}, 2},
		"tech list":                {[]string{"extra"}, 2},
		"tech role":                {[]string{"nobody", "admin"}, 1},
		"tech set":                 {[]string{}, 2},
		"problem rm":               {[]string{"99"}, 1},
		"reply add":                {[]string{"--title", "x"}, 2},
		"reply list":               {[]string{"extra"}, 2},
		"reply rm":                 {[]string{"nosuch"}, 1},
		"ticket add":               {[]string{"--urgency", "9", "--title", "x"}, 2},
		"ticket bulk":              {[]string{"--ids", "1"}, 2},
		"ticket attachment get":    {[]string{"1", "1"}, 2},
		"ticket attachment list":   {[]string{"99"}, 1},
		"ticket comment":           {[]string{"99", "--text", "x"}, 1},
		"ticket export":            {[]string{"--format", "bogus"}, 2},
		"ticket history":           {[]string{"99"}, 1},
		"ticket import":            {[]string{}, 2},
		"ticket link":              {[]string{"99", "1"}, 1},
		"ticket list":              {[]string{"--status", "bogus"}, 2},
		"ticket show":              {[]string{"99"}, 1},
		"ticket similar":           {[]string{"99"}, 1},
		"ticket suggest":           {[]string{"99"}, 1},
		"ticket unlink":            {[]string{"99", "1"}, 1},
		"ticket update":            {[]string{"99", "--title", "x"}, 1},
		"version":                  {[]string{"extra"}, 2},
		"ticket attachment":        {[]string{"bogus"}, 2},
		"tech key":                 {[]string{"bogus"}, 2},
		"ticket list --no-such":    {nil, 2}, // an unknown flag
		"kb show --limit":          {nil, 2},
		"ticket update --priority": {[]string{"1", "x"}, 2},
	}
	seen := map[string]bool{}
	root := (&env{getenv: func(string) string { return "" }}).newRootCmd()
	var walk func(*cobra.Command)
	walk = func(cmd *cobra.Command) {
		if cmd.Name() == "completion" || cmd.Name() == "help" {
			return // cobra's own
		}
		if cmd.HasParent() && cmd.Runnable() && !cmd.HasSubCommands() {
			if _, ok := bad[name(cmd)]; !ok {
				t.Errorf("no bad call of %q in this test: add one", name(cmd))
			}
		}
		for _, sub := range cmd.Commands() {
			walk(sub)
		}
	}
	walk(root)
	for call, b := range bad {
		words := strings.Fields(call)
		var cmdWords []string
		for _, w := range words {
			if !strings.HasPrefix(w, "--") {
				cmdWords = append(cmdWords, w)
			}
		}
		prefix := "hotline: " + strings.Join(cmdWords, " ") + ": "
		seen[call] = true
		r := c.run("", append(words, b.args...)...)
		if r.code != b.code || !strings.HasPrefix(r.stderr, prefix) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("hotline %s %s: exit %d, stderr %q; want exit %d and one line starting %q", call, strings.Join(b.args, " "), r.code, r.stderr, b.code, prefix)
		}
	}
	if r := c.run("", "tech", "enable", "nobody"); r.stderr != "hotline: tech enable: no technician \"nobody\" (see `hotline tech list`)\n" {
		t.Errorf("tech enable words itself as: %q", r.stderr)
	}
	// A group without its subcommand shows the list, then the one line.
	if r := c.run("", "ticket"); r.code != 2 || !strings.HasSuffix(r.stderr, "\nhotline: ticket: missing subcommand\n") {
		t.Errorf("ticket without a subcommand: %+v", r)
	}
	if r := c.run("", "ticket", "add", "VPN", "coupé"); r.code != 2 || !strings.Contains(r.stderr, `quote the title`) {
		t.Errorf("ticket add with words: %+v", r)
	}
	if r := c.run("", "bogus"); r.code != 2 || !strings.HasPrefix(r.stderr, `hotline: unknown command "bogus"`) {
		t.Errorf("unknown command: %+v", r)
	}
}
