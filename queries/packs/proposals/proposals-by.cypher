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
MATCH (alias_actor:Alias {name: toLower(trim($actor))})-[:ALIAS_OF]->(x)
USING INDEX SEEK alias_actor:Alias(name)
OPTIONAL MATCH (xr)-[:REPRESENTS]->(x)
WITH collect(DISTINCT x) + collect(DISTINCT xr) AS actors
UNWIND actors AS x
MATCH (x)-[r:PROPOSES]->(p:Proposal)
// The lists bound once: r.dates[i] in a comprehension reads the whole
// stored list again for each i.
WITH p, x, r.dates AS rdates, CASE WHEN $min_confidence > 0.0 THEN r.confidence_pcts END AS confs
WITH p, x, [i IN range(0, size(rdates) - 1)
            WHERE ($from IS NULL OR rdates[i] >= toString($from))
              AND ($to IS NULL OR (rdates[i] <> '' AND rdates[i] <= toString($to)))
              AND (confs IS NULL OR toInteger(confs[i]) / 100.0 >= $min_confidence) | rdates[i]] AS dates
WHERE size(dates) > 0
WITH p, x, size(dates) AS n,
     reduce(m = null, d IN dates | CASE WHEN d <> '' AND (m IS NULL OR d < m) THEN d ELSE m END) AS first
ORDER BY x.name
WITH p, collect(x.name) AS proposed_by, sum(n) AS articles,
     reduce(m = null, d IN collect(first) | CASE WHEN m IS NULL OR d < m THEN d ELSE m END) AS proposed
ORDER BY proposed IS NULL, proposed, p.name
LIMIT $limit
// Who accepted and rejected: only for the proposals returned.
CALL (p) {
  OPTIONAL MATCH (a)-[r:ACCEPTS]->(p)
  WHERE any(l IN [{dates: r.dates, confs: r.confidence_pcts}] WHERE any(i IN range(0, size(l.dates) - 1)
            WHERE toInteger(l.confs[i]) / 100.0 >= $min_confidence
              AND ($from IS NULL OR l.dates[i] >= toString($from))
              AND ($to IS NULL OR (l.dates[i] <> '' AND l.dates[i] <= toString($to)))))
  WITH a ORDER BY a.name
  RETURN collect(DISTINCT a.name) AS accepted_by
}
CALL (p) {
  OPTIONAL MATCH (a)-[r:REJECTS]->(p)
  WHERE any(l IN [{dates: r.dates, confs: r.confidence_pcts}] WHERE any(i IN range(0, size(l.dates) - 1)
            WHERE toInteger(l.confs[i]) / 100.0 >= $min_confidence
              AND ($from IS NULL OR l.dates[i] >= toString($from))
              AND ($to IS NULL OR (l.dates[i] <> '' AND l.dates[i] <= toString($to)))))
  WITH a ORDER BY a.name
  RETURN collect(DISTINCT a.name) AS rejected_by
}
RETURN p.name AS proposal, proposed_by, proposed, accepted_by, rejected_by, articles
ORDER BY proposed IS NULL, proposed, proposal
