package cli

import "time"

type changeJSON struct {
	At    string `json:"at"`
	Actor string `json:"actor"`
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func rfc3339Ptr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := rfc3339(*t)
	return &s
}
