// name: top-mediators
// pack: mediation
// title: Top mediators
// description: Mediators ranked by how many distinct parties they mediated for,
//   then by the number of articles that say so.
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
MATCH (m)-[r:MEDIATES]->(party)
// The lists once per relationship, not once per entry.
WITH m, party, r.sources AS sources, r.dates AS dates, r.confidence_pcts AS confs
UNWIND range(0, size(sources) - 1) AS i
WITH m, party, sources[i] AS article, dates[i] AS date, toInteger(confs[i]) / 100.0 AS confidence
WHERE confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
WITH m, party, article
ORDER BY party.name
WITH m, collect(DISTINCT party.name) AS parties, collect(DISTINCT article) AS articles
RETURN m.name AS mediator, [l IN labels(m) WHERE l <> 'Entity'][0] AS type,
       size(parties) AS party_count, size(articles) AS articles, parties
ORDER BY party_count DESC, articles DESC, mediator
LIMIT $limit
