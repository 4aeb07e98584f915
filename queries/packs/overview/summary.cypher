// name: summary
// pack: overview
// title: What is in the graph
// description: Node counts per label and relationship counts per type of the
//   dipgraph model (docs/model.md), read from Neo4j's count store, so it is
//   instant on any size of graph.
// param: limit int = 100 -- maximum rows
UNWIND [
  {kind: 'node', name: 'Article', count: COUNT { (:Article) }},
  {kind: 'node', name: 'Country', count: COUNT { (:Country) }},
  {kind: 'node', name: 'Leader', count: COUNT { (:Leader) }},
  {kind: 'node', name: 'Delegation', count: COUNT { (:Delegation) }},
  {kind: 'node', name: 'Venue', count: COUNT { (:Venue) }},
  {kind: 'node', name: 'Organization', count: COUNT { (:Organization) }},
  {kind: 'node', name: 'Proposal', count: COUNT { (:Proposal) }},
  {kind: 'node', name: 'Alias', count: COUNT { (:Alias) }},
  {kind: 'node', name: 'Source', count: COUNT { (:Source) }},
  {kind: 'relationship', name: 'MEDIATES', count: COUNT { ()-[:MEDIATES]->() }},
  {kind: 'relationship', name: 'PROPOSES', count: COUNT { ()-[:PROPOSES]->() }},
  {kind: 'relationship', name: 'REJECTS', count: COUNT { ()-[:REJECTS]->() }},
  {kind: 'relationship', name: 'ACCEPTS', count: COUNT { ()-[:ACCEPTS]->() }},
  {kind: 'relationship', name: 'LEADS', count: COUNT { ()-[:LEADS]->() }},
  {kind: 'relationship', name: 'REPRESENTS', count: COUNT { ()-[:REPRESENTS]->() }},
  {kind: 'relationship', name: 'MEETS', count: COUNT { ()-[:MEETS]->() }},
  {kind: 'relationship', name: 'MEETS_IN', count: COUNT { ()-[:MEETS_IN]->() }},
  {kind: 'relationship', name: 'VISITS', count: COUNT { ()-[:VISITS]->() }},
  {kind: 'relationship', name: 'MENTIONED_IN', count: COUNT { ()-[:MENTIONED_IN]->() }},
  {kind: 'relationship', name: 'ALIAS_OF', count: COUNT { ()-[:ALIAS_OF]->() }}
] AS row
RETURN row.kind AS kind, row.name AS name, row.count AS count
ORDER BY kind, count DESC, name
LIMIT $limit
