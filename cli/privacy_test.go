package cli

import (
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPrivacyExportEraseAndPurge(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "Zoé Martin n'a plus de son", "--description", "Mme Martin (zoe.martin@ville.fr, 01 23 45 67 89) : casque muet",
		"--requester", "Zoé Martin", "--email", "Zoe.Martin@ville.fr", "--phone", "+33 1 23 45 67 89", "--service", "Urbanisme", "--tag", "son")
	c.ok("ticket", "comment", "1", "--text", "Rappeler zoé au 01.23.45.67.89")
	// The ticket screen's edit of her address, as history records it.
	hc, _ := sql.Open("sqlite3", c.db)
	hc.Exec("INSERT INTO ticket_history(ticket_id, at, actor, field, old_value, new_value) VALUES (1, 1, 'tester', 'requester_email', 'zoe.m@ville.fr', 'Zoe.Martin@ville.fr')")
	hc.Close()
	c.ok("ticket", "add", "--title", "Imprimante", "--description", "bourrage", "--requester", "Paul Durand", "--email", "paul@ville.fr", "--service", "Voirie")

	// Right of access: everything about her, as JSON, and nothing about Paul.
	out := c.ok("privacy", "export", "--requester", "ZOE.MARTIN@ville.fr")
	var data struct {
		Email    string
		Names    []string
		Phones   []string
		Services []string
		Tickets  []struct {
			ID       int64
			Title    string
			Comments []struct{ Body string }
			History  []struct{ Field, Old, New string }
		}
	}
	if err := json.Unmarshal([]byte(out), &data); err != nil {
		t.Fatalf("export is not JSON: %v\n%s", err, out)
	}
	if len(data.Tickets) != 1 || data.Tickets[0].ID != 1 || len(data.Tickets[0].Comments) != 1 || len(data.Names) != 1 || data.Phones[0] != "+33 1 23 45 67 89" {
		t.Fatalf("export: %+v", data)
	}
	if strings.Contains(out, "Paul") {
		t.Error("the export holds another requester's data")
	}

	// Right to erasure: no trace of her left, the ticket stays for reports.
	if out := c.ok("privacy", "erase", "--requester", "zoe.martin@ville.fr"); !strings.Contains(out, "1 ticket") {
		t.Errorf("erase: %q", out)
	}
	conn, err := sql.Open("sqlite3", "file:"+c.db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var dump string
	conn.QueryRow(`SELECT group_concat(x, ' | ') FROM (
		SELECT title || ' ' || description || ' ' || requester_name || ' ' || requester_email || ' ' || requester_phone AS x FROM tickets WHERE id = 1
		UNION ALL SELECT body || ' ' || author FROM followups WHERE ticket_id = 1
		UNION ALL SELECT old_value || ' ' || new_value FROM ticket_history WHERE ticket_id = 1)`).Scan(&dump)
	low := strings.ToLower(dump)
	for _, gone := range []string{"zoé", "zoe", "martin", "23 45", "23.45", "ville.fr"} {
		if strings.Contains(low, gone) {
			t.Errorf("%q is still held after erasure: %s", gone, dump)
		}
	}
	var service, status string
	var tags string
	conn.QueryRow("SELECT requester_service, status, tags FROM tickets WHERE id = 1").Scan(&service, &status, &tags)
	if service != "Urbanisme" || tags != "son" {
		t.Errorf("statistics lost: service %q tags %q", service, tags)
	}
	var entry string
	conn.QueryRow("SELECT new_value FROM ticket_history WHERE ticket_id = 1 AND field = 'privacy'").Scan(&entry)
	if !strings.Contains(entry, "anonymised") {
		t.Errorf("erasure not recorded in history: %q", entry)
	}
	if out := c.ok("ticket", "list", "--search", "martin", "--status", "all"); strings.Contains(out, "son") {
		t.Errorf("the search index still finds her: %q", out)
	}
	// History stays append-only after the erasure.
	rw, _ := sql.Open("sqlite3", c.db)
	if _, err := rw.Exec("UPDATE ticket_history SET new_value = 'x' WHERE ticket_id = 2"); err == nil {
		t.Error("ticket history is no longer append-only")
	}
	rw.Close()
	c.ok("check")

	// Purge by closing date; Paul's ticket closed, then purged.
	c.ok("ticket", "update", "2", "--status", "solved")
	c.ok("ticket", "update", "2", "--status", "closed")
	if out := c.ok("privacy", "purge", "--closed-before", "2000-01-01"); !strings.HasPrefix(out, "0 ticket") {
		t.Errorf("purge before 2000: %q", out)
	}
	if out := c.ok("privacy", "purge", "--closed-before", "2999-01-01"); !strings.HasPrefix(out, "1 ticket") {
		t.Errorf("purge: %q", out)
	}
	if out := c.ok("privacy", "export", "--requester", "paul@ville.fr"); strings.Contains(out, "Paul") {
		t.Errorf("Paul still there after purge: %s", out)
	}
	if r := c.run("", "privacy", "purge"); r.code != exitUsage {
		t.Errorf("purge without a date or a retention setting: exit %d", r.code)
	}
}

func TestRetentionSettingAnonymisesOldClosedTickets(t *testing.T) {
	c := newCLI(t)
	cfg := filepath.Join(filepath.Dir(c.db), "none.yaml")
	if err := os.WriteFile(cfg, []byte("privacy:\n  retention_months: 0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	c.ok("ticket", "add", "--title", "Vieux", "--description", "x", "--requester", "Ana Lopez", "--email", "ana@ville.fr")
	c.ok("ticket", "update", "1", "--status", "solved")
	c.ok("ticket", "update", "1", "--status", "closed")
	conn, _ := sql.Open("sqlite3", c.db)
	conn.Exec("UPDATE tickets SET closed_at = closed_at - 400*86400")
	conn.Close()
	if r := c.run("", "privacy", "purge"); r.code != exitUsage {
		t.Errorf("retention off: purge exit %d", r.code)
	}
	os.WriteFile(cfg, []byte("privacy:\n  retention_months: 12\n"), 0o644)
	if out := c.ok("privacy", "purge"); !strings.HasPrefix(out, "1 ticket") {
		t.Errorf("retention 12 months, ticket closed 400 days ago: %q", out)
	}
	os.WriteFile(cfg, []byte("privacy:\n  retention_months: -1\n"), 0o644)
	if r := c.run("", "version"); r.code == 0 || !strings.Contains(r.stderr, "line 2: privacy.retention_months") {
		t.Errorf("negative retention: exit %d %q", r.code, r.stderr)
	}
}
