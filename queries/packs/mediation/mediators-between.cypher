// name: mediators-between
// pack: mediation
// title: Mediators between two actors
// description: Who mediates between two given actors: countries, leaders,
//   organizations or delegations, by any name or alias ("Türkiye", "Erdogan").
//   An actor also stands for the leaders and delegations that represent it.
//   A mediator counts when one article has it mediating for both sides.
// param: a string -- first party, any name or alias
// param: b string -- second party, any name or alias
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: a=Russia b=Ukraine
MATCH (:Alias {name: toLower(trim($a))})-[:ALIAS_OF]->(x)
OPTIONAL MATCH (xr)-[:REPRESENTS]->(x)
WITH collect(DISTINCT x) + collect(DISTINCT xr) AS sideA
MATCH (:Alias {name: toLower(trim($b))})-[:ALIAS_OF]->(y)
OPTIONAL MATCH (yr)-[:REPRESENTS]->(y)
WITH sideA, collect(DISTINCT y) + collect(DISTINCT yr) AS sideB
UNWIND sideA + sideB AS party
MATCH (m)-[r:MEDIATES]->(party)
WHERE NOT m IN sideA AND NOT m IN sideB
UNWIND range(0, size(r.sources) - 1) AS i
WITH m, party IN sideA AS forA, r.sources[i] AS article, r.dates[i] AS date,
     r.sentences[i] AS sentence, r.confidences[i] AS confidence
WHERE confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
WITH m, article, date, collect(sentence)[0] AS sentence, collect(forA) AS sides
WHERE true IN sides AND false IN sides
WITH m, article, date, sentence
ORDER BY date, article
WITH m, count(article) AS articles,
     min(CASE WHEN date <> '' THEN date END) AS first_seen,
     max(CASE WHEN date <> '' THEN date END) AS last_seen,
     collect(sentence)[0] AS evidence
RETURN m.name AS mediator, [l IN labels(m) WHERE l <> 'Entity'][0] AS type,
       articles, first_seen, last_seen, evidence
ORDER BY articles DESC, mediator
LIMIT $limit
