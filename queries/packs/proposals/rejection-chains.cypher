// name: rejection-chains
// pack: proposals
// title: Rejection chains
// description: One actor proposes, another rejects, with the dates of each step.
//   counter_proposals lists what the rejecting side proposed in turn that the
//   first proposer rejected: the next links of the chain.
// param: from date = null -- earliest article date (YYYY-MM-DD)
// param: to date = null -- latest article date (YYYY-MM-DD)
// param: min_confidence float = 0.0 -- ignore evidence below this confidence
// param: limit int = 100 -- maximum rows
MATCH (a)-[rp:PROPOSES]->(p:Proposal)<-[rr:REJECTS]-(b)
WHERE a <> b
// Each list read once per relationship: rp.dates[i] in a comprehension
// reads the whole stored list again for each i.
WITH a, p, b, rp.dates AS pDates, rp.confidence_pcts AS pConfs, rr.dates AS rDates, rr.confidence_pcts AS rConfs
WITH a, p, b,
     [i IN range(0, size(pDates) - 1)
      WHERE toInteger(pConfs[i]) / 100.0 >= $min_confidence
        AND ($from IS NULL OR pDates[i] >= toString($from))
        AND ($to IS NULL OR (pDates[i] <> '' AND pDates[i] <= toString($to))) | pDates[i]] AS proposedOn,
     [i IN range(0, size(rDates) - 1)
      WHERE toInteger(rConfs[i]) / 100.0 >= $min_confidence
        AND ($from IS NULL OR rDates[i] >= toString($from))
        AND ($to IS NULL OR (rDates[i] <> '' AND rDates[i] <= toString($to))) | rDates[i]] AS rejectedOn
WHERE size(proposedOn) > 0 AND size(rejectedOn) > 0
WITH a, p, b,
     reduce(m = null, d IN proposedOn | CASE WHEN d <> '' AND (m IS NULL OR d < m) THEN d ELSE m END) AS proposed,
     reduce(m = null, d IN rejectedOn | CASE WHEN d <> '' AND (m IS NULL OR d < m) THEN d ELSE m END) AS rejected
WITH a, p, b, proposed, rejected, a.name AS proposer, p.name AS proposal, b.name AS rejecter
ORDER BY proposed IS NULL, proposed, proposer, proposal, rejecter
LIMIT $limit
// The next links, only for the chains returned.
CALL (a, b, p) {
  OPTIONAL MATCH (b)-[:PROPOSES]->(q:Proposal)<-[:REJECTS]-(a)
  WHERE q <> p
  WITH q ORDER BY q.name
  RETURN collect(DISTINCT q.name) AS counter_proposals
}
RETURN proposer, proposal, proposed, rejecter, rejected, counter_proposals
ORDER BY proposed IS NULL, proposed, proposer, proposal, rejecter
