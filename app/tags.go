package app

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"

	"hotline/internal/db"
	"hotline/internal/text"
	"hotline/tickets"
)

// TagKey is the one normalisation of a tag across tickets and articles:
// case, spaces and accents do not make two tags ("Réseau", "reseau").
func TagKey(tag string) string {
	return text.Fold(strings.Join(strings.Fields(strings.ToLower(tag)), "-"))
}

// TagCount is a tag with how many tickets and articles carry it.
type TagCount struct {
	Tag      string `json:"tag"`
	Tickets  int    `json:"tickets"`
	Articles int    `json:"articles"`
}

// TagCounts lists the tags of tickets and articles together, most used
// first, tags that differ only by case or accents counted as one (see
// TagKey); prefix keeps those starting with it (accents ignored).
func (a *App) TagCounts(ctx context.Context, prefix string) ([]TagCount, error) {
	if err := a.Open(ctx); err != nil {
		return nil, err
	}
	tt, err := a.tickets.Tags(ctx, "", 0)
	if err != nil {
		return nil, fmt.Errorf("count ticket tags: %w", err)
	}
	at, err := a.kb.Tags(ctx, "", 0)
	if err != nil {
		return nil, fmt.Errorf("count article tags: %w", err)
	}
	index := map[string]int{}
	var rows []TagCount
	add := func(tag string, tickets, articles int) {
		k := TagKey(tag)
		if i, ok := index[k]; ok {
			rows[i].Tickets += tickets
			rows[i].Articles += articles
			return
		}
		index[k] = len(rows)
		rows = append(rows, TagCount{Tag: tag, Tickets: tickets, Articles: articles})
	}
	for _, t := range tt {
		add(t.Tag, t.Tickets, 0)
	}
	for _, t := range at {
		add(t.Tag, 0, t.Articles)
	}
	p := TagKey(prefix)
	out := rows[:0]
	for _, r := range rows {
		if strings.HasPrefix(TagKey(r.Tag), p) {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if n, m := out[i].Tickets+out[i].Articles, out[j].Tickets+out[j].Articles; n != m {
			return n > m
		}
		return out[i].Tag < out[j].Tag
	})
	return out, nil
}

// Retagged says what a tag rename or merge changed.
type Retagged struct {
	From, Into        string
	Tickets, Articles int
}

// RetagTags renames tag from to into (or, with merge, merges from into
// into) on every ticket and every article, in one transaction: both
// change or neither does. A tag nothing carries is a
// *tickets.NoSuchTagError; renaming onto a tag in use on tickets is a
// *tickets.TagInUseError. Only admins may (once the directory has one).
func (a *App) RetagTags(ctx context.Context, from, into string, merge bool) (Retagged, error) {
	res := Retagged{From: from, Into: into}
	if err := a.Open(ctx); err != nil {
		return res, err
	}
	if err := a.tickets.Allow(ctx, a.user, tickets.PermAdmin); err != nil {
		return res, err
	}
	err := db.WithTx(ctx, a.db.DB, func(tx *sql.Tx) error {
		n, err := a.tickets.RetagTx(ctx, tx, from, into, a.user, merge)
		// A tag may live on articles only.
		if err != nil && !errors.Is(err, tickets.ErrNoSuchTag) {
			return err
		}
		m, aerr := a.kb.RetagArticlesTx(ctx, tx, from, into)
		if aerr != nil {
			return aerr
		}
		if err != nil && m == 0 {
			return err
		}
		res.Tickets, res.Articles = n, m
		return nil
	})
	if err != nil {
		return Retagged{From: from, Into: into}, err
	}
	return res, nil
}
