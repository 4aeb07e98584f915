// name: conflicting-signals
// pack: proposals
// title: Conflicting signals
// description: Actors reported both accepting and rejecting the same proposal,
//   with the articles on each side (often different sources, or a change of
//   position over time).
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
MATCH (x)-[ra:ACCEPTS]->(p:Proposal)<-[rr:REJECTS]-(x)
WITH x, p,
     [i IN range(0, size(ra.sources) - 1)
      WHERE ra.confidences_pct[i] / 100.0 >= $min_confidence
        AND ($from IS NULL OR ra.dates[i] >= toString($from))
        AND ($to IS NULL OR (ra.dates[i] <> '' AND ra.dates[i] <= toString($to)))
      | {article: ra.sources[i], date: ra.dates[i]}] AS acc,
     [i IN range(0, size(rr.sources) - 1)
      WHERE rr.confidences_pct[i] / 100.0 >= $min_confidence
        AND ($from IS NULL OR rr.dates[i] >= toString($from))
        AND ($to IS NULL OR (rr.dates[i] <> '' AND rr.dates[i] <= toString($to)))
      | {article: rr.sources[i], date: rr.dates[i]}] AS rej
WHERE size(acc) > 0 AND size(rej) > 0
RETURN x.name AS actor, [l IN labels(x) WHERE l <> 'Entity'][0] AS type, p.name AS proposal,
       [e IN acc | e.article] AS accepted_in, [e IN acc WHERE e.date <> '' | e.date] AS accepted_on,
       [e IN rej | e.article] AS rejected_in, [e IN rej WHERE e.date <> '' | e.date] AS rejected_on
ORDER BY actor, proposal
LIMIT $limit
