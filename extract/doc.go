// Package extract turns article text into SPEC.md article graphs
// (../shared/annotation/SPEC.md): entities (Country, Leader, Delegation,
// Venue, Organization, Proposal) and relations (MEDIATES, PROPOSES, REJECTS,
// ACCEPTS, LEADS, REPRESENTS, MEETS, MEETS_IN, VISITS) with evidence.
//
// It is stage two of read → extract → graph → load → query and imports
// nothing downstream: never graph, queries, config or the Neo4j driver.
package extract
