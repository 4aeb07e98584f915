// Package config holds dipgraph's typed configuration and the one place that
// reads it: defaults, then a YAML file, then environment variables
// (NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE and DIPGRAPH_*
// for every other key, dots becoming underscores), then flags.
//
// It is the only importer of viper. Commands map its sections onto each
// package's own options, so the packages stay usable without viper.
package config
