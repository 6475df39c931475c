package tickets

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"hotline/internal/db"
	"hotline/internal/sshtest"
)

func TestTechniciansDirectory(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t, nil)
	key := sshtest.AuthorizedKey(t, "marie@laptop")
	m, err := s.AddTechnician(ctx, NewTechnician{Login: "mlefebvre", Name: "Marie Lefebvre", Keys: []string{key}})
	if err != nil {
		t.Fatal(err)
	}
	if m.Role != RoleTechnician || m.DisplayName() != "Marie Lefebvre" || len(m.Keys) != 1 || m.Keys[0].Comment != "marie@laptop" {
		t.Fatalf("added %+v", m)
	}
	fp := m.Keys[0].Fingerprint
	if !strings.HasPrefix(fp, "SHA256:") {
		t.Fatalf("fingerprint %q", fp)
	}
	got, err := s.TechnicianByKey(ctx, fp)
	if err != nil || got.Login != "mlefebvre" {
		t.Fatalf("by key: %v %v", got, err)
	}
	if _, err := s.TechnicianByKey(ctx, "SHA256:nobody"); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("unknown key: %v", err)
	}

	// Bad input says what to fix and changes nothing.
	for _, c := range []struct {
		n    NewTechnician
		want string
	}{
		{NewTechnician{Login: "Marie Lefebvre"}, "not a login"},
		{NewTechnician{Login: "mlefebvre"}, "already a technician"},
		{NewTechnician{Login: "nd", Keys: []string{key}}, "already belongs to mlefebvre"},
		{NewTechnician{Login: "nd", Keys: []string{"ssh-ed25519 AAAAnotakey"}}, "not an SSH public key"},
		{NewTechnician{Login: "nd", Keys: []string{"-----BEGIN OPENSSH PRIVATE KEY-----"}}, "PRIVATE key"},
		{NewTechnician{Login: "nd", Role: "boss"}, `unknown role "boss": use one of admin, technician, observer`},
		{NewTechnician{Login: "nd", Language: "de"}, `unknown language "de": use one of fr, en`},
	} {
		if _, err := s.AddTechnician(ctx, c.n); !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("add %+v: %v, want %q", c.n, err, c.want)
		}
	}
	if _, err := s.Technician(ctx, "nd"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a refused add left a technician: %v", err)
	}

	// Keys: add a second one, remove by fingerprint prefix.
	k2, err := s.AddKey(ctx, "mlefebvre", sshtest.AuthorizedKey(t, "marie@desk"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.RemoveKey(ctx, "mlefebvre", strings.TrimPrefix(k2.Fingerprint, "SHA256:")[:10]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RemoveKey(ctx, "mlefebvre", "SHA256:zzz"); err == nil || !strings.Contains(err.Error(), fp) {
		t.Fatalf("removing an unknown key should list the keys: %v", err)
	}
	if _, err := s.TechnicianByKey(ctx, k2.Fingerprint); !errors.Is(err, ErrUnknownKey) {
		t.Fatalf("removed key still known: %v", err)
	}

	// Roles: the last admin stays an admin.
	if _, err := s.AddTechnician(ctx, NewTechnician{Login: "ndiallo", Name: "Nadia Diallo", Role: RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRole(ctx, "ndiallo", RoleObserver); err == nil || !strings.Contains(err.Error(), "last admin") {
		t.Fatalf("demoting the last admin: %v", err)
	}
	if err := s.SetDisabled(ctx, "ndiallo", true); err == nil || !strings.Contains(err.Error(), "last admin") {
		t.Fatalf("disabling the last admin: %v", err)
	}
	if err := s.SetRole(ctx, "mlefebvre", RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRole(ctx, "ndiallo", RoleObserver); err != nil {
		t.Fatal(err)
	}
	if err := s.SetRole(ctx, "ghost", RoleAdmin); !errors.Is(err, ErrNotFound) {
		t.Fatalf("role of unknown: %v", err)
	}
}

func TestAssigneeMustBeInDirectory(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t, nil)
	// No directory yet: any name, as before.
	tk := mustCreate(t, s, NewTicket{Title: "VPN", Assignee: "whoever"})
	for _, n := range []NewTechnician{{Login: "mlefebvre", Name: "Marie Lefebvre"}, {Login: "ndiallo"}, {Login: "obs", Role: RoleObserver}, {Login: "gone"}} {
		if _, err := s.AddTechnician(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.SetDisabled(ctx, "gone", true); err != nil {
		t.Fatal(err)
	}
	for _, who := range []string{"marie", "obs", "gone"} {
		_, err := s.Create(ctx, NewTicket{Title: "x", Assignee: who}, "alice")
		var ue *UnknownAssigneeError
		if !errors.As(err, &ue) || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "mlefebvre, ndiallo") {
			t.Fatalf("assign to %s: %v", who, err)
		}
		who := who
		if _, err := s.Update(ctx, tk.ID, 0, Patch{Assignee: &who}, "alice"); !errors.As(err, &ue) {
			t.Fatalf("update assignee to %s: %v", who, err)
		}
	}
	// A ticket keeps a former name until someone changes the assignee;
	// other changes still work.
	title := "VPN coupé"
	if _, err := s.Update(ctx, tk.ID, 0, Patch{Title: &title}, "alice"); err != nil {
		t.Fatal(err)
	}
	me := "mlefebvre"
	if _, err := s.Update(ctx, tk.ID, 0, Patch{Assignee: &me}, "alice"); err != nil {
		t.Fatal(err)
	}
	as, err := s.Assignees(ctx, "", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 2 || as[0].Name != "mlefebvre" || as[0].Display != "Marie Lefebvre" || as[0].Open != 1 || as[1].Name != "ndiallo" {
		t.Fatalf("assignees %+v", as)
	}
	// Completion matches the login or any word of the name.
	for _, p := range []string{"mle", "Lef", "marie"} {
		as, err := s.Assignees(ctx, p, 0)
		if err != nil || len(as) != 1 || as[0].Name != "mlefebvre" {
			t.Errorf("prefix %q: %+v %v", p, as, err)
		}
	}
}

// TestTechniciansFromExistingTickets upgrades a database built with the
// schema that shipped before the directory: the names on tickets become
// technicians.
func TestTechniciansFromExistingTickets(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old := db.Schema{Name: Schema.Name, Migrations: Schema.Migrations[:2]}
	d, err := db.Open(ctx, path, old)
	if err != nil {
		t.Fatal(err)
	}
	// Rows as the shipped schema holds them (the store of today would
	// look for the directory).
	for _, a := range []string{"mlefebvre", "ndiallo", "mlefebvre", "", "Jean Dupont"} {
		if _, err := d.ExecContext(ctx, `INSERT INTO tickets(title, status, urgency, impact, priority, category, assignee, created_at, updated_at, due_at)
			VALUES ('x', 'assigned', 3, 3, 3, 'Autre', ?, 0, 0, 0)`, a); err != nil {
			t.Fatal(err)
		}
	}
	d.Close()

	d, err = db.Open(ctx, path, Schema)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	s := NewStore(d.DB, Options{})
	list, err := s.Technicians(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tc := range list {
		got = append(got, tc.Login)
		if tc.Role != RoleTechnician || tc.Disabled {
			t.Errorf("%s: %+v", tc.Login, tc)
		}
	}
	if strings.Join(got, ",") != "Jean Dupont,mlefebvre,ndiallo" {
		t.Fatalf("technicians after upgrade: %v", got)
	}
	if list[1].Open != 2 {
		t.Fatalf("mlefebvre's load %d, want 2", list[1].Open)
	}
	// Tickets can still be assigned to them, and not to a stranger.
	if _, err := s.Create(ctx, NewTicket{Title: "y", Assignee: "Jean Dupont"}, "alice"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Create(ctx, NewTicket{Title: "y", Assignee: "zorro"}, "alice"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("stranger: %v", err)
	}
}

func TestImportRefusesUnknownAssignee(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t, nil)
	if _, err := s.AddTechnician(ctx, NewTechnician{Login: "mlefebvre"}); err != nil {
		t.Fatal(err)
	}
	csv := "title,assignee\nVPN,mlefebvre\nTeams,zorro\nOutlook,\n"
	var bad []string
	sum, err := s.Import(ctx, strings.NewReader(csv), "csv", ImportOptions{Actor: "alice", Each: func(r ImportResult) {
		if r.Err != nil {
			bad = append(bad, r.Err.Error())
		}
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(bad) != 1 || !strings.Contains(bad[0], `"zorro"`) || !strings.Contains(bad[0], "mlefebvre") {
		t.Fatalf("import errors %v (summary %+v)", bad, sum)
	}
	if n, _ := s.Count(ctx, Filter{All: true}); n != 2 {
		t.Fatalf("%d tickets imported, want the 2 good rows", n)
	}
}
