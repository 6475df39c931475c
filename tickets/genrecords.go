package tickets

import (
	"fmt"
	"math/rand"
	"time"
)

// GenerateRecords calls fn with n synthetic tickets as import records, in
// creation order, drawn from the same vocabulary and distributions as
// Generate. The sequence is deterministic for a seed: the benchmark script
// writes the same import files on every run.
func GenerateRecords(n int, seed int64, fn func(Record) error) error {
	rng := rand.New(rand.NewSource(seed))
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	span := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC).Unix() - start
	step := max(span/int64(max(n, 1)), 1)
	for i := 0; i < n; i++ {
		title, desc := genText(rng)
		created := time.Unix(start+int64(i)*step+rng.Int63n(step), 0).UTC()
		u, im := 1+rng.Intn(5), 1+rng.Intn(5)
		status := genStatus(rng)
		assignee := ""
		if status != StatusNew {
			assignee = genTechs[rng.Intn(len(genTechs))]
		}
		agent := rng.Intn(1500)
		rec := Record{
			Title: title, Description: desc, Status: string(status), Urgency: &u, Impact: &im,
			Category: DefaultCategories[rng.Intn(len(DefaultCategories))],
			Requester: Requester{Name: fmt.Sprintf("Agent %d", agent), Service: genServices[rng.Intn(len(genServices))],
				Email: fmt.Sprintf("agent%d@example.org", agent)},
			Connection: string(genConns[rng.Intn(len(genConns))]), Assignee: assignee,
			Tags:      []string{genTags[rng.Intn(len(genTags))]},
			CreatedAt: created.Format(time.RFC3339),
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return nil
}
