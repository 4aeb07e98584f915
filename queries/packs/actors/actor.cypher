// name: actor
// pack: actors
// title: Who is this? Resolve a name
// description: The canonical nodes a name or alias resolves to, with their
//   type, aliases and how many articles mention them. Every actor parameter of
//   the other queries resolves the same way.
// param: name string -- any name or alias
// param: limit int = 100 -- maximum rows
// example: name=Erdogan
MATCH (alias_name:Alias {name: toLower(trim($name))})-[:ALIAS_OF]->(x)
USING INDEX SEEK alias_name:Alias(name)
WITH DISTINCT x
RETURN x.name AS name, [l IN labels(x) WHERE l <> 'Entity'][0] AS type,
       x.country AS country, x.title AS title, coalesce(x.aliases, []) AS aliases,
       COUNT { (x)-[:MENTIONED_IN]->() } AS articles
ORDER BY articles DESC, type, name
LIMIT $limit
