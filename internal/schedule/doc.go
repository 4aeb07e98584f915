// Package schedule keeps the graph current without a person at the
// keyboard: it reads sources (watched directories, RSS/Atom feeds, JSON
// Lines files) on their own schedules, passes new and changed articles
// through extraction to the loader, and keeps each source's state in Neo4j
// itself, on a (:Source {name}) node, so any host or fresh process sees it.
//
// A run of a source takes a lease on its Source node first, in a write
// transaction, so two runs of one source never overlap, even a cron
// `dipgraph sync` beside a running `dipgraph schedule`. The lease is renewed
// while the run works and released when it ends; a crashed holder's lease
// simply expires. Articles already in the graph with the same content hash
// are skipped before extraction; a changed article is handed to the loader,
// which replaces its old facts.
//
// The package knows nothing of configuration files or commands: cmd/dipgraph
// maps the schedule section of the configuration onto Options and
// SourceConfig. It exposes Prometheus metrics from a private registry and a
// health check, served by Serve.
package schedule
