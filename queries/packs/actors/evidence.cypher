// name: evidence
// pack: actors
// title: Evidence behind a relationship
// description: The sentences and article URLs behind one relationship: source
//   and target by any name or alias, type one of MEDIATES, PROPOSES, REJECTS,
//   ACCEPTS, LEADS, REPRESENTS, MEETS, MEETS_IN, VISITS (MEETS either way).
// param: source string -- source actor, any name or alias
// param: type string -- relationship type, e.g. MEDIATES
// param: target string -- target, any name or alias
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
// example: source=Turkey type=MEDIATES target=Russia
MATCH (:Alias {name: toLower(trim($source))})-[:ALIAS_OF]->(s)
MATCH (:Alias {name: toLower(trim($target))})-[:ALIAS_OF]->(t)
MATCH (s)-[r]-(t)
WHERE type(r) = replace(toUpper(trim($type)), ' ', '_')
  AND (startNode(r) = s OR type(r) = 'MEETS')
UNWIND range(0, size(r.sources) - 1) AS i
WITH s, t, r, r.sources[i] AS key, r.dates[i] AS date, r.sentences[i] AS sentence,
     r.confidences[i] AS confidence
WHERE confidence >= $min_confidence
  AND ($from IS NULL OR date >= toString($from))
  AND ($to IS NULL OR (date <> '' AND date <= toString($to)))
OPTIONAL MATCH (a:Article {key: key})
RETURN CASE WHEN date <> '' THEN date END AS date, s.name AS source, type(r) AS type, t.name AS target,
       sentence, coalesce(a.url, key) AS url, a.title AS title, confidence
ORDER BY date, url
LIMIT $limit
