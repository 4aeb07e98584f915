// Package neo4jlocal runs the Neo4j server dipgraph manages itself: Neo4j
// Community and Neo4j Browser assembled from Maven Central jars (with the
// system's mvn and a Java 17 runtime), configured to listen on 127.0.0.1
// only with authentication on, and started as a detached JVM.
//
// Downloads (CacheDir) and the server's state (DataDir: configuration,
// store, logs, password file, pid file) live apart, so deleting the data
// directory gives a fresh database without fetching Neo4j again.
//
// It never installs system packages: a missing java or mvn is an error that
// names the Debian packages to install. It reads no configuration of its
// own; callers map their configuration onto Options.
package neo4jlocal
