package portal

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"hotline/tickets"
)

func (e *env) apiKey() string {
	e.t.Helper()
	_, secret, err := e.desk.Access.AddKey(context.Background(), "intranet", "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return secret
}

func (e *env) api(method, path, key string, body any) (resp, map[string]any) {
	e.t.Helper()
	var rd *bytes.Reader
	switch b := body.(type) {
	case nil:
		rd = bytes.NewReader(nil)
	case string:
		rd = bytes.NewReader([]byte(b))
	default:
		raw, _ := json.Marshal(b)
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequest(method, e.ts.URL+path, rd)
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	r := e.do(&http.Client{}, req)
	var out map[string]any
	json.Unmarshal([]byte(r.body), &out)
	return r, out
}

func fieldsOf(out map[string]any) []string {
	var names []string
	fs, _ := out["fields"].([]any)
	for _, f := range fs {
		names = append(names, f.(map[string]any)["field"].(string))
	}
	return names
}

func TestAPICreateStatusReply(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	key := e.apiKey()
	ticket := map[string]any{"title": "VPN refuse la connexion", "description": "Erreur 809", "category": "reseau/vpn", "urgency": 4,
		"requester": map[string]any{"name": "Jean", "email": "jean@ville.fr"}, "connection": "vpn",
		"attachments": []map[string]any{{"name": "err.png", "content_base64": base64.StdEncoding.EncodeToString(pngData)}}}
	r, out := e.api("POST", "/api/tickets", key, ticket)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create: %d %s", r.StatusCode, r.body)
	}
	tok := out["token"].(string)
	if out["id"].(float64) != 1 || out["attachments"].(float64) != 1 || !strings.HasSuffix(out["status_url"].(string), "/suivi/"+tok) {
		t.Errorf("created: %v", out)
	}
	hist, _ := e.desk.Tickets.History(ctx, 1)
	if hist[len(hist)-1].New != "api" {
		t.Errorf("history channel %+v", hist)
	}
	e.desk.Tickets.Comment(ctx, 1, "paul", "interne", true)
	e.desk.Tickets.Comment(ctx, 1, "paul", "Redémarrez", false)
	r, out = e.api("GET", "/api/tickets/"+tok, key, nil)
	if r.StatusCode != 200 || out["status"] != "new" || out["category"] != "Réseau/VPN" || len(out["followups"].([]any)) != 1 || strings.Contains(r.body, "interne") || strings.Contains(r.body, "paul") {
		t.Errorf("status: %d %s", r.StatusCode, r.body)
	}
	r, _ = e.api("POST", "/api/tickets/"+tok+"/replies", key, map[string]any{"text": "Ça marche pas"})
	if r.StatusCode != http.StatusCreated {
		t.Errorf("reply: %d %s", r.StatusCode, r.body)
	}
	r, out = e.api("POST", "/api/tickets/"+tok+"/replies", key, map[string]any{"text": ""})
	if r.StatusCode != http.StatusUnprocessableEntity || fieldsOf(out)[0] != "text" {
		t.Errorf("empty reply: %d %s", r.StatusCode, r.body)
	}
	if r, _ := e.api("GET", "/api/tickets/"+strings.Repeat("a", 43), key, nil); r.StatusCode != 404 {
		t.Errorf("unknown token: %d", r.StatusCode)
	}
}

func TestAPIValidationNamesEachField(t *testing.T) {
	e := newEnv(t)
	key := e.apiKey()
	cases := []struct {
		body  any
		field string
		code  int
	}{
		{map[string]any{"description": ""}, "title", 422},
		{map[string]any{"title": "x", "urgency": 9}, "urgency", 422},
		{map[string]any{"title": "x", "category": "Plomberie"}, "category", 422},
		{map[string]any{"title": "x", "connection": "fibre"}, "connection", 422},
		{map[string]any{"title": "x", "requester": map[string]any{"email": "pas-une-adresse"}}, "requester.email", 422},
		{map[string]any{"title": "x", "attachments": []map[string]any{{"name": "a.exe", "content_base64": base64.StdEncoding.EncodeToString([]byte("MZ\x90\x00\x03\x00"))}}}, "attachments", 422},
		{map[string]any{"title": "x", "attachments": []map[string]any{{"name": "a.png", "content_base64": "%%%"}}}, "attachments[0].content_base64", 422},
		{map[string]any{"title": "x", "colour": "red"}, "body", 400},
		{`{"title": "x"`, "body", 400},
	}
	for _, c := range cases {
		r, out := e.api("POST", "/api/tickets", key, c.body)
		if r.StatusCode != c.code || len(fieldsOf(out)) == 0 || fieldsOf(out)[0] != c.field {
			t.Errorf("%v: %d %s, want %d naming %s", c.body, r.StatusCode, r.body, c.code, c.field)
		}
	}
	if e.count("tickets") != 0 || e.count("attachments") != 0 {
		t.Error("refused requests wrote something")
	}
	r, _ := e.api("POST", "/api/tickets", key, strings.Repeat(" ", int(e.srv.jsonLimit())+1))
	if r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d", r.StatusCode)
	}
}

func TestAPIKeysRequiredAndRevocable(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	body := map[string]any{"title": "Imprimante"}
	for _, key := range []string{"", "hk_" + strings.Repeat("a", 43), "not-a-key"} {
		if r, out := e.api("POST", "/api/tickets", key, body); r.StatusCode != http.StatusUnauthorized || out["code"] != "unauthorized" {
			t.Errorf("key %q: %d", key, r.StatusCode)
		}
	}
	key := e.apiKey()
	if r, _ := e.api("POST", "/api/tickets", key, body); r.StatusCode != http.StatusCreated {
		t.Fatalf("valid key: %d", r.StatusCode)
	}
	var stored string
	e.db.QueryRow(`SELECT hex(key_hash) FROM api_keys`).Scan(&stored)
	if strings.Contains(strings.ToLower(stored), strings.ToLower(key)) || stored == "" {
		t.Error("key not stored hashed")
	}
	if _, err := e.desk.Access.RevokeKey(ctx, "intranet"); err != nil {
		t.Fatal(err)
	}
	if r, _ := e.api("POST", "/api/tickets", key, body); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("revoked key: %d", r.StatusCode)
	}
	if r, _ := e.api("GET", "/api/tickets/whatever", "", nil); r.StatusCode != http.StatusUnauthorized {
		t.Errorf("status without key: %d", r.StatusCode)
	}
	if e.count("tickets") != 1 {
		t.Error("a request without a valid key filed a ticket")
	}
}

func TestAPISuggestAndKB(t *testing.T) {
	e := newEnv(t)
	r, out := e.api("GET", "/api/suggest?q="+strings.ReplaceAll("Teams coupe en partage 4G", " ", "+"), "", nil)
	res, _ := out["results"].([]any)
	if r.StatusCode != 200 || len(res) == 0 || res[0].(map[string]any)["url"] != "/tutoriels/1" {
		t.Errorf("suggest: %d %s", r.StatusCode, r.body)
	}
	r, out = e.api("GET", "/api/kb?q=mot+de+passe", "", nil)
	res, _ = out["results"].([]any)
	if r.StatusCode != 200 || len(res) != 1 || strings.ContainsAny(res[0].(map[string]any)["snippet"].(string), "\uE000\uE001") {
		t.Errorf("kb: %d %s", r.StatusCode, r.body)
	}
	if r, out := e.api("GET", "/api/kb?q=", "", nil); r.StatusCode != 400 || fieldsOf(out)[0] != "q" {
		t.Errorf("empty kb query: %d", r.StatusCode)
	}
	if r, out := e.api("GET", "/api/suggest?q=", "", nil); r.StatusCode != 200 || len(out["results"].([]any)) != 0 {
		t.Errorf("empty suggest: %d %s", r.StatusCode, r.body)
	}
}

func TestOpenAPIDescribesEveryEndpoint(t *testing.T) {
	e := newEnv(t)
	r, out := e.api("GET", "/api/openapi.json", "", nil)
	if r.StatusCode != 200 || out["openapi"] == nil {
		t.Fatalf("openapi: %d", r.StatusCode)
	}
	paths := out["paths"].(map[string]any)
	for _, p := range []string{"/api/tickets", "/api/tickets/{token}", "/api/tickets/{token}/replies", "/api/suggest", "/api/kb"} {
		if paths[p] == nil {
			t.Errorf("openapi lacks %s", p)
		}
	}
	if r, _ := e.api("GET", "/api/nothing", "", nil); r.StatusCode != 404 || !strings.Contains(r.body, "openapi") {
		t.Errorf("unknown endpoint: %d", r.StatusCode)
	}
	_ = tickets.ChannelAPI
}
