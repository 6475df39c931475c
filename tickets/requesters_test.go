package tickets

import (
	"context"
	"strings"
	"testing"
	"time"
)

// The phone form's lookup: typing the start of a name or an address lists
// the people who called before, each once, with what the form fills in.
func TestRequestersByNameOrEmailPrefix(t *testing.T) {
	c := newClock()
	s, _ := openStore(t, c)
	add := func(name, svc, email, phone, conn, device string) {
		mustCreate(t, s, NewTicket{Title: "t", Requester: Requester{Name: name, Service: svc, Email: email, Phone: phone}, Connection: conn, Device: device})
		c.advance(time.Hour)
	}
	add("Sophie Martin", "Urbanisme", "sophie.martin@ville.fr", "01 02", "vpn", "Dell 5430")
	add("Sophie Martin", "Urbanisme", "sophie.martin@ville.fr", "", "home", "")
	add("Sophie Martin", "Archives", "sophie.martin@ville.fr", "", "home", "") // moved: the latest service wins
	add("Sophian Blanc", "RH", "", "", "", "")
	add("Paul Durand", "Finances", "p.durand@ville.fr", "", "office", "HP 840")
	add("Martine Roux", "Culture", "", "", "", "")
	ctx := context.Background()

	got, err := s.Requesters(ctx, "soph", 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Name != "Sophian Blanc" && got[1].Name != "Sophian Blanc" {
		t.Fatalf("soph = %+v", got)
	}
	var sophie KnownRequester
	for _, r := range got {
		if r.Name == "Sophie Martin" {
			sophie = r
		}
	}
	// The latest service, the last phone and device given, the usual
	// connection (home twice, vpn once).
	if sophie.Service != "Archives" || sophie.Email != "sophie.martin@ville.fr" || sophie.Phone != "01 02" ||
		sophie.Connection != ConnHome || sophie.Device != "Dell 5430" || sophie.Tickets != 3 {
		t.Fatalf("Sophie Martin = %+v", sophie)
	}
	// Case ignored; an address prefix finds the person too.
	got, err = s.Requesters(ctx, "P.DUR", 8)
	if err != nil || len(got) != 1 || got[0].Name != "Paul Durand" || got[0].Device != "HP 840" || got[0].Connection != ConnOffice {
		t.Fatalf("P.DUR = %+v, %v", got, err)
	}
	// A name and the same person's address are listed once.
	got, _ = s.Requesters(ctx, "sophie", 8)
	if len(got) != 1 {
		t.Fatalf("sophie = %+v", got)
	}
	// The limit holds; nothing typed, nothing listed; no match, none.
	if got, _ := s.Requesters(ctx, "s", 1); len(got) != 1 {
		t.Fatalf("limit 1 = %+v", got)
	}
	for _, p := range []string{"", "  ", "zz"} {
		if got, err := s.Requesters(ctx, p, 8); err != nil || len(got) != 0 {
			t.Fatalf("%q = %+v, %v", p, got, err)
		}
	}
}

// The services in use, each once, in order; none typed is not one.
func TestServiceNames(t *testing.T) {
	s, _ := openStore(t, nil)
	for _, svc := range []string{"Urbanisme", "", "Archives", "Urbanisme", "RH"} {
		mustCreate(t, s, NewTicket{Title: "t", Requester: Requester{Name: "x", Service: svc}})
	}
	got, err := s.ServiceNames(context.Background(), 0)
	if err != nil || strings.Join(got, ",") != "Archives,RH,Urbanisme" {
		t.Fatalf("services = %v, %v", got, err)
	}
	if got, _ := s.ServiceNames(context.Background(), 2); len(got) != 2 {
		t.Fatalf("limit 2 = %v", got)
	}
}

// Each step of the lookup is a seek on the requester indexes, not a walk
// of the table: the query plan says so.
func TestRequestersUseTheIndexes(t *testing.T) {
	s, d := openStore(t, nil)
	_ = s
	queries := map[string]string{"tickets_service_queue": `SELECT requester_service FROM tickets WHERE requester_service > ?
			ORDER BY requester_service LIMIT 1`}
	for _, col := range []string{"requester_name", "requester_email"} {
		queries["tickets_"+strings.TrimPrefix(col, "requester_")] = `SELECT ` + col + ` FROM tickets
			WHERE ` + col + ` COLLATE NOCASE >= ? AND ` + col + ` COLLATE NOCASE < ?
			ORDER BY ` + col + ` COLLATE NOCASE LIMIT 1`
	}
	for index, q := range queries {
		index = strings.Replace(index, "tickets_name", "tickets_requester_name", 1)
		index = strings.Replace(index, "tickets_email", "tickets_requester_email", 1)
		args := []any{"a"}
		if strings.Count(q, "?") == 2 {
			args = append(args, "a"+prefixEnd)
		}
		p := queryPlan(t, d.DB, q, args...)
		if !strings.Contains(p, "USING COVERING INDEX "+index+" (") || !strings.Contains(p, ">") {
			t.Fatalf("plan %q is not a range seek on %s", p, index)
		}
	}
}
