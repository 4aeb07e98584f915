// Package load writes article graphs into Neo4j: batched UNWIND statements
// (one constant statement per label and relationship type) in managed
// write transactions, a worker pool, per-article replace and forget, and
// bounded retries when the server goes away.
//
// Every transaction holds whole articles, so an article is either fully
// loaded or not at all; a transaction is retried whole. Loading the same
// article graph twice changes nothing; a changed graph replaces the
// article's contribution exactly (docs/model.md, docs/loading.md).
//
// It is stage four of read → extract → graph → load → query.
package load
