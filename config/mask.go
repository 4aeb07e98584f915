package config

// Masked returns a copy of c that is safe to print: secrets are replaced.
func (c Config) Masked() Config {
	if c.Neo4j.Password != "" {
		c.Neo4j.Password = "********"
	}
	return c
}
