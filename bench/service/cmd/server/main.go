// Command server runs the item API.
package main

import (
	"database/sql"
	"log/slog"
	"net/http"
	"os"
	"time"

	"goescape.bench/service/api"
	"goescape.bench/service/store"
)

func main() {
	log := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	db, err := sql.Open(os.Getenv("DB_DRIVER"), os.Getenv("DB_DSN"))
	if err != nil {
		log.Error("opening the database", "err", err)
		os.Exit(1)
	}
	srv := &http.Server{
		Addr:              ":8080",
		Handler:           api.New(store.New(db), log).Routes(),
		ReadHeaderTimeout: 5 * time.Second,
	}
	if err := srv.ListenAndServe(); err != nil {
		log.Error("serving", "err", err)
	}
}
