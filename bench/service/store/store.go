// Package store keeps items in a SQL database.
package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"sync"
	"time"

	"goescape.bench/service/model"
)

var ErrNotFound = errors.New("not found")

type Store struct {
	db    *sql.DB
	mu    sync.Mutex
	cache map[int64]*model.Item
}

func New(db *sql.DB) *Store {
	return &Store{db: db, cache: make(map[int64]*model.Item)}
}

func (s *Store) Get(ctx context.Context, id int64) (*model.Item, error) {
	s.mu.Lock()
	if it, ok := s.cache[id]; ok {
		s.mu.Unlock()
		return it, nil
	}
	s.mu.Unlock()
	row := s.db.QueryRowContext(ctx, "SELECT id, name, tags, price, created FROM items WHERE id = ?", id)
	var it model.Item
	var tags string
	if err := row.Scan(&it.ID, &it.Name, &tags, &it.Price, &it.Created); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ErrNotFound
		}
		return nil, err
	}
	if tags != "" {
		it.Tags = strings.Split(tags, ",")
	}
	s.mu.Lock()
	s.cache[id] = &it
	s.mu.Unlock()
	return &it, nil
}

func (s *Store) Put(ctx context.Context, it *model.Item) error {
	if err := it.Validate(); err != nil {
		return err
	}
	it.Normalize()
	it.Created = time.Now().UTC()
	res, err := s.db.ExecContext(ctx, "INSERT INTO items (name, tags, price, created) VALUES (?, ?, ?, ?)",
		it.Name, strings.Join(it.Tags, ","), it.Price, it.Created)
	if err != nil {
		return err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return err
	}
	it.ID = id
	s.mu.Lock()
	s.cache[id] = it
	s.mu.Unlock()
	return nil
}

func (s *Store) List(ctx context.Context, after int64, limit int) ([]model.Item, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, name, price, created FROM items WHERE id > ? ORDER BY id LIMIT ?", after, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := make([]model.Item, 0, limit)
	for rows.Next() {
		var it model.Item
		if err := rows.Scan(&it.ID, &it.Name, &it.Price, &it.Created); err != nil {
			return nil, err
		}
		items = append(items, it)
	}
	return items, rows.Err()
}
