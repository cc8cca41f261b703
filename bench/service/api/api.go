// Package api serves the store over HTTP with JSON bodies.
package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"goescape.bench/service/model"
	"goescape.bench/service/store"
)

type Server struct {
	store *store.Store
	log   *slog.Logger
}

func New(s *store.Store, log *slog.Logger) *Server {
	return &Server{store: s, log: log}
}

func (srv *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /items/{id}", srv.getItem)
	mux.HandleFunc("POST /items", srv.postItem)
	mux.HandleFunc("GET /items", srv.listItems)
	return srv.logged(mux)
}

func (srv *Server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		srv.log.Info("request", "method", r.Method, "path", r.URL.Path)
		next.ServeHTTP(w, r)
	})
}

func (srv *Server) getItem(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	it, err := srv.store.Get(r.Context(), id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		writeError(w, http.StatusNotFound, err)
	case err != nil:
		srv.log.Error("get", "id", id, "err", err)
		writeError(w, http.StatusInternalServerError, err)
	default:
		writeJSON(w, http.StatusOK, it)
	}
}

func (srv *Server) postItem(w http.ResponseWriter, r *http.Request) {
	var it model.Item
	if err := json.NewDecoder(r.Body).Decode(&it); err != nil {
		writeError(w, http.StatusBadRequest, err)
		return
	}
	if err := srv.store.Put(r.Context(), &it); err != nil {
		status := http.StatusInternalServerError
		if errors.Is(err, model.ErrInvalid) {
			status = http.StatusUnprocessableEntity
		}
		writeError(w, status, err)
		return
	}
	writeJSON(w, http.StatusCreated, &it)
}

func (srv *Server) listItems(w http.ResponseWriter, r *http.Request) {
	after, _ := strconv.ParseInt(r.URL.Query().Get("after"), 10, 64)
	items, err := srv.store.List(r.Context(), after, 50)
	if err != nil {
		writeError(w, http.StatusInternalServerError, err)
		return
	}
	page := model.Page{Items: items}
	if len(items) == 50 {
		page.Next = strconv.FormatInt(items[len(items)-1].ID, 10)
	}
	writeJSON(w, http.StatusOK, page)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func writeError(w http.ResponseWriter, status int, err error) {
	writeJSON(w, status, map[string]string{"error": err.Error()})
}
