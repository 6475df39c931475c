package kb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"hotline/internal/db"
)

// Curation: the team keeps its knowledge base right from the interface.
// An article's title, tags, link, collection and verified state can be
// edited whatever its origin; its body only when it was written in Hotline
// (a file-based article's body stays in its file, where the importer reads
// it: a re-import of a changed file brings back what the file says). Every
// edit counts as a review.

// ArticleEdit is a change to an article; nil fields stay as they are.
type ArticleEdit struct {
	Title      *string
	Tags       *[]string
	URL        *string
	Collection *string
	// Verified true marks the article verified today, false clears it.
	Verified *bool
	// Body is refused for an article imported from a file.
	Body *string
}

// ErrFileBased is returned when the body of an article imported from a
// file is edited in Hotline: edit the file and import it again.
var ErrFileBased = errors.New("the body of an imported article is edited in its file")

// Edit applies a change to an article and records it as reviewed now.
func (s *Store) Edit(ctx context.Context, id int64, e ArticleEdit) (*Article, error) {
	a, err := s.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.Body != nil && a.Source != "" {
		return nil, fmt.Errorf("edit article %d: %w (%s)", id, ErrFileBased, a.Key())
	}
	if e.Title != nil {
		a.Title = *e.Title
	}
	if e.Tags != nil {
		a.Tags = *e.Tags
	}
	if e.URL != nil {
		a.URL = *e.URL
	}
	if e.Body != nil {
		a.Body = *e.Body
	}
	now := s.now().UTC()
	if e.Verified != nil {
		if *e.Verified {
			d := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
			a.Verified = &d
		} else {
			a.Verified = nil
		}
	}
	coll := a.Collection
	if e.Collection != nil {
		coll = strings.TrimSpace(*e.Collection)
		if err := ValidCollection(coll); err != nil {
			return nil, fmt.Errorf("edit article %d: %w", id, err)
		}
	}
	transcript := a.Transcript
	a.Transcript = nil // normalize checks cues; they do not change here
	if err := normalize(a); err != nil {
		return nil, fmt.Errorf("edit article %d: %w", id, err)
	}
	a.Transcript = transcript
	err = db.WithTx(ctx, s.db, func(tx *sql.Tx) error {
		if coll != a.Collection && a.Source != "" {
			var other int64
			err := tx.QueryRowContext(ctx, `SELECT article_id FROM article_meta WHERE collection = ? AND path = ?`, coll, a.Source).Scan(&other)
			if err == nil {
				return invalid("collection", Reason{Code: CodeCollectionTaken, Value: coll, Other: a.Source, OtherID: other})
			}
			if !errors.Is(err, sql.ErrNoRows) {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET title = ?, tags = ?, url = ?, verified = ?, body = ?, updated_at = ? WHERE id = ?`,
			a.Title, strings.Join(a.Tags, " "), a.URL, verifiedValue(a.Verified), a.Body, now.Unix(), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE article_meta SET collection = ?, reviewed_at = ? WHERE article_id = ?`, coll, now.Unix(), id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_tags WHERE article_id = ?`, id); err != nil {
			return err
		}
		for _, t := range a.Tags {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO article_tags(tag, article_id) VALUES (?, ?)`, foldTag(t), id); err != nil {
				return err
			}
		}
		w := newArticleWriter(tx)
		defer w.close()
		_, err := w.addVocab(ctx, nil, a, nil)
		return err
	})
	s.changed()
	if err != nil {
		return nil, fmt.Errorf("edit article %d: %w", id, err)
	}
	return s.Get(ctx, id)
}

// Archive hides an article from search and suggestions (archived true) or
// brings it back; tickets stay linked to it either way.
func (s *Store) Archive(ctx context.Context, id int64, archived bool) error {
	v := 0
	if archived {
		v = 1
	}
	res, err := s.db.ExecContext(ctx, `UPDATE articles SET archived = ?, updated_at = ? WHERE id = ?`, v, s.now().Unix(), id)
	if err != nil {
		return fmt.Errorf("archive article %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("archive article %d: %w", id, ErrNotFound)
	}
	s.changed()
	return nil
}

// ReviewReason says why an article is on the review list.
type ReviewReason string

const (
	NeverVerified ReviewReason = "never-verified"
	NotReviewed   ReviewReason = "not-reviewed" // for six months
	Reopened      ReviewReason = "reopened"     // tickets solved with it were reopened
	BrokenLink    ReviewReason = "broken-link"  // its link is not a web address nor an existing file
	MissingLink   ReviewReason = "missing-link" // a video without a link
)

// ReviewItem is an article to review and why.
type ReviewItem struct {
	Article  Article // without body
	Reasons  []ReviewReason
	Reopened int // tickets solved with it that were reopened
}

// ReopenSource tells which articles solved tickets that were reopened;
// tickets.Store implements it (Options.Links is checked for it).
type ReopenSource interface {
	ReopenedArticleLinks(ctx context.Context) (map[int64]int, error)
}

// ReviewOptions page through the review list by article id.
type ReviewOptions struct {
	Limit   int   // default 50
	AfterID int64 // keyset: the last id of the previous page
}

// ReviewList lists the articles that need a look, by id: never verified,
// not reviewed for six months, linked to tickets that were reopened, with
// a broken or missing link. Archived articles are left out.
func (s *Store) ReviewList(ctx context.Context, opts ReviewOptions) ([]ReviewItem, error) {
	limit := opts.Limit
	if limit <= 0 {
		limit = 50
	}
	reopened := map[int64]int{}
	if rs, ok := s.links.(ReopenSource); ok {
		var err error
		if reopened, err = rs.ReopenedArticleLinks(ctx); err != nil {
			return nil, fmt.Errorf("review list: %w", err)
		}
	}
	stale := s.now().Add(-reviewFresh).Unix()
	var out []ReviewItem
	after := opts.AfterID
	// Most articles of a healthy base need nothing: read pages until the
	// list is full.
	for len(out) < limit {
		page, err := s.List(ctx, ListOptions{AfterID: after, Limit: 200})
		if err != nil {
			return nil, fmt.Errorf("review list: %w", err)
		}
		if len(page) == 0 {
			break
		}
		for _, a := range page {
			var why []ReviewReason
			if a.Verified == nil {
				why = append(why, NeverVerified)
			}
			if a.ReviewedAt == nil || a.ReviewedAt.Unix() < stale {
				why = append(why, NotReviewed)
			}
			if reopened[a.ID] > 0 {
				why = append(why, Reopened)
			}
			switch link := linkState(a.URL, a.Kind); link {
			case BrokenLink, MissingLink:
				why = append(why, link)
			}
			if len(why) > 0 {
				out = append(out, ReviewItem{Article: a, Reasons: why, Reopened: reopened[a.ID]})
				if len(out) == limit {
					break
				}
			}
		}
		after = page[len(page)-1].ID
	}
	return out, nil
}

// linkState checks an article's link without the network: a web address
// must parse with a host, a local path must exist; a video needs one.
func linkState(link string, kind Kind) ReviewReason {
	link = strings.TrimSpace(link)
	if link == "" {
		if kind == KindVideo {
			return MissingLink
		}
		return ""
	}
	if strings.Contains(link, "://") {
		u, err := url.Parse(link)
		if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
			return BrokenLink
		}
		return ""
	}
	if filepath.IsAbs(link) {
		if _, err := os.Stat(link); err != nil {
			return BrokenLink
		}
	}
	return ""
}
