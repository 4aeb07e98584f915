// name: summary
// pack: overview
// title: What is in the graph
// description: Node counts per label and relationship counts per type of the
//   dipgraph model (docs/model.md), read from Neo4j's count store, so it is
//   instant on any size of graph.
// param: limit int = 100 -- maximum rows
CALL () {
  MATCH (n:Article) RETURN 'node' AS kind, 'Article' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Country) RETURN 'node' AS kind, 'Country' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Leader) RETURN 'node' AS kind, 'Leader' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Delegation) RETURN 'node' AS kind, 'Delegation' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Venue) RETURN 'node' AS kind, 'Venue' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Organization) RETURN 'node' AS kind, 'Organization' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Proposal) RETURN 'node' AS kind, 'Proposal' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Alias) RETURN 'node' AS kind, 'Alias' AS name, count(n) AS count
  UNION ALL
  MATCH (n:Source) RETURN 'node' AS kind, 'Source' AS name, count(n) AS count
  UNION ALL
  MATCH ()-[r:MEDIATES]->() RETURN 'relationship' AS kind, 'MEDIATES' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:PROPOSES]->() RETURN 'relationship' AS kind, 'PROPOSES' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:REJECTS]->() RETURN 'relationship' AS kind, 'REJECTS' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:ACCEPTS]->() RETURN 'relationship' AS kind, 'ACCEPTS' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:LEADS]->() RETURN 'relationship' AS kind, 'LEADS' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:REPRESENTS]->() RETURN 'relationship' AS kind, 'REPRESENTS' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:MEETS]->() RETURN 'relationship' AS kind, 'MEETS' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:MEETS_IN]->() RETURN 'relationship' AS kind, 'MEETS_IN' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:VISITS]->() RETURN 'relationship' AS kind, 'VISITS' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:MENTIONED_IN]->() RETURN 'relationship' AS kind, 'MENTIONED_IN' AS name, count(r) AS count
  UNION ALL
  MATCH ()-[r:ALIAS_OF]->() RETURN 'relationship' AS kind, 'ALIAS_OF' AS name, count(r) AS count
}
RETURN kind, name, count
ORDER BY kind, count DESC, name
LIMIT $limit
