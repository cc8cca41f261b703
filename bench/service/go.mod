// A small service-like module for bench/cache.sh: an HTTP API with JSON
// bodies over database/sql, logging with log/slog. It is measured, never
// run; it builds with the standard library alone.
module goescape.bench/service

go 1.24
