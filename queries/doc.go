// Package queries holds the analyst query packs: named, parameterised Cypher
// queries over the dipgraph graph model (docs/model.md), and runs them.
//
// A query is a .cypher file whose leading comment lines form a header:
//
//	// name: mediators-between
//	// pack: mediation
//	// title: Mediators between two actors
//	// description: Who mediates between two given actors …
//	//   (indented comment lines continue the previous field)
//	// param: a string -- first party, any name or alias
//	// param: from date = null -- earliest article date
//	// param: limit int = 100 -- maximum rows
//	// example: a=Russia b=Ukraine
//
// Parameter types are string, date (YYYY-MM-DD, passed to Cypher as a
// string), float, int and bool. A parameter without a default is required.
// User values reach Neo4j only as parameters, never spliced into Cypher text,
// and the same file runs unchanged in Neo4j Browser after `:param` lines.
//
// The packs under packs/ are embedded in the binary; Load overlays any number
// of user directories on them, a user query replacing an embedded one of the
// same name. Run executes a query in a read transaction with a timeout.
//
// It is the last stage of read → extract → graph → load → query, and imports
// graph for execution only.
package queries
