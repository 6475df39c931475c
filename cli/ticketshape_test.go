package cli

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// One JSON shape for a ticket: `ticket list --json`, `ticket show --json`
// and `ticket export` give the same keys with the same values for the
// ticket's own fields (show adds its lists, export its history and links).
func TestOneJSONShapeForATicket(t *testing.T) {
	c := newCLI(t)
	c.ok("ticket", "add", "--title", "VPN coupé", "--description", "plus de VPN", "--requester", "Paul", "--tag", "vpn")
	c.ok("ticket", "comment", "1", "--text", "Essayez ceci.")
	var list []map[string]any
	if err := json.Unmarshal([]byte(c.ok("ticket", "list", "--json")), &list); err != nil || len(list) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
	var show, export map[string]any
	if err := json.Unmarshal([]byte(c.ok("ticket", "show", "1", "--json")), &show); err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(c.ok("ticket", "export"), "\n")
	if err := json.Unmarshal([]byte(line), &export); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"id", "title", "status", "priority", "major", "urgency", "impact", "requester", "tags",
		"created_at", "updated_at", "due_at", "first_response_at", "overdue", "version"} {
		if _, ok := list[0][key]; !ok {
			t.Errorf("list --json lacks %q", key)
		}
	}
	for key, v := range list[0] {
		if !reflect.DeepEqual(show[key], v) {
			t.Errorf("%q: list %v, show %v", key, v, show[key])
		}
		if !reflect.DeepEqual(export[key], v) {
			t.Errorf("%q: list %v, export %v", key, v, export[key])
		}
	}
	for _, key := range []string{"comments", "history", "articles"} {
		if _, ok := show[key].([]any); !ok {
			t.Errorf("show --json: %q is not an array: %v", key, show[key])
		}
	}
	if cs := show["comments"].([]any); len(cs) != 1 || !reflect.DeepEqual(cs, export["comments"]) {
		t.Errorf("comments: show %v, export %v", show["comments"], export["comments"])
	}
}
