// Package browser makes the query packs usable from Neo4j Browser: a guide
// for `:play` whose slides present each query as a runnable block that sets
// its parameters with `:param` and then runs the pack's Cypher unchanged,
// and a GRASS stylesheet for `:style` that gives every label of the graph
// model a colour, size and caption.
//
// Browser fetches guides and stylesheets cross-origin, only from hosts in
// the server's browser.remote_content_hostname_allowlist (by default
// guides.neo4j.com and localhost) and only when the response carries CORS
// headers. Handler serves the files with those headers, and Serve binds it
// to the loopback interface, so `:play http://localhost:PORT/dipgraph.html`
// works against a stock server; Files writes the same files for any other
// web server.
package browser
