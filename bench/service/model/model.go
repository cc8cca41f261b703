// Package model holds the service's records and their validation.
package model

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

type Item struct {
	ID      int64     `json:"id"`
	Name    string    `json:"name"`
	Tags    []string  `json:"tags,omitempty"`
	Price   int64     `json:"price_cents"`
	Created time.Time `json:"created"`
}

var ErrInvalid = errors.New("invalid item")

// Validate reports what is wrong with the item, if anything.
func (it *Item) Validate() error {
	var problems []string
	if strings.TrimSpace(it.Name) == "" {
		problems = append(problems, "empty name")
	}
	if it.Price < 0 {
		problems = append(problems, fmt.Sprintf("negative price %d", it.Price))
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w: %s", ErrInvalid, strings.Join(problems, ", "))
	}
	return nil
}

// Normalize lower-cases and deduplicates the tags.
func (it *Item) Normalize() {
	seen := make(map[string]bool, len(it.Tags))
	tags := it.Tags[:0]
	for _, tag := range it.Tags {
		tag = strings.ToLower(tag)
		if !seen[tag] {
			seen[tag] = true
			tags = append(tags, tag)
		}
	}
	it.Tags = tags
}

type Page struct {
	Items []Item `json:"items"`
	Next  string `json:"next,omitempty"`
}
