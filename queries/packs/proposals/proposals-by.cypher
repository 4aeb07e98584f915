// name: proposals-by
// pack: proposals
// title: Proposals made by an actor
// description: The proposals an actor (or a leader or delegation representing
//   it) put forward, when, and who accepted or rejected each one.
// param: actor string -- proposing actor, any name or alias
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: actor=Russia
MATCH (:Alias {name: toLower(trim($actor))})-[:ALIAS_OF]->(x)
OPTIONAL MATCH (xr)-[:REPRESENTS]->(x)
WITH collect(DISTINCT x) + collect(DISTINCT xr) AS actors
UNWIND actors AS x
MATCH (x)-[r:PROPOSES]->(p:Proposal)
UNWIND range(0, size(r.sources) - 1) AS i
WITH p, x, r.sources[i] AS article, r.dates[i] AS date, r.confidences[i] AS confidence
WHERE confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
WITH p, x, article, date
ORDER BY x.name
WITH p, collect(DISTINCT x.name) AS proposed_by, count(DISTINCT article) AS articles,
     min(CASE WHEN date <> '' THEN date END) AS proposed
CALL (p) {
  OPTIONAL MATCH (a)-[r:ACCEPTS]->(p)
  WHERE any(i IN range(0, size(r.sources) - 1)
            WHERE r.confidences[i] >= $min_confidence
              AND ($from IS NULL OR r.dates[i] >= toString($from))
              AND ($to IS NULL OR (r.dates[i] <> '' AND r.dates[i] <= toString($to))))
  WITH a ORDER BY a.name
  RETURN collect(DISTINCT a.name) AS accepted_by
}
CALL (p) {
  OPTIONAL MATCH (a)-[r:REJECTS]->(p)
  WHERE any(i IN range(0, size(r.sources) - 1)
            WHERE r.confidences[i] >= $min_confidence
              AND ($from IS NULL OR r.dates[i] >= toString($from))
              AND ($to IS NULL OR (r.dates[i] <> '' AND r.dates[i] <= toString($to))))
  WITH a ORDER BY a.name
  RETURN collect(DISTINCT a.name) AS rejected_by
}
RETURN p.name AS proposal, proposed_by, proposed, accepted_by, rejected_by, articles
ORDER BY proposed, proposal
LIMIT $limit
