package config

import (
	"fmt"
	"math"
	"strings"
)

// KB is the knowledge base's section:
//
//	kb:
//	  collections:        # weight of each collection in search and suggestions (default 1)
//	    equipe: 1.5
//	    kb-fr-alchemy: 0.5
type KB struct {
	Collections map[string]float64 `yaml:"collections"`
}

// maxCollectionWeight bounds a weight: beyond, one collection would hide
// every other whatever the text says.
const maxCollectionWeight = 10

func (c *Config) validateKB(lineOf func(string) string) error {
	for name, w := range c.KB.Collections {
		if strings.TrimSpace(name) == "" {
			return fmt.Errorf("%skb: collections: a collection needs a name", lineOf("collections"))
		}
		if math.IsNaN(w) || w < 0 || w > maxCollectionWeight {
			return fmt.Errorf("%skb: collections: %s: weight %v must be between 0 and %d (1 is the default)", lineOf(name), name, w, maxCollectionWeight)
		}
	}
	return nil
}
