// Package graph holds dipgraph's Neo4j model and connection layer: the
// whitelisted labels and relationship types, node keys, the mapping from
// extracted article graphs to load rows, the schema, and a thin wrapper over
// neo4j-go-driver v5 that runs work in managed transactions and classifies
// connection failures.
//
// It is stage three of read → extract → graph → load → query: it may import
// extract (its output types) and the driver, never queries or config.
package graph
