package config

import (
	"encoding/json"
	"fmt"

	"gopkg.in/yaml.v3"
)

// MarshalJSON writes the configuration with the keys and value forms of
// the YAML file (durations as "30s", not nanoseconds), so `config show
// --format json` output reads like the file and can be fed back.
func (c Config) MarshalJSON() ([]byte, error) {
	b, err := yaml.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("marshal config: %w", err)
	}
	var m map[string]any
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("marshal config: %w", err)
	}
	return json.Marshal(m)
}
