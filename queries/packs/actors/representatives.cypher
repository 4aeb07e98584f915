// name: representatives
// pack: actors
// title: Who represented a country
// description: The leaders who represented a country (or organization) over
//   time: directly (REPRESENTS) or as head of one of its delegations (LEADS).
//   Ordered by first appearance.
// param: country string -- any name or alias of a country or organization
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: country=Ukraine
MATCH (alias_country:Alias {name: toLower(trim($country))})-[:ALIAS_OF]->(c)
USING INDEX SEEK alias_country:Alias(name)
WHERE c:Country OR c:Organization
CALL (c) {
  MATCH (l:Leader)-[r:REPRESENTS]->(c)
  RETURN l, r, 'representative' AS role
  UNION
  MATCH (l:Leader)-[r:LEADS]->(:Delegation)-[:REPRESENTS]->(c)
  RETURN l, r, 'delegation head' AS role
}
// The lists once per relationship, not once per entry.
WITH l, role, r.sources AS sources, r.dates AS dates, r.confidence_pcts AS confs
UNWIND range(0, size(sources) - 1) AS i
WITH l, role, sources[i] AS article, dates[i] AS date, toInteger(confs[i]) / 100.0 AS confidence
WHERE confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
WITH l, role, article, date
ORDER BY role DESC
WITH l, collect(DISTINCT role) AS roles, count(DISTINCT article) AS articles,
     min(CASE WHEN date <> '' THEN date END) AS first_seen,
     max(CASE WHEN date <> '' THEN date END) AS last_seen
RETURN l.name AS leader, l.title AS title, roles, first_seen, last_seen, articles
ORDER BY first_seen, leader
LIMIT $limit
